// Layer: views, state for the "Decode a code or log line" panel. Decodes as the user types (decode() is fast on
// the few lines this box is for); a whole log belongs in the timeline panel, so long input is cut and said so.
import { decode } from '../../diagnose/decode/decode.ts';
import type { Decoded } from '../../diagnose/types.ts';

export const DECODE_BOX_LIMIT = 20_000;

export const EXAMPLES: readonly string[] = [
  '0xc680',
  '-0x2700',
  'TLS handshake error: -0x7780',
  'esp_tls_stack_err=9984',
  '[2:48]',
  '+CME ERROR: 518',
  '-116',
];

export class DecodeState {
  input = $state.raw('');

  readonly tooLong = $derived(this.input.length > DECODE_BOX_LIMIT);
  readonly results: readonly Decoded[] = $derived(decode(this.input.slice(0, DECODE_BOX_LIMIT)));
  readonly nothingFound = $derived(this.input.trim() !== '' && this.results.length === 0);

  set(text: string): void {
    this.input = text;
  }

  clear(): void {
    this.input = '';
  }
}
