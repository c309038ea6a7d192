// Board text in the audit trail is stored escaped: control, bidi, lone-surrogate and U+FFFD characters in the device
// fields and the detail become visible escapes, so the record keeps the evidence, hashes as valid UTF-8 and cannot
// reorder what a reader sees.
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './chain.ts';
import { prepareEntry } from './guard.ts';
import type { AuditEntry } from './types.ts';

const actor = { operator: 'Ana Lima', site: 'Bench 3' };
const hostile: AuditEntry = {
  device: {
    family: 'nrf91',
    id: 'id\u0000\ud800',
    model: '<script>alert(1)</script>\u202Egpj.exe',
    firmware: 'mfw\ufffd\u009b31m\u2066',
  },
  action: 'identify',
  outcome: 'success',
  detail: { message: 'board said \u202Eevil\u0007\r\nnext', note: 'ok Ünïcödé 日本' },
};

describe('audit records of a hostile board', () => {
  it('store device fields and detail text escaped, ordinary text untouched', () => {
    const r = prepareEntry(hostile, actor);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.device).toEqual({
      family: 'nrf91',
      id: 'id\\x00\\uD800',
      model: '<script>alert(1)</script>\\u202Egpj.exe',
      firmware: 'mfw\\uFFFD\\x9B31m\\u2066',
    });
    expect(r.value.detail.message).toBe('board said \\u202Eevil\\x07 next');
    expect(r.value.detail.note).toBe('ok Ünïcödé 日本');
    // Nothing hidden is left for the hash: the canonical form has no control, bidi or lone surrogate character.
    const canonical = canonicalJson(r.value);
    expect(canonical).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]/);
    expect(canonical).not.toMatch(/[\ud800-\udfff]/);
  });

  it('stores a lone surrogate escaped instead of refusing the record (a board could otherwise block every intent)', () => {
    const r = prepareEntry({ ...hostile, detail: { note: 'a\uD800' } }, actor);
    expect(r.ok && r.value.detail.note).toBe('a\\uD800');
  });
});
