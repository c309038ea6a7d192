// Typed console commands through the session's line terminal with the family's console rules (the rules
// themselves: src/devices/adapters/nrf91/console-rules.test.ts): the intent is stored before a change goes out,
// or nothing goes out at all. Against the emulated nRF9160, unpaced.
import { describe, expect, it } from 'vitest';
import { connectDevice } from '../devices/adapters/index.ts';
import { createEmulatorLab, MemoryFlashStore } from '../devices/emulator/index.ts';
import { NRF91_PROFILE } from '../devices/adapters/nrf91/profile.ts';
import { FakeAudit } from './testing/fake-audit.ts';
import { runTypedCommand } from './typed-command.ts';

describe('runTypedCommand', () => {
  async function at() {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
    const sent: string[] = [];
    const s = await connectDevice(lab.port('nrf9160-b'), {
      onTap: (e) => e.dir === 'tx' && sent.push(new TextDecoder().decode(e.bytes)),
    });
    if (!s.ok || !s.value.at) throw new Error('no AT session');
    return { at: s.value.at, device: s.value.device, sent };
  }
  const board = { family: 'nrf91', id: 'uuid', model: 'nRF9160-SICA', firmware: 'mfw' };

  it('stores the intent before the command goes out and the outcome after', async () => {
    const { at: client, device, sent } = await at();
    const audit = new FakeAudit();
    audit.marker = () => sent.length;
    const before = sent.length;
    const r = await runTypedCommand('AT+CFUN=4', { line: client, rules: NRF91_PROFILE.console, audit, device: board });
    expect(r.ok && r.value.audited).toBe(true);
    expect(audit.calls.map((c) => [c.kind, c.marker])).toEqual([
      ['intent', before],
      ['success', before + 1],
    ]);
    await device.close();
  });

  it('sends nothing when the intent is refused', async () => {
    const { at: client, device, sent } = await at();
    const audit = new FakeAudit();
    audit.refuse = { code: 'quota-exceeded', message: 'full' };
    const before = sent.length;
    const r = await runTypedCommand('AT%CMNG=3,16842753,0', {
      line: client,
      rules: NRF91_PROFILE.console,
      audit,
      device: board,
    });
    expect(r).toEqual({ ok: false, error: { source: 'audit', error: audit.refuse } });
    expect(sent.length).toBe(before);
    await device.close();
  });

  it('sends nothing for a chained or unknown command, and no change while provisioning holds the board', async () => {
    const { at: client, device, sent } = await at();
    const audit = new FakeAudit();
    const before = sent.length;
    const chained = await runTypedCommand('AT+CGMI;%CMNG=3,42,1', {
      line: client,
      rules: NRF91_PROFILE.console,
      audit,
      device: board,
    });
    expect(!chained.ok && chained.error.source).toBe('refused');
    const unknown = await runTypedCommand('AT%XFACTORYRESET', {
      line: client,
      rules: NRF91_PROFILE.console,
      audit,
      device: board,
    });
    expect(!unknown.ok && unknown.error.source).toBe('refused');
    const held = 'Provisioning is running on this board.';
    const change = await runTypedCommand('AT%CMNG=3,42,1', {
      line: client,
      rules: NRF91_PROFILE.console,
      audit,
      device: board,
      held,
    });
    expect(!change.ok && change.error.source === 'refused' && change.error.message).toMatch(/Provisioning is running/);
    expect(sent.length).toBe(before);
    expect(audit.calls).toEqual([]);
    const read = await runTypedCommand('AT+CGMI', {
      line: client,
      rules: NRF91_PROFILE.console,
      audit,
      device: board,
      held,
    });
    expect(read.ok).toBe(true);
    await device.close();
  });

  it('an unknown set command is audited as a console change (intent first)', async () => {
    const { at: client, device } = await at();
    const audit = new FakeAudit();
    await runTypedCommand('AT%XSYSTEMMODE=1,0,0,0', {
      line: client,
      rules: NRF91_PROFILE.console,
      audit,
      device: board,
    });
    expect(audit.calls.map((c) => [c.kind, c.action])).toEqual([
      ['intent', 'x-console-command'],
      [expect.stringMatching(/success|failure/), 'x-console-command'],
    ]);
    await device.close();
  });

  it('records a refused change as a failure and passes read-only commands straight through', async () => {
    const { at: client, device } = await at();
    const audit = new FakeAudit();
    const refused = await runTypedCommand('AT%CMNG=3,777,0', {
      line: client,
      rules: NRF91_PROFILE.console,
      audit,
      device: board,
    });
    expect(!refused.ok && refused.error.source === 'device' && refused.error.error.final).toEqual({
      kind: 'cme',
      code: 513,
    });
    expect(audit.calls.map((c) => [c.kind, c.errorCode])).toEqual([
      ['intent', undefined],
      ['failure', 'device-rejected'],
    ]);
    const read = await runTypedCommand('AT+CGMM', { line: client, rules: NRF91_PROFILE.console, audit, device: board });
    expect(read.ok && read.value.response.lines).toEqual(['nRF9160-SICA']);
    expect(audit.calls).toHaveLength(2);
    await device.close();
  });
});
