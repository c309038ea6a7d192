// Layer: protocols (AT). The resync that follows a time-out or a restart: the client sends a bare AT and every line
// passes to the unsolicited listeners until the line has been quiet for a moment after a final result (or a limit
// passes), so a late answer to the timed-out command, or the rest of a boot banner, is drained there instead of
// being taken for the next command's answer.

/** The line must stay quiet this long after the sync's final result before the next command. */
export const RESYNC_QUIET_MS = 150;
/** A resync never holds the queue longer than this. */
export const RESYNC_LIMIT_MS = 3000;

export class Resync {
  #gotFinal = false;
  #quiet: ReturnType<typeof setTimeout> | undefined;
  readonly #giveUp: ReturnType<typeof setTimeout>;
  #over = false;
  readonly #done: () => void;

  /** `done` runs once, when the line has been quiet after a final result or at the limit (never after `cancel`). */
  constructor(done: () => void) {
    this.#done = done;
    this.#giveUp = setTimeout(() => this.#end(), RESYNC_LIMIT_MS);
  }

  /** A line arrived during the resync; `final` says whether it was a final result. */
  seen(final: boolean): void {
    this.#gotFinal ||= final;
    if (!this.#gotFinal) return;
    clearTimeout(this.#quiet);
    this.#quiet = setTimeout(() => this.#end(), RESYNC_QUIET_MS);
  }

  /** The client shut down: no `done`. */
  cancel(): void {
    this.#over = true;
    clearTimeout(this.#quiet);
    clearTimeout(this.#giveUp);
  }

  #end(): void {
    if (this.#over) return;
    this.cancel();
    this.#done();
  }
}
