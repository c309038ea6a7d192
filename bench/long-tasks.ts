// Page side of the browser benchmarks (bundled into bench/*-page): counts main-thread long tasks (> 50 ms, the
// Long Tasks API) while observing; bench/browser.ts prints the count.
export interface LongTaskCount {
  readonly longTasks: number;
  readonly longestTaskMs: number;
}

export class LongTaskCounter {
  #count = 0;
  #longest = 0;
  readonly #observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      this.#count++;
      this.#longest = Math.max(this.#longest, e.duration);
    }
  });

  /** `buffered`: also count the long tasks from before this call (since the page loaded). */
  start(buffered = false): void {
    this.#observer.observe({ type: 'longtask', buffered });
  }

  stop(): void {
    this.#observer.disconnect();
  }

  reset(): void {
    this.#count = 0;
    this.#longest = 0;
  }

  get counted(): LongTaskCount {
    return { longTasks: this.#count, longestTaskMs: this.#longest };
  }
}
