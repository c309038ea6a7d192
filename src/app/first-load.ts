// Layer: app shell. First load in short tasks (issue 14: no main-thread task over 50 ms). Building the whole first
// screen in one task, laying it out in one frame and registering the service worker in the middle of it made first
// load's longest task; these put each part in a task of its own.

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
