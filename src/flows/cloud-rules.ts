// Layer: flows. Cloud profiles: what AWS IoT Core (with or without just-in-time provisioning), Azure IoT Hub with
// DPS, nRF Cloud and a generic MQTT broker (Mosquitto) need from a board's certificate, checked after the worker's
// check before writing and explained in that cloud's words. Pure functions: no board, no worker, no storage.
import type { PlannedWrite, WriteCheckFinding, WriteCheckReport, WriteTarget } from '../pki/write-check-types.ts';

export type CloudProfile =
  | { readonly kind: 'mosquitto' }
  | { readonly kind: 'aws-iot'; readonly jitpTemplate?: string }
  | {
      readonly kind: 'azure-dps';
      readonly enrollment: 'individual' | 'group';
      /** The registration id DPS expects; absent: the certificate's CN is taken as the registration id. */
      readonly registrationId?: string;
    }
  | { readonly kind: 'nrf-cloud' };

export const CLOUD_NAMES: Readonly<Record<CloudProfile['kind'], string>> = {
  mosquitto: 'MQTT broker (Mosquitto)',
  'aws-iot': 'AWS IoT Core',
  'azure-dps': 'Azure IoT Hub (DPS)',
  'nrf-cloud': 'nRF Cloud',
};

/** AWS JITP certificate parameters taken from the certificate's subject, with the attribute each is read from. */
const AWS_SUBJECT_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  CommonName: ['CN'],
  Country: ['C'],
  Organization: ['O'],
  OrganizationalUnit: ['OU'],
  StateName: ['ST'],
  Locality: ['L'],
  SerialNumber: ['serialNumber', '2.5.4.5'],
  DistinguishedNameQualifier: ['dnQualifier', '2.5.4.46'],
  Title: ['title', '2.5.4.12'],
  Surname: ['SN', '2.5.4.4'],
  GivenName: ['GN', '2.5.4.42'],
  Initials: ['initials', '2.5.4.43'],
  Pseudonym: ['pseudonym', '2.5.4.65'],
  GenerationQualifier: ['generationQualifier', '2.5.4.44'],
};

/** Parameters AWS fills without the subject (the certificate's own id). */
const AWS_ALWAYS = new Set(['Id']);

export type TemplateResult =
  { readonly ok: true; readonly parameters: readonly string[] } | { readonly ok: false; readonly message: string };

/** Every `AWS::IoT::Certificate::<Name>` a JITP provisioning template refers to, in first-use order. */
export function jitpTemplateParameters(template: string): TemplateResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(template);
  } catch {
    return {
      ok: false,
      message: 'The provisioning template is not valid JSON: paste the templateBody as AWS shows it.',
    };
  }
  // A template registered with the CA is often pasted as {"templateBody": "<json text>", "roleArn": ...}.
  if (parsed && typeof parsed === 'object' && typeof (parsed as { templateBody?: unknown }).templateBody === 'string')
    return jitpTemplateParameters((parsed as { templateBody: string }).templateBody);
  const found: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      for (const m of v.matchAll(/AWS::IoT::Certificate::([A-Za-z.]+)/g)) if (!found.includes(m[1]!)) found.push(m[1]!);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        visit(k);
        visit(x);
      }
  };
  visit(parsed);
  return { ok: true, parameters: found };
}

/** The attributes of a subject written as `CN=a, O=b\, c` (escaped commas kept in the value). */
export function subjectAttributes(subject: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of subject.split(/(?<!\\), /)) {
    const at = part.indexOf('=');
    if (at > 0 && !out.has(part.slice(0, at))) out.set(part.slice(0, at), part.slice(at + 1).replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** What the cloud rules need besides the worker's report. */
export interface CloudContext {
  readonly target: WriteTarget;
  /** The board's `limits.clientCertChain`: false, it stores one certificate per credential. */
  readonly clientCertChain?: boolean;
  /** SHA-256 (uppercase hex) of UTF-8 text, as the board lists a written credential. */
  readonly sha256: (text: string) => Promise<string>;
}

const rule = (
  severity: 'error' | 'warning',
  check: WriteCheckFinding['check'],
  message: string,
  action: string,
): WriteCheckFinding => ({ code: 'cloud-rule', check, severity, message, action });

function awsFindings(p: Extract<CloudProfile, { kind: 'aws-iot' }>, report: WriteCheckReport): WriteCheckFinding[] {
  const out: WriteCheckFinding[] = [
    rule(
      'warning',
      'usage',
      'AWS IoT Core: the device must send the endpoint name (SNI) in its TLS handshake, or AWS closes the connection.',
      'Use your account’s ATS endpoint (…-ats.iot.<region>.amazonaws.com) as the host name in the firmware, with SNI on.',
    ),
  ];
  const template = p.jitpTemplate?.trim();
  if (!template || !report.leaf) return out;
  const params = jitpTemplateParameters(template);
  if (!params.ok)
    return [
      ...out,
      rule(
        'error',
        'common-name',
        `AWS IoT just-in-time provisioning: ${params.message}`,
        'Paste the provisioning template again.',
      ),
    ];
  const attrs = subjectAttributes(report.leaf.subject);
  for (const name of params.parameters) {
    if (AWS_ALWAYS.has(name) || name.startsWith('SubjectAlternativeName.')) continue;
    const keys = AWS_SUBJECT_PARAMETERS[name];
    if (!keys)
      out.push(
        rule(
          'error',
          'common-name',
          `AWS IoT just-in-time provisioning: the template uses AWS::IoT::Certificate::${name}, which is not a certificate parameter AWS provides.`,
          'Correct the template, then get a new certificate.',
        ),
      );
    else if (!keys.some((k) => attrs.get(k)?.length))
      out.push(
        rule(
          'error',
          'common-name',
          `AWS IoT just-in-time provisioning: the template uses AWS::IoT::Certificate::${name}, but the certificate's subject (${report.leaf.subject}) has no ${keys[0]} attribute. AWS takes template parameters only from the subject, so the registration would fail.`,
          `Have the CA put ${keys[0]} (${name}) in the subject, or remove the parameter from the template; then get a new certificate.`,
        ),
      );
  }
  return out;
}

function nrfCloudFindings(report: WriteCheckReport, deviceId: string): WriteCheckFinding[] {
  const cn = report.leaf?.commonName ?? '';
  if (!report.leaf) return [];
  if (!cn || !/^[a-zA-Z0-9_.,@/:#-]{1,128}$/.test(cn))
    return [
      rule(
        'error',
        'common-name',
        `nRF Cloud: the certificate's CN must be the device id; "${cn}" cannot be one.`,
        'Choose the device UUID (or your own id) as CN, then get a new certificate.',
      ),
    ];
  if (deviceId && cn.toLowerCase() !== deviceId.toLowerCase())
    return [
      rule(
        'warning',
        'common-name',
        `nRF Cloud: the device will be onboarded as "${cn}" (its CN), not as "${deviceId}".`,
        'Keep it if this is the id you want in nRF Cloud; the onboarding CSV uses the CN.',
      ),
    ];
  return [];
}

/** Leaf + intermediates in one PEM, the chain the board presents for an Azure DPS enrollment group. */
export function chainContent(report: WriteCheckReport, ending: WriteTarget['pemLineEnding']): string {
  const pems = [report.leaf!.pem, ...report.intermediatesPem].map((p) => p.trim() + '\n').join('');
  return ending === 'crlf' ? pems.replace(/\r?\n/g, '\r\n') : pems;
}

async function azureFindings(
  p: Extract<CloudProfile, { kind: 'azure-dps' }>,
  report: WriteCheckReport,
  ctx: CloudContext,
): Promise<{ findings: WriteCheckFinding[]; writes: readonly PlannedWrite[] }> {
  const findings: WriteCheckFinding[] = [];
  let writes = report.writes;
  const leaf = report.leaf;
  if (!leaf) return { findings, writes };
  const regId = p.registrationId?.trim();
  if (!leaf.commonName || !/^[a-z0-9.:_-]{1,128}$/i.test(leaf.commonName))
    findings.push(
      rule(
        'error',
        'common-name',
        `Azure DPS: the certificate's CN is the registration id, and "${leaf.commonName ?? ''}" is not a valid one (letters, digits, - . _ : only, at most 128).`,
        'Choose a CN made of those characters, then get a new certificate.',
      ),
    );
  else if (regId && leaf.commonName !== regId)
    findings.push(
      rule(
        'error',
        'common-name',
        `Azure DPS: the registration id is the certificate's CN ("${leaf.commonName}"), but the enrollment expects "${regId}".`,
        'Set the CN to the registration id (custom CN), or change the enrollment; then get a new certificate.',
      ),
    );
  if (p.enrollment === 'group' && report.intermediatesPem.length > 0) {
    const content = chainContent(report, ctx.target.pemLineEnding);
    const bytes = new TextEncoder().encode(content).length;
    // The same limits the worker applies: one write command (where the board declares its command text) and the
    // chain its TLS stack takes (DER bytes, estimated from the base64 bodies).
    const overhead = ctx.target.commandOverheadChars?.clientCert;
    const limit = ctx.target.maxCommandChars;
    const derBytes = [report.leaf!.pem, ...report.intermediatesPem]
      .map((p) => Math.floor((p.replace(/-----[^-]+-----|\s/g, '').length * 3) / 4))
      .reduce((a, b) => a + b, 0);
    const why =
      ctx.clientCertChain === false
        ? "this board's client-certificate credential holds one certificate only, so it cannot present the chain"
        : limit !== undefined && overhead !== undefined && content.length + overhead > limit
          ? `the board takes at most ${limit} characters per write and the certificate with its ${report.intermediatesPem.length} intermediate CA certificate(s) needs ${content.length + overhead}`
          : ctx.target.maxChainBytes !== undefined && derBytes > ctx.target.maxChainBytes
            ? `the chain is about ${derBytes} bytes and the board's TLS stack takes about ${ctx.target.maxChainBytes}`
            : null;
    if (why)
      findings.push(
        rule(
          'error',
          'size',
          `Azure DPS enrollment group: the device must present its certificate together with the intermediate CA up to the verified CA, but ${why}. DPS would refuse the device.`,
          'Use an individual enrollment for this board, or issue from a CA whose certificate is verified in DPS directly (no intermediate).',
        ),
      );
    else {
      const sha256 = await ctx.sha256(content);
      writes = writes.map((w) =>
        w.kind === 'clientCert'
          ? { ...w, content, sha256, bytes, commandChars: overhead === undefined ? null : content.length + overhead }
          : w,
      );
      findings.push(
        rule(
          'warning',
          'chain',
          `Azure DPS enrollment group: the intermediate CA is written with the certificate (${report.intermediatesPem.length + 1} certificates in one credential) so the board presents the chain.`,
          'Upload and verify the root (or the intermediate) in the enrollment group; the chain file is in the downloads.',
        ),
      );
    }
  }
  return { findings, writes };
}

/** The worker's report with the chosen cloud's rules applied: more findings (an error blocks the write) and, for an
 * Azure enrollment group, the chain in the client certificate write. No profile: the report unchanged. */
export async function applyCloudRules(
  report: WriteCheckReport,
  profile: CloudProfile | undefined,
  deviceId: string,
  ctx: CloudContext,
): Promise<WriteCheckReport> {
  if (!profile || profile.kind === 'mosquitto') return report;
  let extra: WriteCheckFinding[] = [];
  let writes = report.writes;
  if (profile.kind === 'aws-iot') extra = awsFindings(profile, report);
  else if (profile.kind === 'nrf-cloud') extra = nrfCloudFindings(report, deviceId);
  else ({ findings: extra, writes } = await azureFindings(profile, report, ctx));
  if (!extra.length) return report;
  const failed = extra.some((f) => f.severity === 'error');
  return {
    ...report,
    findings: [...report.findings, ...extra],
    writable: report.writable && !failed,
    writes,
    checks: report.checks.map((c) =>
      extra.some((f) => f.check === c.id && f.severity === 'error') ? { ...c, verdict: 'failed' as const } : c,
    ),
  };
}
