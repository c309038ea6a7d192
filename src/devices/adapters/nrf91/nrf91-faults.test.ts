// The nRF91 stack against the emulator's fault injector: damaged bytes must end as a clear error, never as wrong
// data; a stall must end as a time-out the session recovers from; an unplug must end as disconnected; a reset (the
// firmware's boot banner) ends the command in flight as 'restarted' at once; a Cancel of a command the board holds
// its answer to ends within the abort grace period, as an outcome that is unknown.
import { describe, expect, it } from 'vitest';
import { createEmulatorLab, factsOf, MemoryFlashStore } from '../../emulator/index.ts';
import { connectDevice } from '../connect.ts';
import { ABORT_GRACE_MS } from '../../protocols/at-client.ts';

const PEM = ['-----BEGIN CERTIFICATE-----', 'MIIBszCCAVmgAwIBAgIUQ29udGVudA==', '-----END CERTIFICATE-----', ''].join(
  '\n',
);

async function connected(keygenMs = 0, boardOptions: Readonly<Record<string, unknown>> = {}) {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs, boardOptions });
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

  it.each(['at_client', 'slm'])(
    'a reset during key generation ends it as restarted at once (%s banner), and the board answers again',
    async (framing) => {
      const { device, control } = await connected(60_000, { framing });
      const keygen = device.keys!.generate({ secTag: 42, output: 'csr' });
      await new Promise((r) => setTimeout(r, 50));
      control.reset();
      const r = await keygen;
      expect(r).toMatchObject({ ok: false, error: { code: 'restarted', onWire: true } });
      expect(!r.ok && r.error.message).toContain('The board restarted during AT%KEYGEN=42,2,0');
      const id = await device.identify();
      expect(id.ok && id.value.imei).toBe(control.factsOf('nrf91').imei);
      await device.close();
    },
  );

  it('a reset that hits a write is restarted (named without the PEM), and the write succeeds when sent again', async () => {
    const { device, control } = await connected();
    control.inject({ kind: 'reset', when: 'AT%CMNG=0,42,' });
    const r = await device.credentials!.write(42, 'clientCert', PEM);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'restarted', onWire: true, command: 'AT%CMNG=0,42,1,<certificate>' },
    });
    expect(!r.ok && r.error.message).not.toContain('BEGIN');
    const again = await device.credentials!.write(42, 'clientCert', PEM);
    expect(again.ok).toBe(true);
    await device.close();
  });

  it('names a refused write by the command up to the PEM, never the PEM itself', async () => {
    const { device, control } = await connected();
    control.inject({ kind: 'answer', text: '+CME ERROR: 527', when: 'AT%CMNG=0,42,' });
    const r = await device.credentials!.write(42, 'caCert', PEM);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'device-rejected', command: 'AT%CMNG=0,42,0,<CA certificate>' },
    });
    expect(!r.ok && r.error.message).toContain('to AT%CMNG=0,42,0,<CA certificate>.');
    expect(!r.ok && r.error.message).not.toMatch(/BEGIN|MIIB|"/);
    await device.close();
  });

  it('a Cancel while the board holds its answer to a write ends within the grace period as outcome unknown', async () => {
    const { device, control } = await connected();
    control.inject({ kind: 'stall', ms: ABORT_GRACE_MS + 1500, when: 'AT%CMNG=0,42,' });
    const cancel = new AbortController();
    const write = device.credentials!.write(42, 'clientCert', PEM, { signal: cancel.signal });
    setTimeout(() => cancel.abort(), 50);
    const r = await write;
    expect(r).toMatchObject({ ok: false, error: { code: 'aborted', onWire: true } });
    expect(!r.ok && r.error.message).toContain('had not answered 2 s after Cancel');
    // The held answer still comes and is not taken for the next command's: the list shows the write carried out.
    const listed = await device.credentials!.list({ secTag: 42 });
    expect(listed.ok && listed.value.map((c) => c.kind)).toEqual(['clientCert']);
    await device.close();
  });

  it('a Cancel of a key generation that answers within the grace period keeps its real answer', async () => {
    const { device } = await connected(ABORT_GRACE_MS / 3);
    const cancel = new AbortController();
    const keygen = device.keys!.generate({ secTag: 42, output: 'csr' }, { signal: cancel.signal });
    setTimeout(() => cancel.abort(), 20);
    const r = await keygen;
    expect(r.ok && r.value.der[0]).toBe(0x30);
    await device.close();
  });
});
