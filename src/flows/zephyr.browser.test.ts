// The provisioning flow on the emulated Zephyr board (nRF7002 DK) in real Chromium: the shell over an emulated Web
// Serial port, the real crypto worker, the lab CA, real IndexedDB stores. From a blank sec tag to a certificate the
// board stores byte for byte (digest over PEM + NUL), the key made in the board's PSA store and never sent.
import { afterEach, describe, expect, it } from 'vitest';
import { ZEPHYR_FACTORIES, NRF91_FACTORY_BOARDS, type ZephyrBoard } from '../devices/emulator/index.ts';
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
    expect(s.notes.join(' ')).toMatch(
      /Survives a reboot: after restarting, the board lists the same SHA-256 at sec tag 42/,
    );
    expect(s.notes.join(' ')).toMatch(
      /Verified on the board: root CA certificate SHA-256 [0-9A-F]{16}…, client certificate SHA-256/,
    );
    expect(sent.indexOf('kernel reboot cold\r')).toBeGreaterThan(sent.lastIndexOf('cred add'));
  });

  it('checks the exported public key against the certificate before writing', async () => {
    h = await flowHarness({ factories: ZEPHYR_FACTORIES });
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf7002dk-a'));
    await flow.selectSecTag(42);
    const seen: string[] = [];
    flow.subscribe((x) => {
      if (x.step.name === 'check-before-write' && x.step.report)
        seen.push(...x.step.report.proofs.map((p) => `${p.id}:${p.passed}:${p.detail}`));
    });
    const s = await flow.prepare({ profile: profile(), ca });
    expect(s.step.name).toBe('done');
    expect(h.sent('nrf7002dk-a')).toContain('nrf_cloud_cred pubkey 42\r');
    expect(
      seen.some((p) => /^board-public-key:true:.*is the certificate's key \(SPKI SHA-256 [0-9A-F]{16}…\)/.test(p)),
    ).toBe(true);
  });

  it('a volatile credential store fails the reboot check, naming the Kconfig option', async () => {
    h = await flowHarness({ factories: ZEPHYR_FACTORIES });
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf7002dk-volatile'));
    await flow.selectSecTag(42);
    const s = await flow.prepare({ profile: profile(), ca });
    if (s.step.name !== 'failed') throw new Error(`expected a failure, got ${s.step.name}`);
    expect(s.step.at).toBe('verify');
    expect(s.step.error.code).toBe('lost-on-reboot');
    expect(s.step.error.message).toMatch(
      /After a restart the board no longer lists the root CA certificate and client certificate at sec tag 42/,
    );
    expect(s.step.error.message).toContain('CONFIG_TLS_CREDENTIALS_BACKEND_PROTECTED_STORAGE=y');
    const verify = (await h.records()).filter((r) => r.action === 'verify');
    expect(verify.at(-1)).toMatchObject({ outcome: 'failure', errorCode: 'lost-on-reboot' });
  });

  it('replaces an existing certificate only after the user agreed: backed up, deleted, then written (the shell never overwrites)', async () => {
    h = await flowHarness({ factories: ZEPHYR_FACTORIES });
    const ca = await h.labCa();
    const first = h.flow();
    await first.connectPort(h.lab.port('nrf7002dk-a'));
    await first.selectSecTag(42);
    expect((await first.prepare({ profile: profile(), ca })).step.name).toBe('done');
    await first.dispose();

    const second = h.flow();
    await second.connectPort(h.lab.port('nrf7002dk-a'));
    await second.selectSecTag(42);
    let s = await second.prepare({ profile: profile(), ca });
    if (s.step.name !== 'prepare') throw new Error(s.step.name);
    expect(s.step.confirm?.map((c) => c.kind).sort()).toEqual(['caCert', 'clientCert']);
    expect(h.sent('nrf7002dk-a')).not.toContain('cred del');
    s = await second.confirmOverwrite();
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    const sent = h.sent('nrf7002dk-a');
    expect(sent).toContain('cred del 42 SERV\r');
    expect(sent.lastIndexOf('cred del 42 SERV\r')).toBeLessThan(sent.lastIndexOf('cred add 42 SERV DEFAULT bint\r'));
    // The PSA key made by the first run was kept (nrf_cloud_cred never replaces a key), and the user is told so.
    expect(s.notes.join(' ')).toMatch(/already held a key at sec tag 42 and kept it/);
    const actions = (await h.records()).map((r) => r.action);
    expect(actions.indexOf('backup')).toBeLessThan(actions.lastIndexOf('credential-delete'));
  });

  it('a board without on-board key generation is told so plainly; nothing is sent to make a key', async () => {
    h = await flowHarness({ factories: ZEPHYR_FACTORIES });
    const flow = h.flow();
    const s = await flow.connectPort(h.lab.port('nrf7002dk-nokeygen'));
    if (s.step.name !== 'failed') throw new Error(s.step.name);
    expect(s.step.error.code).toBe('unsupported-board');
    expect(s.step.error.action).toMatch(/no nrf_cloud_cred shell .* never makes a key on the computer/);
    expect(h.sent('nrf7002dk-nokeygen')).not.toMatch(/keygen \d|cred buf [^c]|cred add/);
  });

  it('a reload in the middle of a write: the half-filled cred buf is cleared and rewritten on resume, never added', async () => {
    h = await flowHarness({ factories: ZEPHYR_FACTORIES });
    const ca = await h.labCa();
    const id = 'nrf7002dk-a';
    const before = h.flow();
    await before.connectPort(h.lab.port(id));
    await before.selectSecTag(42);
    // Once writing starts, every command the board receives waits 40 ms (a slow line), so the reload lands mid-write.
    const control = h.lab.control(id);
    before.subscribe((x) => {
      if (x.step.name === 'write' && control.faultRates.stall === 0)
        control.faultRates = { ...control.faultRates, stall: 1, stallMs: 40 };
    });
    const running = before.prepare({ profile: profile(), ca });
    // The page goes away after a few chunks of the first credential.
    while (h.count(id, 'cred buf ') < 6) await new Promise((r) => setTimeout(r, 2));
    await before.dispose();
    await running;
    const board = h.lab.model(id) as ZephyrBoard;
    expect(board.credentialBuffer.length).toBeGreaterThan(0); // the board still holds the half-filled buffer
    const addsBefore = h.count(id, 'cred add ');
    control.faultRates = { ...control.faultRates, stall: 0 };
    const after = h.flow();
    const s = await after.connectPort(h.lab.port(id));
    if (s.step.name !== 'done') throw new Error(JSON.stringify(s.step));
    const resumed = h.sent(id).slice(h.sent(id).lastIndexOf('nrf_cloud_cred'));
    // Every add in the resumed run follows its own `cred buf clear`; the half-filled buffer was never added.
    const writes = resumed.split('cred add ').slice(0, -1);
    expect(writes.length).toBe(2);
    for (const w of writes) expect(w.lastIndexOf('cred buf clear\r')).toBeGreaterThan(-1);
    expect(addsBefore).toBe(0);
    // The board lists no digest for a PSA key, so the resumed run asks for a key again: the board keeps the one it
    // made before the reload (never deleted) and the user is told so.
    expect(h.count(id, 'nrf_cloud_cred delete')).toBe(0);
    expect(s.notes.join(' ')).toMatch(/already held a key at sec tag 42 and kept it/);
  });

  it('without the pubkey command the check uses the CSR and certificate proofs only', async () => {
    h = await flowHarness({ factories: ZEPHYR_FACTORIES });
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf7002dk-nopubkey'));
    await flow.selectSecTag(42);
    const s = await flow.prepare({ profile: profile(), ca });
    expect(s.step.name).toBe('done');
    expect(h.sent('nrf7002dk-nopubkey')).toContain('nrf_cloud_cred csr 42');
    expect(h.sent('nrf7002dk-nopubkey')).not.toContain('nrf_cloud_cred pubkey 42');
  });
});
