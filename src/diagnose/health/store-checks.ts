// Layer: diagnostics. Checks on what a sec_tag stores, apart from the client certificate's own checks: content that
// could not be read or is no certificate, CA certificates out of date, and sizes against the board's limits (nRF91:
// about 4 kB of certificate chain, 4096 characters per AT command).
import type { DeviceLimits } from '../../devices/device.ts';
import { knownRootName } from '../../pki/public-roots.ts';
import { shortHash, type Finding, type HealthCode } from './finding.ts';
import type { ClientCertFacts, HealthFacts, StoredItem } from './types.ts';

type F = Finding<HealthCode>;

const CHAIN_LIMIT_NOTE =
  'The nRF91 modem handles certificate chains of about 4 kB (Nordic modem release notes; larger ones fail, and have crashed the modem); mbedTLS builds fail with -0x7200 or -0x7100 when a record does not fit.';

export function readFindings(item: StoredItem): F[] {
  const what = `${item.kind} (type ${item.deviceType}) at sec_tag ${item.secTag}`;
  if (item.read.status === 'failed')
    return [
      {
        code: 'read-failed',
        severity: 'warning',
        secTag: item.secTag,
        title: `The ${item.kind === 'caCert' ? 'CA certificate' : 'client certificate'} could not be read`,
        explanation: `Reading ${what} failed: ${item.read.message}`,
        action: 'Run the health check again; if it repeats, read it from the board view and look at the console.',
        evidence: `%CMNG read (or the family's read command) of ${what}.`,
      },
    ];
  if (item.read.status === 'read' && item.read.certificates.length === 0)
    return [
      {
        code: 'not-a-certificate',
        severity: 'error',
        secTag: item.secTag,
        title: `The ${item.kind === 'caCert' ? 'CA certificate' : 'client certificate'} slot holds no certificate`,
        explanation: `The content of ${what} is not a readable certificate${item.read.problem ? ` (${item.read.problem})` : ''}: mbedTLS fails to parse it (-0x2180 and friends) and the handshake cannot start.`,
        action: 'Write the certificate again as PEM with LF line endings.',
        evidence: `The crypto worker's inspection of the ${item.read.chars} characters read from the board.`,
      },
    ];
  return [];
}

const commandFinding = (item: StoredItem, limits: DeviceLimits): F[] => {
  const max = limits.maxCommandChars;
  if (item.read.status !== 'read' || item.read.commandChars === null || max === undefined) return [];
  if (item.read.commandChars <= max) return [];
  return [
    {
      code: 'command-too-long',
      severity: 'warning',
      secTag: item.secTag,
      title: `Writing it again takes a ${item.read.commandChars}-character command; the board takes ${max}`,
      explanation: `The ${item.kind === 'caCert' ? 'CA certificate(s)' : 'client certificate'} at sec_tag ${item.secTag} could not be written again with one AT%CMNG command as it is.`,
      action: 'Keep a smaller version: fewer certificates in one credential, EC instead of RSA.',
      evidence: `${item.read.chars} characters of content plus the write command around it, against the board's ${max}-character command limit.`,
    },
  ];
};

export function caFindings(secTag: number, cas: readonly StoredItem[], facts: HealthFacts): F[] {
  const out: F[] = [];
  const certs = cas.flatMap((i) => (i.read.status === 'read' ? i.read.certificates : []));
  for (const c of certs) {
    if (Date.parse(c.notAfter) >= facts.checkedAt) continue;
    const name = knownRootName(c.sha256) ?? c.subject;
    out.push({
      code: 'ca-expired',
      severity: 'warning',
      secTag,
      title: `The CA certificate ${name} expired on ${c.notAfter.slice(0, 10)}`,
      explanation:
        'A TLS stack that checks dates refuses server chains that end at it (X509 flag EXPIRED 0x01); brokers have moved away from expired roots (Azure: Baltimore -> DigiCert Global Root G2).',
      action: "Store the broker's current root CA certificate at this sec_tag (Broker check shows which).",
      evidence: `Validity of the CA certificate (SHA-256 ${shortHash(c.sha256)}) against this computer's clock.`,
      certificate: c.subject,
    });
  }
  const max = facts.limits.maxChainBytes;
  const bytes = certs.reduce((n, c) => n + c.derBytes, 0);
  if (max !== undefined && bytes > max)
    out.push({
      code: 'ca-chain-too-large',
      severity: 'error',
      secTag,
      title: `The CA chain at sec_tag ${secTag} is ${bytes} bytes; the board takes about ${max}`,
      explanation: `${certs.length} CA certificate(s) are stored together. ${CHAIN_LIMIT_NOTE}`,
      action: "Store only the root(s) the broker's chain needs (Broker check shows which), preferably EC.",
      evidence: `DER sizes of the ${certs.length} certificate(s) read from the CA credential(s) at sec_tag ${secTag}, against the ${facts.family} limit of ${max} bytes.`,
    });
  for (const item of cas) out.push(...commandFinding(item, facts.limits));
  return out;
}

export function sizeFindings(c: ClientCertFacts, item: StoredItem | undefined, limits: DeviceLimits): F[] {
  const max = limits.maxChainBytes;
  const bytes = c.leaf.derBytes + c.extra.reduce((n, x) => n + x.derBytes, 0);
  const out: F[] = [];
  if (max !== undefined && bytes > max)
    out.push({
      code: 'client-chain-too-large',
      severity: 'error',
      secTag: c.secTag,
      title: `The client chain is ${bytes} bytes; the board takes about ${max}`,
      explanation: `The certificate${c.extra.length ? ` and the ${c.extra.length} stored with it` : ''} do not fit the board's TLS buffers. ${CHAIN_LIMIT_NOTE}`,
      action: 'Store the leaf alone (register the intermediate with the broker) or use EC certificates.',
      evidence: `DER sizes of the certificate(s) stored as the client certificate at sec_tag ${c.secTag}.`,
      certificate: c.leaf.subject,
    });
  const command = item ? commandFinding(item, limits) : [];
  out.push(...command);
  if (out.length === 0)
    out.push({
      code: 'size-ok',
      severity: 'ok',
      secTag: c.secTag,
      title: 'Fits the board',
      explanation: `Client chain ${bytes} bytes${max !== undefined ? ` (limit ${max})` : ''}${item?.read.status === 'read' && item.read.commandChars !== null ? `; write command ${item.read.commandChars} characters (limit ${limits.maxCommandChars ?? 'none'})` : ''}.`,
      action: '',
      evidence: "DER and PEM sizes of the stored certificate against the board's declared limits.",
      certificate: c.leaf.subject,
    });
  return out;
}
