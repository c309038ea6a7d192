// Layer: flows. The provisioning path's first choice, read from the board's facets (never its family name): where
// the CSR comes from.
// - 'board': the board makes key and CSR itself (`keys.generate` with output 'csr'); the CSR is its answer.
// - 'assembled': the board can only make a key and sign (`signer.generateKey` + `signer.sign`): the worker builds the
//   CSR body around the board's public key, the board signs its digest, the worker assembles the CSR and refuses it
//   unless the signature verifies (`buildCsr` / `assembleCsr`).
// The second choice, how the key is proven before writing, is in key-proofs.ts.
import type { Device, KeyGenResult } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { CryptoError } from '../pki/crypto-types.ts';
import type { FlowCrypto, SignalOption } from './deps.ts';

export type CsrSource = 'board' | 'assembled';

/** Where this board's CSR comes from, or null when the board can neither make a CSR nor make a key and sign. */
export function csrSourceOf(device: Device): CsrSource | null {
  if (device.keys?.outputs.includes('csr')) return 'board';
  if (device.signer?.generateKey) return 'assembled';
  return null;
}

export type AssemblyError =
  | { readonly from: 'device'; readonly error: DeviceError }
  | {
      readonly from: 'crypto';
      readonly error: CryptoError;
    };

/**
 * The CSR for a board whose key is `publicKey` in `slot`: body built in the worker, digest signed by the board,
 * assembled and verified in the worker. Returned like a board-made CSR (`raw` is the CSR PEM).
 */
export async function assembleBoardCsr(
  device: Device,
  crypto: FlowCrypto,
  slot: number,
  publicKey: Uint8Array,
  subject: string,
  o: SignalOption = {},
): Promise<Result<KeyGenResult, AssemblyError>> {
  const body = await crypto.buildCsr({ publicKey, subject }, o);
  if (!body.ok) return err({ from: 'crypto', error: body.error });
  const signed = await device.signer!.sign(slot, body.value.digest, o);
  if (!signed.ok) return err({ from: 'device', error: signed.error });
  const csr = await crypto.assembleCsr(body.value.body, signed.value, o);
  if (!csr.ok) return err({ from: 'crypto', error: csr.error });
  return ok({ output: 'csr', der: csr.value.der, raw: csr.value.pem });
}
