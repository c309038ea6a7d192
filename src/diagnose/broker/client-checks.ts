// Layer: diagnostics. Does the board's client certificate meet the broker's rules? Key type and size (AWS: RSA 2048+
// or P-256/P-384), signature hash, the CN rule (Azure: CN = device id; nRF Cloud: CN = modem UUID or nrf-<IMEI>),
// whether the board can hold such a key at all, and the client chain's size against the board's limit.
import { shortHash, type BrokerCode, type Finding } from '../health/finding.ts';
import type { CertSummary } from '../health/types.ts';
import { curveName } from './stacks.ts';
import type { BrokerFacts } from './types.ts';

type F = Finding<BrokerCode>;

const keyText = (c: CertSummary) =>
  c.keyAlgorithm === 'EC' ? `EC ${curveName(c.curve) ?? '?'}` : `${c.keyAlgorithm} ${c.keyBits ?? '?'}`;

function keyFindings(f: BrokerFacts, c: CertSummary, base: Pick<F, 'secTag' | 'certificate'>): F[] {
  const out: F[] = [];
  const rule = f.profile.clientKeys;
  const curve = curveName(c.curve);
  const evidence = `The client certificate's key (${keyText(c)}, SPKI SHA-256 ${shortHash(c.spkiSha256)}) against ${f.profile.name}'s rules and the ${f.stack.name} table.`;
  if (rule) {
    const fits =
      c.keyAlgorithm === 'EC'
        ? curve !== null && rule.curves.includes(curve)
        : c.keyAlgorithm === 'RSA' && rule.rsaMinBits !== null && (c.keyBits ?? 0) >= rule.rsaMinBits;
    const accepted = [...(rule.rsaMinBits !== null ? [`RSA ${rule.rsaMinBits}+`] : []), ...rule.curves].join(', ');
    out.push(
      fits
        ? {
            ...base,
            code: 'client-key-ok',
            severity: 'ok',
            title: `${f.profile.name} accepts the client key (${keyText(c)})`,
            explanation: `Accepted: ${accepted}.`,
            action: '',
            evidence,
          }
        : {
            ...base,
            code: 'client-key-refused',
            severity: rule.outside === 'refused' ? 'error' : 'warning',
            title: `${f.profile.name} ${rule.outside === 'refused' ? 'refuses' : 'does not document'} ${keyText(c)} client keys`,
            explanation: `${f.profile.name} takes ${accepted}.${rule.outside === 'refused' ? ' Registering or using the certificate fails.' : ''}`,
            action: `Generate a ${rule.curves[0] ?? `RSA ${rule.rsaMinBits}`} key on the board and get a certificate for it.`,
            evidence,
          },
    );
  }
  const board = f.stack.clientKeys;
  const holds =
    c.keyAlgorithm === 'EC' ? curve !== null && board.curves.includes(curve) : c.keyAlgorithm === 'RSA' && board.rsa;
  if (!holds)
    out.push({
      ...base,
      code: 'client-key-unsupported-by-board',
      severity: 'warning',
      title: `${f.stack.name} does not use ${keyText(c)} client keys`,
      explanation: `The board's own keys are ${[...board.curves, ...(board.rsa ? ['RSA'] : [])].join(', ')}; this certificate's key cannot be one the board generated.`,
      action: "Check the key at this sec_tag (health check, key match); re-provision with the board's own key.",
      evidence,
    });
  if (c.signatureHash && !f.profile.clientHashes.includes(c.signatureHash as never))
    out.push({
      ...base,
      code: 'client-signature-refused',
      severity: 'error',
      title: `The client certificate is signed with ${c.signatureHash}`,
      explanation: `${f.profile.name} accepts client certificates signed with ${f.profile.clientHashes.join(', ')}.`,
      action: 'Get a certificate from a CA that signs with SHA-256 or better.',
      evidence: `The client certificate's signature algorithm (${c.signatureAlgorithm}).`,
    });
  return out;
}

function cnFinding(f: BrokerFacts, c: CertSummary, base: Pick<F, 'secTag' | 'certificate'>): F[] {
  const cn = c.commonName;
  const evidence = `The client certificate's subject (${c.subject}) against ${f.profile.name}'s CN rule`;
  if (f.profile.commonName === 'device-id') {
    if (!f.deviceId)
      return [
        {
          ...base,
          code: 'client-cn-unchecked',
          severity: 'info',
          title: `${f.profile.name} needs CN = device id; the CN is ${cn ?? 'missing'}`,
          explanation: 'The device id registered in the hub must equal the certificate CN exactly (case-sensitive).',
          action: `Register the device as "${cn ?? ''}", or enter its device id here to check.`,
          evidence: `${evidence}; no device id was given.`,
        },
      ];
    const ok = cn === f.deviceId;
    return [
      {
        ...base,
        code: ok ? 'client-cn-ok' : 'client-cn-mismatch',
        severity: ok ? 'ok' : 'error',
        title: ok ? `CN is the device id (${cn})` : `CN "${cn ?? ''}" is not the device id "${f.deviceId}"`,
        explanation: ok
          ? 'The hub can match the certificate to the device.'
          : 'The hub refuses the connection (the CN must equal the device id registered in the hub, case-sensitive).',
        action: ok ? '' : 'Get a certificate with CN = the device id, or register the device under the CN.',
        evidence: `${evidence} and the device id you gave.`,
      },
    ];
  }
  if (f.profile.commonName === 'nrf-cloud-device-id') {
    const ids = [f.identity?.uuid, f.identity?.imei ? `nrf-${f.identity.imei}` : undefined].filter(
      (x): x is string => !!x,
    );
    if (ids.length === 0)
      return [
        {
          ...base,
          code: 'client-cn-unchecked',
          severity: 'info',
          title: `CN is ${cn ?? 'missing'}`,
          explanation:
            'nRF Cloud expects the device id (modem UUID or nrf-<IMEI>) as the CN; the board identity is unknown here.',
          action: 'Connect the board to compare the CN with its UUID and IMEI.',
          evidence: `${evidence}; no board identity.`,
        },
      ];
    const ok = cn !== null && ids.includes(cn);
    return [
      {
        ...base,
        code: ok ? 'client-cn-ok' : 'client-cn-mismatch',
        severity: ok ? 'ok' : 'error',
        title: ok ? `CN is the device id (${cn})` : `CN "${cn ?? ''}" is not this board's nRF Cloud device id`,
        explanation: ok
          ? 'nRF Cloud can match the certificate to the device.'
          : `nRF Cloud uses the device id (${ids.join(' or ')}) as the MQTT client id and expects it as the CN.`,
        action: ok ? '' : `Get a certificate with CN = ${ids.join(' or ')} (the modem's %KEYGEN default is the UUID).`,
        evidence: `${evidence} and the board's identity (${ids.join(', ')}).`,
      },
    ];
  }
  return [];
}

function sizeFinding(f: BrokerFacts, c: CertSummary, base: Pick<F, 'secTag' | 'certificate'>): F[] {
  const max = f.limits.maxChainBytes;
  if (max === undefined) return [];
  const bytes = c.derBytes + f.clientExtra.reduce((n, x) => n + x.derBytes, 0);
  if (bytes <= max) return [];
  return [
    {
      ...base,
      code: 'client-chain-too-large',
      severity: 'error',
      title: `The client chain is ${bytes} bytes; the board takes about ${max}`,
      explanation: 'The certificates the board sends do not fit its TLS buffers.',
      action: 'Store the leaf alone and register the intermediate CA with the broker, or use EC certificates.',
      evidence: `DER sizes of the certificates stored at the client certificate's sec_tag.`,
    },
  ];
}

export function clientFindings(f: BrokerFacts): F[] {
  const c = f.clientCert;
  if (!c) {
    if (f.caSource === 'pasted') return [];
    return [
      {
        code: 'client-cert-missing',
        severity: f.profile.id === 'generic-mqtt' ? 'warning' : 'error',
        secTag: f.secTag,
        title: `No client certificate at sec_tag ${f.secTag}`,
        explanation: `${f.profile.name} authenticates devices by their certificate${f.profile.id === 'generic-mqtt' ? ' unless it is set up for user names and passwords' : ''}.`,
        action: 'Provision the board (key, CSR, certificate) at this sec_tag.',
        evidence: `The board's credential list at sec_tag ${f.secTag}.`,
      },
    ];
  }
  const base = { secTag: f.secTag, certificate: c.subject };
  return [...keyFindings(f, c, base), ...cnFinding(f, c, base), ...sizeFinding(f, c, base)];
}
