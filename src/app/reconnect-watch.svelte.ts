// Layer: app state. Waiting for a lost board: watches its port source (events, or polling for WebUSB) through the
// transport's waitForReconnect and hands the port back when the same board reappears. Never guesses between twins
// (the transport's rule); gives up after a time limit and says so, so the user can plug it in and click.
import type { DeviceError } from '../devices/errors.ts';
import { findSamePort, waitForReconnect, type PortEntry, type PortSource } from '../devices/transport/index.ts';

export interface ReconnectWatchOptions {
  readonly timeoutMs: number;
  readonly onFound: (source: PortSource, entry: PortEntry) => void | Promise<void>;
}

export class ReconnectWatch {
  /** True while KeyWire waits for the board to come back. */
  waiting = $state.raw(false);
  /** Why waiting stopped without the board (time limit, the source failed); null otherwise. */
  gaveUp = $state.raw<DeviceError | null>(null);
  readonly #options: ReconnectWatchOptions;
  #abort: AbortController | null = null;

  constructor(options: ReconnectWatchOptions) {
    this.#options = options;
  }

  start(source: PortSource, entry: PortEntry): void {
    this.stop();
    const abort = new AbortController();
    this.#abort = abort;
    this.waiting = true;
    this.gaveUp = null;
    void waitForReconnect(source, entry.identity, { signal: abort.signal, timeoutMs: this.#options.timeoutMs }).then(
      (found) => {
        if (this.#abort !== abort) return;
        this.#abort = null;
        this.waiting = false;
        if (found.ok) void this.#options.onFound(source, found.value);
        else if (found.error.code !== 'aborted') this.gaveUp = found.error;
      },
    );
  }

  stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    this.waiting = false;
  }

  /** The same board's port if it is there right now (no waiting). */
  async findNow(source: PortSource, entry: PortEntry): Promise<PortEntry | null> {
    const found = await findSamePort(source, entry.identity);
    return found.ok ? found.value : null;
  }
}
