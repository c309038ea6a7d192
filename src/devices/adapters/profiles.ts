// Layer: adapters, the registry of family profiles (family-profile.ts). For code that needs a family's facts with no
// board at hand (a view naming a family, the broker check without a board) or every family's at once (the console
// masks of a session log opened before the board is known, the audit trail's secret scanner). Add a family by
// listing its adapter's profile here (and its driver in connect.ts).
import type { DeviceFamily } from '../device.ts';
import type { FamilyProfile, SecretLineRule, SecretPattern } from '../family-profile.ts';
import { NRF91_PROFILE } from './nrf91/profile.ts';
import { SE_PROFILE } from './secure-element/profile.ts';
import { ZEPHYR_PROFILE } from './zephyr/profile.ts';

/** The profile of a family KeyWire names but has no adapter for yet: its words, and nothing it could do. */
export function genericProfile(family: DeviceFamily, label: string, inspectHint = ''): FamilyProfile {
  return {
    family,
    label,
    slotWord: 'slot',
    deviceType: () => null,
    modeText: () => null,
    maxUserSlot: 0x7fffffff,
    reservedSlot: () => null,
    keyCurves: ['P-256', 'P-384'],
    keygenAttestation: null,
    defaultCsrCn: () => null,
    limits: { pemLineEnding: 'lf' },
    console: {
      commandLabel: 'Command',
      example: '',
      classify: () => ({ kind: 'refused', reason: 'KeyWire has no console rules for this board family yet.' }),
      secretLines: [],
    },
    credentialListName: 'credential list',
    inspectHint,
    inspectExample: null,
    firmwareNeeds: `${label} boards need firmware that answers KeyWire's commands.`,
    credentialReadName: 'credential read',
    kindOf: () => null,
    timeLimitMs: () => undefined,
    publicAnswers: [],
    secretPatterns: [],
    boardClock: null,
  };
}

export const FAMILY_PROFILES: readonly FamilyProfile[] = [NRF91_PROFILE, ZEPHYR_PROFILE, SE_PROFILE];

/** The family a view or check assumes before a board says otherwise: the first listed. */
export const DEFAULT_FAMILY: DeviceFamily = FAMILY_PROFILES[0]!.family;

/** The profile of `family` (a generic one for a family without an adapter yet). */
export const profileFor = (family: DeviceFamily): FamilyProfile =>
  FAMILY_PROFILES.find((p) => p.family === family) ?? genericProfile(family, family);

/** Every family's console secret rules: a session log masks them all (it is opened before the board is known). */
export const SECRET_LINES: readonly SecretLineRule[] = FAMILY_PROFILES.flatMap((p) => p.console.secretLines);

/** Every family's secret patterns, for the audit trail's scanner (whatever board is connected). */
export const SECRET_PATTERNS: readonly SecretPattern[] = FAMILY_PROFILES.flatMap((p) => p.secretPatterns);

/** Every family's public answers (key generation and attestation answers), which a log download leaves alone. */
export const PUBLIC_ANSWERS: readonly RegExp[] = FAMILY_PROFILES.flatMap((p) => p.publicAnswers);
