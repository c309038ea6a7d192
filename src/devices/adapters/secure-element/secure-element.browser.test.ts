// The secure-element adapter and the emulated STSAFE-A110 in real Chromium: the board's ECDSA (@noble/curves,
// Brainpool included) loads in the browser, and the browser's own WebCrypto verifies what the chip signed on P-256
// and P-384, and refuses a Brainpool key (the reason KeyWire reports Brainpool as not browser-verifiable).
import { describe, expect, it } from 'vitest';
import { toArrayBuffer, utf8 } from '../../../lib/bytes.ts';
import { derToRawSignature } from '../../../pki/ecdsa-signature.ts';
import { EMULATED_STSAFE_FACTORY_CERT_PEM } from '../../emulator/stsafe/stsafe-factory-pems.ts';
import { connectEmulatedSe } from './testing.ts';

describe('secure-element adapter in Chromium', () => {
  it.each(['P-256', 'P-384'] as const)('a %s slot-1 signature verifies with Chromium WebCrypto', async (curve) => {
    const { device } = await connectEmulatedSe();
    const key = await device.slotKeys.generate(1, curve);
    if (!key.ok) throw new Error(key.error.message);
    const message = utf8('challenge from the worker');
    const digest = new Uint8Array(await crypto.subtle.digest(key.value.hash, toArrayBuffer(message)));
    const sig = await device.signer!.sign(1, digest);
    if (!sig.ok) throw new Error(sig.error.message);
    const size = curve === 'P-256' ? 32 : 48;
    const publicKey = await crypto.subtle.importKey(
      'spki',
      toArrayBuffer(key.value.spki),
      { name: 'ECDSA', namedCurve: curve },
      false,
      ['verify'],
    );
    const raw = derToRawSignature(sig.value, size)!;
    expect(
      await crypto.subtle.verify(
        { name: 'ECDSA', hash: key.value.hash },
        publicKey,
        toArrayBuffer(raw),
        toArrayBuffer(message),
      ),
    ).toBe(true);
  });

  it('Chromium cannot import the Brainpool key the chip makes', async () => {
    const { device } = await connectEmulatedSe();
    const key = await device.slotKeys.generate(1, 'BP-384');
    if (!key.ok) throw new Error(key.error.message);
    expect(key.value.browserVerifiable).toBe(false);
    const imported = await crypto.subtle
      .importKey('spki', toArrayBuffer(key.value.spki), { name: 'ECDSA', namedCurve: 'P-384' }, false, ['verify'])
      .then(
        () => 'imported',
        (e: unknown) => (e as DOMException).name,
      );
    expect(imported).not.toBe('imported');
  });

  it('reads the factory certificate in pieces', async () => {
    const { device } = await connectEmulatedSe();
    const r = await device.credentials.read(0, 'clientCert');
    expect(r.ok && r.value.content).toBe(EMULATED_STSAFE_FACTORY_CERT_PEM);
  });
});
