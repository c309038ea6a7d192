// Layer: secure-element adapter, its public surface (connect.ts lists secureElementDriver in FAMILY_DRIVERS).
export { ZoneCredentials, SE_ZONE_ROLES } from './credentials.ts';
export { createSecureElementDevice, type SecureElementDevice, type SeSession } from './device.ts';
export { detectSecureElement, secureElementDriver } from './driver.ts';
export type { SlotKey, SlotKeys } from './facets.ts';
export { boardInfoFrom, type SeBoardInfo } from './identify.ts';
