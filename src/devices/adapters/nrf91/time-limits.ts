// Layer: nRF91 adapter. The modem's slow commands and their time limits: key generation and flash writes take
// longer than the AT client's generic default. Handed to the AtClient (and to the console) through the profile.
const TIME_LIMITS_MS: readonly (readonly [prefix: string, ms: number])[] = [
  ['%KEYGEN', 90_000],
  ['%ATTESTTOKEN', 30_000],
  ['%CMNG', 30_000],
  ['+CFUN', 30_000],
  ['%NCELLMEAS', 60_000],
  ['%XFACTORYRESET', 60_000],
];

/** The nRF91 time limit for `command` (`AT%KEYGEN=...` -> 90 s), or undefined for the generic default. */
export function nrf91TimeLimitMs(command: string): number | undefined {
  const upper = command.trim().toUpperCase();
  for (const [prefix, ms] of TIME_LIMITS_MS) if (upper.startsWith(`AT${prefix}`)) return ms;
  return undefined;
}
