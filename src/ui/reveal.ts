// Layer: views (shared). Results that appear below the fold (a phone, a long panel) are brought into view, so the
// user sees the answer to what they just asked without hunting for it. In one step, never a smooth glide: a glide keeps
// the results' own buttons (paging, Copy) moving under the pointer for a while after they appear, and a tap whose
// press and release fall on different places is lost (provision/follow-step.ts measured it).

/** Scrolls `el` to the top of the viewport when it starts below the visible part of the page. */
export function revealIfBelow(el: Element | null | undefined): void {
  if (!el) return;
  const top = el.getBoundingClientRect().top;
  if (top < innerHeight - 96) return;
  el.scrollIntoView({ block: 'start', behavior: 'instant' });
}

/** Svelte action: reveals the element when it appears (results sections mount when the answer is there). */
export function reveal(el: Element): void {
  requestAnimationFrame(() => revealIfBelow(el));
}
