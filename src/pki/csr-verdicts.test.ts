import { describe, expect, it } from 'vitest';
import { readDer } from './der-read.ts';
import { verifyCsrSignature } from './inspect-objects.ts';
import { csrVerdictCounts } from './csr-verdicts.ts';
import { testCsr, testKey } from './test-certs.ts';
import { csrOf } from './x509-csr.ts';

const parse = (der: Uint8Array) => {
  const r = readDer(der);
  if (!r.ok) throw new Error('unreadable test CSR');
  return csrOf({ bytes: der, node: r.nodes[0]! });
};

describe('a CSR is verified once per exact bytes', () => {
  it('the second check of the same bytes reuses the verdict; other bytes (a flipped signature bit) are verified anew', async () => {
    const der = await testCsr(await testKey(), 'verdict-1');
    const before = csrVerdictCounts();
    expect((await verifyCsrSignature(parse(der))).outcome).toBe('valid');
    expect((await verifyCsrSignature(parse(der.slice()))).outcome).toBe('valid');
    const after = csrVerdictCounts();
    expect(after.checked - before.checked).toBe(1);
    expect(after.reused - before.reused).toBe(1);

    const tampered = der.slice();
    tampered[tampered.length - 1]! ^= 0x01; // last byte of the signature's s
    expect((await verifyCsrSignature(parse(tampered))).outcome).not.toBe('valid');
    expect(csrVerdictCounts().checked - after.checked).toBe(1);
    // And the valid CSR's verdict is untouched by the tampered one.
    expect((await verifyCsrSignature(parse(der))).outcome).toBe('valid');
  });

  it('keeps at most 64 verdicts: the oldest is verified again after 64 others', async () => {
    const key = await testKey();
    const first = await testCsr(key, 'oldest');
    await verifyCsrSignature(parse(first));
    for (let i = 0; i < 64; i++) await verifyCsrSignature(parse(await testCsr(key, `other-${i}`)));
    const before = csrVerdictCounts();
    expect((await verifyCsrSignature(parse(first))).outcome).toBe('valid');
    expect(csrVerdictCounts().checked - before.checked).toBe(1);
  });
});
