// Layer: secure-element adapter, the Device. Facets: identify (ID), signer (PUBKEY, SIGN), keyGen (KEYGEN in a user
// slot; see facets.ts), credentials (certificates in data zones). No `keys` facet: the chip makes no CSR, KeyWire
// builds it around the slot's public key and the chip signs its digest. close() disposes the client (what is pending
// fails) and closes the port.
import { ok } from '../../../lib/result.ts';
import type { Device, DeviceLimits } from '../../device.ts';
import type { SeClient } from '../../protocols/se-client.ts';
import { SE_MAX_CHUNK, SE_MAX_LINE } from '../../protocols/se-constants.ts';
import type { ByteStream } from '../../transport/byte-stream.ts';
import { ZoneCredentials } from './credentials.ts';
import type { SlotKeyGenerator } from './facets.ts';
import { boardInfoFrom, type SeBoardInfo } from './identify.ts';
import { SeKeys } from './keys.ts';
import { profileFor } from '../profiles.ts';

export interface SecureElementDevice extends Device {
  readonly family: 'secure-element';
  readonly keyGen: SlotKeyGenerator;
  readonly credentials: ZoneCredentials;
  /** What HELLO and ID said when the board was detected. */
  readonly board: SeBoardInfo;
  /** The protocol client, for the console (phase 2). */
  readonly client: SeClient;
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
  return {
    family: 'secure-element',
    profile: profileFor('secure-element'),
    limits,
    board,
    client,
    signer: keys.signer,
    keyGen: keys.keyGen,
    credentials: new ZoneCredentials(client, Math.min(chunk, SE_MAX_CHUNK)),
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
