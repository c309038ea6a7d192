// The read view's summary of a certificate, from the real inspect of the emulated boards' factory certificates,
// against fixed clocks: validity flags, key words, fingerprints.
import { describe, expect, it } from 'vitest';
import { AMAZON_ROOT_CA_1_PEM } from '../../pki/public-roots.ts';
import { inspectInput } from '../../pki/inspect.ts';
import { colonHex, summarize, validityOf } from './certificate-summary.ts';

async function amazonRoot() {
  const r = await inspectInput(AMAZON_ROOT_CA_1_PEM);
  if (!r.ok) throw new Error(r.error.message);
  const cert = r.value.objects[0]!;
  if (cert.kind !== 'certificate') throw new Error('not a certificate');
  return cert;
}

describe('validityOf', () => {
  const from = '2020-01-01T00:00:00Z';
  const until = '2030-01-01T00:00:00Z';
  it.each([
    ['2019-12-31T23:59:59Z', 'not-yet-valid'],
    ['2020-01-01T00:00:00Z', 'valid'],
    ['2029-12-31T23:59:59Z', 'valid'],
    ['2030-01-01T00:00:01Z', 'expired'],
  ])('%s is %s', (now, want) => expect(validityOf(from, until, Date.parse(now))).toBe(want));
});

describe('summarize a certificate', () => {
  it('says subject, issuer, key, fingerprints and that it is valid inside its dates', async () => {
    const cert = await amazonRoot();
    const s = summarize(cert, Date.parse('2026-01-01T00:00:00Z'));
    const row = (name: string) => s.rows.find((r) => r.name === name)?.value;
    expect(s.title).toBe('CA certificate');
    expect(s.validity).toBe('valid');
    expect(row('Subject')).toContain('CN=Amazon Root CA 1');
    expect(row('Issuer')).toContain('(self-issued)');
    expect(row('Key')).toBe('RSA 2048 bits');
    expect(row('SHA-256 fingerprint')).toBe(colonHex(cert.sha256));
    expect(row('SHA-256 fingerprint')).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(row('Status')).toMatch(/^Valid now, \d+ days left$/);
  });

  it('flags an expired certificate with how long ago, and a future one with when it starts', async () => {
    const cert = await amazonRoot();
    const expired = summarize(cert, Date.parse(cert.notAfter) + 3 * 86_400_000);
    expect(expired.validity).toBe('expired');
    expect(expired.rows.find((r) => r.name === 'Status')).toEqual({
      name: 'Status',
      value: 'Expired 3 days ago',
      flag: 'expired',
    });
    const early = summarize(cert, Date.parse(cert.notBefore) - 10 * 86_400_000);
    expect(early.validity).toBe('not-yet-valid');
    expect(early.rows.find((r) => r.name === 'Status')?.value).toBe('Not valid yet: starts in 10 days');
  });
});
