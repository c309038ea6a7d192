// The provisioning path's two choices on a board that can only make a key and sign (a secure element): KeyWire
// assembles the CSR in the real worker around the board's public key with the board signing its digest, the real lab
// CA issues, and before writing the board signs a fresh challenge that the worker verifies against the certificate's
// key. The board is a small scripted Device with real noble ECDSA P-256 keys; everything else is real (worker, lab CA,
// IndexedDB audit and flow stores, a real SerialConnection on an emulated port that carries nothing).
import { p256 } from '@noble/curves/nist.js';
import { afterEach, describe, expect, it } from 'vitest';
import { profileFor } from '../devices/adapters/index.ts';
import type { CredentialKind, Device, DeviceIdentity, StoredCredential } from '../devices/device.ts';
import { deviceError } from '../devices/errors.ts';
import { SerialConnection } from '../devices/transport/index.ts';
import { sha256Hex } from '../lib/bytes.ts';
import { err, ok } from '../lib/result.ts';
import type { WriteCheckReport } from '../pki/crypto-types.ts';
import type { Connector } from './deps.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { flowHarness, type FlowHarness } from './testing/harness.ts';
import type { FlowSnapshot } from './types.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

// A user slot of the secure-element profile the scripted board borrows (slot 0 is the factory's; 1 is the last).
const SLOT = 1;

interface ScriptedBoard {
  readonly device: Device;
  /** Every call the board got, in order: `generateKey:7`, `sign:7`, `write:7:clientCert` ... */
  readonly calls: string[];
  readonly stored: Map<string, string>;
}

/**
 * A signer-only board: it generates a P-256 key in a slot (returning the public point), signs digests with it, stores
 * certificates. No `keys` facet: it cannot make a CSR. `swapKeyAfterSigns`: after that many signatures the slot's key
 * is replaced behind KeyWire's back (the certificate will then be for another key than the one the board holds).
 */
function signerBoard(o: { swapKeyAfterSigns?: number } = {}): ScriptedBoard {
  const calls: string[] = [];
  const secrets = new Map<number, Uint8Array>();
  const stored = new Map<string, string>();
  let signs = 0;
  const point = (slot: number) => p256.getPublicKey(secrets.get(slot)!, false);
  const identity: DeviceIdentity = {
    family: 'secure-element',
    deviceId: 'se-test-0001',
    manufacturer: 'KeyWire test',
    model: 'Scripted secure element',
    firmware: '1.0',
    serial: 'se-test-0001',
  };
  const listed = async (slot: number, kind: CredentialKind): Promise<StoredCredential> => ({
    secTag: slot,
    kind,
    deviceType: kind,
    sha256: kind === 'privateKey' ? await sha256Hex(point(slot)) : await sha256Hex(stored.get(`${slot}:${kind}`)!),
  });
  const device: Device = {
    family: 'secure-element',
    profile: profileFor('secure-element'),
    limits: { pemLineEnding: 'lf' },
    identify: async () => ok(identity),
    credentials: {
      kinds: ['caCert', 'clientCert', 'privateKey'],
      canRead: (kind) => kind !== 'privateKey',
      async list(filter = {}) {
        const out: StoredCredential[] = [];
        for (const slot of secrets.keys())
          if (filter.secTag === undefined || filter.secTag === slot)
            if (!filter.kind || filter.kind === 'privateKey') out.push(await listed(slot, 'privateKey'));
        for (const key of stored.keys()) {
          const [slot, kind] = key.split(':') as [string, CredentialKind];
          if ((filter.secTag === undefined || filter.secTag === Number(slot)) && (!filter.kind || filter.kind === kind))
            out.push(await listed(Number(slot), kind));
        }
        return ok(out);
      },
      async read(slot, kind) {
        const content = stored.get(`${slot}:${kind}`);
        if (content === undefined || kind === 'privateKey')
          return err(deviceError('device-rejected', `Nothing readable at ${slot}.`));
        return ok({ ...(await listed(slot, kind)), content });
      },
      async write(slot, kind, content) {
        calls.push(`write:${slot}:${kind}`);
        stored.set(`${slot}:${kind}`, content);
        return ok({
          secTag: slot,
          kind,
          sha256: await sha256Hex(content),
          bytes: content.length,
          lineEndingsNormalized: false,
        });
      },
      async delete(slot, kind) {
        calls.push(`delete:${slot}:${kind}`);
        stored.delete(`${slot}:${kind}`);
        return ok(undefined);
      },
    },
    signer: {
      curves: ['P-256'],
      async publicKey(slot) {
        calls.push(`publicKey:${slot}`);
        return secrets.has(slot) ? ok(point(slot)) : err(deviceError('device-rejected', `No key in slot ${slot}.`));
      },
      async generateKey(slot) {
        calls.push(`generateKey:${slot}`);
        secrets.set(slot, p256.utils.randomSecretKey());
        return ok(point(slot));
      },
      async sign(slot, digest) {
        calls.push(`sign:${slot}`);
        const secret = secrets.get(slot);
        if (!secret) return err(deviceError('device-rejected', `No key in slot ${slot}.`));
        const signature = p256.sign(digest, secret, { prehash: false, format: 'der' });
        if (++signs === o.swapKeyAfterSigns) secrets.set(slot, p256.utils.randomSecretKey());
        return ok(signature);
      },
    },
    close: async () => undefined,
  };
  return { device, calls, stored };
}

/** A connector that hands out the scripted board over a real connection on an emulated port. */
function connectTo(board: ScriptedBoard): Connector {
  return async (port) => {
    const opened = await SerialConnection.open(port);
    if (!opened.ok) return opened;
    const connection = opened.value;
    const device: Device = {
      ...board.device,
      close: async () => {
        await connection.close();
      },
    };
    return ok({ device, connection });
  };
}

/** The check-before-write reports the flow showed, in order. */
function reportsOf(flow: { subscribe(l: (s: FlowSnapshot) => void): () => void }): WriteCheckReport[] {
  const seen: WriteCheckReport[] = [];
  flow.subscribe((s) => {
    const step = s.step;
    if ((step.name === 'check-before-write' || step.name === 'blocked') && 'report' in step && step.report)
      if (!seen.includes(step.report)) seen.push(step.report);
  });
  return seen;
}

describe('a signer-only board (key generation + digest signing, no CSR of its own)', () => {
  it('is provisioned through the real flow: CSR assembled in the worker, the challenge proof named in the check', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const board = signerBoard();
    const flow = h.flow({}, { connect: connectTo(board) });
    const reports = reportsOf(flow);
    let s = await flow.connectPort(h.lab.port('nrf9160-b'));
    expect(s.step.name).toBe('prepare');
    expect(s.device?.deviceId).toBe('se-test-0001');
    s = await flow.selectSecTag(SLOT);
    s = await flow.prepare({
      profile: { ...DEFAULT_PROFILE, secTag: SLOT, commonName: { mode: 'custom', cn: 'se-test-0001' } },
      ca,
    });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    // The board made its key, signed the CSR's digest, exported its key, then signed a fresh challenge; then the writes.
    expect(board.calls.slice(0, 4)).toEqual([
      `generateKey:${SLOT}`,
      `sign:${SLOT}`,
      `publicKey:${SLOT}`,
      `sign:${SLOT}`,
    ]);
    expect(board.calls).toContain(`write:${SLOT}:clientCert`);
    // The CSR is KeyWire's, around the board's key, with the profile's CN; the certificate carries that key.
    const csr = s.step.summary.files.find((f) => f.kind === 'csr')!.content;
    const inspected = await h.client.inspect(csr);
    const obj = inspected.ok ? inspected.value.objects[0] : null;
    expect(obj?.kind === 'csr' && obj.signatureValid).toBe(true);
    expect(obj?.kind === 'csr' && obj.subject.commonName).toBe('se-test-0001');
    const cert = s.step.summary.files.find((f) => f.kind === 'certificate')!.content;
    expect(board.stored.get(`${SLOT}:clientCert`)).toBe(cert);
    const pub = await board.device.signer!.publicKey(SLOT);
    const same = await h.client.sameKey(pub.ok ? pub.value : new Uint8Array(), cert);
    expect(same.ok && same.value.same).toBe(true);
    // The check before writing names the proofs it used, the board's challenge among them, all passed.
    const report = reports.at(-1)!;
    expect(report.writable).toBe(true);
    expect(report.proofs.map((p) => [p.id, p.passed])).toEqual([
      ['csr-signature', true],
      ['certificate-key', true],
      ['board-challenge', true],
      ['board-public-key', true],
    ]);
    const checked = (await h.records()).find((r) => r.action === 'chain-checked');
    expect(checked?.outcome).toBe('success');
    expect(checked?.detail.message).toContain('board-challenge passed');
  });

  it('asks the board for its challenge signature and exported key while the worker checks the certificate', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    const board = signerBoard();
    const real = h.deps().crypto;
    let askedDuringCheck: string[] | null = null;
    const flow = h.flow(
      {},
      {
        connect: connectTo(board),
        crypto: {
          ...real,
          // The worker's check answers only once the board was asked for both (or after 5 s, when it never was):
          // what the board was asked after the CSR's signature and before the check answered.
          checkBeforeWrite: async (request, o) => {
            const afterCsr = () => board.calls.slice(board.calls.indexOf(`sign:${SLOT}`) + 1);
            for (let waited = 0; waited < 5000 && afterCsr().length < 2; waited += 10)
              await new Promise((resolve) => setTimeout(resolve, 10));
            askedDuringCheck = afterCsr();
            return real.checkBeforeWrite(request, o);
          },
        },
      },
    );
    await flow.connectPort(h.lab.port('nrf9160-b'));
    const s = await flow.prepare({
      profile: { ...DEFAULT_PROFILE, secTag: SLOT, commonName: { mode: 'custom', cn: 'se-test-0001' } },
      ca,
    });
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    expect(askedDuringCheck).toEqual([`publicKey:${SLOT}`, `sign:${SLOT}`]);
  });

  it('refuses by the challenge proof a certificate for another key than the board holds, writing nothing', async () => {
    h = await flowHarness();
    const ca = await h.labCa();
    // The CSR is signed with the key the board made; right after, the slot's key is replaced behind KeyWire's back.
    const board = signerBoard({ swapKeyAfterSigns: 1 });
    const flow = h.flow({}, { connect: connectTo(board) });
    const reports = reportsOf(flow);
    await flow.connectPort(h.lab.port('nrf9160-b'));
    await flow.selectSecTag(SLOT);
    const s = await flow.prepare({
      profile: { ...DEFAULT_PROFILE, secTag: SLOT, commonName: { mode: 'custom', cn: 'se-test-0001' } },
      ca,
    });
    if (s.step.name !== 'blocked') throw new Error(JSON.stringify(s.step));
    expect(s.step.at).toBe('check-before-write');
    // The worker's own proofs passed (the certificate carries the CSR's key); the board's challenge did not.
    const report = reports.at(-1)!;
    expect(report.writable).toBe(false);
    expect(report.proofs.map((p) => [p.id, p.passed])).toEqual([
      ['csr-signature', true],
      ['certificate-key', true],
      ['board-challenge', false],
      ['board-public-key', false],
    ]);
    expect(s.step.findings.map((f) => f.code)).toContain('key-mismatch');
    expect(report.checks.find((c) => c.id === 'certificate-key')?.verdict).toBe('failed');
    // Nothing was written to the board.
    expect(board.calls.filter((c) => c.startsWith('write:') || c.startsWith('delete:'))).toEqual([]);
    expect([...board.stored.keys()]).toEqual([]);
    const checked = (await h.records()).find((r) => r.action === 'chain-checked');
    expect(checked?.outcome).toBe('failure');
    expect(checked?.errorCode).toBe('key-mismatch');
    expect((await h.records()).some((r) => r.action === 'credential-write')).toBe(false);
  });
});
