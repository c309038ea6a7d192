// Layer: audit trail. The gate every record passes before it is written: shape and length checks, the detail table,
// text normalisation, and a secret scan of every string. Refusals are error values naming the field, never the value.
import { escapeBoardText } from '../lib/board-text.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { tryCanonicalJson } from './chain.ts';
import { checkDetail, type AuditDetail } from './detail.ts';
import { describeSecret, scanForSecrets } from './secrets.ts';
import {
  auditError,
  isAuditAction,
  AUDIT_OUTCOMES,
  type AuditActor,
  type AuditEntry,
  type AuditError,
} from './types.ts';
import type { AuditRecordBody } from './types.ts';

/** A record body before the store gives it seq, time and its place in the chain. */
export type PreparedEntry = Omit<AuditRecordBody, 'seq' | 'time' | 'prevHash'>;

const ERROR_CODE = /^[A-Za-z0-9._:-]{1,64}$/;

/** Line breaks and tabs become spaces (records are one-line facts); every other control, bidi, lone-surrogate or
 * U+FFFD character is stored as a visible escape (`\x00`, `\u202E`: `escapeBoardText`), so text a board sent is kept
 * as evidence and can neither hide nor reorder what a reader of the trail sees. */
export function cleanText(value: string): string {
  return escapeBoardText(value.replace(/[\r\n\t]+/g, ' '));
}

function cleanStrings(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanStrings(v)]));
  }
  return value;
}

function stringsOf(value: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push([`${path}.${k} (name)`, k]);
      stringsOf(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/** The first string in `value` that looks like a secret, as an error naming its path and kind. */
export function findSecret(value: unknown, path: string): AuditError | null {
  const strings = stringsOf(value, path, []);
  // One scan of everything for the common, clean case (NUL matches no pattern, so nothing spans two fields);
  // field by field only to name the culprit.
  if (scanForSecrets(strings.map(([, text]) => text).join('\u0000')).length === 0) return null;
  for (const [where, text] of strings) {
    const [finding] = scanForSecrets(text);
    if (finding) {
      return auditError(
        'secret-detected',
        `${where} looks like ${describeSecret(finding.kind)}; nothing was recorded.`,
      );
    }
  }
  return null;
}

function bounded(name: string, value: unknown, max: number): string | AuditError {
  if (typeof value !== 'string') return auditError('invalid-entry', `${name}: expected text.`);
  const clean = cleanText(value).trim();
  if (clean.length > max) return auditError('invalid-entry', `${name}: longer than ${max} characters.`);
  return clean;
}

export interface GuardOptions {
  /** Refuse to record when Settings has no operator name (default true: "by whom" must be answerable). */
  readonly requireOperator?: boolean;
}

export function prepareEntry(
  entry: AuditEntry,
  actor: AuditActor,
  opts: GuardOptions = {},
): Result<PreparedEntry, AuditError> {
  const operator = bounded('operator', actor.operator, 120);
  const site = bounded('site', actor.site, 120);
  if (typeof operator !== 'string') return err(operator);
  if (typeof site !== 'string') return err(site);
  if (operator === '' && opts.requireOperator !== false) {
    return err(
      auditError('operator-missing', 'Enter your name in Settings → Operator and site: every record says who made it.'),
    );
  }
  if (typeof entry.device !== 'object' || entry.device === null) {
    return err(auditError('invalid-entry', 'device: expected {family, id, model, firmware}.'));
  }
  const device: Record<string, string> = {};
  for (const key of ['family', 'id', 'model', 'firmware'] as const) {
    const value = bounded(`device.${key}`, entry.device[key] ?? '', 128);
    if (typeof value !== 'string') return err(value);
    device[key] = value;
  }
  if (!isAuditAction(entry.action)) {
    return err(auditError('invalid-entry', `action: "${String(entry.action).slice(0, 40)}" is not a known action.`));
  }
  if (!AUDIT_OUTCOMES.includes(entry.outcome)) {
    return err(auditError('invalid-entry', `outcome: expected ${AUDIT_OUTCOMES.join(', ')}.`));
  }
  const errorCode = entry.errorCode ?? null;
  if (errorCode !== null && (typeof errorCode !== 'string' || !ERROR_CODE.test(errorCode))) {
    return err(auditError('invalid-entry', 'errorCode: expected a short code such as device-rejected or cme-514.'));
  }
  const detail = checkDetail(cleanStrings(entry.detail ?? {}));
  if (!detail.ok) return err(auditError('invalid-entry', `${detail.error}.`));
  const prepared: PreparedEntry = {
    operator,
    site,
    device: device as unknown as PreparedEntry['device'],
    action: entry.action,
    detail: detail.value as AuditDetail,
    outcome: entry.outcome,
    errorCode,
    intentSeq: null,
  };
  const secret = findSecret(prepared, 'record');
  if (secret) return err(secret);
  const canonical = tryCanonicalJson(prepared);
  if (!canonical.ok) return err(auditError('invalid-entry', `record: ${canonical.error}.`));
  return ok(prepared);
}
