// Layer: audit trail. Canonical JSON and the record hash, the two definitions an auditor needs to recompute the
// chain outside KeyWire (README.md in this folder has a 20-line script).
//
// Canonical JSON of a value:
//   - objects: members sorted by key (keys are ASCII, so code-unit, code-point and byte order agree), written as
//     `{"key":value,...}`; arrays in order as `[a,b]`; no whitespace anywhere;
//   - strings exactly as ECMAScript JSON.stringify writes them: `\"` `\\` `\b` `\f` `\n` `\r` `\t`, other U+0000-U+001F
//     as `\u00xx` (lowercase hex), every other character literally;
//   - numbers are safe integers written in decimal (no fractions, exponents or -0); true, false, null as themselves;
//   - the text is encoded as UTF-8 (strings must be well-formed Unicode: lone surrogates are refused).
// This is what Python's json.dumps(v, sort_keys=True, separators=(',', ':'), ensure_ascii=False) produces too.
//
// Record hash: hash = lowercase hex SHA-256 of UTF-8(canonicalJson(record without its `hash` member) + prevHash),
// where prevHash is the previous record's hash and 64 zeros for the first record.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { err, ok, type Result } from '../lib/result.ts';
import type { AuditRecord, AuditRecordBody } from './types.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SURROGATE = /[\uD800-\uDFFF]/;
const ASCII_KEY = /^[\x20-\x7e]*$/;

export class CanonicalJsonError extends Error {}

/** Canonical JSON of `value`. Throws CanonicalJsonError on anything outside the definition above. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
      throw new CanonicalJsonError(`numbers must be safe integers, got ${value}`);
    }
    return String(value);
  }
  if (typeof value === 'string') {
    if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
      throw new CanonicalJsonError('strings must be well-formed Unicode');
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value).sort();
    const members = keys.map((key) => {
      if (!ASCII_KEY.test(key))
        throw new CanonicalJsonError(`keys must be printable ASCII, got ${JSON.stringify(key)}`);
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) throw new CanonicalJsonError(`member "${key}" is undefined`);
      return `${JSON.stringify(key)}:${canonicalJson(member)}`;
    });
    return `{${members.join(',')}}`;
  }
  throw new CanonicalJsonError(`cannot represent ${typeof value} in canonical JSON`);
}

export function tryCanonicalJson(value: unknown): Result<string, string> {
  try {
    return ok(canonicalJson(value));
  } catch (e) {
    return err(e instanceof CanonicalJsonError ? e.message : 'not representable as canonical JSON');
  }
}

/** The hash of a record body (everything but `hash`). Synchronous, so it can run inside an IndexedDB transaction. */
export function recordHash(body: AuditRecordBody): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(body) + body.prevHash)));
}

/** Like recordHash, for a parsed record of unknown shape (imports): null when it is not canonicalisable. */
export function tryRecordHash(body: Record<string, unknown>): string | null {
  const canonical = tryCanonicalJson(body);
  if (!canonical.ok || typeof body.prevHash !== 'string') return null;
  return bytesToHex(sha256(utf8ToBytes(canonical.value + body.prevHash)));
}

/** Gives a prepared body its place in the chain and its hash. */
export function sealRecord(
  body: Omit<AuditRecordBody, 'seq' | 'time' | 'prevHash'>,
  place: { readonly seq: number; readonly time: string; readonly prevHash: string },
): AuditRecord {
  const full: AuditRecordBody = { ...body, seq: place.seq, time: place.time, prevHash: place.prevHash };
  return { ...full, hash: recordHash(full) };
}
