// Layer: views (provision). An action for the flow's step panel: when the step changes (the Prepare form folds away
// under the tap that started provisioning) and the panel is off screen, the page is brought to it in one step;
// focus that fell to the page with a button that went away moves to the panel (tabindex -1), so keyboard and screen
// reader users follow the flow too. It looks after the next frame: asking where the panel is in the update that
// built the new step forced a layout of the whole page inside that task (30 ms of CPU in a provisioning run's longest
// task); once the frame is drawn the answer costs nothing.
//
// Never a smooth scroll: a glide to the panel keeps the step's buttons moving for most of a second, just when the
// technician reaches for the next one, and a tap whose press and release fall on different places is lost (the
// e2e "Create lab CA" tap right after connecting missed 5 times in 60 under load while the page glided there).
//
// The page never moves under a user who is working elsewhere: when the last press or key, made since the step before
// began, was outside the flow (the board view's Delete or Read, the console), a step change leaves the scroll and the
// focus where they are. (A board that answers while the technician reaches for Delete would otherwise pull the page
// away between the press and the release, and the tap would land on something else.) Once the page follows the flow,
// the flow is where the user is: it anchors the scroll again, so the panel stays in view as its content grows.

/** The page's last press or key: whether it was outside the flow, and when. */
interface ElsewhereWatch {
  /** Whether the last press or key came after `since` (a `performance.now()` time) and outside the flow. */
  readonly busyElsewhereSince: (since: number) => boolean;
  /** The page follows the flow: it is where the user is from now on, until a press or key elsewhere. */
  readonly backToFlow: () => void;
  readonly stop: () => void;
}

/**
 * Watches presses and keys on the page (`flow()` is the flow's root). While the last one was outside the flow, the
 * root carries `data-user-elsewhere`, which takes the flow out of the browser's scroll anchoring (FlowView's CSS):
 * the part of the board view on screen then holds still when the step's panel grows or folds above it, while a press
 * in the flow (More options, a CA's details) grows it downward as usual.
 */
function watchElsewhere(flow: () => Element | null): ElsewhereWatch {
  let last = { at: -Infinity, elsewhere: false };
  const mark = (at: number, elsewhere: boolean) => {
    last = { at, elsewhere };
    flow()?.toggleAttribute('data-user-elsewhere', elsewhere);
  };
  const seen = (e: Event) => {
    const root = flow();
    mark(performance.now(), !(root && e.target instanceof Node && root.contains(e.target)));
  };
  const options = { capture: true, passive: true } as const;
  window.addEventListener('pointerdown', seen, options);
  window.addEventListener('keydown', seen, options);
  return {
    busyElsewhereSince: (since) => last.elsewhere && last.at >= since,
    backToFlow: () => mark(last.at, false),
    stop: () => {
      window.removeEventListener('pointerdown', seen, options);
      window.removeEventListener('keydown', seen, options);
    },
  };
}

export function followStep(node: HTMLElement, step: string) {
  let shown = step;
  /** When the step before the one shown began: input elsewhere after it means the user is busy there. */
  let previousBegan = -Infinity;
  let shownBegan = performance.now();
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // The flow is the panel's parent (FlowView's root: the stepper, the panel, the step's buttons).
  const watch = watchElsewhere(() => node.parentElement ?? node);
  const follow = () => {
    timer = null;
    if (!node.isConnected || watch.busyElsewhereSince(previousBegan)) return;
    watch.backToFlow();
    const top = node.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 120) node.scrollIntoView({ behavior: 'instant', block: 'start' });
    const active = document.activeElement;
    if (active === null || active === document.body || !active.isConnected) node.focus({ preventScroll: true });
  };
  const cancel = () => {
    cancelAnimationFrame(pending);
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    update(next: string) {
      if (next === shown) return;
      shown = next;
      previousBegan = shownBegan;
      shownBegan = performance.now();
      cancel();
      pending = requestAnimationFrame(() => (timer = setTimeout(follow, 0)));
    },
    destroy() {
      cancel();
      watch.stop();
    },
  };
}

/**
 * An action for a button that goes away while a step runs (the primary button when there is nothing to press): if
 * it had the focus when it was removed, the focus moves to `fallback()` (the step's panel) instead of falling to
 * the page body, so a keyboard user stays in the flow. Chromium fires blur as the focused node is removed (checked
 * once the update is over and the node is gone); other browsers do not, so destroy checks too.
 */
export function passFocusOnRemoval(node: HTMLElement, fallback: () => HTMLElement | null | undefined) {
  let focused = false;
  const lost = () => {
    const active = document.activeElement;
    return active === null || active === document.body || active === node || !active.isConnected;
  };
  const rescue = () => {
    if (!node.isConnected && lost()) fallback()?.focus({ preventScroll: true });
  };
  const on = () => (focused = true);
  const off = () => {
    focused = false;
    queueMicrotask(rescue);
  };
  node.addEventListener('focus', on);
  node.addEventListener('blur', off);
  return {
    destroy() {
      node.removeEventListener('focus', on);
      node.removeEventListener('blur', off);
      if (focused && lost()) fallback()?.focus({ preventScroll: true });
    },
  };
}
