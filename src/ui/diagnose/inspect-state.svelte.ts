// Layer: views, state for the Inspect card. Sends what was pasted or dropped to the crypto worker's
// `inspectListing` (a dropped file goes to the worker as the File itself: this page never reads or copies its
// bytes), with progress and Cancel; the answer is every object's JSON in one UTF-8 byte array (one copy to receive:
// no strings to build, no GC), each object decoded and parsed only when its card is shown, and the cards (20 a page) and chain diagrams (5 a
// page) come a page at a time, one per task, so a bundle of thousands of certificates never costs the page a long
// task. A paste over LARGE_PASTE characters is held here, not in the text box. A private key in the input is
// refused: the box (or the held paste) is emptied, nothing of the key is kept, and the note says to rotate it. The
// user picks which objects go into the exported report.
import { cryptoClient, type CallOptions } from '../../workers/crypto-client.ts';
import type { CryptoError, CryptoResult, InspectedView, InspectListing } from '../../pki/crypto-types.ts';
import type { ReportInspection } from '../../diagnose/report/index.ts';
import { summarizeInspected, type InspectSummary } from './inspect-summary.ts';
import { chainText, chainView, type ChainView } from './inspect-chain-view.ts';
import { PagedReveal } from './paged-reveal.svelte.ts';
import { listingText } from '../../pki/inspect-listing.ts';
import { LARGE_PASTE } from './decode-state.svelte.ts';

export type Inspect = (input: string | Blob, options?: CallOptions) => Promise<CryptoResult<InspectListing>>;

const inWorker: Inspect = (input, options) => cryptoClient().inspectListing(input, options);

/** Cards a page. */
export const INSPECT_PAGE = 20;
/** Chain diagrams a page. */
export const CHAIN_PAGE = 5;
/** Cards (and diagrams) added per task while a page fills: one, so no task builds more (a long task on a slow device). */
export const RENDER_STEP = 1;

function errorText(e: CryptoError): string {
  switch (e.code) {
    case 'aborted':
      return 'Inspection stopped.';
    case 'empty-input':
      return 'Nothing to inspect: paste a certificate, CSR, key generation or other board output, or drop a file.';
    case 'unrecognised-input':
      return `Nothing KeyWire can read was found (${e.message}). Paste the whole block, with its BEGIN/END lines or the board's whole answer line.`;
    case 'too-large':
      return `${e.message}. Split the file, or paste only the part with the certificates.`;
    default:
      return `The inspection stopped (${e.message}). Try again; if it repeats, reload the page.`;
  }
}

export class InspectState {
  input = $state.raw('');
  /** A large paste, held here instead of in the text box; null when the box holds the text. */
  held = $state.raw<string | null>(null);
  status = $state.raw<'idle' | 'reading' | 'done' | 'failed'>('idle');
  progress = $state.raw(0);
  report = $state.raw<InspectListing | null>(null);
  error = $state.raw('');
  /** How many private keys the last input held (they were refused and the box emptied). */
  privateKeys = $state.raw(0);
  source = $state.raw('');
  readonly pager = new PagedReveal(INSPECT_PAGE, RENDER_STEP);
  readonly chainPager = new PagedReveal(CHAIN_PAGE, RENDER_STEP);
  /** Object indexes the user chose to include in the exported report. */
  chosen = $state.raw<ReadonlySet<number>>(new Set());
  inspectedAt = $state.raw(0);

  #controller: AbortController | null = null;
  #parsed = new Map<number, InspectedView>();
  #summaries = new Map<number, InspectSummary>();
  #chains = new Map<number, ChainView>();
  readonly #inspect: Inspect;
  readonly #now: () => number;

  constructor(inspect: Inspect = inWorker, now: () => number = Date.now) {
    this.#inspect = inspect;
    this.#now = now;
  }

  get reading(): boolean {
    return this.status === 'reading';
  }

  /** One object of the report, parsed the first time it is needed. */
  objectAt(index: number): InspectedView | undefined {
    const r = this.report;
    if (!r || !Number.isInteger(index) || index < 0 || index >= r.ends.length) return undefined;
    let o = this.#parsed.get(index);
    if (!o) this.#parsed.set(index, (o = JSON.parse(listingText(r, index)!) as InspectedView));
    return o;
  }

  /** The cards built so far on the current page (each summary made once, so a card on screen is not rebuilt). */
  readonly summaries: readonly InspectSummary[] = $derived.by(() =>
    this.report ? this.pager.visible.map((i) => this.#summary(i)) : [],
  );

  #summary(index: number): InspectSummary {
    let s = this.#summaries.get(index);
    if (!s) this.#summaries.set(index, (s = summarizeInspected(this.objectAt(index)!, this.inspectedAt)));
    return s;
  }

  /** Resolves once the current pages of cards and diagrams are built. */
  async revealed(): Promise<void> {
    await this.pager.revealed();
    await this.chainPager.revealed();
  }

  get total(): number {
    return this.report?.ends.length ?? 0;
  }

  /** The chain diagrams built so far on the current chain page (each made once). */
  readonly chains: readonly ChainView[] = $derived.by(() => {
    const r = this.report;
    if (!r) return [];
    return this.chainPager.visible.map((c) => {
      let v = this.#chains.get(c);
      if (!v) this.#chains.set(c, (v = chainView(r.chains[c]!, (i) => this.objectAt(i))));
      return v;
    });
  });

  inspectPasted(): Promise<void> {
    return this.#run(this.held ?? this.input, 'pasted text');
  }

  /**
   * A paste that would leave `text` in the box. Over LARGE_PASTE characters it is held here (the caller keeps it
   * out of the box) and inspected at once; true when held.
   */
  paste(text: string): boolean {
    if (text.length <= LARGE_PASTE) return false;
    // The paste's own task only takes the text; the box gives way to "N kB pasted" in the next task and the work
    // starts in the one after, so no task does more than one of these.
    setTimeout(() => {
      this.held = text;
      this.input = '';
      setTimeout(() => void this.inspectPasted(), 0);
    }, 0);
    return true;
  }

  inspectFile(file: Blob, name = file instanceof File ? file.name : 'file'): Promise<void> {
    this.held = null;
    // The File itself crosses to the worker (by reference), which reads its bytes (DER and PKCS#7 files are
    // binary) and decides what they are: reading it here and posting the bytes cost this page a copy of the whole
    // file in one task (33 ms for a 1.7 MB bundle on the loaded 2-core machine).
    return this.#run(file, name);
  }

  cancel(): void {
    this.#controller?.abort();
  }

  clear(): void {
    this.cancel();
    this.#controller = null;
    this.input = '';
    this.held = null;
    this.report = null;
    this.#parsed = new Map();
    this.#summaries = new Map();
    this.#chains = new Map();
    this.pager.reset(0);
    this.chainPager.reset(0);
    this.status = 'idle';
    this.error = '';
    this.privateKeys = 0;
    this.chosen = new Set();
  }

  /** Whether anything in the report can go into the exported report (a private key cannot). */
  get includable(): boolean {
    return (this.report?.kinds ?? []).some((k) => k !== 'privateKey');
  }

  choose(index: number, on: boolean): void {
    const kind = this.report?.kinds[index];
    if (!kind || kind === 'privateKey') return;
    const next = new Set(this.chosen);
    if (on) next.add(index);
    else next.delete(index);
    this.chosen = next;
  }

  chooseAll(): void {
    const kinds = this.report?.kinds ?? [];
    this.chosen = new Set(kinds.flatMap((k, i) => (k === 'privateKey' ? [] : [i])));
  }

  /** What goes into the exported report: the chosen objects and the chains they are in. */
  forReport(): ReportInspection | null {
    const r = this.report;
    if (!r || this.chosen.size === 0) return null;
    const items = [...this.chosen]
      .sort((a, b) => a - b)
      .map((i) => {
        const s = summarizeInspected(this.objectAt(i)!, this.inspectedAt);
        return {
          title: s.title,
          from: s.from,
          rows: s.rows.map(({ name, value }) => ({ name, value })),
          verdicts: s.verdicts.map(({ text, ok }) => ({ text, ok })),
          notes: s.notes,
        };
      });
    const chains = r.chains
      .filter((c) => c.members.some((m) => this.chosen.has(m)))
      .map((c) => chainText(chainView(c, (i) => this.objectAt(i))));
    return { source: this.source, inspectedAt: new Date(this.inspectedAt).toISOString(), items, chains };
  }

  async #run(input: string | Blob, source: string): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'reading';
    this.progress = 0;
    this.error = '';
    this.report = null;
    this.#parsed = new Map();
    this.#summaries = new Map();
    this.#chains = new Map();
    this.pager.reset(0);
    this.chainPager.reset(0);
    this.privateKeys = 0;
    this.chosen = new Set();
    this.source = source;
    const result = await this.#inspect(input, {
      signal: controller.signal,
      onProgress: (done, total) => {
        if (this.#controller === controller) this.progress = total ? done / total : 0;
      },
    });
    if (this.#controller !== controller) return;
    this.#controller = null;
    this.inspectedAt = this.#now();
    if (!result.ok) {
      this.error = errorText(result.error);
      this.status = 'failed';
      return;
    }
    this.privateKeys = result.value.kinds.filter((k) => k === 'privateKey').length;
    // The key must not stay on screen or in this page's memory: the pasted text goes.
    if (this.privateKeys > 0) {
      this.input = '';
      this.held = null;
    }
    this.report = result.value;
    this.status = 'done';
    this.pager.reset(result.value.ends.length);
    this.chainPager.reset(result.value.chains.length);
  }
}
