// Layer: PKI codecs. Turns whatever a user pastes or drops into byte pieces, each tagged with the form it came in:
// PEM blocks (any label, `openssl s_client -showcerts` output and `%CMNG` read answers included), nRF91 `%KEYGEN` /
// `%ATTESTTOKEN` lines or bare payloads, Zephyr `CSR:` / `PUBKEY:` lines (`nrf_cloud_cred csr` / `pubkey`), base64
// lines (`cred get`), credential listings (`%CMNG` list, `cred list`, see input-listings.ts), DER (several
// concatenated allowed), base64/base64url, hex.
// What each piece is gets decided later (classify.ts). Pure and total: never throws.
import { fromBase64, fromHex } from '../lib/bytes.ts';
import { readDer } from './der-read.ts';
import { splitDottedPayload } from './nrf91-cose.ts';
import { base64Line, base64Text, cmngReadSlot, listingLine } from './input-listings.ts';
import type { CredentialListEntry, ObjectSource } from './inspect-types.ts';

/** Inputs above this size are refused before they are read (10 MB of noise must come back quickly). */
export const INPUT_LIMIT_BYTES = 16 * 1024 * 1024;

export type InputPiece =
  | {
      readonly form: Exclude<ObjectSource['form'], ListingForm | 'nrf91-keygen' | 'nrf91-attesttoken' | 'pkcs7'>;
      readonly label: string | null;
      readonly bytes: Uint8Array;
      /** The `%CMNG` read answer this PEM block came in. */
      readonly stored?: ObjectSource['stored'];
    }
  | { readonly form: ListingForm; readonly label: null; readonly entries: CredentialListEntry[] }
  | {
      readonly form: 'nrf91-keygen' | 'nrf91-attesttoken';
      readonly label: null;
      readonly first: Uint8Array;
      readonly cose: Uint8Array;
    }
  | { readonly form: 'broken'; readonly label: string | null; readonly reason: string; readonly byteLength: number };

type ListingForm = 'nrf91-cmng-list' | 'zephyr-cred-list';

export interface SplitInput {
  readonly pieces: InputPiece[];
  readonly notes: string[];
}

/** True when every byte is printable ASCII or whitespace: such input is text, not DER. */
function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1 << 20);
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b >= 0x80 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d)) return false;
  }
  return true;
}

/** The DER a piece carries (for %KEYGEN / %ATTESTTOKEN the part before the dot); null for listings and broken ones. */
export function pieceBytes(piece: InputPiece): Uint8Array | null {
  if ('bytes' in piece) return piece.bytes;
  if ('first' in piece) return piece.first;
  return null;
}

export function splitInput(input: string | Uint8Array): SplitInput {
  if (typeof input !== 'string') {
    if (!looksLikeText(input)) return { pieces: [{ form: 'der', label: null, bytes: input }], notes: [] };
    input = new TextDecoder().decode(input);
  }
  return splitText(input);
}

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 #/_-]{1,64})-----/g;

function splitText(text: string): SplitInput {
  const pieces: InputPiece[] = [];
  const notes: string[] = [];
  const outside: string[] = [];
  let at = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let m = PEM_BEGIN.exec(text); m; m = PEM_BEGIN.exec(text)) {
    const label = m[1]!;
    const endMarker = `-----END ${label}-----`;
    const end = text.indexOf(endMarker, PEM_BEGIN.lastIndex);
    outside.push(text.slice(at, m.index));
    if (end < 0) {
      pieces.push({ form: 'broken', label, reason: `PEM block "${label}" has no END line`, byteLength: 0 });
      at = text.length;
      break;
    }
    const body = text.slice(PEM_BEGIN.lastIndex, end);
    // RFC 7468 allows headers (Proc-Type, DEK-Info) before a blank line: encrypted legacy keys.
    const bytes = /:\s/.test(body) ? null : fromBase64(body);
    const stored = cmngReadSlot(text.slice(at, m.index));
    if (bytes && bytes.length) pieces.push({ form: 'pem', label, bytes, ...(stored ? { stored } : {}) });
    else
      pieces.push({
        form: 'broken',
        label,
        reason: /Proc-Type|DEK-Info/.test(body)
          ? 'an encrypted legacy PEM key (not read)'
          : `PEM block "${label}" is not valid base64`,
        byteLength: body.length,
      });
    at = end + endMarker.length;
    PEM_BEGIN.lastIndex = at;
  }
  outside.push(text.slice(at));
  const rest = outside.join('\n');
  const lineCount = splitLines(rest, pieces);
  if (pieces.length === 0) {
    const whole = wholeText(rest.trim());
    if (whole) pieces.push(whole);
  } else if (lineCount.ignored > 0 && lineCount.recognised + pieces.length > 0) {
    notes.push(`${lineCount.ignored} line(s) of text around the recognised objects were ignored`);
  }
  return { pieces, notes };
}

const KEYGEN_LINE = /%(KEYGEN|ATTESTTOKEN):\s*"?([A-Za-z0-9_\-+/=]+\.[A-Za-z0-9_\-+/=]+)"?/;
const ZEPHYR_LINE = /(?:^|[\s>:])(CSR|PUBKEY):\s*([A-Za-z0-9+/=_-]{16,})\s*$/;

function splitLines(text: string, pieces: InputPiece[]): { recognised: number; ignored: number } {
  let recognised = 0;
  let ignored = 0;
  let listing = null as Extract<InputPiece, { entries: CredentialListEntry[] }> | null;
  let run: string[] = [];
  const derOf = (lines: string[]) => {
    const bytes = fromBase64(lines.join(''));
    return bytes && bytes.length && readDer(bytes).ok ? bytes : null;
  };
  const endRun = () => {
    if (!run.length) return;
    // A short word after the wrapped lines ("OK", a prompt) may have joined the run: try without it.
    const whole = derOf(run);
    const bytes = whole ?? (run.length > 1 ? derOf(run.slice(0, -1)) : null);
    if (bytes) {
      pieces.push({ form: 'base64', label: null, bytes });
      recognised += whole ? run.length : run.length - 1;
      ignored += whole ? 0 : 1;
    } else ignored += run.length;
    run = [];
  };
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) {
      endRun();
      continue;
    }
    const b64 = base64Line(line) ?? (run.length ? base64Text(line) : null);
    if (b64) {
      run.push(b64);
      listing = null;
      continue;
    }
    endRun();
    const l = listingLine(line);
    if (l) {
      recognised++;
      if (!l.entry) {
        listing = null;
        continue;
      }
      const form = l.family === 'nrf91' ? 'nrf91-cmng-list' : 'zephyr-cred-list';
      if (listing?.form !== form) {
        listing = { form, label: null, entries: [] };
        pieces.push(listing);
      }
      listing.entries.push(l.entry);
      continue;
    }
    listing = null;
    const k = KEYGEN_LINE.exec(line);
    if (k) {
      recognised++;
      pieces.push(dotted(k[2]!, k[1] === 'KEYGEN' ? 'nrf91-keygen' : 'nrf91-attesttoken'));
      continue;
    }
    const z = ZEPHYR_LINE.exec(line);
    if (z) {
      recognised++;
      const bytes = fromBase64(z[2]!);
      const form = z[1] === 'CSR' ? 'zephyr-csr-line' : 'zephyr-pubkey-line';
      pieces.push(
        bytes && bytes.length
          ? { form, label: null, bytes }
          : { form: 'broken', label: null, reason: `the ${z[1]}: line is not valid base64`, byteLength: z[2]!.length },
      );
      continue;
    }
    ignored++;
  }
  endRun();
  return { recognised, ignored };
}

function dotted(payload: string, form: 'nrf91-keygen' | 'nrf91-attesttoken'): InputPiece {
  const parts = splitDottedPayload(payload);
  if (!parts)
    return {
      form: 'broken',
      label: null,
      reason: 'the nRF91 payload is not two base64url parts',
      byteLength: payload.length,
    };
  // A bare payload says nothing about its type: attestation messages are CBOR (tag 55799), keygen starts with DER.
  const actual = form === 'nrf91-keygen' && parts.first[0] === 0xd9 ? 'nrf91-attesttoken' : form;
  return { form: actual, label: null, first: parts.first, cose: parts.cose };
}

/** Text with no PEM armour and no recognised lines: a bare nRF91 payload, hex, or base64 of DER. */
function wholeText(text: string): InputPiece | null {
  if (!text) return null;
  if (/^"?[A-Za-z0-9_\-+/=]+\.[A-Za-z0-9_\-+/=]+"?$/.test(text)) return dotted(text.replace(/"/g, ''), 'nrf91-keygen');
  // Hex is for a certificate or key typed or copied from a debugger, never megabytes.
  if (text.length <= 1 << 20 && /^[0-9a-fA-F:\s]+$/.test(text)) {
    const hex = fromHex(text);
    if (hex && hex.length && (hex[0] === 0x30 || hex[0] === 0x04 || hex[0] === 0x02 || hex[0] === 0x03)) {
      return { form: 'hex', label: null, bytes: hex };
    }
  }
  const b64 = /[^A-Za-z0-9+/=_\-\s]/.test(text) ? null : fromBase64(text);
  if (b64 && b64.length) return { form: 'base64', label: null, bytes: b64 };
  return {
    form: 'broken',
    label: null,
    reason: 'no certificate material recognised: expected PEM, DER, base64, hex, or an nRF91 / Zephyr key line',
    byteLength: text.length,
  };
}
