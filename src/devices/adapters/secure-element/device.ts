// Layer: secure-element adapter, the Device. Facets: identify (ID), signer (PUBKEY, KEYGEN through generateKey,
// SIGN), credentials (certificates in data zones, keys listed by slot), profile (profile.ts); plus the adapter's own
// `slotKeys` (any chip curve, facets.ts). No `keys` facet: the chip makes no CSR, KeyWire builds it around the slot's
// public key and the chip signs its digest. close() disposes the client (what is pending
// fails) and closes the port.
import { ok } from '../../../lib/result.ts';
import { SE_PROFILE } from './profile.ts';
import type { CallOptions, Device, DeviceLimits } from '../../device.ts';
import type { SeClient } from '../../protocols/se-client.ts';
import { SE_MAX_CHUNK, SE_MAX_LINE } from '../../protocols/se-constants.ts';
import type { ByteStream } from '../../transport/byte-stream.ts';
import { ZoneCredentials } from './credentials.ts';
import type { SlotKeys } from './facets.ts';
import { boardInfoFrom, type SeBoardInfo } from './identify.ts';
import { SeKeys } from './keys.ts';

export interface SecureElementDevice extends Device {
  readonly family: 'secure-element';
  readonly slotKeys: SlotKeys;
  readonly credentials: ZoneCredentials;
  /** What HELLO and ID said when the board was detected. */
  readonly board: SeBoardInfo;
  /** The protocol client (the console's line client wraps it). */
  readonly client: SeClient;
  /** The curve `signer.generateKey` makes keys on (P-256 by default; P-384 when set). */
  keyCurve: 'P-256' | 'P-384';
}

export interface SeSession {
  readonly client: SeClient;
  readonly board: SeBoardInfo;
  /** The chunk size HELLO announced (never above the protocol's 256). */
  readonly chunk: number;
}

export type ClosableStream = ByteStream & { close(): Promise<void> };

export function createSecureElementDevice(
  stream: ClosableStream,
  { client, board, chunk }: SeSession,
): SecureElementDevice {
  const keys = new SeKeys(client, board.slots, board.curves);
  const limits: DeviceLimits = { maxCommandChars: SE_MAX_LINE, pemLineEnding: 'lf', clientCertChain: true };
  let closing: Promise<void> | undefined;
  const slotSpki = async (slot: number, opts: CallOptions) => {
    const key = await keys.slotKey(slot, opts);
    return key.ok ? ok(key.value?.spki ?? null) : key;
  };
  return {
    family: 'secure-element',
    profile: SE_PROFILE,
    limits,
    board,
    client,
    signer: keys.signer,
    slotKeys: keys.slotKeys,
    get keyCurve() {
      return keys.keyCurve;
    },
    set keyCurve(curve) {
      keys.keyCurve = curve;
    },
    credentials: new ZoneCredentials(client, Math.min(chunk, SE_MAX_CHUNK), slotSpki),
    async identify(opts = {}) {
      const r = await client.request('ID', [], opts);
      if (!r.ok) return r;
      const info = boardInfoFrom(r.value.fields);
      return info.ok ? ok(info.value.identity) : info;
    },
    close() {
      closing ??= (async () => {
        client.dispose();
        await stream.close();
      })();
      return closing;
    },
  };
}
