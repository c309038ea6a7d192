// Layer: emulator basics. The emulator's only notion of time: pacing, key generation, +CEREG delays, stalls and the
// modem's real-time clock (+CCLK) all go through an `EmulatorClock`, so unit tests can run on a `ManualClock` and
// assert on scheduled times and dates instead of wall-clock luck.

export type TimerId = number;

export interface EmulatorClock {
  /** Milliseconds on this clock's own timeline (monotonic; what timers count). */
  now(): number;
  /** The date on this clock: milliseconds since 1970-01-01 UTC (what the network gives a modem as its time). */
  epochMs(): number;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

interface PostTaskScheduler {
  postTask(fn: () => void, options: { delay: number; signal: AbortSignal }): Promise<unknown>;
}

/**
 * Host timers without the browser's nesting clamp. A setTimeout called from a timer's own callback, five deep, waits
 * at least 4 ms (HTML's timer nesting rule), and the emulated wire is one long such chain: the pacer's chunk timer
 * delivers to the board, the board answers into the other pacer's timer, its delivery makes the page send the next
 * command... so every short hop (a 12-byte command is 1 ms of line at 115200 baud) took 4 ms, slower than the wire.
 * `scheduler.postTask` with a delay has no such clamp (Chromium; measured 1.2 ms for a chain of 1 ms delays, 4.2 ms
 * with setTimeout). Where it is missing (Node, which has no clamp; other browsers) plain setTimeout; also where the
 * page's setTimeout has been replaced (a test's fake clock, e.g. Playwright's page.clock, which must keep driving the
 * emulated boards with the rest of the page: postTask would run them on real time beside a frozen page).
 */
function hostTimers(): Pick<EmulatorClock, 'setTimeout' | 'clearTimeout'> {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  const timersReplaced = !/\[native code\]/.test(Function.prototype.toString.call(setTimeout));
  if (typeof scheduler?.postTask !== 'function' || timersReplaced)
    return {
      setTimeout: (fn, ms) => setTimeout(fn, Math.max(0, ms)) as unknown as TimerId,
      clearTimeout: (id) => clearTimeout(id as unknown as ReturnType<typeof setTimeout>),
    };
  const post = scheduler.postTask.bind(scheduler);
  const live = new Map<TimerId, AbortController>();
  let nextId = 1;
  return {
    setTimeout: (fn, ms) => {
      const id = nextId++;
      const abort = new AbortController();
      live.set(id, abort);
      post(
        () => {
          live.delete(id);
          fn();
        },
        { delay: Math.max(0, ms), signal: abort.signal },
      ).catch((error: unknown) => {
        // Cleared: nothing to say. A callback that threw is reported as a timer's would be.
        if (!abort.signal.aborted) reportError(error);
      });
      return id;
    },
    clearTimeout: (id) => {
      live.get(id)?.abort();
      live.delete(id);
    },
  };
}

/** The real clock: `performance.now()`, the host's date and the host's timers (unclamped where the host allows). */
export const realClock: EmulatorClock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  ...hostTimers(),
};

/** Resolves after `ms` on `clock`, or rejects with an AbortError when `signal` fires first. */
export function sleep(clock: EmulatorClock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const id = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clock.clearTimeout(id);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface ManualTimer {
  readonly id: TimerId;
  readonly at: number;
  readonly fn: () => void;
}

/** Where a `ManualClock`'s date starts unless told otherwise: 2026-01-15 12:00:00 UTC. */
export const MANUAL_CLOCK_START_EPOCH_MS = Date.UTC(2026, 0, 15, 12, 0, 0);

/**
 * A clock that only moves when told. `advance(ms)` fires due timers in time order (ties in creation order) and lets
 * promise callbacks run between them, so async code driven by this clock behaves as it would in real time. Its date
 * starts at `startEpochMs` and moves with `advance`.
 */
export class ManualClock implements EmulatorClock {
  #now = 0;
  #nextId = 1;
  #timers: ManualTimer[] = [];

  constructor(readonly startEpochMs: number = MANUAL_CLOCK_START_EPOCH_MS) {
    if (!Number.isFinite(startEpochMs))
      throw new RangeError(`a clock's start date must be finite, got ${startEpochMs}`);
  }

  now(): number {
    return this.#now;
  }

  epochMs(): number {
    return this.startEpochMs + this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const id = this.#nextId++;
    this.#timers.push({ id, at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
  }

  get pendingTimers(): number {
    return this.#timers.length;
  }

  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    await flushMicrotasks();
    for (;;) {
      const due = this.#timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = due.at;
      due.fn();
      await flushMicrotasks();
    }
    this.#now = until;
    await flushMicrotasks();
  }
}

/** Lets queued promise callbacks (and the ones they queue) run. */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
