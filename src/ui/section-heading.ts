// Layer: views (shared). The heading of a section: it names the page (document.title "Provision · KeyWire") and,
// when the user has just moved to the section (focus left on a section link, or fallen to the page body), takes
// focus so the keyboard and screen reader start at the section's top instead of the header. The focus comes after
// the next frame: focusing makes the browser lay the page out at once, and in the task that mounts a section (on
// first load the page's biggest) that forced layout of the whole page was a third of a long task; after the frame
// the page is laid out and focus costs nothing. Where focus is by then decides again (a view may have moved it to
// its next step's field meanwhile).
export const APP_NAME = 'KeyWire';

export function pageTitle(section: string): string {
  return `${section} · ${APP_NAME}`;
}

/** Focus is on nothing in particular: the page body, or the section links the user just used. */
const arrived = (): boolean => {
  const active = document.activeElement;
  return !active || active === document.body || active.closest('nav') !== null;
};

/** Svelte action for a section's <h1>: sets the page title and takes focus after a section change. */
export function sectionHeading(heading: HTMLElement): void {
  document.title = pageTitle(heading.textContent?.trim() ?? APP_NAME);
  heading.tabIndex = -1;
  if (!arrived()) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (heading.isConnected && arrived()) heading.focus({ preventScroll: true });
    }, 0),
  );
}
