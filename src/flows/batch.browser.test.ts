// A batch in real Chromium: three emulated nRF9160 boards found through the emulated port source's granted ports,
// one fixed profile and lab CA, three distinct verified certificates, a running count, results persisted in
// IndexedDB and exported as CSV.
import { afterEach, describe, expect, it } from 'vitest';
import { factsOf, NRF91_FACTORY_BOARDS } from '../devices/emulator/index.ts';
import { BATCH_CSV_COLUMNS } from './batch-csv.ts';
import { BatchSession } from './batch.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { CountingSource } from './testing/ca-sources.ts';
import { flowHarness, until, type FlowHarness } from './testing/harness.ts';
import type { ProvisionProfile } from './types.ts';

let h: FlowHarness;
let batch: BatchSession | null = null;
afterEach(async () => {
  await batch?.close();
  batch = null;
  await h?.cleanup();
});

const profile = { ...DEFAULT_PROFILE, secTag: 1234, commonName: { mode: 'imei' as const } };

describe('batch provisioning', () => {
  it('provisions three boards with three distinct verified certificates and a CSV summary', async () => {
    // Exactly three boards on the bench, so that after them the search for a next board finds none.
    const bench = NRF91_FACTORY_BOARDS.filter((f) => ['nrf9160-a', 'nrf9160-b', 'nrf9160-c'].includes(f.id));
    h = await flowHarness({ factories: bench });
    const ca = await h.labCa();
    const started = await BatchSession.start(h.deps(), profile, ca);
    if (!started.ok) throw new Error(started.error.message);
    batch = started.value;
    const counts: number[] = [];
    batch.subscribe((s) => counts.at(-1) !== s.counts.verified && counts.push(s.counts.verified));
    for (let i = 0; i < 3; i++) {
      const s = await batch.nextBoard();
      expect(s.current?.step.name).toBe('done');
    }
    // All three are done: the next search finds no new board among the granted ports.
    const none = await batch.nextBoard(undefined, { signal: AbortSignal.timeout(300) });
    expect(none.current).toBeNull();
    expect(none.message).toMatch(/next board/);
    const results = batch.snapshot.results;
    expect(results.map((r) => r.outcome)).toEqual(['verified', 'verified', 'verified']);
    const imeis = ['nrf9160-a', 'nrf9160-b', 'nrf9160-c'].map((id) => h.lab.control(id).factsOf('nrf91').imei);
    expect(results.map((r) => r.imei).sort()).toEqual([...imeis].sort());
    expect(new Set(results.map((r) => r.certSha256)).size).toBe(3);
    expect(new Set(results.map((r) => r.serialHex)).size).toBe(3);
    for (const r of results) expect(r.subject).toBe(`CN=${r.imei}`);
    expect(counts).toEqual([0, 1, 2, 3]);
    for (const id of ['nrf9160-a', 'nrf9160-b', 'nrf9160-c']) expect(h.count(id, 'AT%KEYGEN=1234,2,0')).toBe(1);
    const csv = batch.toCsv().split('\r\n');
    expect(csv[0]).toBe(BATCH_CSV_COLUMNS.join(','));
    expect(csv.filter((l) => l.includes(',verified,1234,'))).toHaveLength(3);
    for (const r of results) expect(csv.join('\n')).toContain(r.certSha256!);
    // The results survive a reload.
    const stored = await h.store.getBatch(batch.snapshot.id);
    expect(stored.ok && stored.value?.results).toHaveLength(3);
    const restored = await BatchSession.restore(h.deps(), batch.snapshot.id, ca);
    expect(restored.ok && restored.value?.toCsv()).toBe(batch.toCsv());
    const otherCa = await BatchSession.restore(h.deps(), batch.snapshot.id, await h.labCa());
    expect(otherCa.ok ? null : otherCa.error.code).toBe('ca-mismatch');
    const verified = (await h.records()).filter((r) => r.action === 'verify' && r.outcome === 'success');
    expect(new Set(verified.map((r) => r.device.id)).size).toBe(3);
  });

  it('keeps a board that could not be done in the results with its reason, and moves on', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const started = await BatchSession.start(h.deps(), { ...profile, secTag: 16842753, writeCaCertificate: false }, ca);
    if (!started.ok) throw new Error(started.error.message);
    batch = started.value;
    // Board A holds a key and a client certificate at this sec_tag: the batch stops for a confirmation the user does
    // not give. Board B holds only a root CA there, which this profile keeps.
    let s = await batch.nextBoard(h.lab.port('nrf9160-a'));
    expect(s.current?.step.name === 'prepare' && s.current.next.kind).toBe('confirm-overwrite');
    s = await batch.nextBoard(h.lab.port('nrf9160-b'));
    expect(s.current?.step.name).toBe('done');
    await batch.close();
    const results = batch.snapshot.results;
    expect(results.map((r) => r.outcome)).toEqual(['skipped', 'verified']);
    expect(results[0]!.reason).toMatch(/prepare/);
    expect(batch.snapshot.counts).toEqual({ total: 2, verified: 1, failed: 1 });
    expect(h.count('nrf9160-a', 'AT%KEYGEN')).toBe(0);
  });

  it('is not "looking for a board" while it provisions the one it found', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const started = await BatchSession.start(h.deps(), profile, ca);
    if (!started.ok) throw new Error(started.error.message);
    batch = started.value;
    const whileWorking: boolean[] = [];
    batch.subscribe((s) => {
      if (s.current?.busy && s.current.step.name === 'generate-key') whileWorking.push(s.searching);
    });
    const s = await batch.nextBoard();
    expect(s.current?.step.name).toBe('done');
    expect(whileWorking.length).toBeGreaterThan(0);
    expect(whileWorking.every((searching) => !searching)).toBe(true);
  });
});

describe('the first board of a batch', () => {
  it('goes on with a connection handed over (no second connect) while the batch is saved', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const port = h.lab.port('nrf9160-a');
    const opened = await h.deps().connect!(port, {});
    if (!opened.ok) throw new Error(opened.error.message);
    const probes = h.count('nrf9160-a', 'AT+CGMI');
    const started = await BatchSession.start(h.deps(), profile, ca, port, opened.value);
    if (!started.ok) throw new Error(started.error.message);
    batch = started.value;
    const s = await batch.nextBoard(port);
    expect(s.current?.step.name).toBe('done');
    expect(h.count('nrf9160-a', 'AT+CGMI')).toBe(probes + 1); // identified once more by the flow, not connected again
    const stored = await h.store.getBatch(batch.snapshot.id);
    expect(stored.ok && stored.value?.results).toHaveLength(1);
  });

  it('a batch that cannot be saved stops its first board before anything changes on it', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const port = h.lab.port('nrf9160-a');
    // The batch's first save fails (a full disk); its later saves (the result at close) go through.
    const store = Object.create(h.store) as typeof h.store;
    let saves = 0;
    store.putBatch = (record) =>
      saves++
        ? h.store.putBatch(record)
        : Promise.resolve({
            ok: false as const,
            error: { code: 'storage-failed' as const, message: 'The disk is full.' },
          });
    const started = await BatchSession.start(h.deps({ store }), profile, ca, port);
    if (!started.ok) throw new Error(started.error.message);
    batch = started.value;
    const s = await batch.nextBoard(port);
    if (s.current?.step.name !== 'failed') throw new Error(JSON.stringify(s.current?.step));
    expect(s.current.step.error.message).toMatch(/batch could not be saved: The disk is full/);
    expect(h.count('nrf9160-a', 'AT%KEYGEN')).toBe(0);
    expect(h.count('nrf9160-a', 'AT+CFUN=4')).toBe(0);
  });
});

describe('batch and a board with an unfinished single-board run', () => {
  const B = 'nrf9160-b';

  /** A single-board run with `single` and `singleCa` on board B, left at get the certificate (page closed). */
  async function leaveUnfinished(single: ProvisionProfile, singleCa: CountingSource) {
    singleCa.holdEnroll = new Promise(() => {});
    const flow = h.flow();
    await flow.connectPort(h.lab.port(B));
    const running = flow.prepare({ profile: single, ca: singleCa });
    await until(flow, (s) => s.step.name === 'get-certificate');
    await flow.dispose();
    await running;
    singleCa.holdEnroll = null;
  }

  it('with another CA: the batch CA is used, the key that fits is kept, the row names what was provisioned', async () => {
    h = await flowHarness();
    const singleCa = h.register(new CountingSource(await h.labCa()));
    const batchCa = h.register(new CountingSource(await h.labCa()));
    await leaveUnfinished(profile, singleCa);
    const started = await BatchSession.start(h.deps(), profile, batchCa);
    if (!started.ok) throw new Error(started.error.message);
    batch = started.value;
    const s = await batch.nextBoard(h.lab.port(B));
    if (s.current?.step.name !== 'done') throw new Error(JSON.stringify(s.current?.step));
    expect(s.current.notes.join(' ')).toMatch(/another profile or CA.*batch's settings are used.*kept/);
    expect(h.count(B, 'AT%KEYGEN')).toBe(1); // no second key
    expect(singleCa.issued).toBe(0);
    expect(batchCa.issued).toBe(1);
    expect(s.current.step.summary.ca.label).toBe(batchCa.label);
    expect(s.results[0]).toMatchObject({ outcome: 'verified', secTag: 1234, ca: batchCa.label });
  });

  it('with another sec_tag: it starts again with the batch settings (a new key there), and says so', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    await leaveUnfinished({ ...profile, secTag: 77 }, ca);
    const started = await BatchSession.start(h.deps(), profile, ca);
    if (!started.ok) throw new Error(started.error.message);
    batch = started.value;
    const s = await batch.nextBoard(h.lab.port(B));
    if (s.current?.step.name !== 'done') throw new Error(JSON.stringify(s.current?.step));
    expect(s.current.notes.join(' ')).toMatch(/another profile or CA.*starts again with the batch's settings/);
    expect(h.count(B, 'AT%KEYGEN=1234,2,0')).toBe(1);
    expect(s.current.step.summary.secTag).toBe(1234);
    expect(batch.toCsv()).toContain(',verified,1234,');
  });
});
