// Layer: app (a small flow the board view runs). Deleting a credential changes the board, so it goes through the audit
// trail's withIntent: the intent is stored before the first byte is sent (nothing is sent when it cannot be), the
// delete runs while the modem is offline (whileOffline puts the functional mode back), the outcome is recorded after.
import type { AuditDetail } from '../audit/detail.ts';
import { withIntent } from '../audit/intent.ts';
import type { AuditDevice, AuditError } from '../audit/types.ts';
import { whileOffline } from '../devices/adapters/index.ts';
import type { Device, DeviceIdentity, StoredCredential } from '../devices/device.ts';
import { deviceError, type DeviceError } from '../devices/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { IntentRecorder } from './audit-trail.ts';

export interface DeleteRequest {
  readonly device: Device;
  readonly identity: DeviceIdentity;
  readonly credential: StoredCredential;
  readonly audit: IntentRecorder;
  readonly signal?: AbortSignal;
}

export interface DeleteDone {
  /** The functional mode before (null: the board has no such facet). */
  readonly modeBefore: number | null;
  /** False when the modem could not be put back in its mode: it stays offline (restoreError says why). */
  readonly restored: boolean;
  readonly restoreError?: DeviceError;
  /** Set when the outcome could not be stored: the trail shows an open intent for this delete. */
  readonly outcomeError?: AuditError;
}

export type DeleteFailure =
  /** The intent could not be stored: nothing was sent to the board. */
  | { readonly stage: 'audit'; readonly error: AuditError }
  /** The board (or the port) failed the delete; the outcome was recorded unless `outcomeError`. */
  | { readonly stage: 'device'; readonly error: DeviceError; readonly outcomeError?: AuditError };

export const auditDevice = (identity: DeviceIdentity): AuditDevice => ({
  family: identity.family,
  id: identity.deviceId,
  model: identity.model,
  firmware: identity.firmware,
});

export function credentialDetail(credential: StoredCredential): AuditDetail {
  return {
    secTag: credential.secTag,
    credentialKind: credential.kind,
    deviceType: credential.deviceType,
    ...(credential.sha256 ? { contentSha256: credential.sha256 } : {}),
  };
}

export async function deleteCredential(request: DeleteRequest): Promise<Result<DeleteDone, DeleteFailure>> {
  const { device, identity, credential, audit, signal } = request;
  const store = device.credentials;
  if (!store)
    return err({ stage: 'device', error: deviceError('unsupported', 'This board does not store credentials.') });
  const detail = credentialDetail(credential);
  const opts = signal ? { signal } : {};
  const recorded = await withIntent(
    audit,
    { device: auditDevice(identity), action: 'credential-delete', detail },
    () => whileOffline(device, () => store.delete(credential.secTag, credential.kind, opts), opts),
    {
      successDetail: ({ modeBefore, restoreError }) => ({
        ...detail,
        ...(modeBefore !== null ? { previousFunctionalMode: modeBefore } : {}),
        ...(restoreError
          ? { message: `Deleted; the modem stayed offline: ${restoreError.message}`.slice(0, 500) }
          : {}),
      }),
    },
  );
  if (!recorded.ok) return err({ stage: 'audit', error: recorded.error });
  const { result, outcomeError } = recorded.value;
  const audited = outcomeError ? { outcomeError } : {};
  if (!result.ok) return err({ stage: 'device', error: result.error, ...audited });
  const { modeBefore, restored, restoreError } = result.value;
  return ok({ modeBefore, restored, ...(restoreError ? { restoreError } : {}), ...audited });
}
