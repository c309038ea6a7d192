// Layer: views (shared). Results that appear below the fold (a phone, a long panel) are brought into view, so the
// user sees the answer to what they just asked without hunting for it. Reduced motion is respected.

/** Scrolls `el` to the top of the viewport when it starts below the visible part of the page. */
export function revealIfBelow(el: Element | null | undefined): void {
  if (!el) return;
  const top = el.getBoundingClientRect().top;
  if (top < innerHeight - 96) return;
  const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
}

/** Svelte action: reveals the element when it appears (results sections mount when the answer is there). */
export function reveal(el: Element): void {
  requestAnimationFrame(() => revealIfBelow(el));
}
