// Layer: adapters, their public surface: connect a port to a Device, run offline-only work, the family profiles
// (profiles.ts) and the few family tables generic code still names (+CME wording comes from the diagnostics code
// table, src/diagnose/tables). A family's own modules are imported from its folder only by the registries.
export { connectDevice, FAMILY_DRIVERS, type ConnectOptions, type DeviceSession } from './connect.ts';
export type { DetectOptions, Detected, FamilyDriver } from './families.ts';
export { whileOffline, type OfflineOptions, type OfflineOutcome } from './offline.ts';
export { cmeCodeInfo, describeCme, type CmeCodeInfo } from './nrf91/cme-codes.ts';
export {
  DEFAULT_FAMILY,
  FAMILY_PROFILES,
  genericProfile,
  profileFor,
  PUBLIC_ANSWERS,
  SECRET_LINES,
  SECRET_PATTERNS,
} from './profiles.ts';
