// Layer: app shell. First load in short tasks (issue 14: no main-thread task over 50 ms). Building the whole first
// screen in one task, laying it out in one frame and registering the service worker in the middle of it made first
// load's longest task; these put each part in a task of its own, and work no one waits for after first load.

/** Runs `fn` in a task of its own after the browser has drawn a frame (what the page changed so far is laid out and
 * painted in that frame, not in `fn`'s). A hidden tab draws no frames: then after a short timer instead. */
export function afterNextFrame(fn: () => void): void {
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    fn();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, 250);
}

/** Runs `fn` in a task of its own once the page has loaded (its first screen's files are in). */
export function afterPageLoad(fn: () => void): void {
  if (document.readyState === 'complete') setTimeout(fn, 0);
  else addEventListener('load', () => setTimeout(fn, 0), { once: true });
}

/** How long after the page's load `afterFirstLoad` waits: first load's parts (the section, the start view's board
 * part, the heading's focus) and their frames are done by then, also on a loaded 2-core machine. */
export const SETTLED_AFTER_LOAD_MS = 3000;

/**
 * Runs `fn` once first load has settled: `afterMs` after the page's load, in an idle period of the main thread (at
 * most 2 s later). For work no one waits for that would compete with first load for the CPU even off the main thread
 * (the service worker's copy of every file of the app: some 45 requests, the worker and the cache storage, beside
 * the page's last first-load tasks on a 2-core machine).
 */
export function afterFirstLoad(fn: () => void, afterMs = SETTLED_AFTER_LOAD_MS): void {
  afterPageLoad(() =>
    setTimeout(() => {
      if (typeof requestIdleCallback === 'function') requestIdleCallback(() => fn(), { timeout: 2000 });
      else fn();
    }, afterMs),
  );
}
