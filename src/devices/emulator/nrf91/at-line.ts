// Layer: emulated board, serial side. Turns the bytes a host sends into complete AT command lines the way the
// nRF91 at_host does: a line ends at CR or LF outside double quotes (so a quoted PEM may span many lines), empty
// lines are ignored (so CRLF is one terminator), and a command longer than the limit is consumed whole and reported
// as overlong instead of being cut into pieces.
// Bytes map 1:1 to chars (latin1) so that a quoted content's bytes can be hashed exactly as they arrived.

export type AssembledLine =
  { readonly kind: 'command'; readonly text: string } | { readonly kind: 'overlong'; readonly length: number };

/** The nRF91 AT host's buffer: longest command accepted, terminator excluded. */
export const NRF91_MAX_COMMAND_CHARS = 4096;

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

export class AtLineAssembler {
  #chars: string[] = [];
  #length = 0;
  #inQuotes = false;

  constructor(readonly maxChars = NRF91_MAX_COMMAND_CHARS) {}

  /** Feeds bytes; returns the lines they complete, in order. */
  push(bytes: Uint8Array): AssembledLine[] {
    const out: AssembledLine[] = [];
    for (const byte of bytes) {
      if (!this.#inQuotes && (byte === CR || byte === LF)) {
        const line = this.#finish();
        if (line) out.push(line);
        continue;
      }
      if (byte === QUOTE) this.#inQuotes = !this.#inQuotes;
      this.#length++;
      if (this.#length <= this.maxChars) this.#chars.push(String.fromCharCode(byte));
    }
    return out;
  }

  /** True while a command has started but not ended (a reset loses it). */
  get partial(): boolean {
    return this.#length > 0;
  }

  reset(): void {
    this.#chars = [];
    this.#length = 0;
    this.#inQuotes = false;
  }

  #finish(): AssembledLine | null {
    const length = this.#length;
    const text = this.#chars.join('');
    this.reset();
    if (length === 0) return null;
    if (length > this.maxChars) return { kind: 'overlong', length };
    return text.trim().length === 0 ? null : { kind: 'command', text };
  }
}

export const latin1ToBytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

export const bytesToLatin1 = (bytes: Uint8Array): string => {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
};
