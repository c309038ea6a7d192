// Layer: views (provision). An action for the flow's step panel: when the step changes (the Prepare form folds away
// under the tap that started provisioning) and the panel is off screen, it is scrolled back into view, smoothly
// unless the user asks for reduced motion; focus that fell to the page with a button that went away moves to the
// panel (tabindex -1), so keyboard and screen reader users follow the flow too. It looks after the next frame:
// asking where the panel is in the update that built the new step forced a layout of the whole page inside that
// task (30 ms of CPU in a provisioning run's longest task); once the frame is drawn the answer costs nothing.
export function followStep(node: HTMLElement, step: string) {
  let shown = step;
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const follow = () => {
    timer = null;
    if (!node.isConnected) return;
    const top = node.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 120) {
      const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      node.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
    }
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
      cancel();
      pending = requestAnimationFrame(() => (timer = setTimeout(follow, 0)));
    },
    destroy: cancel,
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
