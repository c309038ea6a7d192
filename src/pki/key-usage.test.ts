// RFC 5280 §4.2.1.3 KeyUsage: one bit table for reading and writing, checked on the bits real certificates and a
// real nRF91 CSR carry, and every usage written alone reads back as itself through the extension decoder.
import { describe, expect, it } from 'vitest';
import { toHex } from '../lib/bytes.ts';
import { keyUsageExtension } from './csr-build.ts';
import { sequence } from './der.ts';
import { parseOne } from './der-values.ts';
import { KEY_USAGES, keyUsageBits, keyUsagesOf, type KeyUsageName } from './key-usage.ts';
import { extensionsOf } from './x509-extensions.ts';

const hex = (bytes: Uint8Array) => toHex(bytes).toUpperCase();

describe('KeyUsage bits (RFC 5280 §4.2.1.3)', () => {
  const vectors: { name: string; der: string; usages: KeyUsageName[] }[] = [
    {
      name: 'nRF91 %KEYGEN CSR (03 02 03 E8)',
      der: '030203E8',
      usages: ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'keyAgreement'],
    },
    { name: 'Amazon Root CA 1 (03 02 01 86)', der: '03020186', usages: ['digitalSignature', 'keyCertSign', 'cRLSign'] },
    { name: 'a client leaf (03 02 07 80)', der: '03020780', usages: ['digitalSignature'] },
    { name: 'decipherOnly needs a second byte', der: '0303070080', usages: ['decipherOnly'] },
    { name: 'keyAgreement + encipherOnly', der: '03020009', usages: ['keyAgreement', 'encipherOnly'] },
  ];
  for (const v of vectors) {
    it(`${v.name}: reads and writes the same bits`, () => {
      const bytes = Uint8Array.from(Buffer.from(v.der.slice(6), 'hex'));
      expect(keyUsagesOf(bytes)).toEqual(v.usages);
      const written = keyUsageBits(v.usages);
      expect(hex(Uint8Array.of(0x03, written.bytes.length + 1, written.unused, ...written.bytes))).toBe(v.der);
    });
  }

  it('lists the nine usages in bit order', () => {
    expect(KEY_USAGES.indexOf('digitalSignature')).toBe(0);
    expect(KEY_USAGES.indexOf('keyAgreement')).toBe(4);
    expect(KEY_USAGES.indexOf('cRLSign')).toBe(6);
    expect(KEY_USAGES.indexOf('decipherOnly')).toBe(8);
    expect(KEY_USAGES).toHaveLength(9);
  });

  for (const usage of KEY_USAGES) {
    it(`${usage} alone round-trips through keyUsageExtension and the extension decoder`, () => {
      const { info } = extensionsOf(parseOne(sequence(keyUsageExtension([usage], true)), 'Extensions'));
      expect(info.keyUsage).toEqual({ critical: true, usages: [usage] });
    });
  }
});
