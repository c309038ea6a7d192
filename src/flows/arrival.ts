// Layer: flows. A board has answered identify: is it one this flow may work on (the same board after a reconnect, a
// board that can make its own key (either CSR source, csr-source.ts), not one the batch already did), and its arrival recorded in the audit trail.
import type { DeviceSession } from '../devices/adapters/index.ts';
import type { DeviceIdentity } from '../devices/device.ts';
import type { AuditError } from '../audit/types.ts';
import { ok, type Result } from '../lib/result.ts';
import { auditDeviceOf } from './audited-device.ts';
import { csrSourceOf } from './csr-source.ts';
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
  if (!csrSourceOf(session.device) || !session.device.credentials)
    return {
      code: 'unsupported-board',
      message: `${id.model} cannot make a key on the board (with a CSR, or a key that signs), or cannot store credentials.`,
      action:
        session.device.profile.noKeygenAdvice ??
        'Connect a board that makes its own key: one that generates a key and CSR, or one whose secure element generates a key and signs.',
    };
  const reason = skip?.(id);
  return reason ? { code: 'other-board', message: reason, action: 'Connect the next board.' } : null;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** `connect` and `identify` records: where the board is attached, and who it is (one transaction: both or none). */
export async function recordArrival(
  audit: FlowAudit,
  id: DeviceIdentity,
  session: DeviceSession,
): Promise<Result<void, AuditError>> {
  const device = auditDeviceOf(id);
  const port = session.connection.identity;
  const recorded = await audit.appendBatch([
    {
      device,
      action: 'connect',
      outcome: 'success',
      detail: {
        port:
          port.usbVendorId !== undefined
            ? `USB ${hex4(port.usbVendorId)}:${hex4(port.usbProductId ?? 0)}`
            : 'serial port',
      },
    },
    {
      device,
      action: 'identify',
      outcome: 'success',
      detail: {
        ...(id.functionalMode !== undefined ? { functionalMode: id.functionalMode } : {}),
        message: `${id.manufacturer} ${id.model}`,
      },
    },
  ]);
  return recorded.ok ? ok(undefined) : recorded;
}
