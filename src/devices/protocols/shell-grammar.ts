// Layer: protocols (Zephyr shell). The one table of Zephyr shell conventions: the default prompt, the line buffer,
// per-command time limits, the log line format, and the shell's own refusals (printed by the shell core, not by
// the command, so they mean the same on every firmware). Pure functions, no state.
// Sources: Zephyr `subsys/shell` (SHELL_MSG_CMD_NOT_FOUND ": command not found", "%s: wrong parameter count",
// SHELL_MSG_SPECIFY_SUBCOMMAND "Please specify a subcommand."), CONFIG_SHELL_CMD_BUFF_SIZE (256 by default, one byte
// is the terminating NUL), the log subsystem's default text format `[hh:mm:ss.mmm,uuu] <lvl> module: text`.

export const DEFAULT_SHELL_PROMPT = 'uart:~$ ';

/** CONFIG_SHELL_CMD_BUFF_SIZE default. The buffer keeps a NUL, so 255 characters is the longest command. */
export const DEFAULT_SHELL_BUFFER_SIZE = 256;

export const DEFAULT_SHELL_TIMEOUT_MS = 15_000;

/** Commands slower than the default: key generation in PSA (TF-M) and CSR signing; a reboot prints a banner. */
const TIMEOUTS_MS: readonly (readonly [prefix: string, ms: number])[] = [
  ['nrf_cloud_cred keygen', 60_000],
  ['nrf_cloud_cred csr', 60_000],
  ['nrf_cloud_cred delete', 30_000],
  ['cred add', 30_000],
  ['cred del', 30_000],
  ['kernel reboot', 30_000],
];

export function defaultShellTimeoutMs(command: string): number {
  const normalized = command.trim().replace(/\s+/g, ' ');
  for (const [prefix, ms] of TIMEOUTS_MS) if (normalized.startsWith(prefix)) return ms;
  return DEFAULT_SHELL_TIMEOUT_MS;
}

/** Zephyr's boot banner (CONFIG_BOOT_BANNER, on by default): `*** Booting nRF Connect SDK v2.9.0 ***`, older
 * `*** Booting Zephyr OS build v3.5.0 ***`, MCUboot's own first. Printed only when the board starts. */
const BOOT_BANNER = /^\*\*\* Booting (?:nRF Connect SDK|Zephyr OS|MCUboot)\b/;

/** Whether a line is the boot banner: the board (re)started. */
export const isBootBanner = (line: string): boolean => BOOT_BANNER.test(line.trim());

export interface LogLine {
  /** `00:00:12.345,678` as printed (uptime, or a date with CONFIG_LOG_TIMESTAMP_64BIT formats). */
  readonly timestamp: string;
  readonly level: 'err' | 'wrn' | 'inf' | 'dbg';
  readonly module: string;
  readonly text: string;
}

// The text runs to the end of the line, U+2028 / U+2029 included (a logged name may hold them; `.` stops there).
const LOG = /^\[([0-9:.,\- ]+)\] <(err|wrn|inf|dbg)> ([A-Za-z0-9_.\-/]+): ?([\s\S]*)/;

/** `[00:00:12.345,678] <inf> wifi_mgmt: connected` -> its parts; null for anything else. */
export function parseLogLine(line: string): LogLine | null {
  const m = LOG.exec(line.trim());
  if (!m) return null;
  return { timestamp: m[1]!, level: m[2] as LogLine['level'], module: m[3]!, text: m[4]! };
}

/** Why the shell core refused a command before any command code ran. */
export type ShellRefusal = 'command-not-found' | 'wrong-parameter-count' | 'missing-subcommand';

/** The shell core's refusal a line is, or null. `cred: wrong parameter count`, `foo: command not found`. */
export function parseRefusal(line: string): ShellRefusal | null {
  const text = line.trim();
  if (/^\S+: command not found$/.test(text)) return 'command-not-found';
  if (/^\S+: wrong parameter count$/.test(text)) return 'wrong-parameter-count';
  if (text === 'Please specify a subcommand.') return 'missing-subcommand';
  return null;
}

export const REFUSAL_TEXT: Readonly<Record<ShellRefusal, string>> = {
  'command-not-found':
    'the firmware has no such command (is the module enabled in its Kconfig, e.g. CONFIG_TLS_CREDENTIALS_SHELL?)',
  'wrong-parameter-count': 'the command takes a different number of arguments on this firmware',
  'missing-subcommand': 'the command needs a subcommand',
};
