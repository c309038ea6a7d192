// Layer: diagnostics. The one shape every health check and broker check result takes: a code the UI and report can
// switch on, a severity, a plain explanation, what to do, and the evidence the verdict rests on (what was looked at,
// so a support engineer can judge how far to trust it). Passed checks are findings too (severity 'ok'), so a clean
// board shows what was checked and on which evidence. Plain JSON: reports embed findings as they are.

export type FindingSeverity = 'error' | 'warning' | 'info' | 'ok';

/** Every code the board health check gives, grouped by check. */
export type HealthCode =
  // validity
  | 'cert-valid'
  | 'cert-expired'
  | 'cert-not-yet-valid'
  | 'cert-expires-soon'
  | 'cert-expired-board-clock'
  | 'cert-not-yet-valid-board-clock'
  | 'board-clock-unknown'
  | 'board-clock-known'
  | 'board-clock-off'
  // chain
  | 'chain-ok'
  | 'chain-other-ca'
  | 'chain-server-root'
  | 'chain-defect'
  | 'chain-warning'
  | 'chain-not-checked'
  | 'chain-user-ca-ok'
  | 'chain-user-ca-failed'
  // usage
  | 'usage-ok'
  | 'cert-is-ca'
  | 'key-usage'
  | 'ext-key-usage'
  | 'no-ext-key-usage'
  // key match
  | 'key-match'
  | 'key-mismatch'
  | 'key-no-evidence'
  | 'key-evidence-stale'
  // sizes
  | 'size-ok'
  | 'client-chain-too-large'
  | 'ca-chain-too-large'
  | 'command-too-long'
  // what the sec_tag holds
  | 'key-missing'
  | 'cert-missing'
  | 'ca-missing'
  | 'ca-expired'
  | 'not-a-certificate'
  | 'read-failed';

/** Every code the broker check gives. */
export type BrokerCode =
  | 'anchor-ok'
  | 'anchor-missing'
  | 'anchor-legacy'
  | 'anchor-expired'
  | 'chain-defect'
  | 'chain-hostname'
  | 'no-ca-on-board'
  | 'server-key-ok'
  | 'server-key-unsupported'
  | 'server-signature-unsupported'
  | 'suites-ok'
  | 'suites-none-shared'
  | 'suites-unknown'
  | 'client-key-ok'
  | 'client-key-refused'
  | 'client-key-unsupported-by-board'
  | 'client-cn-ok'
  | 'client-cn-mismatch'
  | 'client-cn-unchecked'
  | 'client-signature-refused'
  | 'client-cert-missing'
  | 'server-chain-size-ok'
  | 'server-chain-too-large'
  | 'client-chain-too-large'
  | 'sni-required'
  | 'alpn-note'
  | 'no-chain-given';

export type FindingCode = HealthCode | BrokerCode;

export interface Finding<C extends FindingCode = FindingCode> {
  readonly code: C;
  readonly severity: FindingSeverity;
  /** The sec_tag it concerns; null for the board (or the broker) as a whole. */
  readonly secTag: number | null;
  /** One line: what was found. */
  readonly title: string;
  /** What it means, in plain words. */
  readonly explanation: string;
  /** What to do about it ('' for passed checks that need nothing). */
  readonly action: string;
  /** What the verdict rests on: which data, which check, which clock or record. */
  readonly evidence: string;
  /** Subject of the certificate concerned, when it is one. */
  readonly certificate?: string;
}

export type Verdict = 'passed' | 'warnings' | 'failed';

const RANK: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2, ok: 3 };

/** Worst first, then by sec_tag (board-wide first), keeping the order checks were made within a severity. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => RANK[a.f.severity] - RANK[b.f.severity] || (a.f.secTag ?? -1) - (b.f.secTag ?? -1) || a.i - b.i)
    .map(({ f }) => f);
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === 'error')) return 'failed';
  if (findings.some((f) => f.severity === 'warning')) return 'warnings';
  return 'passed';
}

export function countBySeverity(findings: readonly Finding[]): Readonly<Record<FindingSeverity, number>> {
  const out: Record<FindingSeverity, number> = { error: 0, warning: 0, info: 0, ok: 0 };
  for (const f of findings) out[f.severity]++;
  return out;
}

/** Short hex for sentences ("SHA-256 2C43952E…54F05BD1"); the full value stays in the data. */
export const shortHash = (hex: string): string => (hex.length > 20 ? `${hex.slice(0, 8)}…${hex.slice(-8)}` : hex);
