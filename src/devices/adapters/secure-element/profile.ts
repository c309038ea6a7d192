// Layer: secure-element adapter, the family profile: everything secure-element-specific the core uses, in one place
// (words, the factory identity and its vendor roots, key curves, the CSR's default CN, console rules, time limits). No secret ever crosses a
// KWSE line (no verb carries a private key), so there are no secret masks or scanner patterns.
import type { FamilyProfile } from '../../family-profile.ts';
import { SE_MAX_LINE, SE_TIMEOUT_MS, SE_VERBS, type SeVerb } from '../../protocols/se-constants.ts';
import { VENDOR_ROOTS } from '../../../pki/vendor-roots.ts';
import { classifySeTyped } from './console-rules.ts';

const DEVICE_TYPES: Partial<Record<string, string>> = {
  clientCert: 'device certificate zone',
  caCert: 'CA certificate zone',
  privateKey: 'key slot',
};

export const SE_PROFILE: FamilyProfile = {
  family: 'secure-element',
  label: 'Secure element board (STSAFE-A110 and alike, KeyWire SE protocol)',
  slotWord: 'slot',
  deviceType: (kind) => DEVICE_TYPES[kind] ?? null,
  modeText: () => null,
  maxUserSlot: 1,
  // Slot 0 is not reserved (listed, never read): it is the factory identity, read and checked, never changed.
  reservedSlot: () => null,
  factoryIdentity: {
    slot: 0,
    text: 'the factory identity (slot 0 key, certificate in zone 0)',
    vendorRoots: VENDOR_ROOTS.map((r) => r.pem),
  },
  keyCurves: ['P-256', 'P-384'],
  keygenAttestation: null,
  // The chip's serial is its identity: the factory certificate's CN, and the default CN of the CSR KeyWire builds.
  defaultCsrCn: (id) => id.serial ?? null,
  limits: { maxCommandChars: SE_MAX_LINE, pemLineEnding: 'lf' },
  console: {
    commandLabel: 'KWSE request',
    example: 'ZONES',
    classify: classifySeTyped,
    secretLines: [],
  },
  // Inspect reads no secure-element answer of its own (certificates from zones are DER, inspected as such).
  credentialListName: 'ZONES answer',
  credentialReadName: 'ZREAD answer',
  kindOf: () => null,
  inspectHint: '',
  inspectExample: null,
  firmwareNeeds:
    'Secure-element hosts need firmware that speaks the KeyWire secure-element protocol (docs/secure-element-protocol.md).',
  timeLimitMs: (command) => {
    const verb = command.trim().split(/\s+/)[0]?.toUpperCase() as SeVerb;
    return SE_VERBS.includes(verb) ? SE_TIMEOUT_MS[verb] : undefined;
  },
  publicAnswers: [],
  secretPatterns: [],
  boardClock: null,
};
