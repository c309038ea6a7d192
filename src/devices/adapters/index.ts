// Layer: adapters, their public surface: connect a port to a Device, run offline-only work, the nRF91 tables
// (+CME wording comes from the diagnostics code table, src/diagnose/tables).
export { connectDevice, FAMILY_DRIVERS, type ConnectOptions, type DeviceSession } from './connect.ts';
export type { DetectOptions, Detected, FamilyDriver } from './families.ts';
export { whileOffline, type OfflineOptions, type OfflineOutcome } from './offline.ts';
export { cmeCodeInfo, describeCme, type CmeCodeInfo } from './nrf91/cme-codes.ts';
export {
  NRF91_CREDENTIAL_TYPES,
  credentialTypeFor,
  credentialTypeOf,
  MAX_USER_SEC_TAG,
} from './nrf91/credential-types.ts';
export { createNrf91Device, NRF91_LIMITS, type Nrf91Device } from './nrf91/device.ts';
export { NRF91_FUNCTIONAL_MODES, ACTIVE_MODES, NRF91_OFFLINE_MODE } from './nrf91/functional-mode.ts';
export {
  secureElementDriver,
  SE_ZONE_ROLES,
  type SecureElementDevice,
  type SlotKey,
  type SlotKeys,
} from './secure-element/index.ts';
