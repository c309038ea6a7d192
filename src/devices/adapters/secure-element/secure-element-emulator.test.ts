// The secure-element adapter against the emulated STSAFE-A110 (in-process cable): detection (and leaving AT boards
// alone), identify, the signer on P-256 and P-384 checked with WebCrypto, Brainpool reported as not browser-
// verifiable, the factory certificate read in pieces and issued by the emulated vendor root for slot 0's key,
// certificates written to zones only when they fit, read back and compared.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, sha256Hex, toArrayBuffer, utf8 } from '../../../lib/bytes.ts';
import { derToRawSignature } from '../../../pki/ecdsa-signature.ts';
import { createEmulatorLab, MemoryFlashStore } from '../../emulator/index.ts';
import {
  EMULATED_STSAFE_FACTORY_CERT_PEM,
  EMULATED_STSAFE_VENDOR_ROOT_PEM,
} from '../../emulator/stsafe/stsafe-factory-pems.ts';
import { STSAFE_FACTORY_BOARDS } from '../../emulator/stsafe/stsafe-factory.ts';
import { StsafeBoard } from '../../emulator/stsafe/stsafe-board.ts';
import { StsafeStream } from '../../emulator/stsafe/stsafe-stream.ts';
import type { SerialConnection } from '../../transport/connection.ts';
import { connectDevice } from '../connect.ts';
import { nrf91Driver } from '../nrf91/driver.ts';
import { detectSecureElement, secureElementDriver } from './driver.ts';
import { connectEmulatedSe } from './testing.ts';

const der = (pem: string) => fromBase64(pem.replace(/-----[^-]+-----/g, ''))!;

async function verifiesInBrowserCrypto(
  spki: Uint8Array,
  curve: 'P-256' | 'P-384',
  message: Uint8Array,
  sigDer: Uint8Array,
) {
  const key = await crypto.subtle.importKey('spki', toArrayBuffer(spki), { name: 'ECDSA', namedCurve: curve }, false, [
    'verify',
  ]);
  const raw = derToRawSignature(sigDer, curve === 'P-256' ? 32 : 48)!;
  const hash = curve === 'P-256' ? 'SHA-256' : 'SHA-384';
  return crypto.subtle.verify({ name: 'ECDSA', hash }, key, toArrayBuffer(raw), toArrayBuffer(message));
}

const digestOf = async (hash: 'SHA-256' | 'SHA-384', message: Uint8Array) =>
  new Uint8Array(await crypto.subtle.digest(hash, toArrayBuffer(message)));

describe('secure-element detection', () => {
  it('claims the emulated STSAFE board after the nRF91 driver has left it alone', async () => {
    const board = new StsafeBoard({ factory: STSAFE_FACTORY_BOARDS[0]! });
    const stream = new StsafeStream(board);
    const asConnection = stream as unknown as SerialConnection;
    expect(await nrf91Driver.detect(asConnection, { probeTimeoutMs: 200 })).toEqual({ ok: true, value: null });
    const found = await detectSecureElement(stream, { probeTimeoutMs: 500 });
    expect(found.ok && found.value?.family).toBe('secure-element');
  });

  it('connectDevice with the registered drivers claims the lab STSAFE board, and the nRF91 board stays nRF91', async () => {
    const lab = createEmulatorLab({
      flash: new MemoryFlashStore(),
      pacing: false,
      keygenMs: 0,
      boardOptions: { stsafeSeed: 1 },
    });
    const se = await connectDevice(lab.port('stsafe-a'), { probeTimeoutMs: 300 });
    if (!se.ok) throw new Error(se.error.message);
    expect(se.value.device.family).toBe('secure-element');
    const id = await se.value.device.identify();
    expect(id.ok && id.value.serial).toBe(lab.control('stsafe-a').factsOf('stsafe').serial);
    await se.value.device.close();
    // A probe time limit far beyond the test's own: had any probe waited it out, the test would time out.
    const modem = await connectDevice(lab.port('nrf9160-a'), { probeTimeoutMs: 600_000 });
    if (!modem.ok) throw new Error(modem.error.message);
    expect(modem.value.device.family).toBe('nrf91'); // claimed before any other family's probe or time-out
    await modem.value.device.close();
  });

  it('claims the lab STSAFE board right after the AT probe: no probe waits out its time limit, no shell probe is sent', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), keygenMs: 0, boardOptions: { stsafeSeed: 1 } });
    let sent = '';
    // A limit no test could wait out: a probe that waited for it would time the test out.
    const se = await connectDevice(lab.port('stsafe-a'), {
      baudRate: 115200,
      probeTimeoutMs: 600_000,
      onTap: (e) => {
        if (e.dir === 'tx') sent += String.fromCharCode(...e.bytes);
      },
    });
    if (!se.ok) throw new Error(se.error.message);
    expect(se.value.device.family).toBe('secure-element');
    const lines = sent.split('\r').filter((l, i, all) => l || i < all.length - 1);
    expect(lines[0]).toBe('AT');
    expect(lines.slice(1).every((l) => /^\d+ [A-Z]+/.test(l))).toBe(true); // KWSE requests only: no empty shell line
    expect(lines.filter((l) => l === 'AT')).toHaveLength(1);
    await se.value.device.close();
  });

  it('a Zephyr board is still claimed by the Zephyr driver and an nRF91 board by the nRF91 driver with the signatures watched', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
    for (const [id, family] of [
      ['nrf7002dk-a', 'zephyr-tls-shell'],
      ['nrf9160-a', 'nrf91'],
    ] as const) {
      const r = await connectDevice(lab.port(id), { probeTimeoutMs: 600_000 });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.device.family).toBe(family);
      await r.value.device.close();
    }
  });

  it('leaves an nRF91 modem alone so the AT driver can claim it', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
    const r = await connectDevice(lab.port('nrf9160-a'), {
      families: [secureElementDriver, nrf91Driver],
      probeTimeoutMs: 300,
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.device.family).toBe('nrf91');
    await r.value.device.close();
  });
});

describe('secure-element adapter on the emulated STSAFE-A110', () => {
  it('identifies the chip by its serial', async () => {
    const { device } = await connectEmulatedSe();
    const r = await device.identify();
    expect(r).toEqual({
      ok: true,
      value: {
        family: 'secure-element',
        deviceId: '0209203A5C1E8B4F71',
        serial: '0209203A5C1E8B4F71',
        manufacturer: 'STMicroelectronics',
        model: 'STSAFE-A110',
        firmware: 'kwse-ref 1.0.0 (STM32L4)',
      },
    });
    expect(device.slotKeys.curves).toEqual(['P-256', 'P-384', 'BP-256', 'BP-384']);
    expect(device.signer!.curves).toEqual(['P-256', 'P-384']);
  });

  it('signs with the factory P-256 key in slot 0, verifiable with the factory certificate’s key', async () => {
    const { device } = await connectEmulatedSe();
    const spki = await device.signer!.publicKey(0);
    if (!spki.ok) throw new Error(spki.error.message);
    const factorySpki = new X509Certificate(EMULATED_STSAFE_FACTORY_CERT_PEM).publicKey.export({
      type: 'spki',
      format: 'der',
    });
    expect(Buffer.from(spki.value).equals(factorySpki)).toBe(true);
    const challenge = crypto.getRandomValues(new Uint8Array(32));
    const sig = await device.signer!.sign(0, await digestOf('SHA-256', challenge));
    if (!sig.ok) throw new Error(sig.error.message);
    expect(await verifiesInBrowserCrypto(spki.value, 'P-256', challenge, sig.value)).toBe(true);
    const other = crypto.getRandomValues(new Uint8Array(32));
    expect(await verifiesInBrowserCrypto(spki.value, 'P-256', other, sig.value)).toBe(false);
  });

  it.each(['P-256', 'P-384'] as const)(
    'generates a %s key in slot 1 whose signatures WebCrypto verifies',
    async (curve) => {
      const { device } = await connectEmulatedSe();
      expect((await device.slotKeys.read(1)).ok && (await device.slotKeys.read(1))).toEqual({ ok: true, value: null });
      const key = await device.slotKeys.generate(1, curve);
      if (!key.ok) throw new Error(key.error.message);
      expect(key.value).toMatchObject({
        slot: 1,
        curve,
        browserVerifiable: true,
        hash: curve === 'P-256' ? 'SHA-256' : 'SHA-384',
      });
      const read = await device.slotKeys.read(1);
      expect(read.ok && read.value?.point).toEqual(key.value.point);
      const message = utf8('KeyWire challenge');
      const sig = await device.signer!.sign(1, await digestOf(key.value.hash, message));
      if (!sig.ok) throw new Error(sig.error.message);
      expect(await verifiesInBrowserCrypto(key.value.spki, curve, message, sig.value)).toBe(true);
    },
  );

  it('refuses a digest whose length is not the slot curve’s hash, before sending anything', async () => {
    const se = await connectEmulatedSe();
    await se.device.slotKeys.generate(1, 'P-384');
    se.sent();
    const r = await se.device.signer!.sign(1, new Uint8Array(32));
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(se.sent()).toEqual([]);
  });

  it('generates Brainpool keys and says browsers cannot verify them', async () => {
    const { device } = await connectEmulatedSe();
    const key = await device.slotKeys.generate(1, 'BP-256');
    if (!key.ok) throw new Error(key.error.message);
    expect(key.value).toMatchObject({ curve: 'BP-256', browserVerifiable: false });
    // id-ecPublicKey + brainpoolP256r1 (1.3.36.3.3.2.8.1.1.7) in the SPKI
    expect(Buffer.from(key.value.spki).includes(Buffer.from('06092b2403030208010107', 'hex'))).toBe(true);
    const sig = await device.signer!.sign(1, new Uint8Array(32).fill(7));
    expect(sig.ok).toBe(true);
  });

  it('never generates over the factory key in slot 0', async () => {
    const se = await connectEmulatedSe();
    expect(await se.device.slotKeys.generate(0, 'P-256')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(se.sent()).toEqual([]);
    expect(se.board.chip.publicKey(0)).toMatchObject({ ok: true });
  });

  it('reads the factory certificate from zone 0 in pieces; it is issued by the emulated vendor root to the chip serial', async () => {
    const se = await connectEmulatedSe();
    const r = await se.device.credentials.read(0, 'clientCert');
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.content).toBe(EMULATED_STSAFE_FACTORY_CERT_PEM);
    const reads = se.sent().filter((l) => l.startsWith('ZREAD'));
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.every((l) => Number(l.split(' ')[3]) <= 256)).toBe(true);
    const cert = new X509Certificate(r.value.content);
    expect(cert.checkIssued(new X509Certificate(EMULATED_STSAFE_VENDOR_ROOT_PEM))).toBe(true);
    expect(cert.verify(new X509Certificate(EMULATED_STSAFE_VENDOR_ROOT_PEM).publicKey)).toBe(true);
    expect(cert.subject).toContain('CN=0209203A5C1E8B4F71');
  });

  it('writes a chain larger than one read to zone 1, reads it back equal and lists its SHA-256', async () => {
    const { device } = await connectEmulatedSe();
    const chain = EMULATED_STSAFE_FACTORY_CERT_PEM + EMULATED_STSAFE_VENDOR_ROOT_PEM;
    const progress: number[] = [];
    const w = await device.credentials.write(1, 'clientCert', chain, { onProgress: (f) => progress.push(f) });
    if (!w.ok) throw new Error(w.error.message);
    const bytes = concatBytes(der(EMULATED_STSAFE_FACTORY_CERT_PEM), der(EMULATED_STSAFE_VENDOR_ROOT_PEM));
    expect(w.value).toMatchObject({
      secTag: 1,
      kind: 'clientCert',
      bytes: bytes.length,
      // Over the certificates as LF PEM: what the check before writing approves and the flow compares.
      sha256: await sha256Hex(chain),
    });
    expect(progress.at(-1)).toBe(1);
    const back = await device.credentials.read(1, 'clientCert');
    expect(back.ok && back.value.content).toBe(chain);
    const list = await device.credentials.list({ kind: 'clientCert' });
    expect(list.ok && list.value.map((c) => [c.secTag, c.kind, c.sha256])).toEqual([
      [0, 'clientCert', await sha256Hex(EMULATED_STSAFE_FACTORY_CERT_PEM)],
      [1, 'clientCert', w.value.sha256],
    ]);
    expect((await device.credentials.delete(1, 'clientCert')).ok).toBe(true);
    const after = await device.credentials.list({ kind: 'clientCert' });
    expect(after.ok && after.value.map((c) => c.secTag)).toEqual([0]);
  });

  it('lists each slot’s key by the SHA-256 of its public key (never its content) and puts the CA in zone 2', async () => {
    const se = await connectEmulatedSe();
    const { device } = se;
    const spki0 = await device.signer!.publicKey(0);
    if (!spki0.ok) throw new Error(spki0.error.message);
    expect(await device.credentials.list({ kind: 'privateKey' })).toEqual({
      ok: true,
      value: [{ secTag: 0, kind: 'privateKey', deviceType: 'key slot 0', sha256: await sha256Hex(spki0.value) }],
    });
    const made = await device.signer!.generateKey!(1);
    if (!made.ok) throw new Error(made.error.message);
    const keys = await device.credentials.list({ secTag: 1, kind: 'privateKey' });
    expect(keys.ok && keys.value.map((c) => c.sha256)).toEqual([await sha256Hex(made.value)]);
    expect(await device.credentials.read(1, 'privateKey')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await device.credentials.write(1, 'privateKey', 'x')).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    se.sent();
    const w = await device.credentials.write(1, 'caCert', EMULATED_STSAFE_VENDOR_ROOT_PEM);
    expect(w.ok).toBe(true);
    expect(
      se
        .sent()
        .filter((l) => /^Z(WRITE|ERASE)/.test(l))
        .every((l) => l.split(' ')[1] === '2'),
    ).toBe(true);
    const ca = await device.credentials.list({ secTag: 1, kind: 'caCert' });
    expect(ca.ok && ca.value.map((c) => c.deviceType)).toEqual(['zone 2']);
  });

  it('never writes or erases zone 0, and refuses what does not fit with nothing sent', async () => {
    const se = await connectEmulatedSe();
    const store = se.device.credentials;
    expect(await store.write(0, 'clientCert', EMULATED_STSAFE_VENDOR_ROOT_PEM)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await store.delete(0, 'clientCert')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const big = (EMULATED_STSAFE_FACTORY_CERT_PEM + EMULATED_STSAFE_VENDOR_ROOT_PEM).repeat(2);
    se.sent();
    expect(await store.write(1, 'caCert', big)).toMatchObject({ ok: false, error: { code: 'too-long' } });
    expect(se.sent().filter((l) => /^Z(WRITE|ERASE)/.test(l))).toEqual([]);
    const zone0 = await store.read(0, 'clientCert');
    expect(zone0.ok && zone0.value.content).toBe(EMULATED_STSAFE_FACTORY_CERT_PEM);
  });
});
