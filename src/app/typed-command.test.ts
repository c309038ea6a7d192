// Typed console commands: which ones change the board (and so are audited), and that the intent is stored before
// the command goes out, or nothing goes out at all. Against the emulated nRF9160, unpaced.
import { describe, expect, it } from 'vitest';
import { connectDevice } from '../devices/adapters/index.ts';
import { createEmulatorLab, MemoryFlashStore } from '../devices/emulator/index.ts';
import { scanForSecrets } from '../audit/secrets.ts';
import { FakeAudit } from './testing/fake-audit.ts';
import { changingCommand, classifyTyped, runTypedCommand } from './typed-command.ts';

describe('changingCommand', () => {
  const cases: [string, ReturnType<typeof changingCommand>][] = [
    ['AT+CGMI', null],
    ['AT%CMNG=1', null],
    ['AT%CMNG=2,16842753,0', null],
    ['AT+CFUN?', null],
    [
      'AT%CMNG=0,42,3,"0011AABB"',
      {
        action: 'credential-write',
        detail: {
          secTag: 42,
          deviceType: '3',
          credentialKind: 'psk',
          message: 'Typed in the console: AT%CMNG=0,42,3 (quoted content not recorded)',
        },
      },
    ],
    [
      'at%cmng=3,16842753,1',
      {
        action: 'credential-delete',
        detail: {
          secTag: 16842753,
          deviceType: '1',
          credentialKind: 'clientCert',
          message: 'Typed in the console: at%cmng=3,16842753,1',
        },
      },
    ],
    ['AT%KEYGEN=7,2,0', { action: 'keygen', detail: { secTag: 7, message: 'Typed in the console: AT%KEYGEN=7,2,0' } }],
    [
      'AT+CFUN=4',
      { action: 'functional-mode', detail: { functionalMode: 4, message: 'Typed in the console: AT+CFUN=4' } },
    ],
    [
      'AT%CMNG=3,99999999999,0',
      {
        action: 'credential-delete',
        detail: { deviceType: '0', credentialKind: 'caCert', message: 'Typed in the console: AT%CMNG=3,99999999999,0' },
      },
    ],
  ];
  for (const [command, want] of cases) it(command, () => expect(changingCommand(command)).toEqual(want));

  it("a typed PSK write audit message passes the trail's secret guard (no content, no secret-write opening)", () => {
    const message = changingCommand('AT%CMNG=0,42,3,"00112233445566778899AABBCCDDEEFF"')!.detail.message!;
    expect(scanForSecrets(message)).toEqual([]);
  });
});

describe('classifyTyped', () => {
  it.each([
    'AT',
    'AT+CGMI',
    'at+cgsn',
    'AT+CGSN=1',
    'AT%XICCID',
    'AT+CFUN?',
    'AT+CEREG?',
    'AT%XSYSTEMMODE=?',
    'AT%CMNG=1',
    'AT%CMNG=1,42',
    'AT%CMNG=2,16842753,0',
    'AT%ATTESTTOKEN',
  ])('%s only asks: sent without an audit record', (command) => {
    expect(classifyTyped(command)).toEqual({ kind: 'read' });
  });

  it.each([
    ['AT+CGMI;%CMNG=3,42,1', /one at a time/],
    ['AT+CFUN=4;+CFUN=1', /one at a time/],
    ['AT%XFACTORYRESET', /does not know what AT%XFACTORYRESET does/],
    ['ATZ', /does not know what ATZ does/],
  ])('%s is refused before sending', (command, reason) => {
    const c = classifyTyped(command);
    expect(c.kind).toBe('refused');
    expect(c.kind === 'refused' && c.reason).toMatch(reason);
  });

  it('a ";" inside quotes is content, not a chain', () => {
    expect(classifyTyped('AT%CMNG=0,42,4,"id;with;semicolons"')).toMatchObject({
      kind: 'changing',
      change: { action: 'credential-write' },
    });
  });

  it.each(['AT%XFACTORYRESET=0', 'AT+CGDCONT=0,"IP","internet"', 'AT%XSYSTEMMODE=1,0,0,0'])(
    '%s is an unknown set command: audited as a console change',
    (command) => {
      const c = classifyTyped(command);
      expect(c.kind === 'changing' && c.change.action).toBe('x-console-command');
      expect(c.kind === 'changing' && c.change.detail.message).not.toContain('internet');
    },
  );
});

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
    const r = await runTypedCommand('AT+CFUN=4', { at: client, audit, device: board });
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
    const r = await runTypedCommand('AT%CMNG=3,16842753,0', { at: client, audit, device: board });
    expect(r).toEqual({ ok: false, error: { source: 'audit', error: audit.refuse } });
    expect(sent.length).toBe(before);
    await device.close();
  });

  it('sends nothing for a chained or unknown command, and no change while provisioning holds the board', async () => {
    const { at: client, device, sent } = await at();
    const audit = new FakeAudit();
    const before = sent.length;
    const chained = await runTypedCommand('AT+CGMI;%CMNG=3,42,1', { at: client, audit, device: board });
    expect(!chained.ok && chained.error.source).toBe('refused');
    const unknown = await runTypedCommand('AT%XFACTORYRESET', { at: client, audit, device: board });
    expect(!unknown.ok && unknown.error.source).toBe('refused');
    const held = 'Provisioning is running on this board.';
    const change = await runTypedCommand('AT%CMNG=3,42,1', { at: client, audit, device: board, held });
    expect(!change.ok && change.error.source === 'refused' && change.error.message).toMatch(/Provisioning is running/);
    expect(sent.length).toBe(before);
    expect(audit.calls).toEqual([]);
    const read = await runTypedCommand('AT+CGMI', { at: client, audit, device: board, held });
    expect(read.ok).toBe(true);
    await device.close();
  });

  it('an unknown set command is audited as a console change (intent first)', async () => {
    const { at: client, device } = await at();
    const audit = new FakeAudit();
    await runTypedCommand('AT%XSYSTEMMODE=1,0,0,0', { at: client, audit, device: board });
    expect(audit.calls.map((c) => [c.kind, c.action])).toEqual([
      ['intent', 'x-console-command'],
      [expect.stringMatching(/success|failure/), 'x-console-command'],
    ]);
    await device.close();
  });

  it('records a refused change as a failure and passes read-only commands straight through', async () => {
    const { at: client, device } = await at();
    const audit = new FakeAudit();
    const refused = await runTypedCommand('AT%CMNG=3,777,0', { at: client, audit, device: board });
    expect(!refused.ok && refused.error.source === 'device' && refused.error.error.final).toEqual({
      kind: 'cme',
      code: 513,
    });
    expect(audit.calls.map((c) => [c.kind, c.errorCode])).toEqual([
      ['intent', undefined],
      ['failure', 'device-rejected'],
    ]);
    const read = await runTypedCommand('AT+CGMM', { at: client, audit, device: board });
    expect(read.ok && read.value.response.lines).toEqual(['nRF9160-SICA']);
    expect(audit.calls).toHaveLength(2);
    await device.close();
  });
});
