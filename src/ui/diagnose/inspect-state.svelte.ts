// Layer: views, state for the Inspect card. Sends what was pasted or dropped to the crypto worker's
// `inspectListing` (a dropped file is read as bytes and parsed only there), with progress and Cancel; the answer is
// one JSON text per object, parsed only when its card is shown, and the cards come a page at a time, so a bundle of
// thousands of certificates never costs the page a long task. A private key
// in the input is refused: the box is emptied, nothing of the key is kept, and the note says to rotate it. The user
// picks which objects go into the exported report.
import { cryptoClient, type CallOptions } from '../../workers/crypto-client.ts';
import type { CryptoError, CryptoResult, InspectedView, InspectListing } from '../../pki/crypto-types.ts';
import type { ReportInspection } from '../../diagnose/report/index.ts';
import { summarizeInspected, type InspectSummary } from './inspect-summary.ts';
import { chainText, chainView, type ChainView } from './inspect-chain-view.ts';

export type Inspect = (input: string | Uint8Array, options?: CallOptions) => Promise<CryptoResult<InspectListing>>;

const inWorker: Inspect = (input, options) => cryptoClient().inspectListing(input, options);

/** Cards built at a time; "Show more" adds another page. */
export const INSPECT_PAGE = 20;
/** Chains drawn at a time. */
export const CHAIN_PAGE = 5;
/** Cards added per task while a page fills, so no single task builds a whole page (a long task on a slow device). */
export const RENDER_STEP = 5;

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
  status = $state.raw<'idle' | 'reading' | 'done' | 'failed'>('idle');
  progress = $state.raw(0);
  report = $state.raw<InspectListing | null>(null);
  error = $state.raw('');
  /** How many private keys the last input held (they were refused and the box emptied). */
  privateKeys = $state.raw(0);
  source = $state.raw('');
  shown = $state.raw(INSPECT_PAGE);
  chainsShown = $state.raw(CHAIN_PAGE);
  /** Object indexes the user chose to include in the exported report. */
  chosen = $state.raw<ReadonlySet<number>>(new Set());
  inspectedAt = $state.raw(0);

  #controller: AbortController | null = null;
  #parsed = new Map<number, InspectedView>();
  #summaries = new Map<number, InspectSummary>();
  /** How many cards are built so far: grows by RENDER_STEP a task up to `shown`. */
  rendered = $state.raw(0);
  #revealing: ReturnType<typeof setTimeout> | null = null;
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
    const text = this.report?.objects[index];
    if (text === undefined) return undefined;
    let o = this.#parsed.get(index);
    if (!o) this.#parsed.set(index, (o = JSON.parse(text) as InspectedView));
    return o;
  }

  /** The cards built so far (each summary made once, so a card already on screen is not rebuilt). */
  readonly summaries: readonly InspectSummary[] = $derived.by(() => {
    const n = Math.min(this.rendered, this.shown, this.report?.objects.length ?? 0);
    return Array.from({ length: n }, (_, i) => this.#summary(i));
  });

  #summary(index: number): InspectSummary {
    let s = this.#summaries.get(index);
    if (!s) this.#summaries.set(index, (s = summarizeInspected(this.objectAt(index)!, this.inspectedAt)));
    return s;
  }

  /** Adds cards a few per task until the pages asked for are built. */
  #reveal(): void {
    if (this.#revealing) return;
    const step = () => {
      this.#revealing = null;
      const target = Math.min(this.shown, this.total);
      if (this.rendered >= target) return;
      this.rendered = Math.min(target, this.rendered + RENDER_STEP);
      this.#revealing = setTimeout(step, 0);
    };
    step();
  }

  /** Resolves once every card asked for is built. */
  async revealed(): Promise<void> {
    while (this.#revealing) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  get total(): number {
    return this.report?.objects.length ?? 0;
  }

  get chains(): ChainView[] {
    const r = this.report;
    return r ? r.chains.slice(0, this.chainsShown).map((c) => chainView(c, (i) => this.objectAt(i))) : [];
  }

  inspectPasted(): Promise<void> {
    return this.#run(this.input, 'pasted text');
  }

  async inspectFile(file: File): Promise<void> {
    // Bytes, not text: DER and PKCS#7 files are binary; the worker decides what the bytes are.
    return this.#run(new Uint8Array(await file.arrayBuffer()), file.name);
  }

  cancel(): void {
    this.#controller?.abort();
  }

  clear(): void {
    this.cancel();
    this.#controller = null;
    this.input = '';
    this.report = null;
    this.#parsed = new Map();
    this.#summaries = new Map();
    this.rendered = 0;
    this.status = 'idle';
    this.error = '';
    this.privateKeys = 0;
    this.chosen = new Set();
  }

  showMore(): void {
    this.shown += INSPECT_PAGE;
    this.#reveal();
  }

  showMoreChains(): void {
    this.chainsShown += CHAIN_PAGE;
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

  async #run(input: string | Uint8Array, source: string): Promise<void> {
    this.#controller?.abort();
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'reading';
    this.progress = 0;
    this.error = '';
    this.report = null;
    this.#parsed = new Map();
    this.#summaries = new Map();
    this.rendered = 0;
    this.privateKeys = 0;
    this.chosen = new Set();
    this.shown = INSPECT_PAGE;
    this.chainsShown = CHAIN_PAGE;
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
    if (this.privateKeys > 0) this.input = '';
    this.report = result.value;
    this.status = 'done';
    this.#reveal();
  }
}
