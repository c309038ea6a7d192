// The health check on the emulated STSAFE-A110 (Node, the crypto worker's API in this thread): the factory identity in
// slot 0 is read from zone 0, its certificate validated against the emulated vendor root KeyWire knows, and the chip
// proves it holds the certificate's key by signing a fresh challenge with slot 0. A board whose factory certificate
// does not chain to the vendor root is named for it. Reads only: nothing is written.
import { describe, expect, it } from 'vitest';
import { connectDevice } from '../devices/adapters/index.ts';
import type { Device } from '../devices/device.ts';
import { createEmulatorLab, MemoryFlashStore } from '../devices/emulator/index.ts';
import { EMULATED_NORDIC_IDENTITY_ROOT_PEM } from '../devices/emulator/nrf91/nrf91-factory-pems.ts';
import { runHealthCheck } from './health-check.ts';
import { checkCryptoInThread } from './testing/check-crypto.ts';

async function stsafe() {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, boardOptions: { stsafeSeed: 3 } });
  let sent = '';
  const r = await connectDevice(lab.port('stsafe-a'), {
    probeTimeoutMs: 300,
    onTap: (e) => {
      if (e.dir === 'tx') sent += new TextDecoder().decode(e.bytes);
    },
  });
  if (!r.ok) throw new Error(r.error.message);
  const who = await r.value.device.identify();
  if (!who.ok) throw new Error(who.error.message);
  return { device: r.value.device, identity: who.value, sent: () => sent };
}

describe('health check of a secure-element board: the factory identity as evidence', () => {
  it('reads the factory certificate, validates it to the vendor root and has slot 0 sign a challenge', async () => {
    const { device, identity, sent } = await stsafe();
    const r = await runHealthCheck({ device, identity }, { crypto: checkCryptoInThread() });
    if (!r.ok) throw new Error(r.error.message);
    const slot0 = r.value.tags.find((t) => t.secTag === 0)!;
    const cert = slot0.items.find((i) => i.kind === 'clientCert')!;
    expect(cert.read.status).toBe('read');
    expect(cert.read.status === 'read' && cert.read.certificates[0]?.subject).toContain(identity.serial);
    // No chain defect against the vendor root, no "CA missing" in the factory slot; the key proven by the chip.
    const codes = slot0.findings.map((f) => f.code);
    expect(codes).not.toContain('ca-missing');
    expect(codes.filter((c) => c.startsWith('chain'))).toEqual(['chain-ok']);
    const key = slot0.findings.find((f) => f.evidence.includes('challenge'));
    expect(key?.severity).toBe('ok');
    expect(slot0.findings.some((f) => f.evidence.includes("the board vendor's root (factory identity)"))).toBe(true);
    expect(sent()).toMatch(/^\d+ SIGN 0 [0-9A-F]{64}\r?\n/m);
    expect(sent()).not.toMatch(/^\d+ (KEYGEN|ZWRITE|ZERASE)/m);
    await device.close();
  });

  it('names a factory certificate that does not chain to the vendor roots it is checked against', async () => {
    const { device, identity } = await stsafe();
    const other: Device = {
      ...device,
      profile: {
        ...device.profile,
        factoryIdentity: { ...device.profile.factoryIdentity!, vendorRoots: [EMULATED_NORDIC_IDENTITY_ROOT_PEM] },
      },
    };
    const r = await runHealthCheck({ device: other, identity }, { crypto: checkCryptoInThread() });
    if (!r.ok) throw new Error(r.error.message);
    const slot0 = r.value.tags.find((t) => t.secTag === 0)!;
    const chain = slot0.findings.filter((f) => f.code.startsWith('chain') && f.severity !== 'ok');
    expect(chain.length).toBeGreaterThan(0);
    expect(chain[0]!.evidence).toContain("the board vendor's root (factory identity)");
    await device.close();
  });
});
