// The Zephyr shell conventions (shell-grammar.ts) on their own: which board lines are log lines, which are the shell
// core's refusals, which line is the boot banner (the board restarted), and how long each command may take before
// the client gives up on it.
import { describe, expect, it } from 'vitest';
import { defaultShellTimeoutMs, isBootBanner, parseLogLine, parseRefusal } from './shell-grammar.ts';

describe('parseLogLine', () => {
  it('takes every log level, date timestamps and module paths apart', () => {
    expect(parseLogLine('  [2026-12-06 18:04:38.123,456] <wrn> net/lwm2m.engine-x: slow  ')).toEqual({
      timestamp: '2026-12-06 18:04:38.123,456',
      level: 'wrn',
      module: 'net/lwm2m.engine-x',
      text: 'slow',
    });
    expect(parseLogLine('[00:00:01.000,000] <inf> main:ready')?.text).toBe('ready');
    expect(parseLogLine('[00:00:01.000,000] <dbg> main:')).toMatchObject({ level: 'dbg', text: '' });
    expect(parseLogLine('[00:00:01.000,000] <err> a: b: c')).toMatchObject({ module: 'a', text: 'b: c' });
    // U+2028 / U+2029 (a logged name may hold them) do not end the text
    expect(parseLogLine('[00:00:01.000,000] <inf> wifi: AP \u2028x\u2029 y')?.text).toBe('AP \u2028x\u2029 y');
  });

  it('leaves answer lines that only look like log lines to the answer', () => {
    expect(parseLogLine('cred list: [00:00:01.000,000] <inf> main: x')).toBeNull(); // not at the start
    expect(parseLogLine('[00:00:01.000,000] <inf> two words: x')).toBeNull(); // a module name has no space
    expect(parseLogLine('[] <inf> main: x')).toBeNull(); // no timestamp
    expect(parseLogLine('[00:00:01.000,000x] <inf> main: x')).toBeNull(); // not a timestamp
    expect(parseLogLine('[00:00:01.000,000] <inf> : x')).toBeNull(); // no module
    expect(parseLogLine('[00:00:01.000,000] <warn> main: x')).toBeNull(); // not a Zephyr level
    expect(parseLogLine('[00:00:01.000,000] <inf> main x')).toBeNull(); // no colon after the module
  });
});

describe('parseRefusal', () => {
  it('recognises each refusal of the shell core, around blanks, for any command name', () => {
    expect(parseRefusal('  nrf_cloud_cred: command not found \r')).toBe('command-not-found');
    expect(parseRefusal('cred: wrong parameter count')).toBe('wrong-parameter-count');
    expect(parseRefusal(' Please specify a subcommand. ')).toBe('missing-subcommand');
  });

  it('does not take an answer line that merely contains the words for a refusal', () => {
    for (const line of [
      'error: frob: command not found',
      'frob: command not found, try help',
      ': command not found',
      'my cmd: command not found',
      'add: wrong parameter count (2)',
      'the add: wrong parameter count',
      ': wrong parameter count',
      'Please specify a subcommand. Try help',
      'please specify a subcommand.',
      '',
    ])
      expect(parseRefusal(line), line).toBeNull();
  });
});

describe('defaultShellTimeoutMs', () => {
  it('gives each slow command its longer limit, however it is spaced, and the rest the default', () => {
    expect(defaultShellTimeoutMs('nrf_cloud_cred keygen 42')).toBe(60_000);
    expect(defaultShellTimeoutMs('  nrf_cloud_cred \t csr 42 "CN=x"')).toBe(60_000);
    expect(defaultShellTimeoutMs('nrf_cloud_cred delete 42 0')).toBe(30_000);
    expect(defaultShellTimeoutMs('cred  add 1 CA DEFAULT bint')).toBe(30_000);
    expect(defaultShellTimeoutMs('cred del 1 CA')).toBe(30_000);
    expect(defaultShellTimeoutMs('kernel   reboot cold')).toBe(30_000);
    expect(defaultShellTimeoutMs('cred list')).toBe(15_000);
    expect(defaultShellTimeoutMs('kernel version')).toBe(15_000);
    expect(defaultShellTimeoutMs('')).toBe(15_000);
  });
});

describe('isBootBanner', () => {
  it('recognises the boot banner of nRF Connect SDK, Zephyr and MCUboot, around blanks: the board restarted', () => {
    expect(isBootBanner('*** Booting nRF Connect SDK v2.9.0-7787b2649840 ***')).toBe(true);
    expect(isBootBanner('*** Booting Zephyr OS build v3.5.0 ***')).toBe(true);
    expect(isBootBanner('*** Booting MCUboot v2.1.0 ***')).toBe(true);
    expect(isBootBanner('  *** Booting Zephyr OS build v3.7.99 ***\r')).toBe(true);
  });

  it('does not take an answer line that quotes the banner, or another system booting, for a restart', () => {
    for (const line of [
      'last boot: *** Booting Zephyr OS build v3.5.0 ***',
      '*** Booting Linux 6.1 ***',
      '*** Booting Zephyr OSX ***',
      '** Booting Zephyr OS build v3.5.0 ***',
      '',
    ])
      expect(isBootBanner(line), line).toBe(false);
  });
});
