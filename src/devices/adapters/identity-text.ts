// Layer: adapters, shared by every family's identify. Who a board says it is comes from the board: each text field of
// its identity is passed through `boardField` (src/lib/board-text.ts) before anything else sees it, so control, bidi
// and invalid-UTF-8 characters reach the identity card, the label, reports and the audit trail as visible escapes
// (`\x00`, `\u202E`, `\uFFFD`) and no field is longer than a label or an audit record takes.
import { boardField } from '../../lib/board-text.ts';
import type { DeviceIdentity } from '../device.ts';

/** Longest identity field kept (the audit trail takes 128 characters per device field). */
export const MAX_IDENTITY_CHARS = 120;

const TEXT_FIELDS = [
  'deviceId',
  'manufacturer',
  'model',
  'firmware',
  'hardware',
  'imei',
  'uuid',
  'modemFirmwareUuid',
  'serial',
  'iccid',
] as const satisfies readonly (keyof DeviceIdentity)[];

/** The identity with every board-supplied text field escaped and cut to MAX_IDENTITY_CHARS. */
export function safeIdentity(identity: DeviceIdentity): DeviceIdentity {
  const out: Record<string, unknown> = { ...identity };
  for (const field of TEXT_FIELDS) {
    const value = identity[field];
    if (typeof value === 'string') out[field] = boardField(value, MAX_IDENTITY_CHARS);
  }
  return out as unknown as DeviceIdentity;
}
