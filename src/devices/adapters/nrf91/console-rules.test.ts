// The nRF91 family profile's console rules: which typed commands change the board (and so are audited), which only
// read, which are refused; the audit detail never holds the quoted content. (Moved from src/app/typed-command.test.ts.)
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../../../audit/secrets.ts';
import { changingCommand, classifyTyped } from './console-rules.ts';

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
