// Layer: views (provision). An action for the flow's step panel: when the step changes (the Prepare form folds away
// under the tap that started provisioning) and the panel is off screen, it is scrolled back into view, smoothly
// unless the user asks for reduced motion; focus that fell to the page with a button that went away moves to the
// panel (tabindex -1), so keyboard and screen reader users follow the flow too.
export function followStep(node: HTMLElement, step: string) {
  let shown = step;
  return {
    update(next: string) {
      if (next === shown) return;
      shown = next;
      const top = node.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight - 120) {
        const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        node.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
      }
      const active = document.activeElement;
      if (active === null || active === document.body || !active.isConnected) node.focus({ preventScroll: true });
    },
  };
}
