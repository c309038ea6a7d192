// Layer: diagnostics. The per-certificate health checks, each a pure function from facts to findings: validity now
// and by the board's clock, key usage / extended key usage for TLS client authentication, and the chain to the CA
// at the same sec_tag (or a CA the user gave), read from the crypto worker's ChainReport.
import type { ChainProblem, ChainReport } from '../../pki/crypto-types.ts';
import { knownRootName } from '../../pki/public-roots.ts';
import { shortHash, type Finding, type HealthCode } from './finding.ts';
import type { BoardClock, CertSummary } from './types.ts';

type F = Finding<HealthCode>;
const DAY = 86_400_000;
/** A certificate this close to its end is worth a warning: fleets renew in batches. */
export const EXPIRES_SOON_DAYS = 30;

const day = (iso: string) => iso.slice(0, 10);
const NO_DATE_CHECK =
  'mbedTLS on Zephyr is often built without MBEDTLS_HAVE_TIME_DATE and then does not check certificate dates at all; the server still does.';

export function validityFindings(cert: CertSummary, secTag: number, now: number, clock: BoardClock): F[] {
  const base = { secTag, certificate: cert.subject };
  const from = Date.parse(cert.notBefore);
  const to = Date.parse(cert.notAfter);
  const nowIso = new Date(now).toISOString();
  const evidence = `The certificate's validity (${cert.notBefore} to ${cert.notAfter}, SHA-256 ${shortHash(cert.sha256)}) against this computer's clock (${nowIso})${clock.status === 'known' ? ` and the board's clock (${clock.at}, ${clock.source})` : ''}.`;
  const out: F[] = [];
  if (now > to)
    out.push({
      ...base,
      code: 'cert-expired',
      severity: 'error',
      title: `The client certificate expired on ${day(cert.notAfter)}`,
      explanation: `The certificate at sec_tag ${secTag} is no longer valid: servers refuse it (the board sees alert 45 certificate_expired, or the connection is closed).`,
      action: 'Get a new certificate for the same key (or re-provision the sec_tag) and write it to the board.',
      evidence,
    });
  else if (now < from)
    out.push({
      ...base,
      code: 'cert-not-yet-valid',
      severity: 'error',
      title: `The client certificate is not valid before ${day(cert.notBefore)}`,
      explanation: `Servers refuse a certificate before its start date. Either the CA's clock was ahead, or this computer's clock is behind.`,
      action: "Check this computer's clock; if it is right, ask the CA for a certificate that starts now.",
      evidence,
    });
  else if (to - now < EXPIRES_SOON_DAYS * DAY)
    out.push({
      ...base,
      code: 'cert-expires-soon',
      severity: 'warning',
      title: `The client certificate expires on ${day(cert.notAfter)}`,
      explanation: `Less than ${EXPIRES_SOON_DAYS} days are left; after that the board cannot connect with it.`,
      action: 'Renew it now: get a new certificate for the same key and write it to the board.',
      evidence,
    });
  else
    out.push({
      ...base,
      code: 'cert-valid',
      severity: 'ok',
      title: `Valid until ${day(cert.notAfter)}`,
      explanation: `The client certificate at sec_tag ${secTag} is within its validity period.`,
      action: '',
      evidence,
    });
  if (clock.status === 'known') {
    const boardNow = Date.parse(clock.at);
    if (boardNow > to && now <= to)
      out.push({
        ...base,
        code: 'cert-expired-board-clock',
        severity: 'error',
        title: "By the board's clock the certificate has expired",
        explanation: `The board's clock says ${clock.at}, after the certificate's end (${cert.notAfter}). A TLS stack that checks dates refuses it.`,
        action: "Set the board's time right (network time, or AT+CCLK); check why its clock is ahead.",
        evidence,
      });
    if (boardNow < from && now >= from)
      out.push({
        ...base,
        code: 'cert-not-yet-valid-board-clock',
        severity: 'error',
        title: "By the board's clock the certificate is not valid yet",
        explanation: `The board's clock says ${clock.at}, before the certificate's start (${cert.notBefore}). mbedTLS then fails with X509 verify flag FUTURE (0x200) if it checks dates.`,
        action:
          'Let the board get network time before it connects, or set its clock; a certificate that starts a day earlier also helps.',
        evidence,
      });
  }
  return out;
}

/** Board-wide: what is known about the board's clock. */
export function clockFinding(clock: BoardClock, now: number): F {
  if (clock.status === 'unknown')
    return {
      code: 'board-clock-unknown',
      severity: 'info',
      secTag: null,
      title: "The board's clock is unknown",
      explanation: `KeyWire could not read the board's time (${clock.reason}). Expiry was judged by this computer's clock only. ${NO_DATE_CHECK}`,
      action: 'Nothing to do unless handshakes fail with a date error (X509 flags EXPIRED 0x01 or FUTURE 0x200).',
      evidence: `Asking the board for its time: ${clock.reason}.`,
    };
  const off = Date.parse(clock.at) - now;
  if (Math.abs(off) > DAY)
    return {
      code: 'board-clock-off',
      severity: 'warning',
      secTag: null,
      title: `The board's clock is ${Math.round(Math.abs(off) / DAY)} days ${off > 0 ? 'ahead' : 'behind'}`,
      explanation: `The board says ${clock.at}; this computer says ${new Date(now).toISOString()}. Certificates may look expired or not yet valid to the board.`,
      action: "Check the board's time source (network time, AT+CCLK).",
      evidence: `${clock.source}: ${clock.raw}`,
    };
  return {
    code: 'board-clock-known',
    severity: 'ok',
    secTag: null,
    title: `The board's clock says ${clock.at}`,
    explanation: "The board's time agrees with this computer's within a day; expiry was checked by both.",
    action: '',
    evidence: `${clock.source}: ${clock.raw}`,
  };
}

export function usageFindings(cert: CertSummary, secTag: number): F[] {
  const base = { secTag, certificate: cert.subject };
  const ku = cert.keyUsage;
  const eku = cert.extKeyUsage;
  const evidence = `The certificate's basicConstraints, keyUsage (${ku?.join(', ') ?? 'absent'}) and extendedKeyUsage (${eku?.map((p) => p.name).join(', ') ?? 'absent'}).`;
  const out: F[] = [];
  if (cert.isCa || ku?.includes('keyCertSign'))
    out.push({
      ...base,
      code: 'cert-is-ca',
      severity: 'error',
      title: 'The client certificate is a CA certificate',
      explanation: 'A CA certificate was stored where the board expects its own (end-entity) certificate.',
      action: 'Write the device certificate here, and the CA certificate as the root CA (type 0) instead.',
      evidence,
    });
  if (ku && !ku.includes('digitalSignature'))
    out.push({
      ...base,
      code: 'key-usage',
      severity: 'error',
      title: 'Key usage does not allow TLS client authentication',
      explanation: `Key usage is ${ku.join(', ') || 'empty'}; a TLS client signs the handshake and needs digitalSignature. Servers answer unsupported_certificate (43).`,
      action: 'Get a certificate from a CA profile for TLS clients (key usage digitalSignature).',
      evidence,
    });
  if (eku && !eku.some((p) => p.name === 'clientAuth' || p.oid === '2.5.29.37.0'))
    out.push({
      ...base,
      code: 'ext-key-usage',
      severity: 'error',
      title: 'Extended key usage does not include clientAuth',
      explanation: `The certificate allows ${eku.map((p) => p.name).join(', ') || 'no purpose'}, not TLS client authentication; brokers refuse it (alert 43 unsupported_certificate).`,
      action: 'Get a certificate with extended key usage clientAuth.',
      evidence,
    });
  if (!eku)
    out.push({
      ...base,
      code: 'no-ext-key-usage',
      severity: 'info',
      title: 'No extended key usage',
      explanation: 'The certificate names no extended key usage; most brokers accept that for a client.',
      action: 'Nothing to do unless your broker insists on clientAuth.',
      evidence,
    });
  if (out.length === 0)
    out.push({
      ...base,
      code: 'usage-ok',
      severity: 'ok',
      title: 'Usable for TLS client authentication',
      explanation: 'End-entity certificate with digitalSignature and clientAuth.',
      action: '',
      evidence,
    });
  return out;
}

/** Leaf problems the validity and usage checks already state in their own words. */
const LEAF_HANDLED = new Set(['expired', 'not-yet-valid', 'key-usage-unfit', 'ext-key-usage-unfit']);
const REACHED_NO_ANCHOR = new Set(['untrusted-root', 'missing-intermediate', 'path-too-long']);

export interface ChainContext {
  readonly secTag: number;
  /** The CA certificates the chain was checked against, and where they came from. */
  readonly anchors: readonly CertSummary[];
  readonly anchorSource: 'tag' | 'user' | 'vendor';
}

function anchorText(ctx: ChainContext): string {
  const names = ctx.anchors.map((a) => `${knownRootName(a.sha256) ?? a.subject} (SHA-256 ${shortHash(a.sha256)})`);
  const where =
    ctx.anchorSource === 'tag'
      ? `the CA stored at sec_tag ${ctx.secTag}`
      : ctx.anchorSource === 'vendor'
        ? "the board vendor's root (factory identity)"
        : 'the CA you gave';
  return `${where}: ${names.join(', ')}`;
}

const relevant = (problems: readonly ChainProblem[]) =>
  problems.filter((p) => !(p.cert?.pathIndex === 0 && LEAF_HANDLED.has(p.code)));

export function chainFindings(
  leaf: CertSummary,
  report: ChainReport | { readonly error: string },
  ctx: ChainContext,
): F[] {
  const base = { secTag: ctx.secTag, certificate: leaf.subject };
  const user = ctx.anchorSource === 'user';
  if ('error' in report)
    return [
      {
        ...base,
        code: user ? 'chain-user-ca-failed' : 'chain-not-checked',
        severity: 'warning',
        title: 'The chain could not be checked',
        explanation: `The crypto worker could not validate the chain: ${report.error}`,
        action: 'Read the credentials again; if it repeats, inspect the certificate and the CA under Inspect.',
        evidence: `Chain validation against ${anchorText(ctx)}.`,
      },
    ];
  const evidence = `Chain validation in the crypto worker (RFC 5280 path, signatures, CA flags) for clientAuth against ${anchorText(ctx)}, at ${report.at}.`;
  const problems = relevant(report.problems);
  const errors = problems.filter((p) => p.severity === 'error');
  const notAnchored = errors.some((p) => REACHED_NO_ANCHOR.has(p.code));
  if (notAnchored) {
    const publicRoot = ctx.anchors.map((a) => knownRootName(a.sha256)).find((n) => n !== null);
    if (publicRoot && !user)
      return [
        {
          ...base,
          code: 'chain-server-root',
          severity: 'info',
          title: `The CA here is ${publicRoot}, a public server root: the client certificate's issuer was not checked`,
          explanation: `The CA at sec_tag ${ctx.secTag} is what the board uses to check the server. Device certificates are not issued under public roots (AWS IoT, Azure and nRF Cloud use their own device CAs), so the client certificate (issued by ${leaf.issuer}) cannot chain to it; that is expected.`,
          action: 'To check the client certificate\'s chain, give the CA that issued it under "Check against this CA".',
          evidence,
        },
      ];
    return [
      {
        ...base,
        code: user ? 'chain-user-ca-failed' : 'chain-other-ca',
        severity: 'error',
        title: user
          ? 'The client certificate does not chain to the CA you gave'
          : 'The client certificate is from another CA than the one stored at its sec_tag',
        explanation: `The certificate was issued by ${leaf.issuer}; it does not chain to ${anchorText(ctx)}. A broker that trusts that CA for devices refuses the board (alert 48 unknown_ca, or the connection is closed).`,
        action: user
          ? 'Check that you gave the CA that issued the device certificates your broker trusts.'
          : "Get the board a certificate from the CA your broker trusts, or store the issuing CA's certificate where your setup expects it.",
        evidence,
      },
    ];
  }
  if (errors.length > 0)
    return errors.map((p) => ({
      ...base,
      code: user ? ('chain-user-ca-failed' as const) : ('chain-defect' as const),
      severity: 'error' as const,
      title: 'The certificate chain has a defect',
      explanation: `${p.message}.`,
      action:
        'Fix the chain at the CA (renew an expired CA, re-issue with a strong algorithm), then write the new certificate.',
      evidence,
      ...(p.cert ? { certificate: p.cert.subject } : {}),
    }));
  const warnings = problems.map((p) => ({
    ...base,
    code: 'chain-warning' as const,
    severity: 'warning' as const,
    title: 'The certificate chain has a weakness',
    explanation: `${p.message}.`,
    action: 'Check whether the board and the broker accept it; prefer P-256/P-384 and SHA-256 or better.',
    evidence,
  }));
  return [
    {
      ...base,
      code: user ? 'chain-user-ca-ok' : 'chain-ok',
      severity: 'ok',
      title: `Chains to ${user ? 'the CA you gave' : `the CA stored at sec_tag ${ctx.secTag}`}`,
      explanation: `Path: ${report.path.map((r) => r.subject).join(' → ')}.`,
      action: '',
      evidence,
    },
    ...warnings,
  ];
}
