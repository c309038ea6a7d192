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
  // Fast path: a checked copy with members inserted in key order, written by one JSON.stringify (which escapes
  // strings exactly as the definition says). Member by member when the engine would not keep that order.
  const copy = sortedCopy(value);
  return copy === MEMBER_BY_MEMBER ? memberByMember(value) : JSON.stringify(copy);
}

const MEMBER_BY_MEMBER = Symbol('member by member');
// Engines write array-index keys ("0", "17") first in numeric order, whatever the insertion order; "__proto__"
// cannot be inserted as a plain member. (A literal in the function: checked once per new shape, see sortedKeys.)
const isIndexKey = (key: string): boolean => /^(?:0|[1-9]\d*)$/.test(key);

function checkNumber(value: number): void {
  if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
    throw new CanonicalJsonError(`numbers must be safe integers, got ${value}`);
  }
}

function checkString(value: string): void {
  if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
    throw new CanonicalJsonError('strings must be well-formed Unicode');
  }
}

function checkKey(key: string): void {
  if (!ASCII_KEY.test(key)) throw new CanonicalJsonError(`keys must be printable ASCII, got ${JSON.stringify(key)}`);
}

// Records share a handful of shapes: their sorted key lists, checked once (bounded, so odd input cannot grow it).
const sortedKeysByShape = new Map<string, readonly string[] | typeof MEMBER_BY_MEMBER>();
export const SHAPES_KEPT = 256;

/** How many record shapes are cached (tests: the cache fills, and stays within SHAPES_KEPT). */
export const cachedShapes = (): number => sortedKeysByShape.size;

/**
 * Empties the shape cache. For tests: a shape cached by an earlier test (or, in a mutation run, under another mutant
 * of this module) would otherwise decide the path of every later test in the same process.
 */
export function clearShapeCache(): void {
  sortedKeysByShape.clear();
}

function sortedKeys(value: Record<string, unknown>): readonly string[] | typeof MEMBER_BY_MEMBER {
  const keys = Object.keys(value);
  const shape = keys.join('\u0000');
  const known = sortedKeysByShape.get(shape);
  // The same count rules out a key holding the separator itself (invalid anyway: it is checked below).
  if (known && (known === MEMBER_BY_MEMBER || known.length === keys.length)) return known;
  keys.sort();
  let result: readonly string[] | typeof MEMBER_BY_MEMBER = keys;
  for (const key of keys) {
    checkKey(key);
    if (isIndexKey(key) || key === '__proto__') result = MEMBER_BY_MEMBER;
  }
  if (sortedKeysByShape.size < SHAPES_KEPT) sortedKeysByShape.set(shape, result);
  return result;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return (checkNumber(value), value);
  if (typeof value === 'string') return (checkString(value), value);
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = sortedCopy(value[i]);
      if (item === MEMBER_BY_MEMBER) return item;
      out[i] = item;
    }
    return out;
  }
  if (isPlainObject(value)) {
    const keys = sortedKeys(value);
    if (keys === MEMBER_BY_MEMBER) return keys;
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const member = value[key];
      if (member === undefined) throw new CanonicalJsonError(`member "${key}" is undefined`);
      const copy = sortedCopy(member);
      if (copy === MEMBER_BY_MEMBER) return copy;
      out[key] = copy;
    }
    return out;
  }
  throw new CanonicalJsonError(`cannot represent ${typeof value} in canonical JSON`);
}

/** The definition written out member by member: slower, for values the fast path cannot take. */
function memberByMember(value: unknown): string {
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return (checkNumber(value), String(value));
  if (typeof value === 'string') return (checkString(value), JSON.stringify(value));
  if (Array.isArray(value)) return `[${value.map(memberByMember).join(',')}]`;
  if (isPlainObject(value)) {
    const members = Object.keys(value)
      .sort()
      .map((key) => {
        checkKey(key);
        const member = value[key];
        if (member === undefined) throw new CanonicalJsonError(`member "${key}" is undefined`);
        return `${JSON.stringify(key)}:${memberByMember(member)}`;
      });
    return `{${members.join(',')}}`;
  }
  throw new CanonicalJsonError(`cannot represent ${typeof value} in canonical JSON`);
}

/**
 * canonicalJson of a record without its `hash` member, as `canonicalJson({ ...record } minus hash)` but without
 * copying the record first (the big verify jobs call it once per record).
 */
export function tryCanonicalBody(record: Record<string, unknown>): Result<string, string> {
  try {
    const keys = isPlainObject(record) ? sortedKeys(record) : MEMBER_BY_MEMBER;
    if (keys === MEMBER_BY_MEMBER) {
      const { hash: _hash, ...body } = record;
      return ok(canonicalJson(body));
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      if (key === 'hash') continue;
      const member = record[key];
      if (member === undefined) throw new CanonicalJsonError(`member "${key}" is undefined`);
      const copy = sortedCopy(member);
      if (copy === MEMBER_BY_MEMBER) {
        const { hash: _hash, ...body } = record;
        return ok(memberByMember(body));
      }
      out[key] = copy;
    }
    return ok(JSON.stringify(out));
  } catch (e) {
    return err(e instanceof CanonicalJsonError ? e.message : 'not representable as canonical JSON');
  }
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
