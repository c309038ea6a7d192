// Layer: nRF91 adapter, the credentials facet over %CMNG. Checks every input before sending (nothing is sent for a
// bad sec_tag, kind, quote or size), normalises PEM line endings to LF and says so in the receipt, and verifies that
// content read back hashes to the SHA the modem reports (a corrupted transfer is a 'protocol' error, not data).
// A write or delete that reached the modem is not abandoned on cancel: its real answer is returned. A list skips
// information lines that are not %CMNG lines (a notification the firmware prints; the console shows it) and fails
// only on a %CMNG line it cannot read.
import { sha256Hex, utf8 } from '../../../lib/bytes.ts';
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
import type { AtClient } from '../../protocols/at-client.ts';
import {
  cmngDelete,
  cmngList,
  cmngRead,
  cmngWrite,
  commandBytes,
  isCmngLine,
  NRF91_MAX_COMMAND_CHARS,
  normalizePem,
  parseCmngLine,
  type CmngEntry,
} from './cmng.ts';
import { run, unexpected } from './commands.ts';
import { nrf91CommandText } from './secret-lines.ts';
import {
  credentialTypeFor,
  credentialTypeOf,
  MAX_SEC_TAG,
  MAX_USER_SEC_TAG,
  NRF91_CREDENTIAL_TYPES,
  type Nrf91CredentialType,
} from './credential-types.ts';

const invalid = (message: string) => err(deviceError('invalid-input', message));

function checkTag(secTag: number, forWriting: boolean): Result<number, DeviceError> {
  const max = forWriting ? MAX_USER_SEC_TAG : MAX_SEC_TAG;
  if (!Number.isInteger(secTag) || secTag < 0 || secTag > max)
    return invalid(
      secTag > MAX_USER_SEC_TAG && secTag <= MAX_SEC_TAG
        ? `sec_tag ${secTag} belongs to the modem: user sec_tags are 0 to ${MAX_USER_SEC_TAG}.`
        : `sec_tag must be a whole number from 0 to ${max}, got ${secTag}.`,
    );
  return ok(secTag);
}

function checkKind(kind: CredentialKind): Result<Nrf91CredentialType, DeviceError> {
  const t = credentialTypeFor(kind);
  return t ? ok(t) : invalid(`An nRF91 modem has no credential type for "${kind}".`);
}

function toStored(entry: CmngEntry): StoredCredential | null {
  const t = credentialTypeOf(entry.type);
  if (!t) return null;
  return {
    secTag: entry.secTag,
    kind: t.kind,
    deviceType: String(entry.type),
    ...(entry.sha256 ? { sha256: entry.sha256 } : {}),
  };
}

/** Content ready to send, or why it cannot be. */
function prepareContent(
  t: Nrf91CredentialType,
  content: string,
): Result<{ text: string; changed: boolean }, DeviceError> {
  if (content.length === 0) return invalid('The content is empty.');
  if (content.includes('"'))
    return invalid('The content contains a double quote ("), which an AT command cannot carry: this is not a PEM.');
  if (t.pem) {
    const pem = normalizePem(content);
    if (!/-----BEGIN [A-Z0-9 ]+-----/.test(pem.text)) return invalid(`A ${t.name} must be PEM (-----BEGIN ...).`);
    return ok(pem);
  }
  if (/[\r\n]/.test(content)) return invalid(`A ${t.name} is one line of text; it contains a line break.`);
  if (t.kind === 'psk' && !/^(?:[0-9A-Fa-f]{2})+$/.test(content))
    return invalid('A PSK is written as hex digits (an even number of 0-9, A-F).');
  return ok({ text: content, changed: false });
}

export function nrf91Credentials(at: AtClient): CredentialStore {
  return {
    kinds: NRF91_CREDENTIAL_TYPES.map((t) => t.kind),
    canRead: (kind) => credentialTypeFor(kind)?.readable ?? false,
    writeOverheadChars: (secTag, kind) => cmngWrite(secTag, credentialTypeFor(kind)?.type ?? 0, '').length,

    async list(filter = {}, opts: CallOptions = {}): DeviceResult<StoredCredential[]> {
      let type: number | undefined;
      if (filter.kind !== undefined) {
        const t = checkKind(filter.kind);
        if (!t.ok) return t;
        type = t.value.type;
      }
      if (filter.secTag !== undefined) {
        const tag = checkTag(filter.secTag, false);
        if (!tag.ok) return tag;
      }
      // The type can only be given after a sec_tag; without one, list all and filter here.
      const command = cmngList(filter.secTag, filter.secTag === undefined ? undefined : type);
      const r = await run(at, command, opts);
      if (!r.ok) return r;
      const out: StoredCredential[] = [];
      for (const line of r.value.lines) {
        if (!isCmngLine(line)) continue;
        const entry = parseCmngLine(line);
        if (!entry) return err(unexpected(command, '%CMNG: <sec_tag>,<type>,"<sha>" lines', r.value));
        const stored = toStored(entry);
        if (stored && (type === undefined || entry.type === type)) out.push(stored);
      }
      return ok(out);
    },

    async read(secTag, kind, opts: CallOptions = {}): DeviceResult<CredentialContent> {
      const tag = checkTag(secTag, false);
      if (!tag.ok) return tag;
      const t = checkKind(kind);
      if (!t.ok) return t;
      if (!t.value.readable)
        return err(
          deviceError(
            'unsupported',
            t.value.kind === 'psk'
              ? 'KeyWire does not read a pre-shared key: it is a secret, and reading it would show it on screen and in the session log.'
              : `The modem never returns a ${t.value.name}: it does not leave the modem.`,
          ),
        );
      const command = cmngRead(secTag, t.value.type);
      const r = await run(at, command, opts);
      if (!r.ok) return r;
      const entry = r.value.lines.map(parseCmngLine).find((e) => e?.secTag === secTag && e.type === t.value.type);
      if (!entry || entry.content === undefined)
        return err(unexpected(command, '%CMNG: <sec_tag>,<type>,"<sha>","<content>"', r.value));
      const actual = await sha256Hex(utf8(entry.content));
      if (entry.sha256 && actual !== entry.sha256)
        return err(
          deviceError(
            'protocol',
            `The content read from sec_tag ${secTag} does not match the SHA-256 the modem reports: bytes were ` +
              'lost or changed on the line. Read it again.',
            { command },
          ),
        );
      return ok({
        secTag,
        kind,
        deviceType: String(t.value.type),
        sha256: entry.sha256 ?? actual,
        content: entry.content,
      });
    },

    async write(secTag, kind, content, opts: CallOptions = {}): DeviceResult<CredentialWriteReceipt> {
      const tag = checkTag(secTag, true);
      if (!tag.ok) return tag;
      const t = checkKind(kind);
      if (!t.ok) return t;
      const prepared = prepareContent(t.value, content);
      if (!prepared.ok) return prepared;
      const command = cmngWrite(secTag, t.value.type, prepared.value.text);
      const size = commandBytes(command);
      if (size > NRF91_MAX_COMMAND_CHARS)
        return err(
          deviceError(
            'too-long',
            `The %CMNG command would be ${size} characters; the modem takes at most ${NRF91_MAX_COMMAND_CHARS}. ` +
              `Shorten the content by ${size - NRF91_MAX_COMMAND_CHARS} characters (fewer certificates in the chain?).`,
            { command: nrf91CommandText(command) },
          ),
        );
      const r = await run(at, command, { ...opts, abortOnWire: 'finish' });
      if (!r.ok) return r;
      const bytes = utf8(prepared.value.text);
      return ok({
        secTag,
        kind,
        sha256: await sha256Hex(bytes),
        bytes: bytes.length,
        lineEndingsNormalized: prepared.value.changed,
      });
    },

    async delete(secTag, kind, opts: CallOptions = {}): DeviceResult<void> {
      const tag = checkTag(secTag, true);
      if (!tag.ok) return tag;
      const t = checkKind(kind);
      if (!t.ok) return t;
      const r = await run(at, cmngDelete(secTag, t.value.type), { ...opts, abortOnWire: 'finish' });
      return r.ok ? ok(undefined) : r;
    },
  };
}
