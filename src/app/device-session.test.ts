// The page's DeviceSession against the emulated lab (unpaced, same bytes as a real modem): connect with progress,
// busy port and retry, cancel, losing the board and finding it again with the same identity, a reboot, disconnect.
import { describe, expect, it } from 'vitest';
import { createEmulatorLab, factsOf, MemoryFlashStore } from '../devices/emulator/index.ts';
import { emulatedSource } from '../devices/transport/index.ts';
import { DeviceSession } from './device-session.svelte.ts';
import { FakeAudit } from './testing/fake-audit.ts';

async function until(probe: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function setup(options: { reconnectTimeoutMs?: number } = {}) {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const source = emulatedSource(lab);
  const audit = new FakeAudit();
  const steps: string[] = [];
  const session = new DeviceSession({
    serial: () => ({ baudRate: 115200, flowControl: 'hardware' }),
    audit: () => audit,
    inspect: async () => ({ ok: false, error: { code: 'unrecognised-input', message: 'not used here' } }),
    ...options,
  });
  return { lab, source, audit, session, steps };
}

describe('DeviceSession', () => {
  it('connects an emulated board: identity, capabilities, credentials, session log', async () => {
    const { lab, source, session } = setup();
    await session.pick(source, { boardId: 'nrf9160-b' });
    expect(session.phase).toBe('connected');
    expect(session.identity?.imei).toBe(lab.control('nrf9160-b').factsOf('nrf91').imei);
    expect(session.emulated).toBe(true);
    expect(session.capabilities).toContain('credentials');
    await until(() => session.credentials.items !== null, 'the credential list');
    expect(session.credentials.groups.map((g) => g.secTag)).toEqual([16842753, 4294967292]);
    expect(session.log?.search('AT+CGSN').length).toBeGreaterThan(0);
    await session.disconnect();
    expect(session.phase).toBe('idle');
    expect(session.identity).toBeNull();
    expect(lab.control('nrf9160-b').portOpen).toBe(false);
  });

  it('an unplugged board is not chosen: the session stays idle with the reason, no failure', async () => {
    const { lab, source, session } = setup();
    lab.control('nrf9160-c').unplug();
    await session.pick(source, { boardId: 'nrf9160-c' });
    expect(session.phase).toBe('idle');
    expect(session.error).toBeNull();
    expect(session.notice).toContain('unplugged');
  });

  it('a busy port fails with port-busy; retry connects once the port is free', async () => {
    const { lab, source, session } = setup();
    lab.control('nrf9160-a').busy = true;
    await session.pick(source, { boardId: 'nrf9160-a' });
    expect(session.phase).toBe('failed');
    expect(session.error?.code).toBe('port-busy');
    lab.control('nrf9160-a').busy = false;
    await session.retry();
    expect(session.phase).toBe('connected');
    await session.disconnect();
  });

  it('cancel stops a connect that waits on a stalled board', async () => {
    const { lab, source, session } = setup();
    lab.control('nrf9160-a').inject({ kind: 'stall', ms: 3000 });
    const connecting = session.pick(source, { boardId: 'nrf9160-a' });
    await until(() => session.phase === 'connecting', 'connecting');
    session.cancel();
    expect(session.phase).toBe('idle');
    expect(session.notice).toBe('Connecting was cancelled.');
    await connecting;
    expect(session.phase).toBe('idle');
    await until(() => !lab.control('nrf9160-a').portOpen, 'the port to close');
  });

  it('loses the board on unplug and reconnects on replug with the same identity', async () => {
    const { lab, source, session } = setup();
    await session.pick(source, { boardId: 'nrf9160-a' });
    const id = session.identity?.deviceId;
    lab.control('nrf9160-a').unplug();
    await until(() => session.phase === 'lost', 'the loss');
    expect(session.error?.code).toBe('disconnected');
    expect(session.reconnect.waiting).toBe(true);
    expect(session.identity?.deviceId).toBe(id);
    lab.control('nrf9160-a').replug();
    await until(() => session.phase === 'connected', 'the reconnect');
    expect(session.identity?.deviceId).toBe(id);
    expect(session.boardChanged).toBeNull();
    expect(session.log?.lines().some((l) => l.dir === 'note' && l.text.startsWith('Lost the board'))).toBe(true);
    await session.disconnect();
  });

  it('gives up waiting after its time limit; one click connects once the board is back', async () => {
    const { lab, source, session } = setup({ reconnectTimeoutMs: 50 });
    await session.pick(source, { boardId: 'nrf9160-b' });
    lab.control('nrf9160-b').unplug();
    await until(() => session.reconnect.gaveUp !== null, 'giving up');
    expect(session.phase).toBe('lost');
    await session.reconnectNow();
    expect(session.phase).toBe('lost');
    expect(session.notice).toContain('not back yet');
    lab.control('nrf9160-b').replug();
    await until(() => session.phase === 'connected', 'the reconnect');
    await session.disconnect();
  });

  it('notices a reboot from the boot banner and reads the board again', async () => {
    const { lab, source, session } = setup();
    await session.pick(source, { boardId: 'nrf9160-a' });
    await until(() => session.credentials.items !== null, 'the credential list');
    await session.sendTyped('AT+CFUN=4');
    await session.readAgain();
    expect(session.identity?.functionalMode).toBe(4);
    lab.control('nrf9160-a').reset();
    await until(() => session.restartedAt !== null, 'the reboot notice');
    await until(() => !session.identifying && session.identity?.functionalMode === 0, 'identity read again');
    expect(session.phase).toBe('connected');
    await session.disconnect();
  });

  it('typed commands go through the AT queue; board-changing ones are audited', async () => {
    const { source, session, audit } = setup();
    await session.pick(source, { boardId: 'nrf9160-b' });
    const read = await session.sendTyped('AT+CGMI');
    expect(read.ok && read.value.response.lines).toEqual(['Nordic Semiconductor ASA']);
    expect(audit.calls).toEqual([]);
    const change = await session.sendTyped('AT+CFUN=4');
    expect(change.ok && change.value.audited).toBe(true);
    expect(audit.calls.map((c) => [c.kind, c.action])).toEqual([
      ['intent', 'functional-mode'],
      ['success', 'functional-mode'],
    ]);
    await session.disconnect();
    const closed = await session.sendTyped('AT');
    expect(!closed.ok && closed.error.source === 'device' && closed.error.error.code).toBe('not-open');
  });
});
