// The provisioning flow on the emulated Zephyr board (nRF7002 DK) in real Chromium: the shell over an emulated Web
// Serial port, the real crypto worker, the lab CA, real IndexedDB stores. From a blank sec tag to a certificate the
// board stores byte for byte (digest over PEM + NUL), the key made in the board's PSA store and never sent.
import { afterEach, describe, expect, it } from 'vitest';
import { ZEPHYR_FACTORIES, NRF91_FACTORY_BOARDS } from '../devices/emulator/index.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { flowHarness, type FlowHarness } from './testing/harness.ts';
import type { ProvisionProfile } from './types.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

const profile = (o: Partial<ProvisionProfile> = {}): ProvisionProfile => ({ ...DEFAULT_PROFILE, secTag: 42, ...o });

describe('provisioning an emulated Zephyr board', () => {
  it('runs from connect to a verified certificate the board stores', async () => {
    h = await flowHarness({ factories: [...ZEPHYR_FACTORIES, NRF91_FACTORY_BOARDS[1]!] });
    const ca = await h.labCa(true);
    const flow = h.flow();
    let s = await flow.connectPort(h.lab.port('nrf7002dk-a'));
    expect(s.device?.deviceId).toBe('a1b2c3d4e5f60718');
    s = await flow.selectSecTag(42);
    const steps: string[] = [];
    flow.subscribe((x) => steps.at(-1) !== x.step.name && steps.push(x.step.name));
    s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(steps).toEqual([
      'prepare',
      'generate-key',
      'check-csr',
      'get-certificate',
      'check-before-write',
      'write',
      'verify',
      'done',
    ]);
    const sent = h.sent('nrf7002dk-a');
    expect(sent).toContain('nrf_cloud_cred keygen 42\r');
    expect(sent).toContain('cred add 42 SERV DEFAULT bint\r');
    expect(sent).toContain('cred add 42 CA DEFAULT bint\r');
    expect(sent).not.toMatch(/cred add \d+ PK/);
  });
});
