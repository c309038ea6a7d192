// The provisioning flow in real Chromium: the emulated nRF9160 speaking real AT over an emulated Web Serial port,
// the real crypto worker, the lab CA from src/ca, real IndexedDB audit and flow stores. From a blank sec_tag to a
// verified certificate; the backup before an overwrite; what the audit trail holds and in which order.
import { afterEach, describe, expect, it } from 'vitest';
import { factsOf } from '../devices/emulator/index.ts';
import { sha256Hex } from '../lib/bytes.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { flowHarness, type FlowHarness } from './testing/harness.ts';
import type { FlowRecord } from './record.ts';
import type { ProvisionProfile } from './types.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

const profile = (o: Partial<ProvisionProfile> = {}): ProvisionProfile => ({ ...DEFAULT_PROFILE, secTag: 42, ...o });

describe('provisioning one board', () => {
  it('runs from connect to a verified certificate the board stores byte for byte', async () => {
    h = await flowHarness();
    const ca = await h.labCa(true);
    const flow = h.flow();
    const port = h.lab.port('nrf9160-b');
    let s = await flow.connectPort(port);
    expect(s.step.name).toBe('prepare');
    expect(s.next.kind).toBe('choose');
    expect(s.device?.deviceId).toBe(h.lab.control('nrf9160-b').factsOf('nrf91').deviceUuid.toLowerCase());
    s = await flow.selectSecTag(42);
    expect(s.step.name === 'prepare' && s.step.existing).toEqual([]);
    const steps: string[] = [];
    flow.subscribe((x) => steps.at(-1) !== x.step.name && steps.push(x.step.name));
    s = await flow.prepare({ profile: profile({ commonName: { mode: 'device-uuid' } }), ca });
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
    expect(s.next.kind).toBe('finished');
    const sum = s.step.summary;
    expect(sum.secTag).toBe(42);
    expect(sum.certificate.subject).toBe(`CN=${s.device!.uuid}`);
    expect(sum.wroteCaCertificate).toBe(true);
    expect(sum.modemRestored).toBe(true);
    expect(sum.label.qrText).toBe(`keywire:v1;id=${s.device!.deviceId};sha256=${sum.certificate.sha256}`);
    expect(sum.files.map((f) => f.kind)).toEqual(['csr', 'certificate', 'chain']);
    const chain = sum.files.find((f) => f.kind === 'chain')!.content;
    expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
    // The board: what it lists and returns is exactly what the worker approved.
    const listed = h.sent('nrf9160-b');
    expect(listed).toContain('AT%CMNG=0,42,1,"');
    expect(h.count('nrf9160-b', 'AT%KEYGEN=42,2,0')).toBe(1);
    const cert = sum.files.find((f) => f.kind === 'certificate')!.content;
    const busy = await h.deps().connect!(port, {});
    expect(busy.ok ? null : busy.error.code).toBe('already-open'); // the flow keeps the port until disposed
    await flow.dispose();
    const session = await h.deps().connect!(port, {});
    if (!session.ok) throw new Error(session.error.message);
    const creds = session.value.device.credentials!;
    const client = await creds.read(42, 'clientCert');
    expect(client.ok && client.value.content).toBe(cert);
    expect(client.ok && client.value.sha256).toBe(await sha256Hex(cert));
    const root = await creds.read(42, 'caCert');
    expect(root.ok && chain.endsWith(root.value.content)).toBe(true);
    const check = await h.client.validateChain(cert, [chain], [root.ok ? root.value.content : '']);
    expect(check.ok && check.value.valid).toBe(true);
    await session.value.device.close();
    // The modem was taken offline for key generation and writing, and put back.
    expect(h.sent('nrf9160-b')).toMatch(
      /AT\+CFUN=4[\s\S]*AT%KEYGEN[\s\S]*AT\+CFUN=0[\s\S]*AT\+CFUN=4[\s\S]*AT%CMNG=0[\s\S]*AT\+CFUN=0/,
    );
    expect(s.notes.some((n) => /intermediate CA/.test(n))).toBe(true);
  });

  it('saves each write but the last while the next goes on; the last goes with the written phase, in one save', async () => {
    h = await flowHarness();
    const ca = await h.labCa(true);
    const saves: { phase: string; written: string[] }[] = [];
    const store = new Proxy(h.store, {
      get: (target, key) =>
        key === 'putFlow'
          ? (r: FlowRecord) => {
              saves.push({ phase: r.phase, written: r.written.map((w) => w.kind) });
              return target.putFlow(r);
            }
          : Reflect.get(target, key),
    });
    const flow = h.flow({}, { store });
    await flow.connectPort(h.lab.port('nrf9160-a'));
    await flow.selectSecTag(42);
    const s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    const writing = saves.filter((x) => x.written.length > 0 || x.phase === 'written');
    expect(writing.slice(0, 2)).toEqual([
      { phase: 'checked', written: ['caCert'] },
      { phase: 'written', written: ['caCert', 'clientCert'] },
    ]);
    const stored = await h.store.getFlow(s.device!.deviceId);
    expect(stored.ok && stored.value?.written.map((w) => w.kind)).toEqual(['caCert', 'clientCert']);
  });

  it("verify reads the board while the 'written' save is still on its way", async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    // Verify's listing, sent after the last write.
    const verifyAsked = () => {
      const sent = h.sent('nrf9160-a');
      const lastWrite = sent.lastIndexOf('AT%CMNG=0,42,');
      return lastWrite >= 0 && sent.indexOf('AT%CMNG=1,42', lastWrite) > lastWrite;
    };
    let askedBeforeSaved: boolean | null = null;
    const store = new Proxy(h.store, {
      get: (target, key) =>
        key === 'putFlow'
          ? async (r: FlowRecord) => {
              // The 'written' save lands once the board was asked for verify's listing, or after 3 s (when the flow
              // waits for the save instead, as it did).
              for (let i = 0; r.phase === 'written' && i < 300 && !verifyAsked(); i++)
                await new Promise((res) => setTimeout(res, 10));
              if (r.phase === 'written') askedBeforeSaved = verifyAsked();
              return target.putFlow(r);
            }
          : Reflect.get(target, key),
    });
    const flow = h.flow({}, { store });
    await flow.connectPort(h.lab.port('nrf9160-a'));
    await flow.selectSecTag(42);
    const s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(askedBeforeSaved).toBe(true);
    const stored = await h.store.getFlow(s.device!.deviceId);
    expect(stored.ok && stored.value?.phase).toBe('done');
  });

  it('records intents before every board change and outcomes after, and nothing secret', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-c'));
    const s = await flow.prepare({ profile: profile(), ca });
    expect(s.step.name).toBe('done');
    const records = await h.records();
    const actions = records.map((r) => `${r.action}:${r.outcome}`);
    expect(actions).toEqual([
      'connect:success',
      'identify:success',
      'functional-mode:intent',
      'functional-mode:success',
      'keygen:intent',
      'keygen:success',
      'functional-mode:intent',
      'functional-mode:success',
      'csr-checked:success',
      'certificate-issued:success',
      'chain-checked:success',
      'functional-mode:intent',
      'functional-mode:success',
      'credential-write:intent',
      'credential-write:success',
      'credential-write:intent',
      'credential-write:success',
      'functional-mode:intent',
      'functional-mode:success',
      'verify:success',
    ]);
    for (const r of records.filter((x) => x.outcome !== 'intent' && x.intentSeq !== null))
      expect(records.find((i) => i.seq === r.intentSeq)?.outcome).toBe('intent');
    const keygen = records.find((r) => r.action === 'keygen' && r.outcome === 'success')!;
    const summary = s.step.name === 'done' ? s.step.summary : null;
    expect(keygen.detail.csrSha256).toMatch(/^[0-9A-F]{64}$/);
    expect(keygen.detail.contentSha256).toMatch(/^[0-9A-F]{64}$/);
    const writes = records.filter((r) => r.action === 'credential-write' && r.outcome === 'success');
    expect(writes.map((w) => [w.detail.credentialKind, w.detail.deviceType, w.detail.secTag])).toEqual([
      ['caCert', '0', 42],
      ['clientCert', '1', 42],
    ]);
    expect(writes[1]!.detail.certSha256).toBe(summary!.certificate.sha256);
    expect(JSON.stringify(records)).not.toMatch(/BEGIN|PRIVATE/);
    // Timeline: each intent is written before its command goes out, each outcome after.
    const order = h.timeline.map((e) => (e.kind === 'audit' ? 'audit' : e.text));
    const seqOfAudit = (n: number) =>
      order.findIndex((_, i) => order.slice(0, i + 1).filter((x) => x === 'audit').length === n);
    const firstTx = (cmd: string) => order.findIndex((x) => x.startsWith(cmd));
    const keygenIntent = records.find((r) => r.action === 'keygen' && r.outcome === 'intent')!;
    expect(seqOfAudit(keygenIntent.seq)).toBeLessThan(firstTx('AT%KEYGEN'));
    expect(seqOfAudit(keygen.seq)).toBeGreaterThan(firstTx('AT%KEYGEN'));
    const writeIntent = records.find((r) => r.action === 'credential-write' && r.outcome === 'intent')!;
    expect(seqOfAudit(writeIntent.seq)).toBeLessThan(firstTx('AT%CMNG=0'));
  });

  it('asks before overwriting, backs up the readable certificates, then provisions', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const flow = h.flow();
    const tag = 16842753;
    await flow.connectPort(h.lab.port('nrf9160-a'));
    let s = await flow.prepare({ profile: profile({ secTag: tag }), ca });
    if (s.step.name !== 'prepare' || !s.step.confirm) throw new Error(`expected a confirmation, got ${s.step.name}`);
    expect(s.next.kind).toBe('confirm-overwrite');
    expect(s.step.confirm.map((c) => c.kind).sort()).toEqual(['caCert', 'clientCert', 'privateKey']);
    expect(h.count('nrf9160-a', 'AT%KEYGEN')).toBe(0);
    expect(h.count('nrf9160-a', 'AT%CMNG=2')).toBe(0);
    const before = s.step.confirm;
    s = await flow.confirmOverwrite();
    expect(s.step.name).toBe('done');
    const backup = s.backup!;
    expect(backup.items.map((i) => i.kind).sort()).toEqual(['caCert', 'clientCert']);
    expect(backup.notReadable).toHaveLength(1);
    expect(backup.file.content.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    for (const item of backup.items) expect(item.sha256).toBe(before.find((c) => c.kind === item.kind)!.sha256);
    const records = await h.records();
    const backups = records.filter((r) => r.action === 'backup');
    expect(backups.map((r) => r.detail.contentSha256).sort()).toEqual(backup.items.map((i) => i.sha256).sort());
    expect(records.findIndex((r) => r.action === 'backup')).toBeLessThan(
      records.findIndex((r) => r.action === 'keygen'),
    );
    expect(JSON.stringify(backups)).not.toContain('BEGIN');
  });

  it('provisions the same board again from done, with a new key, after confirming the overwrite', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-c'));
    const first = await flow.prepare({ profile: profile({ writeCaCertificate: false }), ca });
    if (first.step.name !== 'done') throw new Error(first.step.name);
    let s = await flow.prepare({ profile: profile({ writeCaCertificate: false }), ca });
    expect(s.step.name === 'prepare' && s.step.confirm?.map((c) => c.kind).sort()).toEqual([
      'clientCert',
      'privateKey',
    ]);
    expect(s.step.name === 'prepare' && s.step.previous?.certificate.sha256).toBe(
      first.step.summary.certificate.sha256,
    );
    s = await flow.confirmOverwrite();
    if (s.step.name !== 'done') throw new Error(s.step.name);
    expect(s.step.summary.certificate.sha256).not.toBe(first.step.summary.certificate.sha256);
    expect(h.count('nrf9160-c', 'AT%KEYGEN')).toBe(2);
    expect(s.backup?.items.map((i) => i.kind)).toEqual(['clientCert']);
  });

  it('refuses a profile the board cannot satisfy, before sending anything', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-b'));
    const s = await flow.prepare({ profile: profile({ secTag: -5, commonName: { mode: 'custom', cn: 'a,b' } }), ca });
    expect(s.step.name === 'prepare' && s.step.problems).toHaveLength(2);
    expect(h.sent('nrf9160-b')).not.toContain('%CMNG=1,-5');
    expect(h.count('nrf9160-b', 'AT%KEYGEN')).toBe(0);
  });

  it('a bug inside KeyWire shows fixed plain words; the detail goes to the cause, not the message', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const real = h.deps().crypto;
    const flow = h.flow(
      {},
      {
        crypto: {
          ...real,
          inspect: () => {
            throw new TypeError("Cannot read properties of undefined (reading 'der') at parse.ts:17");
          },
        },
      },
    );
    await flow.connectPort(h.lab.port('nrf9160-b'));
    const s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.at).toBe('check-csr');
    expect(s.step.error.code).toBe('internal');
    expect(s.step.error.message).toBe(
      'Something went wrong inside KeyWire at Check the CSR; the board was not changed further. Download the session log and report it.',
    );
    expect(s.step.error.cause?.message).toContain("reading 'der'");
    expect(s.next.kind).toBe('retry');
  });
});
