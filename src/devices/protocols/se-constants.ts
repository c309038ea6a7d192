// Layer: protocols (KeyWire secure-element protocol, "KWSE"). The one table of the protocol's constants: verbs,
// error codes, the chip status codes passed through, size limits and time limits. docs/secure-element-protocol.md
// is the prose; the emulated board (emulator/stsafe) and the client (se-client.ts) both import this table.

/** The protocol version this client speaks (HELLO argument). */
export const SE_PROTOCOL_VERSION = 1;

/** Longest line either side may send, in bytes, terminator excluded. */
export const SE_MAX_LINE = 600;

/** Largest ZREAD length / ZWRITE payload in one command, in bytes (hex doubles it on the wire). */
export const SE_MAX_CHUNK = 256;

/** Longest PING payload, in bytes. */
export const SE_MAX_PING = 32;

/** A board line longer than this is not read into memory: the command gets a 'protocol' error. */
export const SE_MAX_ANSWER_CHARS = 1024;

/** Highest sequence number; the client counts 1..9999 and wraps. */
export const SE_MAX_SEQ = 9999;

/** Lines that are not the answer (noise, boot logs) and their characters a request tolerates while it waits: a
 * KWSE answer is one line, so a board past these is misbehaving (a flood of output, a stuck log loop). */
export const SE_MAX_NOISE_LINES = 200;
export const SE_MAX_NOISE_CHARS = 32 * 1024;

export const SE_VERBS = [
  'HELLO',
  'ID',
  'PING',
  'KEYGEN',
  'PUBKEY',
  'SIGN',
  'ZONES',
  'ZREAD',
  'ZWRITE',
  'ZERASE',
] as const;
export type SeVerb = (typeof SE_VERBS)[number];

/** Time limits per verb, ms: what the board promises to answer within (docs: "Time limits"). */
export const SE_TIMEOUT_MS: Readonly<Record<SeVerb, number>> = {
  HELLO: 1000,
  ID: 1000,
  PING: 1000,
  KEYGEN: 10_000,
  PUBKEY: 2000,
  SIGN: 3000,
  ZONES: 2000,
  ZREAD: 2000,
  ZWRITE: 3000,
  ZERASE: 5000,
};

/** Curves as the protocol names them. Brainpool curves work on the chip but browsers cannot verify them. */
export const SE_CURVES = ['P-256', 'P-384', 'BP-256', 'BP-384'] as const;
export type SeCurve = (typeof SE_CURVES)[number];

/** Field size of each curve in bytes: a point is 1 + 2×size bytes, a signature r||s is 2×size, the digest size. */
export const SE_CURVE_BYTES: Readonly<Record<SeCurve, number>> = {
  'P-256': 32,
  'P-384': 48,
  'BP-256': 32,
  'BP-384': 48,
};

/** Error codes in `<seq> ERR <CODE> <status> <text>`: what each means and who raises it. */
export const SE_ERROR_CODES = {
  SYNTAX: 'the line is not `<seq> <VERB> [args]`, or an argument is malformed (host bug)',
  UNKNOWN: 'the verb is not one this firmware implements',
  TOOLONG: 'the line was longer than the maximum; it was discarded whole',
  VERSION: 'HELLO asked for a protocol version the firmware cannot speak',
  ARG: 'an argument is out of range (chunk too long, digest length not the slot curve’s hash)',
  SLOT: 'no such private key slot',
  EMPTY: 'the slot holds no key',
  CURVE: 'the chip does not support that curve',
  LOCKED: 'the slot or zone is read-only (slot 0 and zone 0 hold the factory identity)',
  ZONE: 'no such data zone',
  BOUNDS: 'offset + length runs past the end of the zone',
  CHIP: 'the chip refused; `status` is its response code',
  INTERNAL: 'the host firmware failed (I²C error, out of memory)',
} as const;
export type SeErrorCode = keyof typeof SE_ERROR_CODES;

/** STSAFE-A response codes (StSafeA_ResponseCode_t in ST's STSAFE-A1xx middleware), passed through as `status`. */
export const STSAFE_STATUS: Readonly<Record<number, string>> = {
  0x00: 'STSAFEA_OK',
  0x01: 'STSAFEA_COMMUNICATION_ERROR',
  0x02: 'STSAFEA_INCONSISTENT_COMMAND_DATA',
  0x03: 'STSAFEA_VALUE_OUT_OF_RANGE',
  0x04: 'STSAFEA_UNSUPPORTED_COMMAND_CODE',
  0x05: 'STSAFEA_UNEXPECTED_ERROR',
  0x06: 'STSAFEA_BUFFER_LENGTH_EXCEEDED',
  0x0a: 'STSAFEA_KEY_NOT_FOUND',
  0x0b: 'STSAFEA_KEY_BLOCKED',
  0x0c: 'STSAFEA_WRONG_KEY_TYPE',
  0x10: 'STSAFEA_ENTRY_NOT_FOUND',
  0x11: 'STSAFEA_UNSATISFIED_ACCESS_CONDITION',
  0x14: 'STSAFEA_BOUNDARY_EXCEEDED',
  0x15: 'STSAFEA_INVALID_PRIVATE_KEY',
  0x1b: 'STSAFEA_WRONG_KEY_USAGE',
  0x1e: 'STSAFEA_UNAUTHORIZED_COMMAND',
  0x20: 'STSAFEA_CRYPTO_LIB_ISSUE',
  0x30: 'STSAFEA_INVALID_PARAMETER',
  0x31: 'STSAFEA_INVALID_RESP_LENGTH',
  0x32: 'STSAFEA_COMMUNICATION_NACK',
};

/** Percent-encoding of text values: space, '%', '=', ',' and anything outside printable ASCII. */
export function encodeSeText(text: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const printable = byte > 0x20 && byte < 0x7f && byte !== 0x25 && byte !== 0x3d && byte !== 0x2c;
    out += printable ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Inverse of encodeSeText; null when a % escape is malformed. */
export function decodeSeText(value: string): string | null {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    if (value[i] !== '%') {
      bytes.push(value.charCodeAt(i) & 0xff);
      continue;
    }
    const hex = value.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return null;
    bytes.push(parseInt(hex, 16));
    i += 2;
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
