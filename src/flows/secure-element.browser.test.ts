// The provisioning flow on the emulated STM32 + STSAFE-A110 of the lab, in real Chromium: KWSE bytes over an emulated
// Web Serial port, the real crypto worker, the lab CA, real IndexedDB. The chip makes its key in slot 1; KeyWire builds
// the CSR around the chip's public key (CN: the chip serial by default, the Azure IoT Hub device id when asked), the
// chip signs its digest, the worker assembles and verifies it; before writing, the chip signs a fresh challenge the
// worker verifies with the certificate. The certificate lands in zone 1, the CA in zone 2; a CA that answers for
// another key is refused by the challenge check and nothing is written to any zone.
import { afterEach, describe, expect, it } from 'vitest';
import type { SecureElementDevice } from '../devices/adapters/index.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { STSAFE_FACTORY_BOARDS } from '../devices/emulator/index.ts';
import { BatchSession } from './batch.ts';
import { CountingSource, otherKeySource } from './testing/ca-sources.ts';
import { flowHarness, until, type FlowHarness } from './testing/harness.ts';
import type { FlowSnapshot, ProvisionProfile } from './types.ts';
import type { WriteCheckReport } from '../pki/crypto-types.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

const BOARD = 'stsafe-a';
const profile = (o: Partial<ProvisionProfile> = {}): ProvisionProfile => ({ ...DEFAULT_PROFILE, secTag: 1, ...o });

function reportsOf(flow: { subscribe(l: (s: FlowSnapshot) => void): () => void }): WriteCheckReport[] {
  const seen: WriteCheckReport[] = [];
  flow.subscribe((s) => {
    if ((s.step.name === 'check-before-write' || s.step.name === 'blocked') && 'report' in s.step && s.step.report)
      if (!seen.includes(s.step.report)) seen.push(s.step.report);
  });
  return seen;
}

/** The board's own KWSE requests sent so far (verbs), e.g. KEYGEN, SIGN, ZWRITE. */
const verbs = (text: string) => [...text.matchAll(/^\d+ ([A-Z]+)/gm)].map((m) => m[1]!);

describe('provisioning an STSAFE-A110 board (the chip signs, KeyWire builds the CSR)', () => {
  it('goes from a blank slot 1 to a verified certificate in zone 1 for the chip’s key, CN = the chip serial', async () => {
    h = await flowHarness({ boardOptions: { stsafeSeed: 5 } });
    const serial = h.lab.control(BOARD).factsOf('stsafe').serial;
    const ca = await h.labCa(true);
    const flow = h.flow();
    const reports = reportsOf(flow);
    let s = await flow.connectPort(h.lab.port(BOARD));
    expect(s.device?.deviceId).toBe(serial);
    s = await flow.selectSecTag(1);
    s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    // KEYGEN in slot 1, SIGN of the CSR digest, SIGN of the challenge, then the zone writes.
    const sent = verbs(h.sent(BOARD));
    const keygen = sent.indexOf('KEYGEN');
    // KEYGEN, the new key's SHA for the record (PUBKEY), SIGN of the CSR digest, the exported key compared with the
    // certificate's (PUBKEY), SIGN of the challenge, and only then the zone writes (CA in zone 2 first, then zone 1).
    expect(sent.slice(keygen, keygen + 5)).toEqual(['KEYGEN', 'PUBKEY', 'SIGN', 'PUBKEY', 'SIGN']);
    expect(sent.indexOf('ZERASE')).toBeGreaterThan(keygen + 4);
    expect(sent.filter((v) => v === 'KEYGEN')).toHaveLength(1);
    expect(sent.indexOf('ZWRITE')).toBeGreaterThan(sent.lastIndexOf('SIGN'));
    expect(h.sent(BOARD)).not.toMatch(/^\d+ (KEYGEN|ZWRITE|ZERASE) 0\b/m);
    expect(h.sent(BOARD)).toMatch(/^\d+ KEYGEN 1 P-256\r?\n/m);

    const csr = s.step.summary.files.find((f) => f.kind === 'csr')!.content;
    const inspected = await h.client.inspect(csr);
    const obj = inspected.ok ? inspected.value.objects[0] : null;
    expect(obj?.kind === 'csr' && obj.signatureValid).toBe(true);
    expect(obj?.kind === 'csr' && obj.subject.commonName).toBe(serial);
    const report = reports.at(-1)!;
    expect(report.writable).toBe(true);
    expect(report.proofs.map((p) => [p.id, p.passed])).toEqual([
      ['csr-signature', true],
      ['certificate-key', true],
      ['board-challenge', true],
      ['board-public-key', true],
    ]);
    expect(report.proofs.find((p) => p.id === 'board-challenge')?.detail).toContain('P-256');

    // What the chip's memory holds: zone 1 the certificate the flow approved, zone 2 the CA, zone 0 untouched.
    await flow.dispose();
    const board = await h.deps().connect!(h.lab.port(BOARD), {});
    if (!board.ok) throw new Error(board.error.message);
    const device = board.value.device as SecureElementDevice;
    const cert = s.step.summary.files.find((f) => f.kind === 'certificate')!.content;
    const zone1 = await device.credentials.read(1, 'clientCert');
    expect(zone1.ok && zone1.value.content).toBe(cert);
    const zone2 = await device.credentials.read(1, 'caCert');
    expect(zone2.ok && zone2.value.content).toContain('-----BEGIN CERTIFICATE-----');
    const pub = await device.signer!.publicKey(1);
    const same = await h.client.sameKey(pub.ok ? pub.value : new Uint8Array(), cert);
    expect(same.ok && same.value.same).toBe(true);
    await device.close();
  });

  it('the chip is asked for its key proofs when the CSR check begins, not after it and the CA', async () => {
    h = await flowHarness({ boardOptions: { stsafeSeed: 6 } });
    const ca = await h.labCa(true);
    const flow = h.flow();
    await flow.connectPort(h.lab.port(BOARD));
    await flow.selectSecTag(1);
    const s = await flow.prepare({ profile: profile(), ca });
    expect(s.step.name).toBe('done');
    // Records and timeline entries match one to one (the audit clock is read once per record).
    const records = await h.records();
    const audits = h.timeline.flatMap((e, i) => (e.kind === 'audit' ? [i] : []));
    const recorded = (action: string) => audits[records.findIndex((r) => r.action === action)]!;
    const sent = (verb: string, after = -1) =>
      h.timeline.findIndex((e, i) => i > after && e.kind === 'tx' && new RegExp(`^\\d+ ${verb}\\b`).test(e.text));
    // After the CSR's SIGN: the exported key (PUBKEY), then the challenge (SIGN), asked as the check begins.
    const proof = sent('PUBKEY', sent('SIGN'));
    expect(proof).toBeGreaterThan(0);
    expect(proof).toBeLessThan(recorded('csr-checked'));
    expect(sent('SIGN', proof)).toBeLessThan(recorded('chain-checked'));
  });

  it('puts the Azure IoT Hub device id the user gives in the CN of the CSR and the certificate', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port(BOARD));
    await flow.selectSecTag(1);
    const deviceId = 'factory-line-7:unit_0042';
    const s = await flow.prepare({ profile: profile({ commonName: { mode: 'azure-iot-hub', deviceId } }), ca });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    for (const kind of ['csr', 'certificate'] as const) {
      const pem = s.step.summary.files.find((f) => f.kind === kind)!.content;
      const r = await h.client.inspect(pem);
      const obj = r.ok ? r.value.objects[0] : null;
      expect(obj && 'subject' in obj && obj.subject.commonName, kind).toBe(deviceId);
    }
  });

  it('refuses an Azure device id a certificate subject cannot carry, before the board is touched', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port(BOARD));
    const before = h.sent(BOARD);
    const s = await flow.prepare({
      profile: profile({ commonName: { mode: 'azure-iot-hub', deviceId: 'a,b=c' } }),
      ca,
    });
    expect(s.step.name).toBe('prepare');
    expect(JSON.stringify(s)).toContain('Azure IoT Hub device id');
    expect(verbs(h.sent(BOARD).slice(before.length))).not.toContain('KEYGEN');
  });

  it('on a P-384 key: the CSR is signed over SHA-384 and the challenge check passes on P-384', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const connect = h.deps().connect!;
    const flow = h.flow(
      {},
      {
        connect: async (port, c) => {
          const r = await connect(port, c);
          if (r.ok) (r.value.device as SecureElementDevice).keyCurve = 'P-384';
          return r;
        },
      },
    );
    const reports = reportsOf(flow);
    await flow.connectPort(h.lab.port(BOARD));
    await flow.selectSecTag(1);
    const s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(h.sent(BOARD)).toMatch(/^\d+ KEYGEN 1 P-384\r?\n/m);
    // Every SIGN of the run carried a 48-byte digest: the CSR's and the challenge's SHA-384.
    const digests = [...h.sent(BOARD).matchAll(/^\d+ SIGN 1 ([0-9A-F]+)/gm)].map((m) => m[1]!.length / 2);
    expect(digests.length).toBeGreaterThanOrEqual(2);
    expect(digests.every((n) => n === 48)).toBe(true);
    const csr = s.step.summary.files.find((f) => f.kind === 'csr')!.content;
    const r = await h.client.inspect(csr);
    const obj = r.ok ? r.value.objects[0] : null;
    expect(obj?.kind === 'csr' && obj.signatureValid).toBe(true);
    expect(obj?.kind === 'csr' && obj.key.curve).toBe('P-384');
    const challenge = reports.at(-1)!.proofs.find((p) => p.id === 'board-challenge');
    expect(challenge).toMatchObject({ passed: true });
    expect(challenge?.detail).toContain('P-384');
  });

  it('refuses by the challenge check a CA answer for another key: blocked before writing, no zone touched', async () => {
    h = await flowHarness();
    const ca = otherKeySource(h.client, await h.labCa());
    const flow = h.flow();
    const reports = reportsOf(flow);
    await flow.connectPort(h.lab.port(BOARD));
    await flow.selectSecTag(1);
    const s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'blocked') throw new Error(JSON.stringify(s.step));
    expect(s.step.at).toBe('check-before-write');
    const report = reports.at(-1)!;
    expect(report.writable).toBe(false);
    expect(report.proofs.find((p) => p.id === 'board-challenge')).toMatchObject({ passed: false });
    expect(report.proofs.find((p) => p.id === 'board-challenge')?.detail).toContain('slot 1 holds another key');
    expect(verbs(h.sent(BOARD)).filter((v) => v === 'ZWRITE' || v === 'ZERASE')).toEqual([]);
    const records = await h.records();
    expect(records.some((r) => r.action === 'credential-write')).toBe(false);
    expect(records.find((r) => r.action === 'chain-checked')?.detail.message).toContain('board-challenge failed');
  });

  it('resumes after a reload at get the certificate: the key already in slot 1 is reused, no second KEYGEN', async () => {
    h = await flowHarness();
    const ca = h.register(new CountingSource(await h.labCa()));
    let release = () => {};
    ca.holdEnroll = new Promise((r) => (release = r));
    const before = h.flow();
    await before.connectPort(h.lab.port(BOARD));
    await before.selectSecTag(1);
    const running = before.prepare({ profile: profile(), ca });
    await until(before, (s) => s.step.name === 'get-certificate');
    expect(verbs(h.sent(BOARD)).filter((v) => v === 'KEYGEN')).toHaveLength(1);
    await before.dispose(); // the page goes away while the CA is asked
    await running;
    release();
    ca.holdEnroll = null;
    const after = h.flow();
    const s = await after.connectPort(h.lab.port(BOARD));
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(s.resumedAt).toBe('get-certificate');
    expect(verbs(h.sent(BOARD)).filter((v) => v === 'KEYGEN')).toHaveLength(1);
    expect(ca.issued).toBe(1);
  });

  it('a reset while zone 1 is half written stops as restarted; Continue writes that zone again and verifies', async () => {
    h = await flowHarness();
    const ca = await h.labCa(true);
    const flow = h.flow();
    await flow.connectPort(h.lab.port(BOARD));
    await flow.selectSecTag(1);
    // The second piece of the device certificate: the zone holds a header and erased bytes after the reset.
    h.lab.control(BOARD).inject({ kind: 'reset', when: 'ZWRITE 1 256 ' });
    let s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.at).toBe('write');
    expect(s.step.error.cause?.code).toBe('restarted');
    const cutShort = (await h.records()).find((r) => r.action === 'credential-write' && r.outcome === 'failure');
    expect(cutShort?.errorCode).toBe('outcome-unknown');
    s = await flow.retry();
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(s.notes.join(' ')).toMatch(/Zone 1 holds a damaged certificate .*KeyWire's own write .* is written again/);
    expect(verbs(h.sent(BOARD)).filter((v) => v === 'KEYGEN')).toHaveLength(1);
  });

  it('runs in a batch: the STSAFE board found among the granted ports, verified, its serial in the CSV', async () => {
    h = await flowHarness({ factories: STSAFE_FACTORY_BOARDS });
    const ca = await h.labCa();
    const started = await BatchSession.start(h.deps(), profile(), ca);
    if (!started.ok) throw new Error(started.error.message);
    const batch = started.value;
    try {
      const s = await batch.nextBoard();
      expect(s.current?.step.name).toBe('done');
      const [result] = batch.snapshot.results;
      const serial = h.lab.control(BOARD).factsOf('stsafe').serial;
      expect(result).toMatchObject({ outcome: 'verified', deviceId: serial, secTag: 1, subject: `CN=${serial}` });
      expect(batch.toCsv()).toContain(`,${serial},`);
      const none = await batch.nextBoard(undefined, { signal: AbortSignal.timeout(300) });
      expect(none.current).toBeNull();
    } finally {
      await batch.close();
    }
  });
});
