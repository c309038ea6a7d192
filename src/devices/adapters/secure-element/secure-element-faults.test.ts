// The secure-element adapter with each fault of the emulated STSAFE-A110: the chip refuses to sign, the zone is full,
// the board resets in the middle of a write, the board sends a truncated line, the cable is pulled.
import { describe, expect, it } from 'vitest';
import { EMULATED_STSAFE_FACTORY_CERT_PEM } from '../../emulator/stsafe/stsafe-factory-pems.ts';
import { connectEmulatedSe } from './testing.ts';

const DIGEST = new Uint8Array(32).fill(0x5a);

describe('secure-element adapter with faults', () => {
  it('passes the chip status through when the chip refuses to sign', async () => {
    const { device, board } = await connectEmulatedSe();
    board.inject('sign-refused');
    const r = await device.signer!.sign(0, DIGEST);
    expect(r).toMatchObject({ ok: false, error: { code: 'device-rejected', se: { code: 'CHIP', status: 0x1e } } });
    expect(!r.ok && r.error.message).toContain('STSAFEA_UNAUTHORIZED_COMMAND');
    expect((await device.signer!.sign(0, DIGEST)).ok).toBe(true);
  });

  it('reports a full zone as a refusal and leaves nothing that passes for a certificate', async () => {
    const { device, board } = await connectEmulatedSe();
    board.inject('zone-full');
    const r = await device.credentials.write(1, 'clientCert', EMULATED_STSAFE_FACTORY_CERT_PEM);
    expect(r).toMatchObject({ ok: false, error: { code: 'device-rejected', se: { code: 'BOUNDS', status: 0x14 } } });
    const list = await device.credentials.list({ secTag: 1 });
    expect(list).toEqual({ ok: true, value: [] });
  });

  it('reports a reset in the middle of a write as restarted, lists the zone as damaged, and a second write succeeds', async () => {
    const { device, board } = await connectEmulatedSe();
    board.inject('reset-mid-write');
    const r = await device.credentials.write(1, 'clientCert', EMULATED_STSAFE_FACTORY_CERT_PEM);
    expect(r).toMatchObject({ ok: false, error: { code: 'restarted', onWire: true } });
    // Named by size, never the certificate's hex: ZWRITE 1 <offset> <n bytes>.
    expect(!r.ok && r.error.message).toMatch(/^The board restarted while carrying out ZWRITE 1 \d+ <\d+ bytes>;/);
    const half = await device.credentials.read(1, 'clientCert');
    expect(half).toMatchObject({ ok: false, error: { code: 'protocol' } });
    expect(!half.ok && half.error.message).toContain('damaged certificate');
    // The list names the half-written zone instead of failing, so a flow can write it again.
    const listed = await device.credentials.list({ secTag: 1 });
    expect(listed.ok && listed.value).toEqual([
      { secTag: 1, kind: 'clientCert', deviceType: 'zone 1', damaged: expect.stringContaining('damaged certificate') },
    ]);
    const again = await device.credentials.write(1, 'clientCert', EMULATED_STSAFE_FACTORY_CERT_PEM);
    expect(again.ok).toBe(true);
    const back = await device.credentials.read(1, 'clientCert');
    expect(back.ok && back.value.content).toBe(EMULATED_STSAFE_FACTORY_CERT_PEM);
  });

  it('refuses a truncated answer line instead of returning short data', async () => {
    const { device, board } = await connectEmulatedSe();
    board.inject('truncated-line');
    const r = await device.credentials.read(0, 'clientCert');
    expect(r).toMatchObject({ ok: false, error: { code: 'protocol' } });
    board.inject('truncated-line');
    const key = await device.signer!.publicKey(0);
    expect(key).toMatchObject({ ok: false, error: { code: 'protocol' } });
    const clean = await device.credentials.read(0, 'clientCert');
    expect(clean.ok && clean.value.content).toBe(EMULATED_STSAFE_FACTORY_CERT_PEM);
  });

  it('answers disconnected when the cable is pulled, then refuses further calls', async () => {
    const { device, board } = await connectEmulatedSe();
    board.inject('unplug');
    expect(await device.slotKeys.generate(1, 'P-256')).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(await device.identify()).toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });
});
