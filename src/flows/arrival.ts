// Layer: flows. A board has answered identify: is it one this flow may work on (the same board after a reconnect, a
// board that can make its own key, not one the batch already did), and its arrival recorded in the audit trail.
import type { DeviceSession } from '../devices/adapters/index.ts';
import type { DeviceIdentity } from '../devices/device.ts';
import type { AuditError } from '../audit/types.ts';
import { ok, type Result } from '../lib/result.ts';
import { auditDeviceOf } from './audited-device.ts';
import type { FlowAudit } from './deps.ts';
import type { FlowError } from './types.ts';

export function arrivalProblem(
  previous: DeviceIdentity | null,
  id: DeviceIdentity,
  session: DeviceSession,
  skip: ((device: DeviceIdentity) => string | null) | null,
): FlowError | null {
  if (previous && previous.deviceId !== id.deviceId)
    return {
      code: 'other-board',
      message: `This is board ${id.deviceId}, not ${previous.deviceId} that was being provisioned.`,
      action: `Connect board ${previous.deviceId} (IMEI ${previous.imei ?? 'unknown'}) to continue it.`,
    };
  if (!session.device.keys?.outputs.includes('csr') || !session.device.credentials)
    return {
      code: 'unsupported-board',
      message: `${id.model} cannot generate a key and CSR on the board, or cannot store credentials.`,
      action: 'Connect a board with on-board key generation (nRF91 with modem firmware 1.3 or later).',
    };
  const reason = skip?.(id);
  return reason ? { code: 'other-board', message: reason, action: 'Connect the next board.' } : null;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** `connect` and `identify` records: where the board is attached, and who it is. */
export async function recordArrival(
  audit: FlowAudit,
  id: DeviceIdentity,
  session: DeviceSession,
): Promise<Result<void, AuditError>> {
  const device = auditDeviceOf(id);
  const port = session.connection.identity;
  const connected = await audit.append({
    device,
    action: 'connect',
    outcome: 'success',
    detail: {
      port:
        port.usbVendorId !== undefined
          ? `USB ${hex4(port.usbVendorId)}:${hex4(port.usbProductId ?? 0)}`
          : 'serial port',
    },
  });
  if (!connected.ok) return connected;
  const identified = await audit.append({
    device,
    action: 'identify',
    outcome: 'success',
    detail: {
      ...(id.functionalMode !== undefined ? { functionalMode: id.functionalMode } : {}),
      message: `${id.manufacturer} ${id.model}`,
    },
  });
  return identified.ok ? ok(undefined) : identified;
}
