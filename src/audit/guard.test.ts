import { describe, expect, it } from 'vitest';
import { prepareEntry } from './guard.ts';
import type { AuditEntry } from './types.ts';

const actor = { operator: 'Ana Lima', site: 'Bench 3' };
const device = {
  family: 'nrf91',
  id: '50503041-3633-4261-803d-1e2b8f70c0c1',
  model: 'nRF9151-LACA',
  firmware: 'mfw_nrf91x1_2.0.2',
};
const good: AuditEntry = {
  device,
  action: 'credential-write',
  outcome: 'success',
  detail: {
    secTag: 16842753,
    credentialKind: 'clientCert',
    certSha256: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
    serial: '4f:1a:00:9c',
    notAfter: '2031-01-31T23:59:59Z',
    caName: 'Acme Lab CA',
    sizeBytes: 712,
    ext: { estServer: 'est.example.com', retried: false },
  },
};

describe('prepareEntry', () => {
  it('accepts public facts and adds operator and site', () => {
    const r = prepareEntry(good, actor);
    expect(r.ok && r.value).toMatchObject({ operator: 'Ana Lima', site: 'Bench 3', intentSeq: null, errorCode: null });
    expect(r.ok && r.value.detail).toEqual(good.detail);
  });

  it('turns line breaks into spaces and trims names', () => {
    const r = prepareEntry(
      { ...good, detail: { message: '+CME ERROR: 514\r\nOK' } },
      { operator: ' Ana\n', site: 'B' },
    );
    expect(r.ok && r.value.operator).toBe('Ana');
    expect(r.ok && r.value.detail.message).toBe('+CME ERROR: 514 OK');
  });

  const refused: { name: string; entry: unknown; actor?: typeof actor; code: string; mentions: string }[] = [
    {
      name: 'a PEM private key in a note',
      entry: { ...good, detail: { note: '-----BEGIN EC PRIVATE KEY-----\nMHcC' } },
      code: 'secret-detected',
      mentions: 'detail.note',
    },
    {
      name: 'a password in the message',
      entry: { ...good, detail: { message: 'login password=hunter2 failed' } },
      code: 'secret-detected',
      mentions: 'detail.message',
    },
    {
      name: 'a token in the device model',
      entry: { ...good, device: { ...device, model: 'Bearer abcdefghijklmnopqrstuvwxyz' } },
      code: 'secret-detected',
      mentions: 'device.model',
    },
    {
      name: 'a key in the operator name',
      entry: good,
      actor: { operator: 'token=abc', site: '' },
      code: 'secret-detected',
      mentions: 'operator',
    },
    {
      name: 'a secret-named detail field',
      entry: { ...good, detail: { password: 'x' } },
      code: 'invalid-entry',
      mentions: 'detail.password',
    },
    {
      name: 'a secret-named ext field',
      entry: { ...good, detail: { ext: { apiToken: 'x' } } },
      code: 'invalid-entry',
      mentions: 'apiToken',
    },
    {
      name: 'a base64 blob in ext',
      entry: { ...good, detail: { ext: { blob: 'MHcCAQEEIBYr3Fz9Qp0kL4mTfWw7xJ8aN2cVb5eHdGtRuZyX1sO0' } } },
      code: 'secret-detected',
      mentions: 'ext.blob',
    },
    {
      name: 'an unknown detail field',
      entry: { ...good, detail: { pem: '-----BEGIN CERTIFICATE-----' } },
      code: 'invalid-entry',
      mentions: 'detail.pem',
    },
    {
      name: 'a malformed digest',
      entry: { ...good, detail: { certSha256: 'abc' } },
      code: 'invalid-entry',
      mentions: 'certSha256',
    },
    {
      name: 'a fractional sec_tag',
      entry: { ...good, detail: { secTag: 1.5 } },
      code: 'invalid-entry',
      mentions: 'secTag',
    },
    {
      name: 'a non-UTC notAfter',
      entry: { ...good, detail: { notAfter: '31/01/2031' } },
      code: 'invalid-entry',
      mentions: 'notAfter',
    },
    {
      name: 'an unknown action',
      entry: { ...good, action: 'format-flash' },
      code: 'invalid-entry',
      mentions: 'action',
    },
    { name: 'an unknown outcome', entry: { ...good, outcome: 'maybe' }, code: 'invalid-entry', mentions: 'outcome' },
    {
      name: 'a long error code',
      entry: { ...good, errorCode: 'x'.repeat(65) },
      code: 'invalid-entry',
      mentions: 'errorCode',
    },
    { name: 'a missing device', entry: { ...good, device: null }, code: 'invalid-entry', mentions: 'device' },
    {
      name: 'an empty operator',
      entry: good,
      actor: { operator: '  ', site: 'x' },
      code: 'operator-missing',
      mentions: 'Settings',
    },
  ];
  for (const { name, entry, actor: who, code, mentions } of refused) {
    it(`refuses ${name}`, () => {
      const r = prepareEntry(entry as AuditEntry, who ?? actor);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe(code);
      expect(r.error.message).toContain(mentions);
      expect(r.error.message).not.toMatch(/hunter2|MHcC|abcdefghij/);
    });
  }

  it('accepts x- actions and records without an operator when told so', () => {
    const r = prepareEntry(
      { ...good, action: 'x-firmware-update' },
      { operator: '', site: '' },
      { requireOperator: false },
    );
    expect(r.ok).toBe(true);
  });
});
