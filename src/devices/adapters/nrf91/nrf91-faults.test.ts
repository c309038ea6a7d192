// The nRF91 stack against the emulator's fault injector: damaged bytes must end as a clear error, never as wrong
// data; a stall must end as a time-out the session recovers from; an unplug must end as disconnected.
import { describe, expect, it } from 'vitest';
import { createEmulatorLab, factsOf, MemoryFlashStore } from '../../emulator/index.ts';
import { connectDevice } from '../connect.ts';

async function connected() {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const r = await connectDevice(lab.port('nrf9160-a'));
  if (!r.ok) throw new Error(`connect failed: ${r.error.code} ${r.error.message}`);
  return { control: lab.control('nrf9160-a'), ...r.value };
}

describe('nRF91 stack under injected faults', () => {
  it.each(['drop-byte', 'corrupt-byte'] as const)(
    'a %s in a credential read is an error, never different content',
    async (kind) => {
      const { device, control } = await connected();
      const good = await device.credentials!.read(16842753, 'caCert');
      if (!good.ok) throw new Error(good.error.message);
      let caught = 0;
      for (let attempt = 0; attempt < 5; attempt++) {
        control.inject({ kind });
        const r = await device.credentials!.read(16842753, 'caCert', { timeoutMs: 500 });
        if (r.ok) expect(r.value.content).toBe(good.value.content);
        else {
          caught++;
          expect(['protocol', 'timeout', 'device-rejected']).toContain(r.error.code);
        }
      }
      expect(caught).toBeGreaterThan(0);
      const after = await device.credentials!.read(16842753, 'caCert');
      expect(after.ok && after.value.content).toBe(good.value.content);
      await device.close();
    },
  );

  it('a stall longer than the time limit is a timeout, and the next command gets its own answer', async () => {
    const { device, control } = await connected();
    control.inject({ kind: 'stall', ms: 300 });
    const stalled = await device.functionalMode!.get({ timeoutMs: 100 });
    expect(!stalled.ok && stalled.error.code).toBe('timeout');
    const id = await device.identify();
    expect(id.ok && id.value.imei).toBe(control.factsOf('nrf91').imei);
    await device.close();
  });

  it('an unplug fault ends the command in flight as disconnected', async () => {
    const { device, control, connection } = await connected();
    control.inject({ kind: 'unplug' });
    const r = await device.credentials!.list();
    expect(!r.ok && r.error.code).toBe('disconnected');
    expect(connection.state).toBe('disconnected');
    await device.close();
  });
});
