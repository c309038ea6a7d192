// Layer: nRF91 adapter, the family profile: everything nRF91-specific the core uses, in one place (console rules,
// secret masks and scanner patterns, command time limits, words, reserved sec_tags, key limits, health readers).
import type { FamilyProfile } from '../../family-profile.ts';
import { classifyTyped } from './console-rules.ts';
import { credentialTypeFor, credentialTypeOf, MAX_USER_SEC_TAG } from './credential-types.ts';
import { NRF91_LIMITS } from './limits.ts';
import { NRF91_FUNCTIONAL_MODES } from './functional-mode.ts';
import { NRF91_SECRET_LINES, NRF91_SECRET_PATTERNS } from './secret-lines.ts';
import { nrf91TimeLimitMs } from './time-limits.ts';

export const NRF91_PROFILE: FamilyProfile = {
  family: 'nrf91',
  label: 'nRF91 cellular modem (AT commands)',
  slotWord: 'sec_tag',
  deviceType: (kind) => {
    const t = credentialTypeFor(kind);
    return t ? String(t.type) : null;
  },
  modeText: (mode) => {
    const words = NRF91_FUNCTIONAL_MODES[mode];
    return words ? `${words} (+CFUN ${mode})` : null;
  },
  maxUserSlot: MAX_USER_SEC_TAG,
  reservedSlot: (slot) => (slot > MAX_USER_SEC_TAG ? 'kept by the modem itself' : null),
  keyCurves: ['P-256'],
  // %KEYGEN appends a COSE_Sign1 over the CSR's digest, naming the device UUID and sec_tag (pki/nrf91-inspect.ts).
  keygenAttestation: 'nrf91Keygen',
  // The modem's default CSR subject is CN=<device UUID>, lowercase.
  defaultCsrCn: (id) => id.uuid?.toLowerCase() ?? null,
  limits: NRF91_LIMITS,
  console: {
    commandLabel: 'AT command',
    example: 'AT+CGMI',
    classify: classifyTyped,
    secretLines: NRF91_SECRET_LINES,
  },
  credentialListName: '%CMNG credential list',
  inspectHint: '%KEYGEN and %ATTESTTOKEN answers, %CMNG list or read output',
  inspectExample: '%KEYGEN: "MIIB….0oRDoQEm…"',
  credentialReadName: '%CMNG read',
  kindOf: (type) => (/^\d+$/.test(type) ? (credentialTypeOf(Number(type))?.kind ?? null) : null),
  firmwareNeeds:
    'nRF91 boards need modem firmware 1.3 or later and an application that passes AT commands through ' +
    '(at_client or Serial LTE Modem) so %KEYGEN and %CMNG reach the modem.',
  noKeygenAdvice:
    'This nRF91 cannot generate its key: update the modem firmware to 1.3 or later, whose %KEYGEN makes the key and CSR inside the modem.',
  timeLimitMs: nrf91TimeLimitMs,
  secretPatterns: NRF91_SECRET_PATTERNS,
  // %KEYGEN and %ATTESTTOKEN answers: a CSR or public key with a COSE signature, and a signed token. No secret.
  publicAnswers: [/%(?:KEYGEN|ATTESTTOKEN): "[^"\n]*"/g],
  boardClock: 'cclk',
};
