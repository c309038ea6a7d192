// Layer: basics. Giving the event loop a turn in the middle of long work, so a message that arrived meanwhile (a
// worker's "cancel" for the job that is running) is handled before the work goes on. A MessageChannel task, not
// setTimeout(0): nested timers are clamped to 4 ms, which would slow a long job down by a third. Environment-neutral.

/** Resolves in a new task (after the messages already queued are handled). */
export function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** Yields at most every `everyMs` of work: call `maybe()` between items; it costs nothing when no yield is due. */
export class Yielder {
  /** How many times it yielded. */
  yields = 0;
  #last: number;
  constructor(
    readonly everyMs = 16,
    readonly now: () => number = () => performance.now(),
  ) {
    this.#last = now();
  }

  async maybe(): Promise<void> {
    if (this.now() - this.#last < this.everyMs) return;
    await nextTask();
    this.yields++;
    this.#last = this.now();
  }
}
