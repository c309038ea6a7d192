// Command line of the serial-line emulator (tools/emulator.ts): parsed into a checked config or a plain-language
// error the tool prints with the usage text. Pure, so it is tested without starting a process. The first argument
// is a board family from the emulator's registry; the options after it are the common ones plus each family's own
// (nRF91: registration time, network time offset, framing; Zephyr: credential backend, log chatter; STSAFE: the
// chip's key seed and one-shot chip faults). A family's option given to another family is refused, naming the family
// it belongs to.
import type { Framing } from '../src/devices/emulator/nrf91/at-reply.ts';
import { MAX_NETWORK_TIME_OFFSET_DAYS } from '../src/devices/emulator/nrf91/nrf91-rtc.ts';
import { boardKindNamed, kindIds } from '../src/devices/emulator/registry.ts';
import type { StsafeFault } from '../src/devices/emulator/stsafe/stsafe-board.ts';
import type { EmulatorFaultRates } from '../src/devices/emulator/types.ts';

export const USAGE = `usage: npm run emulator -- <nrf91|zephyr|stsafe> [options]
  Serves an emulated board on stdin/stdout. Logs go to stderr.
  nrf91:  an nRF9160 (at_client firmware, AT commands)
  zephyr: an nRF7002 DK (Zephyr shell with the TLS credentials shell and nrf_cloud_cred)
  stsafe: an STM32 + STSAFE-A110 (KeyWire secure-element protocol, docs/secure-element-protocol.md)
Every family:
  --board ID            nrf91: nrf9160-a (default), nrf9160-b, nrf9160-c (and the scenario boards);
                        zephyr: nrf7002dk-a (default), nrf7002dk-volatile, nrf7002dk-nopubkey, nrf7002dk-nokeygen;
                        stsafe: stsafe-a (default)
  --state FILE          keep the board's flash in FILE (JSON) between runs; saved on every change
  --seed N              seed of the fault injector (default 1)
  --keygen-ms N         nrf91, zephyr: time on-board key generation takes (nrf91 %KEYGEN default 1500, zephyr 800)
  --baud N              pace bytes as a UART at N baud would (default: no pacing)
  --faults LIST         random faults, e.g. drop=0.01,corrupt=0.01,stall=0.05,reset=0.01,unplug=0,stall-ms=2000
  --verbose             log every command and answer to stderr
nrf91 only:
  --registration-ms N   time from +CEREG searching to registered (default 2500)
  --network-time-days N the network's time, N days ahead (or behind, negative) of this computer's (default 0);
                        the board takes it when it registers and answers it to AT+CCLK?
  --framing F           at_client (default) or slm (Serial LTE Modem framing)
stsafe only:
  --key-seed N          seed of the chip's key generation, so KEYGEN makes the same keys every run
                        (default: a fresh random seed)
  --se-faults LIST      one-shot chip faults, in order, e.g. sign-refused,zone-full,reset-mid-write,truncated-line,unplug
zephyr only:
  --backend B           volatile (RAM, lost at every reboot) or persistent (protected storage); default: the board's
  --chatter             print a wifi_mgmt log line inside every answer of two lines or more
Attach a pty so serial tools can open it:
  socat PTY,link=/tmp/ttyKW,raw,echo=0 EXEC:"npx tsx tools/emulator.ts nrf91 --state /tmp/kw-flash.json"
  socat PTY,link=/tmp/ttyZ,raw,echo=0 EXEC:"npx tsx tools/emulator.ts zephyr --state /tmp/kw-zephyr.json"`;

const SE_FAULTS: readonly StsafeFault[] = ['sign-refused', 'zone-full', 'reset-mid-write', 'truncated-line', 'unplug'];

/** Options that belong to one family (the rest are every family's). */
const FAMILY_FLAGS: Readonly<Record<string, readonly string[]>> = {
  '--keygen-ms': ['nrf91', 'zephyr'],
  '--registration-ms': ['nrf91'],
  '--network-time-days': ['nrf91'],
  '--framing': ['nrf91'],
  '--backend': ['zephyr'],
  '--chatter': ['zephyr'],
  '--key-seed': ['stsafe'],
  '--se-faults': ['stsafe'],
};

export interface EmulatorConfig {
  /** The board family (a registered emulator kind). */
  readonly kind: string;
  readonly board: string;
  readonly state: string | null;
  readonly seed: number;
  readonly keygenMs: number | null;
  readonly registrationMs: number | null;
  readonly networkTimeDays: number;
  readonly framing: Framing;
  readonly baud: number | null;
  readonly faults: Partial<EmulatorFaultRates>;
  readonly verbose: boolean;
  /** stsafe: the chip's key generation seed; null = random. */
  readonly keySeed: number | null;
  /** stsafe: one-shot chip faults queued at start, in order. */
  readonly seFaults: readonly StsafeFault[];
  /** zephyr: overrides the board's credential backend (null: as the board was built). */
  readonly backend: 'volatile' | 'persistent' | null;
  /** zephyr: a log line inside every answer of two lines or more. */
  readonly chatter: boolean;
}

const FAULT_NAMES: Record<string, keyof EmulatorFaultRates> = {
  drop: 'dropByte',
  corrupt: 'corruptByte',
  stall: 'stall',
  reset: 'reset',
  unplug: 'unplug',
  'stall-ms': 'stallMs',
};

export type ParsedArgs = { ok: true; config: EmulatorConfig } | { ok: false; error: string; help?: boolean };

function parseFaults(text: string): Partial<EmulatorFaultRates> | string {
  const out: Record<string, number> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [name, value] = part.split('=');
    const key = FAULT_NAMES[name ?? ''];
    const n = Number(value);
    if (!key) return `unknown fault "${name}" (use ${Object.keys(FAULT_NAMES).join(', ')})`;
    if (value === undefined || !Number.isFinite(n) || n < 0 || (key !== 'stallMs' && n > 1)) {
      return `fault ${name} needs ${key === 'stallMs' ? 'a number of ms' : 'a probability 0..1'}, got "${value ?? ''}"`;
    }
    out[key] = n;
  }
  return out;
}

export function parseEmulatorArgs(argv: readonly string[]): ParsedArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { ok: false, error: '', help: true };
  const [kind, ...rest] = argv;
  const family = boardKindNamed(kind ?? '');
  if (!family)
    return {
      ok: false,
      error: `first argument must be the board kind ${kindIds()
        .map((id) => `"${id}"`)
        .join(' or ')}, got "${kind ?? ''}"`,
    };
  const config = {
    kind: family.kind as string,
    board: family.factoryBoards[0]?.id ?? '',
    state: null as string | null,
    seed: 1,
    keygenMs: null as number | null,
    registrationMs: null as number | null,
    networkTimeDays: 0,
    framing: 'at_client' as Framing,
    baud: null as number | null,
    faults: {} as Partial<EmulatorFaultRates>,
    verbose: false,
    keySeed: null as number | null,
    seFaults: [] as StsafeFault[],
    backend: null as 'volatile' | 'persistent' | null,
    chatter: false,
  };
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i]!;
    const owners = FAMILY_FLAGS[flag];
    if (owners && !owners.includes(family.kind))
      return { ok: false, error: `${flag} is an option of ${owners.join(' and ')} boards, not ${family.kind}` };
    if (flag === '--verbose' || flag === '--chatter') {
      if (flag === '--verbose') config.verbose = true;
      else config.chatter = true;
      continue;
    }
    const value = rest[++i];
    if (value === undefined) return { ok: false, error: `${flag} needs a value` };
    const int = (min: number) => (/^\d+$/.test(value) && Number(value) >= min ? Number(value) : null);
    switch (flag) {
      case '--board':
        config.board = value;
        break;
      case '--state':
        config.state = value;
        break;
      case '--key-seed':
      case '--seed':
      case '--keygen-ms':
      case '--registration-ms':
      case '--baud': {
        const n = int(flag === '--baud' ? 1 : 0);
        if (n === null) return { ok: false, error: `${flag} needs a whole number, got "${value}"` };
        if (flag === '--seed') config.seed = n;
        else if (flag === '--key-seed') config.keySeed = n;
        else if (flag === '--keygen-ms') config.keygenMs = n;
        else if (flag === '--registration-ms') config.registrationMs = n;
        else config.baud = n;
        break;
      }
      case '--network-time-days': {
        const n = /^-?\d+$/.test(value) ? Number(value) : null;
        if (n === null || Math.abs(n) > MAX_NETWORK_TIME_OFFSET_DAYS)
          return {
            ok: false,
            error: `--network-time-days needs whole days within ±${MAX_NETWORK_TIME_OFFSET_DAYS}, got "${value}"`,
          };
        config.networkTimeDays = n;
        break;
      }
      case '--framing':
        if (value !== 'at_client' && value !== 'slm') return { ok: false, error: `--framing must be at_client or slm` };
        config.framing = value;
        break;
      case '--backend':
        if (value !== 'volatile' && value !== 'persistent')
          return { ok: false, error: `--backend must be volatile or persistent, got "${value}"` };
        config.backend = value;
        break;
      case '--faults': {
        const faults = parseFaults(value);
        if (typeof faults === 'string') return { ok: false, error: faults };
        config.faults = faults;
        break;
      }
      case '--se-faults': {
        const names = value.split(',').filter(Boolean);
        const unknown = names.find((n) => !SE_FAULTS.includes(n as StsafeFault));
        if (unknown !== undefined || names.length === 0)
          return { ok: false, error: `--se-faults takes ${SE_FAULTS.join(', ')}; got "${unknown ?? value}"` };
        config.seFaults = names as StsafeFault[];
        break;
      }
      default:
        return { ok: false, error: `unknown option ${flag}` };
    }
  }
  return { ok: true, config };
}
