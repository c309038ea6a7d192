// Page side of the app benchmarks, injected as an init script before any of the app's own code runs: records
// main-thread long tasks (> 50 ms, with their start times), every button click (label and Date.now() at the click
// event itself, not when the driver asked for it) and the moments the identity card and the Done panel appear.
// Plain JavaScript text, so no bundler or transpiler helper can leak into the page.
export interface ProbeState {
  readonly longTasks: { readonly start: number; readonly duration: number }[];
  readonly clicks: { readonly label: string; readonly t: number }[];
  readonly identityShown: number[];
  readonly doneShown: number[];
}

declare global {
  interface Window {
    keywireProbe?: ProbeState;
  }
}

export const PROBE_SCRIPT = `(() => {
  const probe = { longTasks: [], clicks: [], identityShown: [], doneShown: [] };
  window.keywireProbe = probe;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('click', (e) => {
    const button = e.target && e.target.closest ? e.target.closest('button') : null;
    if (button) probe.clicks.push({ label: (button.getAttribute('aria-label') || button.textContent || '').trim(), t: Date.now() });
  }, true);
  let identity = false;
  let done = false;
  const watch = () => {
    const hasIdentity = !!document.getElementById('identity-title');
    const hasDone = !!document.getElementById('done-title');
    if (hasIdentity && !identity) probe.identityShown.push(Date.now());
    if (hasDone && !done) probe.doneShown.push(Date.now());
    identity = hasIdentity;
    done = hasDone;
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
})();`;
