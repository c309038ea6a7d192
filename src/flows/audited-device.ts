// Layer: flows. A `Device` whose functional-mode changes go through the audit trail (intent before, outcome after),
// so `whileOffline` from the adapters can be used as it is and still leave a complete trail. Going offline is
// refused when the intent cannot be stored (nothing is sent); putting the former mode back is done even then, since
// leaving a board offline is worse than a gap in the trail, and the audit error is reported.
import { withIntent } from '../audit/intent.ts';
import type { AuditDevice, AuditError } from '../audit/types.ts';
import type { CaSourceKind } from '../ca/types.ts';
import type { Device, DeviceIdentity, FunctionalModeControl } from '../devices/device.ts';
import { deviceError } from '../devices/errors.ts';
import { err } from '../lib/result.ts';
import type { AuditDetail } from '../audit/detail.ts';
import type { FlowAudit } from './deps.ts';

export const auditDeviceOf = (d: DeviceIdentity | null): AuditDevice =>
  d
    ? { family: d.family, id: d.deviceId, model: d.model, firmware: d.firmware }
    : { family: '', id: '', model: '', firmware: '' };

export const caKindOf = (kind: CaSourceKind): NonNullable<AuditDetail['caKind']> =>
  kind === 'http-signer' ? 'http' : kind;

/** Serial as the audit detail wants it: whole hex bytes. */
export const serialForAudit = (hex: string): string => {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  return (clean.length % 2 ? `0${clean}` : clean).slice(0, 80);
};

export function auditedDevice(
  device: Device,
  audit: FlowAudit,
  who: AuditDevice,
  onAuditError: (e: AuditError) => void,
): Device {
  const fm = device.functionalMode;
  if (!fm) return device;
  let known: number | null = null;
  const control: FunctionalModeControl = {
    offlineMode: fm.offlineMode,
    async get(opts) {
      const r = await fm.get(opts);
      if (r.ok) known = r.value;
      return r;
    },
    async set(mode, opts) {
      const detail: AuditDetail = {
        functionalMode: mode,
        ...(known !== null ? { previousFunctionalMode: known } : {}),
      };
      const recorded = await withIntent(
        audit,
        { device: who, action: 'functional-mode', detail },
        () => fm.set(mode, opts),
        {
          successDetail: () => detail,
        },
      );
      if (!recorded.ok) {
        onAuditError(recorded.error);
        if (mode === fm.offlineMode)
          return err(
            deviceError('invalid-input', `Not switched to mode ${mode}: the audit trail could not record it first.`),
          );
        return fm.set(mode, opts);
      }
      if (recorded.value.outcomeError) onAuditError(recorded.value.outcomeError);
      if (recorded.value.result.ok) known = mode;
      return recorded.value.result;
    },
  };
  return {
    family: device.family,
    profile: device.profile,
    limits: device.limits,
    identify: (o) => device.identify(o),
    credentials: device.credentials,
    keys: device.keys,
    signer: device.signer,
    attestation: device.attestation,
    functionalMode: control,
    close: () => device.close(),
  };
}
