// Layer: Zephyr adapter, the credentials facet over the TLS credentials shell, driven as Nordic's nrfcredstore
// drives it: `cred buf clear` (always first, so a buffer half filled by an interrupted run is never added), the PEM
// as base64 in `cred buf` chunks (each answered `Stored <n> bytes.`, checked), `cred add <tag> <TYPE> DEFAULT bint`
// (stored with a NUL). `cred list` digests are base64 SHA-256 of the stored bytes, normalised here to 64 uppercase
// hex; the write receipt's SHA covers the stored bytes (PEM + NUL) so a later list compares equal. The shell never
// overwrites: an existing credential is a `credential-exists` refusal (the flow backs it up and deletes it after
// the user agrees). Reads check the content against the listed digest. The volatile backend announces itself when
// a credential is added ("copied to heap"): the receipt says so.
import { fromBase64, sha256Hex, toHex, utf8 } from '../../../lib/bytes.ts';
import { err, ok, type Result } from '../../../lib/result.ts';
import type {
  CallOptions,
  CredentialContent,
  CredentialKind,
  CredentialStore,
  CredentialWriteReceipt,
  DeviceResult,
  StoredCredential,
} from '../../device.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import type { ShellClient } from '../../protocols/shell-client.ts';
import {
  MAX_ZEPHYR_SEC_TAG,
  zephyrTypeFor,
  zephyrTypeOf,
  ZEPHYR_CREDENTIAL_TYPES,
  type ZephyrCredentialType,
} from './cred-types.ts';
import { expectLine, refused, run, unexpected } from './shell-run.ts';

/** nrfcredstore's chunk: 48 base64 characters, so `cred buf <chunk>` + CR (58 bytes) fits the shell backend's
 * 64-byte RX ring buffer (CONFIG_SHELL_BACKEND_SERIAL_RX_RING_BUFFER_SIZE) even on a board without flow control. */
export const DEFAULT_CHUNK_CHARS = 48;

export type CredentialBackendSeen = 'volatile' | 'unknown';

export interface ZephyrWriteReceipt extends CredentialWriteReceipt {
  /** 'volatile' when the shell said it copied the credential to the heap (the RAM backend, lost on reboot). */
  readonly backend: CredentialBackendSeen;
}

export interface ZephyrCredentialStore extends CredentialStore {
  write(secTag: number, kind: CredentialKind, content: string, opts?: CallOptions): DeviceResult<ZephyrWriteReceipt>;
  /** What the board has said about its backend so far this session. */
  readonly backendSeen: CredentialBackendSeen;
}

const LIST_LINE = /^(\d+),([A-Z_]+),([A-Za-z0-9+/=]+|ERROR|N\/A),(-?\d+)$/;
const COUNT_LINE = /^(\d+) credentials found\.$/;
const invalid = (message: string) => err(deviceError('invalid-input', message));

function checkTag(secTag: number): Result<number, DeviceError> {
  if (Number.isInteger(secTag) && secTag >= 0 && secTag <= MAX_ZEPHYR_SEC_TAG) return ok(secTag);
  return invalid(`sec_tag must be a whole number from 0 to ${MAX_ZEPHYR_SEC_TAG}, got ${secTag}.`);
}

function checkKind(kind: CredentialKind): Result<ZephyrCredentialType, DeviceError> {
  const t = zephyrTypeFor(kind);
  return t ? ok(t) : invalid(`Zephyr's TLS credentials store has no type for "${kind}".`);
}

const digestHex = (base64: string) => {
  const bytes = fromBase64(base64);
  return bytes?.length === 32 ? toHex(bytes, true) : undefined;
};

const withNul = (text: string) => {
  const bytes = utf8(text);
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
};

export function zephyrCredentials(shell: ShellClient, chunkChars = DEFAULT_CHUNK_CHARS): ZephyrCredentialStore {
  let backendSeen: CredentialBackendSeen = 'unknown';

  async function list(filter: { secTag?: number; kind?: CredentialKind } = {}, opts: CallOptions = {}) {
    let code = 'any';
    if (filter.kind !== undefined) {
      const t = checkKind(filter.kind);
      if (!t.ok) return t;
      code = t.value.code;
    }
    if (filter.secTag !== undefined) {
      const tag = checkTag(filter.secTag);
      if (!tag.ok) return tag;
    }
    const command = `cred list ${filter.secTag ?? 'any'} ${code}`;
    const r = await run(shell, command, opts);
    if (!r.ok) return r;
    const out: StoredCredential[] = [];
    let count: number | undefined;
    for (const line of r.value.lines) {
      const m = LIST_LINE.exec(line);
      const total = COUNT_LINE.exec(line);
      if (total) count = Number(total[1]);
      if (!m) continue;
      const t = zephyrTypeOf(m[2]!);
      if (!t) continue;
      const sha256 = digestHex(m[3]!);
      out.push({ secTag: Number(m[1]), kind: t.kind, deviceType: t.code, ...(sha256 ? { sha256 } : {}) });
    }
    if (count === undefined) return err(unexpected(command, '"<N> credentials found."', r.value));
    return ok(out);
  }

  async function readBytes(secTag: number, t: ZephyrCredentialType, opts: CallOptions) {
    // bint first (how KeyWire and nrfcredstore store); a credential stored without a NUL reads as bin.
    for (const format of ['bint', 'bin'] as const) {
      const command = `cred get ${secTag} ${t.code} ${format}`;
      const r = await run(shell, command, opts);
      if (!r.ok) return r;
      if (r.value.lines.some((l) => /isn't NULL-terminated/.test(l))) continue;
      const body = r.value.lines.filter((l) => /^[A-Za-z0-9+/=]+$/.test(l));
      const bytes = fromBase64(body.join(''));
      if (body.length === 0 || !bytes) return err(refused(command, r.value));
      return ok({ bytes, terminated: format === 'bint', command });
    }
    return err(deviceError('protocol', `sec_tag ${secTag} ${t.code} could be read neither as bint nor as bin.`));
  }

  return {
    refusesOverwrite: true,
    kinds: ZEPHYR_CREDENTIAL_TYPES.map((t) => t.kind),
    canRead: (kind) => zephyrTypeFor(kind)?.readable ?? false,
    get backendSeen() {
      return backendSeen;
    },
    list,

    async read(secTag, kind, opts: CallOptions = {}): DeviceResult<CredentialContent> {
      const tag = checkTag(secTag);
      if (!tag.ok) return tag;
      const t = checkKind(kind);
      if (!t.ok) return t;
      if (!t.value.readable)
        return err(
          deviceError('unsupported', `KeyWire does not read a ${t.value.name}: it is a secret and stays on the board.`),
        );
      const listed = await list({ secTag, kind }, opts);
      if (!listed.ok) return listed;
      const r = await readBytes(secTag, t.value, opts);
      if (!r.ok) return r;
      const stored = r.value.terminated ? new Uint8Array([...r.value.bytes, 0]) : r.value.bytes;
      const actual = await sha256Hex(stored);
      const want = listed.value[0]?.sha256;
      if (want && want !== actual)
        return err(
          deviceError(
            'protocol',
            `The content read from sec_tag ${secTag} does not match the digest the board lists: bytes were lost or ` +
              'changed on the line. Read it again.',
            { command: r.value.command },
          ),
        );
      const content = new TextDecoder().decode(r.value.bytes);
      return ok({ secTag, kind, deviceType: t.value.code, sha256: actual, content });
    },

    async write(secTag, kind, content, opts: CallOptions = {}): DeviceResult<ZephyrWriteReceipt> {
      const tag = checkTag(secTag);
      if (!tag.ok) return tag;
      const t = checkKind(kind);
      if (!t.ok) return t;
      if (!t.value.writable)
        return invalid(
          `KeyWire does not write a ${t.value.name} to a Zephyr board: keys are generated on the board and never sent.`,
        );
      if (content.length === 0) return invalid('The content is empty.');
      const text = t.value.pem ? content.replace(/\r\n?/g, '\n') : content;
      if (t.value.pem && !/-----BEGIN [A-Z0-9 ]+-----/.test(text)) return invalid(`A ${t.value.name} must be PEM.`);
      if (text.includes('\0')) return invalid('The content contains a NUL byte, which ends a bint credential.');
      const b64 = btoa(String.fromCharCode(...utf8(text)));
      const parts = b64.match(new RegExp(`.{1,${chunkChars}}`, 'g')) ?? [];
      const cleared = await run(shell, 'cred buf clear', opts);
      if (!cleared.ok) return cleared;
      for (const [i, part] of parts.entries()) {
        const stored = await expectLine(shell, `cred buf ${part}`, new RegExp(`^Stored ${part.length} bytes\\.$`), {
          ...opts,
          onProgress: () => {},
        });
        if (!stored.ok) {
          await run(shell, 'cred buf clear', opts);
          return stored;
        }
        opts.onProgress?.((i + 1) / (parts.length + 1));
      }
      const command = `cred add ${secTag} ${t.value.code} DEFAULT bint`;
      const added = await expectLine(shell, command, /^Added TLS credential/, { ...opts, abortOnWire: 'finish' });
      if (!added.ok) return added;
      if (added.value.response.lines.some((l) => /copied to heap/.test(l))) backendSeen = 'volatile';
      opts.onProgress?.(1);
      const bytes = withNul(text);
      return ok({
        secTag,
        kind,
        sha256: await sha256Hex(bytes),
        bytes: bytes.length,
        lineEndingsNormalized: text !== content,
        backend: backendSeen,
      });
    },

    async delete(secTag, kind, opts: CallOptions = {}): DeviceResult<void> {
      const tag = checkTag(secTag);
      if (!tag.ok) return tag;
      const t = checkKind(kind);
      if (!t.ok) return t;
      const command = `cred del ${secTag} ${t.value.code}`;
      const r = await expectLine(shell, command, /^Deleted TLS credential/, { ...opts, abortOnWire: 'finish' });
      return r.ok ? ok(undefined) : r;
    },
  };
}
