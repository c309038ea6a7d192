// The Zephyr family profile's console rules: which typed shell commands only read, which change the board (audited,
// with the sec tag and type), which are refused before anything is sent (a typed `cred buf` could stage a key or
// PSK; a key or PSK is never read back); the audit scanner refuses a typed write of a key or PSK.
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../../../audit/secrets.ts';
import { classifyShellCommand } from './console-rules.ts';
import { ZEPHYR_PROFILE, zephyrTimeLimitMs } from './profile.ts';

describe('classifyShellCommand', () => {
  it.each(['cred list', 'cred list 42 any', 'kernel version', 'hwinfo devid', 'nrf_cloud_cred pubkey 42', 'cred -h'])(
    '%s only reads',
    (command) => expect(classifyShellCommand(command)).toEqual({ kind: 'read' }),
  );

  it('cred get of a certificate reads; of a key or PSK it is refused', () => {
    expect(classifyShellCommand('cred get 42 SERV bint')).toEqual({ kind: 'read' });
    for (const type of ['PK', 'psk', 'PRIVATE_KEY'])
      expect(classifyShellCommand(`cred get 42 ${type} bint`)).toMatchObject({
        kind: 'refused',
        reason: expect.stringContaining('never reads it back'),
      });
  });

  it('cred buf and cred add are refused: the Provision step writes credentials', () => {
    for (const command of [
      'cred buf clear',
      'cred buf QUJD',
      'cred add 42 CA DEFAULT bint',
      'CRED ADD 42 PK DEFAULT bint',
    ])
      expect(classifyShellCommand(command)).toMatchObject({
        kind: 'refused',
        reason: expect.stringContaining('never sends to a board'),
      });
  });

  it('cred del, keygen and key delete change the board, with sec tag and type in the audit detail', () => {
    expect(classifyShellCommand('cred del 42 SERV')).toEqual({
      kind: 'changing',
      change: {
        action: 'credential-delete',
        detail: {
          secTag: 42,
          deviceType: 'SERV',
          credentialKind: 'clientCert',
          message: 'Typed in the console: cred del 42 SERV',
        },
      },
    });
    expect(classifyShellCommand('nrf_cloud_cred keygen 7')).toEqual({
      kind: 'changing',
      change: { action: 'keygen', detail: { secTag: 7, message: 'Typed in the console: nrf_cloud_cred keygen 7' } },
    });
    expect(classifyShellCommand('nrf_cloud_cred delete 7')).toMatchObject({
      kind: 'changing',
      change: { action: 'x-console-command', detail: { secTag: 7 } },
    });
  });

  it('an unknown command or kernel reboot is an audited change; a line longer than the shell keeps is refused', () => {
    expect(classifyShellCommand('kernel reboot cold')).toMatchObject({
      kind: 'changing',
      change: { action: 'x-console-command' },
    });
    expect(classifyShellCommand('wifi connect -s lab')).toMatchObject({ kind: 'changing' });
    expect(classifyShellCommand(`kernel ${'x'.repeat(260)}`)).toMatchObject({
      kind: 'refused',
      reason: expect.stringContaining('at most 255 characters'),
    });
  });
});

describe('the Zephyr profile', () => {
  it('names the shell’s types and words, and gives slow commands their time limits', () => {
    expect(ZEPHYR_PROFILE.deviceType('clientCert')).toBe('SERV');
    expect(ZEPHYR_PROFILE.deviceType('caCert')).toBe('CA');
    expect(ZEPHYR_PROFILE.slotWord).toBe('sec tag');
    expect(ZEPHYR_PROFILE.defaultCsrCn({ serial: 'A1B2C3D4E5F60718' })).toBe('a1b2c3d4e5f60718');
    expect(zephyrTimeLimitMs('nrf_cloud_cred keygen 42')).toBe(30_000);
    expect(zephyrTimeLimitMs('cred list')).toBeUndefined();
    expect(ZEPHYR_PROFILE.rebootLossAdvice).toContain('CONFIG_TLS_CREDENTIALS_BACKEND_PROTECTED_STORAGE=y');
  });

  it('the audit scanner refuses a typed write of a private key or PSK, and leaves a certificate write alone', () => {
    expect(scanForSecrets('cred add 42 PK DEFAULT bint').map((f) => f.kind)).toContain('cred-secret-write');
    expect(scanForSecrets('cred add 42 psk DEFAULT bin').map((f) => f.kind)).toContain('cred-secret-write');
    expect(scanForSecrets('cred add 42 SERV DEFAULT bint')).toEqual([]);
  });
});
