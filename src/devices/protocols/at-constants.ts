// Layer: protocols (AT). The one table of AT protocol constants: notification prefixes that are unsolicited unless
// the command in flight asked for them, and per-command default time limits. Values from Nordic's AT command
// reference for the nRF91 family; generic 3GPP ones apply to any AT modem.

/** Prefixes of unsolicited result codes. `AT+CEREG?` answers `+CEREG: ...` itself, so "expected" wins over this. */
export const URC_PREFIXES: readonly string[] = [
  '+CEREG',
  '+CGEV',
  '+CSCON',
  '+CNEC_ESM',
  '+CNEC_EMM',
  '+CIREPI',
  '+CIREPH',
  '+CMT',
  '+CDS',
  '+CBM',
  '%CESQ',
  '%XPOFWARN',
  '%XSIM',
  '%MDMEV',
  '%XTIME',
  '%XMODEMSLEEP',
  '%NCELLMEAS',
  '%XVBATLOWLVL',
  '%XT3412',
];

export const DEFAULT_TIMEOUT_MS = 15_000;

/** 3GPP commands that take longer than the default (network search). A family's own slow commands (key generation,
 * flash writes) are its profile's (`FamilyProfile.console.timeLimitMs`, handed to the AtClient by its adapter). */
const TIMEOUTS_MS: readonly (readonly [prefix: string, ms: number])[] = [['+COPS', 180_000]];

/** The generic time limit for a command, from its answer prefix (`AT+COPS=...` -> 180 s). */
export function defaultTimeoutMs(command: string): number {
  const upper = command.trim().toUpperCase();
  for (const [prefix, ms] of TIMEOUTS_MS) if (upper.startsWith(`AT${prefix}`)) return ms;
  return DEFAULT_TIMEOUT_MS;
}

/** Answer limits per command: no AT answer comes near them (a full %CMNG=1 list is a few kB). A board that sends more
 * is misbehaving; the client stops holding its lines (`maxLines` / `maxBytes` options override them per command). */
export const AT_MAX_ANSWER_LINES = 2000;
export const AT_MAX_ANSWER_BYTES = 256 * 1024;
