// Layer: secure-element adapter, identify. `ID` -> DeviceIdentity (the chip serial is the device id and the CSR's
// default CN) plus what the board says it can do (slots, curves, capabilities).
import { err, ok, type Result } from '../../../lib/result.ts';
import type { DeviceIdentity } from '../../device.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import { decodeSeText, type SeCurve } from '../../protocols/se-constants.ts';
import type { SeFields } from '../../protocols/se-lines.ts';
import { safeIdentity } from '../identity-text.ts';
import { isSeCurve } from './slot-key.ts';

export interface SeBoardInfo {
  readonly identity: DeviceIdentity;
  readonly protocolVersion: number;
  readonly slots: number;
  readonly curves: readonly SeCurve[];
  readonly capabilities: readonly string[];
}

export function boardInfoFrom(fields: SeFields): Result<SeBoardInfo, DeviceError> {
  const { model, serial, fw, proto, slots } = fields;
  const firmware = decodeSeText(fw ?? '');
  if (!model || !serial || !/^[0-9A-Fa-f]{2,64}$/.test(serial) || firmware === null || !/^\d+$/.test(proto ?? ''))
    return err(deviceError('protocol', 'The board’s ID answer lacks model, serial, fw or proto.'));
  const modelText = decodeSeText(model) ?? model;
  return ok({
    identity: safeIdentity({
      family: 'secure-element',
      deviceId: serial.toUpperCase(),
      manufacturer: /^STSAFE/i.test(modelText) ? 'STMicroelectronics' : 'unknown',
      model: modelText,
      firmware,
      serial: serial.toUpperCase(),
    }),
    protocolVersion: Number(proto),
    slots: /^\d+$/.test(slots ?? '') ? Number(slots) : 2,
    curves: (fields.curves ?? '').split(',').filter(isSeCurve),
    capabilities: (fields.caps ?? '').split(',').filter(Boolean),
  });
}
