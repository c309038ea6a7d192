// Layer: Zephyr adapter, the keys facet over nRF Connect SDK's `nrf_cloud_cred` shell: `keygen <tag>` makes a
// P-256 key inside PSA (TF-M / ITS; it never leaves the board), `csr <tag> [<subject>]` answers `CSR: <base64 DER>`
// and `CSR generation complete`, `pubkey <tag>` (only with CONFIG_NRF_CLOUD_CREDENTIALS_KEYGEN_VERIFY) answers
// `PUBKEY: <base64 SEC1 point>` and `Public key export complete`, `delete <tag>` removes the key. A tag that
// already has a key is reused, never replaced without consent: the result says `keyReused`, and `deleteKey` is
// there for the flow to call once the user agrees. A key generation that reached the board is waited for on
// cancel (the key exists either way). The base64 may continue on following lines (a firmware that wraps long
// output). Checking the CSR's proof of possession is the crypto worker's job.
import { fromBase64 } from '../../../lib/bytes.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import { bitString, oid, sequence } from '../../../pki/der.ts';
import { OID } from '../../../pki/oids.ts';
import type { CallOptions, DeviceResult, KeyGenRequest, KeyGenResult, KeyMaker } from '../../device.ts';
import { deviceError } from '../../errors.ts';
import type { ShellClient } from '../../protocols/shell-client.ts';
import { MAX_ZEPHYR_SEC_TAG } from './cred-types.ts';
import { expectLine, unexpected, type ZephyrError } from './shell-run.ts';

export interface ZephyrKeyGenResult extends KeyGenResult {
  /** The tag already held a key: it was reused, not replaced. */
  readonly keyReused: boolean;
}

export interface ZephyrKeyMaker extends KeyMaker {
  generate(request: KeyGenRequest, opts?: CallOptions): DeviceResult<ZephyrKeyGenResult>;
  /** `nrf_cloud_cred pubkey` exists on this firmware. */
  readonly canExportPublicKey: boolean;
  /** The key's public half as SubjectPublicKeyInfo DER (P-256), when the firmware can export it. */
  publicKey?(secTag: number, opts?: CallOptions): DeviceResult<Uint8Array>;
  /** Deletes the key at the tag (only after the user agreed to replace it). */
  deleteKey(secTag: number, opts?: CallOptions): DeviceResult<void>;
}

/** The base64 after `<label>:`, continued on the following lines that are only base64 (a firmware that wraps long
 * output); null when there is none. */
function labelledBase64(lines: readonly string[], label: string): Uint8Array | null {
  const start = lines.findIndex((l) => l.startsWith(`${label}:`));
  if (start < 0) return null;
  let text = lines[start]!.slice(label.length + 1).trim();
  for (const line of lines.slice(start + 1)) {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(line.trim())) break;
    text += line.trim();
  }
  return text ? fromBase64(text) : null;
}

const spkiFromPoint = (point: Uint8Array) => sequence(sequence(oid(OID.ecPublicKey), oid(OID.p256)), bitString(point));

function checkRequest({ secTag, output, subject }: KeyGenRequest, canExport: boolean): string | null {
  if (!Number.isInteger(secTag) || secTag < 0 || secTag > MAX_ZEPHYR_SEC_TAG)
    return `sec_tag must be a whole number from 0 to ${MAX_ZEPHYR_SEC_TAG}, got ${secTag}.`;
  if (output === 'publicKey' && !canExport)
    return 'This firmware cannot export a public key (nrf_cloud_cred pubkey needs CONFIG_NRF_CLOUD_CREDENTIALS_KEYGEN_VERIFY).';
  if (output !== 'csr' && output !== 'publicKey') return `output must be 'csr' or 'publicKey', got ${String(output)}.`;
  if (subject !== undefined) {
    // The shell splits arguments at spaces: the subject must be one word.
    if (/[\s"'\\]/.test(subject)) return 'The subject cannot contain spaces, quotes or backslashes on a Zephyr shell.';
    if (!/^[A-Za-z.0-9]+=/.test(subject)) return `Subject attributes look like CN=my-device,O=Acme; got "${subject}".`;
    if (output === 'publicKey') return 'Subject attributes only apply to a CSR, not to a public key.';
  }
  return null;
}

export function zephyrKeys(shell: ShellClient, canExport: boolean): ZephyrKeyMaker {
  const changing = (opts: CallOptions) => ({ ...opts, abortOnWire: 'finish' as const });

  async function exportKey(secTag: number, opts: CallOptions): Promise<Result<Uint8Array, ZephyrError>> {
    const command = `nrf_cloud_cred pubkey ${secTag}`;
    const r = await expectLine(shell, command, /^PUBKEY:/, opts);
    if (!r.ok) return r;
    const point = labelledBase64(r.value.response.lines, 'PUBKEY');
    if (!point || point.length !== 65 || point[0] !== 0x04)
      return err(unexpected(command, 'PUBKEY: <base64 of a 65-byte uncompressed P-256 point>', r.value.response));
    return ok(spkiFromPoint(point));
  }

  const maker: ZephyrKeyMaker = {
    listed: false,
    outputs: canExport ? ['csr', 'publicKey'] : ['csr'],
    canExportPublicKey: canExport,
    async generate(request, opts: CallOptions = {}) {
      const problem = checkRequest(request, canExport);
      if (problem) return err(deviceError('invalid-input', problem));
      const { secTag } = request;
      const made = await expectLine(shell, `nrf_cloud_cred keygen ${secTag}`, /^Generated device key/, changing(opts));
      const keyReused = !made.ok && made.error.rejection === 'key-exists';
      if (!made.ok && !keyReused) return made;
      if (request.output === 'publicKey') {
        const spki = await exportKey(secTag, opts);
        if (!spki.ok) return spki;
        return ok({ output: 'publicKey', der: spki.value, raw: `nrf_cloud_cred pubkey ${secTag}`, keyReused });
      }
      const command = `nrf_cloud_cred csr ${secTag}${request.subject ? ` ${request.subject}` : ''}`;
      const csr = await expectLine(shell, command, /^CSR:/, changing(opts));
      if (!csr.ok) return csr;
      const der = labelledBase64(csr.value.response.lines, 'CSR');
      if (!der || der[0] !== 0x30) return err(unexpected(command, 'CSR: <base64 DER>', csr.value.response));
      return ok({ output: 'csr', der, raw: csr.value.line, keyReused });
    },
    async deleteKey(secTag, opts: CallOptions = {}) {
      const r = await expectLine(shell, `nrf_cloud_cred delete ${secTag}`, /^Deleted/, changing(opts));
      return r.ok ? ok(undefined) : r;
    },
  };
  if (canExport) return { ...maker, publicKey: exportKey };
  return maker;
}
