// Layer: diagnostics. Can the board's TLS stack talk to this broker at all? Server keys, curves and signature hashes
// against what the stack verifies; the cipher suites both sides have; the server chain's size against the board's
// limit; SNI and ALPN. Pure: facts in, findings out.
import { suiteLabel } from '../tables/index.ts';
import type { BrokerCode, Finding } from '../health/finding.ts';
import type { CertSummary } from '../health/types.ts';
import { curveName, type TlsStack } from './stacks.ts';
import type { BrokerFacts } from './types.ts';

type F = Finding<BrokerCode>;

/** Why the stack cannot verify this certificate's key or signature; null when it can. */
export function keyProblem(
  stack: TlsStack,
  keyAlgorithm: string,
  curve: string | null,
  bits: number | null,
): string | null {
  if (keyAlgorithm === 'EC') {
    const name = curveName(curve);
    return name && stack.curves.includes(name)
      ? null
      : `curve ${name ?? 'unknown'} (${stack.name} verifies ${stack.curves.join(', ')})`;
  }
  if (keyAlgorithm === 'RSA') {
    if (!stack.rsaBits) return `RSA keys (${stack.name} has no RSA)`;
    if (bits === null || bits < stack.rsaBits.min || bits > stack.rsaBits.max)
      return `RSA ${bits ?? '?'} bits (${stack.name} takes ${stack.rsaBits.min}-${stack.rsaBits.max})`;
    return null;
  }
  return `${keyAlgorithm} keys (${stack.name} verifies EC and RSA only)`;
}

const KEY_ERROR =
  'mbedTLS fails with -0x3C80 (PK_UNKNOWN_PK_ALG / curve not compiled) or -0x3A00 (PK_FEATURE_UNAVAILABLE, printed 0xC680 by some logs).';

function serverKeyFindings(f: BrokerFacts): F[] {
  const out: F[] = [];
  const certs: { label: string; key: string; problem: string | null; hash: string | null; c?: CertSummary }[] = f.pasted
    ? f.pasted.certificates.map((c) => ({
        label: c.subject,
        key: c.keyAlgorithm === 'EC' ? `EC ${c.curve}` : `${c.keyAlgorithm} ${c.keyBits ?? ''}`.trim(),
        problem: keyProblem(f.stack, c.keyAlgorithm, c.curve, c.keyBits),
        hash: c.signatureHash,
        c,
      }))
    : f.profile.serverKeys.map((k) => {
        const [alg, size] = k.key.split(' ');
        return {
          label: `${f.profile.name} server certificate (${k.key})`,
          key: k.key,
          problem: keyProblem(
            f.stack,
            alg ?? '',
            alg === 'EC' ? (size ?? null) : null,
            alg === 'RSA' ? Number(size) : null,
          ),
          hash: null,
        };
      });
  if (certs.length === 0) return out;
  const evidence = f.pasted
    ? `Key and signature algorithm of each pasted certificate against the ${f.stack.name} table (${f.stack.notes[0] ?? ''}).`
    : `${f.profile.name}'s documented server keys against the ${f.stack.name} table.`;
  const bad = certs.filter((c) => c.problem);
  for (const c of bad)
    out.push({
      code: 'server-key-unsupported',
      severity: 'error',
      secTag: f.secTag,
      title: `The board cannot verify ${c.label}`,
      explanation: `Its key is ${c.problem}. ${KEY_ERROR}`,
      action:
        'Use a broker endpoint (or server certificate) with a P-256/P-384 or RSA 2048 key, or enable that algorithm in the firmware.',
      evidence,
      ...(c.c ? { certificate: c.c.subject } : {}),
    });
  const badHash = certs.filter((c) => c.hash && !f.stack.hashes.includes(c.hash as never) && !c.c?.selfIssued);
  for (const c of badHash)
    out.push({
      code: 'server-signature-unsupported',
      severity: 'error',
      secTag: f.secTag,
      title: `${c.label} is signed with ${c.hash}`,
      explanation: `${f.stack.name} accepts ${f.stack.hashes.join(', ')} signatures; mbedTLS flags BAD_MD (0x4000) and fails the verify (-0x2700).`,
      action: 'Ask the broker operator for a chain signed with SHA-256 or better.',
      evidence,
      ...(c.c ? { certificate: c.c.subject } : {}),
    });
  if (bad.length === 0 && badHash.length === 0)
    out.push({
      code: 'server-key-ok',
      severity: 'ok',
      secTag: f.secTag,
      title: 'The board can verify the server keys and signatures',
      explanation: `Keys: ${[...new Set(certs.map((c) => c.key))].join(', ')}.`,
      action: '',
      evidence,
    });
  return out;
}

/** Certificate suites that can carry the server's key: ECDSA suites for an EC key, RSA ones for RSA (PSK and
 * signalling suites never carry a certificate). */
function suiteFitsKey(label: string, keyAlgorithm: string | null): boolean {
  const ecdsa = /_ECDSA_/.test(label);
  const rsa = /^TLS_(?:ECDHE_|DHE_)?RSA_/.test(label);
  if (keyAlgorithm === 'EC') return ecdsa;
  if (keyAlgorithm === 'RSA') return rsa;
  return ecdsa || rsa;
}

function suiteFindings(f: BrokerFacts): F[] {
  const board = f.stack.suites;
  const broker = f.profile.suites;
  const serverKey = f.pasted?.certificates[0]?.keyAlgorithm ?? null;
  if (!board)
    return [
      {
        code: 'suites-unknown',
        severity: 'info',
        secTag: f.secTag,
        title: 'Cipher suites not checked',
        explanation: `${f.stack.name}: the suites depend on how the firmware was built.`,
        action: 'Read the suites the board offers from a debug log (Log timeline, "client hello") and compare.',
        evidence: f.stack.notes.join(' '),
      },
    ];
  const candidates = (broker ? board.filter((id) => broker.includes(id)) : board).filter((id) =>
    suiteFitsKey(suiteLabel(id), serverKey),
  );
  const evidence = `${f.stack.name} suites (${f.stack.notes[0] ?? ''})${broker ? ` intersected with ${f.profile.name}'s TLS 1.2 suites` : ''}${serverKey ? `, kept where they carry the server's ${serverKey} key` : ''}.`;
  if (candidates.length === 0)
    return [
      {
        code: 'suites-none-shared',
        severity: 'error',
        secTag: f.secTag,
        title: 'No cipher suite in common',
        explanation: `The board offers none of the suites the broker accepts for its ${serverKey ?? ''} key: the server answers alert 40 handshake_failure.`,
        action:
          "Update the modem firmware (the GCM suites need mfw 1.3.1+) or enable the broker's suites in the firmware.",
        evidence,
      },
    ];
  return [
    {
      code: 'suites-ok',
      severity: 'ok',
      secTag: f.secTag,
      title: `${candidates.length} cipher suite(s) in common`,
      explanation: `For example ${candidates
        .slice(0, 3)
        .map((id) => suiteLabel(id))
        .join(', ')}.`,
      action: '',
      evidence,
    },
  ];
}

function sizeFindings(f: BrokerFacts): F[] {
  const max = f.limits.maxChainBytes;
  if (max === undefined || !f.pasted) return [];
  const bytes = f.pasted.certificates.reduce((n, c) => n + c.derBytes, 0);
  const evidence = `DER sizes of the ${f.pasted.certificates.length} certificate(s) the server sends (as pasted) against the board's ${max}-byte chain limit.`;
  if (bytes > max)
    return [
      {
        code: 'server-chain-too-large',
        severity: 'error',
        secTag: f.secTag,
        title: `The server chain is ${bytes} bytes; the board takes about ${max}`,
        explanation:
          'The nRF91 modem handles server certificate chains of about 4 kB (Nordic modem release notes; bigger chains fail or crash the modem); mbedTLS builds fail with -0x7200 or -0x7100 when the record does not fit.',
        action:
          'Ask the broker operator for a shorter chain (fewer intermediates, EC certificates, no root sent), or use another endpoint.',
        evidence,
      },
    ];
  return [
    {
      code: 'server-chain-size-ok',
      severity: 'ok',
      secTag: f.secTag,
      title: `The server chain is ${bytes} bytes, within the board's ${max}`,
      explanation: 'The certificates the server sends fit the board.',
      action: '',
      evidence,
    },
  ];
}

function sniFindings(f: BrokerFacts): F[] {
  const out: F[] = [];
  if (f.profile.sni === 'required')
    out.push({
      code: 'sni-required',
      severity: f.stack.sni === 'build-option' ? 'warning' : 'info',
      secTag: f.secTag,
      title: `${f.profile.name} needs SNI`,
      explanation:
        f.stack.sni === 'build-option'
          ? 'Zephyr builds mbedTLS without SNI by default (CONFIG_MBEDTLS_SSL_SERVER_NAME_INDICATION=n): the broker then refuses the connection.'
          : 'The board must send the broker host name (SNI).',
      action:
        f.stack.sni === 'build-option'
          ? 'Enable CONFIG_MBEDTLS_SSL_SERVER_NAME_INDICATION and set TLS_HOSTNAME on the socket.'
          : 'Set the host name on the socket (NRF_SO_SEC_HOSTNAME; SLM: the host in #XTLSCFG/#XMQTTCON).',
      evidence: `${f.profile.name} profile; ${f.stack.name} table.`,
    });
  if (f.profile.alpn)
    out.push({
      code: 'alpn-note',
      severity: 'info',
      secTag: f.secTag,
      title: `ALPN: ${f.profile.alpn}`,
      explanation: `Ports: ${f.profile.ports}.`,
      action: 'On port 443, set the ALPN protocol on the socket; on 8883 nothing is needed.',
      evidence: `${f.profile.name} profile.`,
    });
  return out;
}

export function compatibilityFindings(f: BrokerFacts): F[] {
  return [...serverKeyFindings(f), ...suiteFindings(f), ...sizeFindings(f), ...sniFindings(f)];
}
