// Layer: diagnostics. Public API of the board health check (pure): the finding shape shared with the broker check,
// the facts and report types, the check itself and the pieces the flow needs (clock parsing, audit key evidence).
export type * from './types.ts';
export type * from './finding.ts';
export { sortFindings, verdictOf, countBySeverity, shortHash } from './finding.ts';
export { summarizeCertificate } from './types.ts';
export { checkHealth } from './check.ts';
export { parseCclk, clockRefused } from './board-clock.ts';
export { auditKeyEvidence, keyFinding, type KeyRecord, type AuditPick } from './key-evidence.ts';
export { EXPIRES_SOON_DAYS } from './cert-checks.ts';
