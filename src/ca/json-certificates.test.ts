import { describe, expect, it } from 'vitest';
import { certificatesInJson, fieldAt } from './json-certificates.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const none = { certificate: '', chain: '' };

describe('certificates in a JSON answer', () => {
  it('finds PEM strings anywhere when no field is configured', () => {
    const text = JSON.stringify({ id: 7, result: { cert: PEM, issuers: [PEM, 'not pem'] }, note: 'x' });
    expect(certificatesInJson(text, none)).toEqual({ ok: true, texts: [PEM, PEM] });
  });

  it('reads configured dotted fields: a string and a list', () => {
    const text = JSON.stringify({ data: { certificate: 'MIIBase64', chain: [PEM, PEM] } });
    expect(certificatesInJson(text, { certificate: 'data.certificate', chain: 'data.chain' })).toEqual({
      ok: true,
      texts: ['MIIBase64', PEM, PEM],
    });
  });

  it('a missing chain field is fine, a missing certificate field is explained with the fields present', () => {
    const text = JSON.stringify({ cert: PEM, status: 'ok' });
    expect(certificatesInJson(text, { certificate: 'cert', chain: 'chain' })).toEqual({ ok: true, texts: [PEM] });
    const r = certificatesInJson(text, { certificate: 'certificate', chain: '' });
    expect(r).toEqual({
      ok: false,
      message: 'the JSON answer has no field "certificate" (top-level fields: cert, status)',
    });
  });

  it('explains invalid JSON, a field of the wrong type, and JSON without any PEM', () => {
    expect(certificatesInJson('{"cert": ', none)).toMatchObject({ ok: false, message: /not valid JSON/ });
    expect(certificatesInJson('{"cert": 5}', { certificate: 'cert', chain: '' })).toMatchObject({
      ok: false,
      message: /not a string or a list of strings/,
    });
    expect(certificatesInJson('{"status": "queued"}', none)).toMatchObject({
      ok: false,
      message: /no PEM certificate in any field .*status/,
    });
  });

  it('fieldAt walks objects and list indexes', () => {
    expect(fieldAt({ a: [{ b: 1 }, { b: 2 }] }, 'a.1.b')).toBe(2);
    expect(fieldAt({ a: 1 }, 'a.b.c')).toBeUndefined();
  });
});
