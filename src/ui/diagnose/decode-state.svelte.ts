// Layer: views, state for the "Decode a code or log line" panel. The text goes to the crypto worker's
// `decodeListing` (typed text a moment after the last key, a paste or an example at once); the answer is one entry
// per distinct code with its count, each entry JSON text parsed only when its card is shown, and the cards come 20
// a page, a few per task. A paste over LARGE_PASTE characters is held here, not in the text box (a box holding
// 200 kB re-lays out on every key). Progress and Cancel appear when the work takes over a second.
import { cryptoClient, type CallOptions } from '../../workers/crypto-client.ts';
import type { CryptoError, CryptoResult } from '../../pki/crypto-types.ts';
import type { DecodeListing } from '../../diagnose/decode/listing.ts';
import type { Decoded } from '../../diagnose/types.ts';
import { PagedReveal } from './paged-reveal.svelte.ts';

export type DecodeText = (text: string, options?: CallOptions) => Promise<CryptoResult<DecodeListing>>;

const inWorker: DecodeText = (text, options) => cryptoClient().decodeListing(text, options);

/** Cards a page. */
export const DECODE_PAGE = 20;
/** Cards built per task while a page fills: one, so no task builds more than one card on a slow machine. */
export const DECODE_RENDER_STEP = 1;
/** A paste longer than this is held out of the text box and shown as "N kB pasted". */
export const LARGE_PASTE = 50_000;
/** Typing is decoded this long after the last key. */
export const TYPING_DELAY_MS = 150;
/** Progress and Cancel show when decoding takes longer than this. */
export const PROGRESS_AFTER_MS = 1000;

export const EXAMPLES: readonly string[] = [
  '0xc680',
  '-0x2700',
  'TLS handshake error: -0x7780',
  'esp_tls_stack_err=9984',
  '[2:48]',
  '+CME ERROR: 518',
  '-116',
];

export interface DecodeItem {
  readonly index: number;
  readonly decoded: Decoded;
  /** How many times the code was read in the text. */
  readonly count: number;
  /** The 1-based line it was first read on. */
  readonly line: number;
}

function errorText(e: CryptoError): string {
  switch (e.code) {
    case 'aborted':
      return 'Decoding stopped.';
    case 'too-large':
      return `${e.message}. For a whole log, use Log timeline below.`;
    default:
      return `Decoding stopped (${e.message}). Try again; if it repeats, reload the page.`;
  }
}

export class DecodeState {
  /** What the text box holds. */
  input = $state.raw('');
  /** A large paste, held here instead of in the text box; null when the box holds the text. */
  held = $state.raw<string | null>(null);
  status = $state.raw<'idle' | 'decoding' | 'done' | 'failed'>('idle');
  /** Decoding has taken over PROGRESS_AFTER_MS: show progress and Cancel. */
  slow = $state.raw(false);
  progress = $state.raw(0);
  listing = $state.raw<DecodeListing | null>(null);
  error = $state.raw('');
  readonly pager = new PagedReveal(DECODE_PAGE, DECODE_RENDER_STEP);

  #controller: AbortController | null = null;
  #typing: ReturnType<typeof setTimeout> | null = null;
  #slowTimer: ReturnType<typeof setTimeout> | null = null;
  #parsed = new Map<number, Decoded>();
  readonly #decode: DecodeText;

  constructor(decode: DecodeText = inWorker) {
    this.#decode = decode;
  }

  /** The text being decoded: the held paste, or the box. */
  get text(): string {
    return this.held ?? this.input;
  }

  get decoding(): boolean {
    return this.status === 'decoding';
  }

  get heldKb(): number {
    return Math.round((this.held?.length ?? 0) / 1024);
  }

  /** Typed into the box: decoded a moment after the last key. */
  set(text: string): void {
    this.held = null;
    this.input = text;
    this.#schedule(TYPING_DELAY_MS);
  }

  /** An example chosen, or text put in the box at once: decoded now. */
  async choose(text: string): Promise<void> {
    this.held = null;
    this.input = text;
    await this.decode();
  }

  /**
   * A paste that would leave `text` in the box. Over LARGE_PASTE characters it is held here (the caller keeps it
   * out of the box) and decoded at once; true when held.
   */
  paste(text: string): boolean {
    if (text.length <= LARGE_PASTE) return false;
    // The paste's own task only takes the text; the box gives way to "N kB pasted" in the next task and the work
    // starts in the one after, so no task does more than one of these.
    setTimeout(() => {
      this.held = text;
      this.input = '';
      setTimeout(() => void this.decode(), 0);
    }, 0);
    return true;
  }

  clear(): void {
    this.cancel();
    this.#controller = null;
    this.held = null;
    this.input = '';
    this.#reset();
    this.status = 'idle';
    this.error = '';
  }

  cancel(): void {
    if (this.#typing) clearTimeout(this.#typing);
    this.#typing = null;
    this.#controller?.abort();
  }

  get nothingFound(): boolean {
    return this.status === 'done' && this.listing !== null && this.listing.codes === 0 && this.text.trim() !== '';
  }

  /** The entries built on the current page. */
  get items(): DecodeItem[] {
    const l = this.listing;
    if (!l) return [];
    return this.pager.visible.map((index) => ({
      index,
      decoded: this.#entry(index),
      count: l.counts[index] ?? 0,
      line: l.lines[index] ?? 0,
    }));
  }

  /** How many distinct codes are listed (cheap: nothing parsed). */
  get distinct(): number {
    return this.listing?.entries.length ?? 0;
  }

  /** Every distinct code, for the report (parsed when asked, once). */
  get results(): readonly Decoded[] {
    return Array.from({ length: this.distinct }, (_, i) => this.#entry(i));
  }

  #entry(index: number): Decoded {
    let d = this.#parsed.get(index);
    if (!d) this.#parsed.set(index, (d = JSON.parse(this.listing!.entries[index]!) as Decoded));
    return d;
  }

  #schedule(ms: number): void {
    if (this.#typing) clearTimeout(this.#typing);
    this.#typing = setTimeout(() => {
      this.#typing = null;
      void this.decode();
    }, ms);
  }

  #reset(): void {
    this.listing = null;
    this.#parsed = new Map();
    this.pager.reset(0);
    this.progress = 0;
    this.slow = false;
    if (this.#slowTimer) clearTimeout(this.#slowTimer);
    this.#slowTimer = null;
  }

  /** Decodes the text now (the previous run, if any, is cancelled). */
  async decode(): Promise<void> {
    this.cancel();
    const text = this.text;
    this.#reset();
    this.error = '';
    if (text.trim() === '') {
      this.#controller = null;
      this.status = 'idle';
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'decoding';
    this.#slowTimer = setTimeout(() => {
      if (this.#controller === controller) this.slow = true;
    }, PROGRESS_AFTER_MS);
    const result = await this.#decode(text, {
      signal: controller.signal,
      onProgress: (done, total) => {
        if (this.#controller === controller) this.progress = total ? done / total : 0;
      },
    });
    if (this.#controller !== controller) return;
    this.#controller = null;
    if (this.#slowTimer) clearTimeout(this.#slowTimer);
    this.#slowTimer = null;
    this.slow = false;
    if (!result.ok) {
      this.error = errorText(result.error);
      this.status = 'failed';
      return;
    }
    this.listing = result.value;
    this.status = 'done';
    this.pager.reset(result.value.entries.length);
  }
}
