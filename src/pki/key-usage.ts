// Layer: PKI codecs. The RFC 5280 §4.2.1.3 KeyUsage bits in bit order (bit 0 first): the one table that the
// extension reader, the extension writer and the emulated modem's `%KEYGEN` key usage argument all index.
export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;

export type KeyUsageName = (typeof KEY_USAGES)[number];

/** The usages whose bits are set in a KeyUsage BIT STRING's content bytes (bit 0 is the top bit of byte 0). */
export function keyUsagesOf(bits: Uint8Array): KeyUsageName[] {
  return KEY_USAGES.filter((_, i) => ((bits[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
}

/**
 * DER's minimal named bit list for these usages: the content bytes with trailing zero bytes dropped and the count of
 * unused (trailing zero) bits in the last byte. No usage at all gives one zero byte, as KeyWire always wrote it.
 */
export function keyUsageBits(usages: readonly KeyUsageName[]): { readonly bytes: Uint8Array; readonly unused: number } {
  const bytes = new Uint8Array(2);
  for (const usage of usages) {
    const i = KEY_USAGES.indexOf(usage);
    bytes[i >> 3]! |= 0x80 >> (i & 7);
  }
  const length = bytes[1] ? 2 : 1;
  const last = bytes[length - 1]!;
  return { bytes: bytes.slice(0, length), unused: last === 0 ? 0 : Math.min(7, Math.log2(last & -last)) };
}
