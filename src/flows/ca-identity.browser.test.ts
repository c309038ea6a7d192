// Which CA a stored flow belongs to is decided by the source's id (fingerprints), not its label: two manual
// exchanges are both labelled "Manual exchange" but chain to different CAs, and two lab CAs may share a name. A
// flow resumed after a reload must not carry on with (or reuse a certificate from) another CA that happens to have
// the same label. Real Chromium, the emulated board, the real worker and stores (flows/testing/harness.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { LabCaSource } from '../ca/lab.ts';
import { ManualSource } from '../ca/manual.ts';
import { testCa } from '../pki/test-certs.ts';
import { caRefOf, sameCa } from './ca-ref.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { flowHarness, until, type FlowHarness } from './testing/harness.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

const B = 'nrf9160-b';

describe('CA identity', () => {
  it('two lab CAs with the same name are different CAs; the same CA opened twice is the same', async () => {
    h = await flowHarness();
    const made = [];
    for (let i = 0; i < 2; i++) {
      const r = await h.client.createCa({ name: 'Twin', curve: 'P-256', withIntermediate: false });
      if (!r.ok) throw new Error(r.error.message);
      made.push(r.value.id);
    }
    const [a, b, again] = await Promise.all(
      [made[0]!, made[1]!, made[0]!].map(async (caId) => {
        const s = await LabCaSource.open(h.client, { caId });
        if (!s.ok) throw new Error(s.error.message);
        return s.value;
      }),
    );
    expect(sameCa(caRefOf(a!), caRefOf(b!))).toBe(false);
    expect(sameCa(caRefOf(a!), caRefOf(again!))).toBe(true);
    // A ref stored before ids existed never matches a source that has one.
    expect(sameCa({ kind: 'lab', label: a!.label }, caRefOf(a!))).toBe(false);
    for (const id of made) await h.client.deleteCa(id);
  });

  it('a flow resumed after a reload does not continue with another CA that has the same label', async () => {
    h = await flowHarness();
    const first = new ManualSource({ caPem: (await testCa('Identity CA one')).pem });
    const other = new ManualSource({ caPem: (await testCa('Identity CA two')).pem });
    expect(other.label).toBe(first.label);
    h.register(first);
    const before = h.flow();
    await before.connectPort(h.lab.port(B));
    const running = before.prepare({ profile: { ...DEFAULT_PROFILE, secTag: 42 }, ca: first });
    await until(before, (s) => s.step.name === 'get-certificate' && first.pending !== null);
    await before.dispose(); // the page goes away while the CSR waits for its certificate
    await running;

    // After the reload only the other manual exchange is set up: same label, another CA.
    const after = h.flow({}, { resolveCa: (ref) => (ref.label === other.label ? other : null) });
    const s = await after.connectPort(h.lab.port(B));
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.error.code).toBe('ca-unavailable');
    expect(other.pending).toBeNull();
    await after.dispose();

    // The same CA set up again (a new source object, the same CA certificate): the flow carries on with it.
    const same = new ManualSource({ caPem: first.settings.caPem });
    const resumed = h.flow({}, { resolveCa: (ref) => (ref.label === same.label ? same : null) });
    const again = resumed.connectPort(h.lab.port(B));
    await until(resumed, (x) => x.step.name === 'get-certificate' && same.pending !== null);
    expect(h.count(B, 'AT%KEYGEN')).toBe(1);
    same.cancel();
    await again;
  });
});
