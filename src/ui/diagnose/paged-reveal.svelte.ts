// Layer: views (diagnose). A long list shown a page at a time, each page built a few items per task: the Decode and
// Inspect cards hold thousands of results, and building even one page of cards in one task can block a slow
// device past the 50 ms long-task mark. `visible` is the indexes built so far on the current page.

export class PagedReveal {
  page = $state.raw(0);
  total = $state.raw(0);
  /** Items built so far on the current page: grows by `step` a task up to the page's size. */
  rendered = $state.raw(0);
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly size: number,
    readonly step: number,
  ) {}

  get pages(): number {
    return Math.max(1, Math.ceil(this.total / this.size));
  }

  get start(): number {
    return this.page * this.size;
  }

  get end(): number {
    return Math.min(this.total, this.start + this.size);
  }

  /** The indexes on the current page built so far. */
  get visible(): number[] {
    const n = Math.min(this.rendered, this.end - this.start);
    return Array.from({ length: Math.max(0, n) }, (_, i) => this.start + i);
  }

  /** A new list: back to its first page. */
  reset(total: number): void {
    this.stop();
    this.total = total;
    this.page = 0;
    this.rendered = 0;
    this.#reveal();
  }

  goTo(page: number): void {
    const p = Math.min(Math.max(0, Math.floor(page)), this.pages - 1);
    if (p === this.page) return;
    this.stop();
    this.page = p;
    this.rendered = 0;
    this.#reveal();
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Resolves once the current page is fully built. */
  async revealed(): Promise<void> {
    while (this.#timer) await new Promise((resolve) => setTimeout(resolve, 0));
  }

  /** Builds the page `step` items a task, starting in a new task (not in the one that brought the list). */
  #reveal(): void {
    const step = () => {
      this.#timer = null;
      const target = this.end - this.start;
      if (this.rendered >= target) return;
      this.rendered = Math.min(target, this.rendered + this.step);
      if (this.rendered < target) this.#timer = setTimeout(step, 0);
    };
    if (this.end > this.start) this.#timer = setTimeout(step, 0);
  }
}
