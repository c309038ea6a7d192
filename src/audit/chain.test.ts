import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  cachedShapes,
  clearShapeCache,
  canonicalJson,
  recordHash,
  SHAPES_KEPT,
  sealRecord,
  tryCanonicalBody,
  tryCanonicalJson,
  tryRecordHash,
} from './chain.ts';
import { entry } from './test-chain.ts';
import { GENESIS_HASH } from './types.ts';

// Each test starts with no shape cached: its paths are its own, whatever ran before it.
beforeEach(() => clearShapeCache());

describe('canonicalJson', () => {
  const cases: { name: string; input: unknown; want: string }[] = [
    {
      name: 'sorts keys at every depth',
      input: { b: 1, a: { d: [2, 1], c: null } },
      want: '{"a":{"c":null,"d":[2,1]},"b":1}',
    },
    { name: 'writes no whitespace', input: { a: [true, false, { x: 'y z' }] }, want: '{"a":[true,false,{"x":"y z"}]}' },
    {
      name: 'sorts by code unit (upper case first)',
      input: { b: 0, B: 0, a: 0, _: 0 },
      want: '{"B":0,"_":0,"a":0,"b":0}',
    },
    {
      name: 'escapes quotes, backslash and controls',
      input: 'a"b\\c\n\u0001\u001f',
      want: '"a\\"b\\\\c\\n\\u0001\\u001f"',
    },
    { name: 'keeps non-ASCII literal', input: 'Zürich ✓ 𝄞', want: '"Zürich ✓ 𝄞"' },
    { name: 'writes integers plainly', input: [0, -5, 9007199254740991], want: '[0,-5,9007199254740991]' },
    {
      name: 'sorts array-index keys as strings too',
      input: { b: 1, '10': 2, '2': 3, a: { '1': true, '0': false, z: [{ '3': 0, c: 0 }] } },
      want: '{"10":2,"2":3,"a":{"0":false,"1":true,"z":[{"3":0,"c":0}]},"b":1}',
    },
    {
      name: 'writes null, strings, arrays and nested objects beside an index key (member by member)',
      input: { '1': null, s: 'x"y', list: [1, 2, { b: false, a: true }], o: { z: 0, y: 'é' } },
      want: '{"1":null,"list":[1,2,{"a":true,"b":false}],"o":{"y":"é","z":0},"s":"x\\"y"}',
    },
    {
      name: 'writes an index-keyed object inside an array',
      input: [{ a: 1, '1': 0 }, 'after'],
      want: '[{"1":0,"a":1},"after"]',
    },
    {
      name: 'sorts multi-digit index keys as strings',
      input: { '100': 0, '2': 1, '0': 2 },
      want: '{"0":2,"100":0,"2":1}',
    },
    // No "0" key in these, so nothing but the multi-digit keys themselves sends them member by member.
    {
      name: 'sorts two- and three-digit index keys as strings',
      input: { '20': 0, '100': 1 },
      want: '{"100":1,"20":0}',
    },
    {
      name: 'sorts three- and four-digit index keys as strings',
      input: { '200': 0, '1000': 1 },
      want: '{"1000":1,"200":0}',
    },
    {
      name: 'writes a "__proto__" member holding a number',
      input: JSON.parse('{"__proto__":1}'),
      want: '{"__proto__":1}',
    },
    {
      name: 'writes an object whose only key is "__proto__"',
      input: JSON.parse('{"__proto__":{"x":1}}'),
      want: '{"__proto__":{"x":1}}',
    },
    {
      name: 'writes a "__proto__" key as a member',
      input: JSON.parse('{"b":1,"__proto__":{"y":1,"x":2},"a":0}'),
      want: '{"__proto__":{"x":2,"y":1},"a":0,"b":1}',
    },
  ];
  for (const { name, input, want } of cases) it(name, () => expect(canonicalJson(input)).toBe(want));

  it.each([
    ['a fraction', 1.5],
    ['negative zero', -0],
    ['an unsafe integer', 2 ** 53],
    ['NaN', NaN],
    ['a lone surrogate', 'a\uD800b'],
    ['a lone high surrogate at the end', 'ab\uD83D'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['a lone low surrogate at the start', '\uDE00ab'],
    ['a surrogate pair in the wrong order', '\uDC00\uD800'],
    ['a lone surrogate after a valid pair', '\uD834\uDD1E\uD834'],
    ['a lone surrogate in a nested member', { a: [{ note: 'x\uDFFF' }] }],
    ['a non-ASCII key', { ü: 1 }],
    ['undefined member', { a: undefined }],
    ['a Date', new Date(0)],
    ['a lone surrogate beside an index key', { '1': 'a\uDC00', b: 0 }],
    ['a fraction nested in an array', { a: [{ b: [1, 0.5] }] }],
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow();
    expect(tryCanonicalJson(value).ok).toBe(false);
  });
});

describe('tryCanonicalBody', () => {
  it.each([
    // made inside the test, so a fault in sealRecord fails that test instead of loading the file
    [
      'a sealed record',
      () => sealRecord(entry(2), { seq: 2, time: '2030-03-01T08:00:02.000Z', prevHash: GENESIS_HASH }),
    ],
    ['a record with index keys in its detail', () => ({ seq: 1, hash: 'x', detail: { '10': 1, '2': 2, a: 0 } })],
    ['a record with a "__proto__" member', () => JSON.parse('{"seq":1,"hash":"x","__proto__":{"b":1,"a":2}}')],
    ['a record without a hash', () => ({ seq: 3, prevHash: 'p' })],
    ['a record with a fraction', () => ({ seq: 1, hash: 'x', detail: { n: 0.5 } })],
    ['a record with a lone surrogate', () => ({ seq: 1, hash: 'x', note: 'a\uD800' })],
  ])('writes %s as canonicalJson writes it without its hash', (_name, make) => {
    const record: unknown = make();
    const { hash: _hash, ...body } = record as Record<string, unknown>;
    expect(tryCanonicalBody(record as Record<string, unknown>)).toEqual(tryCanonicalJson(body));
  });
});

describe('tryCanonicalJson says why a value cannot be hashed', () => {
  // Named by the message: a test name must not carry the lone surrogate it tests.
  it.each([
    { value: 1.5, message: 'numbers must be safe integers, got 1.5' },
    { value: -0, message: 'numbers must be safe integers, got 0' },
    { value: 'a\uDC00', message: 'strings must be well-formed Unicode' },
    { value: { é: 1 }, message: 'keys must be printable ASCII, got "é"' },
    { value: { ok: 1, gone: undefined }, message: 'member "gone" is undefined' },
    { value: undefined, message: 'cannot represent undefined in canonical JSON' },
    { value: new Date(0), message: 'cannot represent object in canonical JSON' },
    { value: () => 1, message: 'cannot represent function in canonical JSON' },
  ])('$message', ({ value, message }) => {
    expect(tryCanonicalJson(value)).toEqual({ ok: false, error: message });
  });

  // The same refusals where an index key sends the value member by member.
  it.each([
    { value: { '1': 0, gone: undefined }, message: 'member "gone" is undefined' },
    { value: { '1': new Date(0) }, message: 'cannot represent object in canonical JSON' },
    { value: { '1': () => 1 }, message: 'cannot represent function in canonical JSON' },
  ])('beside an index key: $message', ({ value, message }) => {
    expect(tryCanonicalJson(value)).toEqual({ ok: false, error: message });
  });

  it('any other failure while reading the value', () => {
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('getter failed');
      },
    });
    expect(tryCanonicalJson(hostile)).toEqual({ ok: false, error: 'not representable as canonical JSON' });
    expect(tryCanonicalBody(hostile)).toEqual({ ok: false, error: 'not representable as canonical JSON' });
  });

  it('names the undefined member of a record body', () => {
    expect(tryCanonicalBody({ seq: 1, hash: 'x', gone: undefined })).toEqual({
      ok: false,
      error: 'member "gone" is undefined',
    });
  });
});

describe('the shape cache (record shapes whose key order is checked once)', () => {
  it('never takes one shape for another: keys joined alike, or a key holding the separator', () => {
    expect(canonicalJson({ ab: 1, c: 2 })).toBe('{"ab":1,"c":2}');
    expect(canonicalJson({ a: 1, bc: 2 })).toBe('{"a":1,"bc":2}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
    expect(tryCanonicalJson({ 'a\u0000b': 1 })).toEqual({
      ok: false,
      error: 'keys must be printable ASCII, got "a\\u0000b"',
    });
  });

  it('is emptied by clearShapeCache', () => {
    canonicalJson({ a: 1 });
    expect(cachedShapes()).toBe(1);
    clearShapeCache();
    expect(cachedShapes()).toBe(0);
  });

  it('keeps a new shape, and at most SHAPES_KEPT of them', () => {
    const before = cachedShapes();
    canonicalJson({ [`fresh${before}`]: 1, other: 2 });
    expect(cachedShapes()).toBe(Math.min(before + 1, SHAPES_KEPT));
    for (let i = 0; i < SHAPES_KEPT + 50; i++) canonicalJson({ [`k${i}`]: i });
    expect(cachedShapes()).toBe(SHAPES_KEPT);
  });
});

describe('recordHash', () => {
  it('is SHA-256 of UTF-8(canonical body + prevHash), computed independently with node:crypto', () => {
    const record = sealRecord(entry(4), { seq: 4, time: '2030-03-01T08:04:04.000Z', prevHash: 'ab'.repeat(32) });
    const { hash, ...body } = record;
    const independent = createHash('sha256')
      .update(JSON.stringify(sortDeep(body)) + body.prevHash, 'utf8')
      .digest('hex');
    expect(hash).toBe(independent);
    expect(recordHash(body)).toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when any field changes, including nested detail and the previous hash', () => {
    const base = sealRecord(entry(1), { seq: 1, time: '2030-03-01T08:00:00.000Z', prevHash: GENESIS_HASH });
    const { hash: _h, ...body } = base;
    const variants = [
      { ...body, operator: 'Ana Lima ' },
      { ...body, detail: { ...body.detail, secTag: 1 } },
      { ...body, device: { ...body.device, firmware: 'mfw_nrf91x1_2.0.3' } },
      { ...body, prevHash: '1'.repeat(64) },
    ];
    for (const v of variants) expect(recordHash(v)).not.toBe(base.hash);
  });
});

describe('tryRecordHash (imported records of unknown shape)', () => {
  // Sealed inside each test, not while collecting: a failure must fail a test, not the file's collection.
  const sealed = () => sealRecord(entry(2), { seq: 2, time: '2030-03-01T08:02:02.000Z', prevHash: GENESIS_HASH });

  it('is the record hash for a well-formed body', () => {
    const { hash, ...body } = sealed();
    expect(tryRecordHash(body)).toBe(hash);
  });

  it('is null for a body with a lone surrogate, a fraction, or no string prevHash: such a record is not hashed', () => {
    const { hash: _hash, ...body } = sealed();
    expect(tryRecordHash({ ...body, operator: 'Ana \uD800' })).toBeNull();
    expect(tryRecordHash({ ...body, seq: 2.5 })).toBeNull();
    expect(tryRecordHash({ ...body, prevHash: 0 })).toBeNull();
    const { prevHash: _p, ...noPrev } = body;
    expect(tryRecordHash(noPrev)).toBeNull();
  });
});

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortDeep((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
