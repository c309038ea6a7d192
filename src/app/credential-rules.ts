// Layer: app. What the board view may offer for one stored credential: read it (the adapter says which kinds can be
// read at all), delete it, or neither (slots the family profile reserves for the board itself, e.g. nRF91 sec_tags
// above the user range: listed, never read, written or deleted). The reason is shown instead of a dead button.
import type { Device, StoredCredential } from '../devices/device.ts';

export interface CredentialRules {
  readonly read: boolean;
  readonly delete: boolean;
  /** Why an action is not offered, in plain words; absent when both are. */
  readonly reason?: string;
}

export function credentialRules(device: Device | null, credential: StoredCredential): CredentialRules {
  const store = device?.credentials;
  if (!device || !store) return { read: false, delete: false, reason: 'No board is connected.' };
  const reserved = device.profile.reservedSlot(credential.secTag);
  if (reserved)
    return {
      read: false,
      delete: false,
      reason: `${reserved[0]!.toUpperCase()}${reserved.slice(1)}: listed, but never read or deleted.`,
    };
  if (!store.canRead(credential.kind))
    return {
      read: false,
      delete: true,
      reason:
        credential.kind === 'psk'
          ? 'A pre-shared key is a secret: KeyWire does not show it. It can be deleted.'
          : 'Keys never leave the board: it can be deleted, not read.',
    };
  return { read: true, delete: true };
}

/** By sec_tag, then by the board's type (numerically where the board numbers its types). */
export function sortCredentials(list: readonly StoredCredential[]): StoredCredential[] {
  const typeOrder = (t: string) => (/^\d+$/.test(t) ? Number(t) : Number.MAX_SAFE_INTEGER);
  return [...list].sort(
    (a, b) =>
      a.secTag - b.secTag ||
      typeOrder(a.deviceType) - typeOrder(b.deviceType) ||
      a.deviceType.localeCompare(b.deviceType),
  );
}
