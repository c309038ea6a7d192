// Resume in real Chromium: a "reload" (the flow object dropped, a new one built from the IndexedDB stores) at get
// the certificate, and an unplug of the emulated board in the middle of writing. Both continue where they were:
// one key generated, one certificate issued, the board ends with the right SHA-256. Also: open audit intents are
// offered and closed when the board comes back, cancel then continue, a stale CSR, and another board on replug.
import { afterEach, describe, expect, it } from 'vitest';
import { factsOf } from '../devices/emulator/index.ts';
import { sha256Hex } from '../lib/bytes.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { CountingSource } from './testing/ca-sources.ts';
import { flowHarness, until, type FlowHarness } from './testing/harness.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

const profile = { ...DEFAULT_PROFILE, secTag: 42 };
const B = 'nrf9160-b';

async function boardList(port: SerialPort) {
  const s = await h.deps().connect!(port, {});
  if (!s.ok) throw new Error(s.error.message);
  const listed = await s.value.device.credentials!.list({ secTag: 42 });
  await s.value.device.close();
  if (!listed.ok) throw new Error(listed.error.message);
  return listed.value;
}

describe('resume after a reload', () => {
  it('at get the certificate: no second key, and the CA issues once', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    let release = () => {};
    ca.holdEnroll = new Promise((r) => (release = r));
    const before = h.flow();
    await before.connectPort(h.lab.port(B));
    const running = before.prepare({ profile, ca });
    await until(before, (s) => s.step.name === 'get-certificate');
    expect(h.count(B, 'AT%KEYGEN')).toBe(1);
    await before.dispose(); // the page goes away while the CA is asked
    await running;
    release();
    ca.holdEnroll = null;
    const after = h.flow();
    const s = await after.connectPort(h.lab.port(B));
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(s.resumedAt).toBe('get-certificate');
    expect(h.count(B, 'AT%KEYGEN')).toBe(1);
    expect(ca.issued).toBe(1);
    const keygens = (await h.records()).filter((r) => r.action === 'keygen' && r.outcome === 'intent');
    expect(keygens).toHaveLength(1);
  });

  it('after the CA answered: the certificate kept for the CSR is used, not issued again', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    ca.holdCaCertificates = new Promise(() => {});
    const before = h.flow();
    await before.connectPort(h.lab.port(B));
    const running = before.prepare({ profile, ca });
    await until(before, (s) => s.step.name === 'check-before-write');
    await before.dispose();
    await running;
    ca.holdCaCertificates = null;
    const after = h.flow();
    const s = await after.connectPort(h.lab.port(B));
    expect(s.step.name).toBe('done');
    expect(s.resumedAt).toBe('check-before-write');
    expect(ca.enrollCalls).toBe(1);
    expect(ca.issued).toBe(1);
    expect(h.count(B, 'AT%KEYGEN')).toBe(1);
    expect(s.notes.join(' ')).toMatch(/certificate already issued for its CSR/);
  });

  it('with a CSR older than the profile allows: a new key, and the stale CSR is not sent', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    ca.holdEnroll = new Promise(() => {});
    const before = h.flow();
    await before.connectPort(h.lab.port(B));
    const running = before.prepare({ profile: { ...profile, csrMaxAgeHours: 1 }, ca });
    await until(before, (s) => s.step.name === 'get-certificate');
    await before.dispose();
    await running;
    ca.holdEnroll = null;
    const later = Date.now() + 2 * 3_600_000;
    const after = h.flow({}, { now: () => later });
    const s = await after.connectPort(h.lab.port(B));
    expect(s.step.name).toBe('done');
    expect(s.resumedAt).toBe('generate-key');
    expect(s.notes.join(' ')).toMatch(/hours old/);
    expect(h.count(B, 'AT%KEYGEN')).toBe(2);
    expect(ca.issued).toBe(1);
  });
});

describe('resume without the CA source', () => {
  it('stops before touching the board until the CA source is set up again', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    ca.holdEnroll = new Promise(() => {});
    const before = h.flow();
    await before.connectPort(h.lab.port(B));
    const running = before.prepare({ profile, ca });
    await until(before, (s) => s.step.name === 'get-certificate');
    await before.dispose();
    await running;
    ca.holdEnroll = null;
    let configured = false;
    const offlineBefore = h.count(B, 'AT+CFUN=4');
    const after = h.flow({}, { resolveCa: (ref) => (configured && ref.label === ca.label ? ca : null) });
    let s = await after.connectPort(h.lab.port(B));
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.error.code).toBe('ca-unavailable');
    expect(s.next.kind).toBe('retry');
    expect(h.count(B, 'AT+CFUN=4')).toBe(offlineBefore);
    configured = true;
    s = await after.retry();
    expect(s.step.name).toBe('done');
    expect(h.count(B, 'AT%KEYGEN')).toBe(1);
  });
});

describe('resume after an unplug', () => {
  it('during write: waits for the board, skips what is stored, writes the rest, verifies', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    const control = h.lab.control(B);
    const flow = h.flow();
    await flow.connectPort(h.lab.port(B));
    let injected = false;
    flow.subscribe((s) => {
      if (!injected && s.step.name === 'write' && s.step.writes.some((w) => w.state === 'written')) {
        injected = true;
        control.inject({ kind: 'unplug' }); // the next command (the client certificate write) pulls the cable
      }
    });
    const running = flow.prepare({ profile, ca });
    const waiting = await until(flow, (s) => s.step.name === 'waiting-for-board');
    expect(waiting.next.kind).toBe('reconnect');
    expect(waiting.busy).toBe(true);
    expect(control.plugged).toBe(false);
    control.replug();
    const s = await running;
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(s.resumedAt).toBe('check-before-write');
    expect(h.count(B, 'AT%KEYGEN')).toBe(1);
    expect(ca.issued).toBe(1);
    expect(h.count(B, 'AT%CMNG=0,42,0,')).toBe(1); // the CA certificate was not written again
    expect(h.count(B, 'AT%CMNG=0,42,1,')).toBe(2); // the client certificate: lost with the cable, then written
    expect(s.notes.join(' ')).toMatch(/Already on the board/);
    await flow.dispose();
    const listed = await boardList(h.lab.port(B));
    const client = listed.find((c) => c.kind === 'clientCert')!;
    const pem = s.step.summary.files.find((f) => f.kind === 'certificate')!.content;
    expect(client.sha256).toBe(await sha256Hex(pem));
    const records = await h.records();
    const writes = records
      .filter((r) => r.action === 'credential-write')
      .map((r) => `${r.outcome}:${r.errorCode ?? ''}`);
    expect(writes).toEqual(['intent:', 'success:', 'intent:', 'failure:disconnected', 'intent:', 'success:']);
    expect(records.some((r) => r.action === 'disconnect')).toBe(true);
    const open = await h.audit.openIntents(s.device!.deviceId);
    expect(open.ok && open.value).toEqual([]);
  });

  it('during key generation: the board stored nothing, so a key is generated once it is back', async () => {
    h = await flowHarness({ keygenMs: 400 });
    const ca = await h.labCa();
    const control = h.lab.control(B);
    const flow = h.flow();
    await flow.connectPort(h.lab.port(B));
    const running = flow.prepare({ profile, ca });
    await until(flow, (s) => s.step.name === 'generate-key');
    while (h.count(B, 'AT%KEYGEN') === 0) await new Promise((r) => setTimeout(r, 5));
    control.unplug();
    await until(flow, (s) => s.step.name === 'waiting-for-board');
    control.replug();
    const s = await running;
    expect(s.step.name).toBe('done');
    expect(s.resumedAt).toBe('generate-key');
    expect(h.count(B, 'AT%KEYGEN')).toBe(2);
    const keygen = (await h.records())
      .filter((r) => r.action === 'keygen')
      .map((r) => `${r.outcome}:${r.errorCode ?? ''}`);
    expect(keygen).toEqual(['intent:', 'failure:disconnected', 'intent:', 'success:']);
  });

  it('while idle at prepare: waits for the board and is back at prepare', async () => {
    h = await flowHarness();
    const control = h.lab.control(B);
    const flow = h.flow();
    await flow.connectPort(h.lab.port(B));
    control.unplug();
    const waiting = await until(flow, (s) => s.step.name === 'waiting-for-board');
    expect(waiting.step.name === 'waiting-for-board' && waiting.step.at).toBe('prepare');
    control.replug();
    const back = await until(flow, (s) => s.step.name === 'prepare' && !s.busy);
    expect(back.device?.deviceId).toBe(control.factsOf('nrf91').deviceUuid.toLowerCase());
  });

  it('refuses another board plugged in instead of the one being provisioned', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    const flow = h.flow();
    await flow.connectPort(h.lab.port(B));
    let injected = false;
    flow.subscribe((s) => {
      if (!injected && s.step.name === 'write') {
        injected = true;
        h.lab.control(B).inject({ kind: 'unplug' });
      }
    });
    const running = flow.prepare({ profile, ca });
    await until(flow, (s) => s.step.name === 'waiting-for-board');
    flow.cancel();
    await running;
    const s = await flow.connectPort(h.lab.port('nrf9160-c'));
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.error.code).toBe('other-board');
    expect(s.step.error.action).toMatch(/Connect board/);
    expect(h.sent('nrf9160-c')).not.toMatch(/AT%KEYGEN|AT%CMNG=0|AT\+CFUN=4/);
  });
});

describe('open intents and cancel', () => {
  it('offers intents a crashed page left open, closes them when told, then continues', async () => {
    h = await flowHarness();
    const facts = h.lab.control(B).factsOf('nrf91');
    const id = facts.deviceUuid.toLowerCase();
    const begun = await h.audit.beginIntent({
      device: { family: 'nrf91', id, model: facts.model, firmware: facts.firmware },
      action: 'credential-write',
      detail: { secTag: 42, credentialKind: 'clientCert', contentSha256: 'AB'.repeat(32) },
    });
    expect(begun.ok).toBe(true);
    const flow = h.flow();
    let s = await flow.connectPort(h.lab.port(B));
    if (s.step.name !== 'open-intents') throw new Error(JSON.stringify(s.step));
    expect(s.next.kind).toBe('close-intents');
    expect(s.step.intents).toMatchObject([{ action: 'credential-write', suggested: 'failure' }]);
    s = await flow.closeOpenIntents();
    expect(s.step.name).toBe('prepare');
    const open = await h.audit.openIntents(id);
    expect(open.ok && open.value).toEqual([]);
    const last = (await h.records()).at(-1)!;
    expect(last).toMatchObject({
      action: 'credential-write',
      outcome: 'failure',
      intentSeq: begun.ok ? begun.value.seq : -1,
    });
    expect(last.detail.resolution).toBe('closed-by-operator');
  });

  it('an open key generation is settled from the key slot; without the slot before, nothing is pre-selected', async () => {
    h = await flowHarness();
    const facts = h.lab.control(B).factsOf('nrf91');
    const id = facts.deviceUuid.toLowerCase();
    const device = { family: 'nrf91', id, model: facts.model, firmware: facts.firmware };
    // The board makes a key at sec_tag 42 behind KeyWire's back, as a reloaded page's %KEYGEN would have.
    const s0 = await h.deps().connect!(h.lab.port(B), {});
    if (!s0.ok) throw new Error(s0.error.message);
    await s0.value.device.functionalMode!.set(4);
    expect((await s0.value.device.keys!.generate({ secTag: 42, output: 'csr' })).ok).toBe(true);
    await s0.value.device.close();
    const made = await h.audit.beginIntent({
      device,
      action: 'keygen',
      detail: { secTag: 42, credentialKind: 'privateKey', ext: { keySlotBefore: 'none' } },
    });
    const old = await h.audit.beginIntent({ device, action: 'keygen', detail: { secTag: 42 } });
    if (!made.ok || !old.ok) throw new Error('intent');
    const flow = h.flow();
    let s = await flow.connectPort(h.lab.port(B));
    if (s.step.name !== 'open-intents') throw new Error(JSON.stringify(s.step));
    const bySeq = [...s.step.intents].sort((a, b) => a.seq - b.seq);
    expect(bySeq.map((o) => [o.seq, o.suggested])).toEqual([
      [made.value.seq, 'success'],
      [old.value.seq, null],
    ]);
    expect(bySeq[0]!.reason).toMatch(/new key at sec_tag 42/);
    // Continue without a decision for the one the board cannot settle: nothing is closed.
    s = await flow.closeOpenIntents();
    expect(s.step.name).toBe('open-intents');
    expect(s.notes.join(' ')).toMatch(/Say how each unfinished action ended/);
    const stillOpen = await h.audit.openIntents(id);
    expect(stillOpen.ok && stillOpen.value).toHaveLength(2);
    s = await flow.closeOpenIntents([{ seq: old.value.seq, outcome: 'failure' }]);
    expect(s.step.name).toBe('prepare');
    const closed = (await h.records())
      .slice(-2)
      .map((r) => [r.intentSeq, r.outcome])
      .sort((a, b) => Number(a[0]) - Number(b[0]));
    expect(closed).toEqual([
      [made.value.seq, 'success'],
      [old.value.seq, 'failure'],
    ]);
  });

  it('cancel during key generation: the board finishes it, its CSR is kept, continue completes with one key', async () => {
    h = await flowHarness({ keygenMs: 1500 });
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port(B));
    const running = flow.prepare({ profile, ca });
    const generating = await until(flow, (s) => s.step.name === 'generate-key' && s.progress !== null);
    expect(generating.progress).toMatchObject({ kind: 'elapsed', expectedMs: 3000 });
    while (h.count(B, 'AT%KEYGEN') === 0) await new Promise((r) => setTimeout(r, 5));
    flow.cancel();
    let s = await running;
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.error.code).toBe('cancelled');
    expect(s.next.kind).toBe('retry');
    // %KEYGEN had reached the board: it made the key, and the trail says so (never "cancelled").
    const keygen = (await h.records()).filter((r) => r.action === 'keygen').map((r) => r.outcome);
    expect(keygen).toEqual(['intent', 'success']);
    expect(s.notes.join(' ')).toMatch(/key and CSR are kept/);
    s = await flow.retry();
    expect(s.step.name).toBe('done');
    expect(h.count(B, 'AT%KEYGEN')).toBe(1);
    if (s.step.name !== 'done') return;
    const records = await h.records();
    const made = records.find((r) => r.action === 'keygen' && r.outcome === 'success')!;
    expect(made.detail.csrSha256).toBeDefined();
    // The board holds the one key the certificate was issued for.
    expect(records.filter((r) => r.action === 'verify').map((r) => r.outcome)).toEqual(['success']);
  });

  it('cancel during a write: the board finishes it (recorded as done), the next is not begun, continue writes it', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const control = h.lab.control(B);
    const flow = h.flow();
    await flow.connectPort(h.lab.port(B));
    let stalled = false;
    flow.subscribe((s) => {
      if (stalled || s.step.name !== 'write' || s.step.writes[0]?.state !== 'writing') return;
      stalled = true;
      control.inject({ kind: 'stall', ms: 600 }); // the CA certificate's %CMNG answers late
      setTimeout(() => flow.cancel(), 100);
    });
    let s = await flow.prepare({ profile, ca });
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.error.code).toBe('cancelled');
    const writes = () =>
      h.records().then((all) => all.filter((r) => r.action === 'credential-write').map((r) => r.outcome));
    expect(await writes()).toEqual(['intent', 'success']);
    expect(h.count(B, 'AT%CMNG=0,42,1,')).toBe(0);
    s = await flow.retry();
    expect(s.step.name).toBe('done');
    expect(h.count(B, 'AT%CMNG=0,42,0,')).toBe(1);
    expect(h.count(B, 'AT%CMNG=0,42,1,')).toBe(1);
    expect(await writes()).toEqual(['intent', 'success', 'intent', 'success']);
  });

  it('a reload mid key generation leaves the modem offline; the resumed run puts its former mode back', async () => {
    h = await flowHarness({ keygenMs: 6000 });
    const ca = await h.labCa();
    const control = h.lab.control(B);
    const before = h.flow();
    const first = await before.connectPort(h.lab.port(B));
    const modeAtStart = first.device!.functionalMode!;
    expect(modeAtStart).not.toBe(4);
    const running = before.prepare({ profile, ca });
    while (h.count(B, 'AT%KEYGEN') === 0) await new Promise((r) => setTimeout(r, 5));
    const t0 = Date.now();
    await before.dispose(); // the page goes away while the board makes its key
    expect(Date.now() - t0).toBeLessThan(5000); // not held up by the 6 s key generation
    await running;
    control.keygenMs = 30;
    const probe = await h.deps().connect!(h.lab.port(B), {});
    if (!probe.ok) throw new Error(probe.error.message);
    const stranded = await probe.value.device.functionalMode!.get();
    await probe.value.device.close();
    expect(stranded.ok && stranded.value).toBe(4);
    const after = h.flow();
    const s = await after.connectPort(h.lab.port(B));
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(s.step.summary.modemRestored).toBe(true);
    await after.dispose();
    const again = await h.deps().connect!(h.lab.port(B), {});
    if (!again.ok) throw new Error(again.error.message);
    const mode = await again.value.device.functionalMode!.get();
    await again.value.device.close();
    expect(mode.ok && mode.value).toBe(modeAtStart);
    // The key generation cut off by the reload reached the board: recorded as unknown, not as cancelled.
    const keygen = (await h.records())
      .filter((r) => r.action === 'keygen')
      .map((r) => `${r.outcome}:${r.errorCode ?? ''}`);
    expect(keygen[1]).toBe('failure:outcome-unknown');
  });
});
