// The secure-element family profile: the factory slot reserved, the chip serial as the default CN, KWSE time limits,
// and the console's rules (reads pass, changes are audited, the factory identity and unknown verbs are refused), with
// typed requests going through the adapter's line client to the emulated chip.
import { describe, expect, it } from 'vitest';
import { SE_TIMEOUT_MS } from '../../protocols/se-constants.ts';
import { EMULATED_STSAFE_VENDOR_ROOT_PEM } from '../../../pki/vendor-roots.ts';
import { classifySeTyped } from './console-rules.ts';
import { SeLineClient } from './line-client.ts';
import { SE_PROFILE } from './profile.ts';
import { connectEmulatedSe } from './testing.ts';

describe('secure-element profile', () => {
  it('keeps slot 0 as the factory identity, names the chip serial as the default CN and knows the KWSE time limits', () => {
    // Slot 0 is the factory identity: read and checked against the vendor roots, never changed (not "reserved").
    expect(SE_PROFILE.reservedSlot(0)).toBeNull();
    expect(SE_PROFILE.factoryIdentity?.slot).toBe(0);
    expect(SE_PROFILE.factoryIdentity?.vendorRoots).toEqual([EMULATED_STSAFE_VENDOR_ROOT_PEM]);
    expect(SE_PROFILE.maxUserSlot).toBe(1);
    expect(SE_PROFILE.defaultCsrCn({ serial: '0209203A5C1E8B4F71' })).toBe('0209203A5C1E8B4F71');
    expect(SE_PROFILE.timeLimitMs('keygen 1 P-256')).toBe(SE_TIMEOUT_MS.KEYGEN);
    expect(SE_PROFILE.timeLimitMs('AT+CGMI')).toBeUndefined();
    expect(SE_PROFILE.keyCurves).toEqual(['P-256', 'P-384']);
  });

  it('classifies typed requests: reads, audited changes, the factory identity and unknown verbs refused', () => {
    for (const read of ['ID', 'zones', 'ZREAD 0 0 16', 'PUBKEY 1', 'PING 01'])
      expect(classifySeTyped(read)).toEqual({ kind: 'read' });
    expect(classifySeTyped('KEYGEN 1 P-384')).toMatchObject({
      kind: 'changing',
      change: { action: 'keygen', detail: { secTag: 1, credentialKind: 'privateKey' } },
    });
    expect(classifySeTyped('ZWRITE 2 0 00')).toMatchObject({
      kind: 'changing',
      change: { action: 'credential-write', detail: { deviceType: 'zone 2' } },
    });
    expect(classifySeTyped('ZERASE 1')).toMatchObject({ kind: 'changing', change: { action: 'credential-delete' } });
    for (const bad of ['KEYGEN 0 P-256', 'ZWRITE 0 0 00', 'ZERASE 0', 'ZERASE', '5 ID', 'AT+CGMI', 'IMPORTKEY 1'])
      expect(classifySeTyped(bad).kind, bad).toBe('refused');
  });

  it('sends typed requests through the adapter’s client: the answer line comes back, a refusal is an error', async () => {
    const { device } = await connectEmulatedSe();
    const line = new SeLineClient(device.client);
    const zones = await line.send('zones');
    // The line as the board sent it, with the sequence number the client chose.
    expect(zones.ok && zones.value.lines).toEqual([
      expect.stringMatching(/^\d+ OK zones=0:1024:ro,1:1536:rw,2:1536:rw,3:1024:rw,4:512:rw,5:512:rw$/),
    ]);
    expect(await line.send('PUBKEY 1')).toMatchObject({ ok: false, error: { code: 'device-rejected' } });
    expect(await line.send('AT')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
