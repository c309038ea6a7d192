// Layer: views (shared). The heading of a section: it names the page (document.title "Provision · KeyWire") and,
// when the user has just moved to the section (focus left on a section link, or fallen to the page body), takes
// focus so the keyboard and screen reader start at the section's top instead of the header.
export const APP_NAME = 'KeyWire';

export function pageTitle(section: string): string {
  return `${section} · ${APP_NAME}`;
}

/** Svelte action for a section's <h1>: sets the page title and takes focus after a section change. */
export function sectionHeading(heading: HTMLElement): void {
  document.title = pageTitle(heading.textContent?.trim() ?? APP_NAME);
  heading.tabIndex = -1;
  const active = document.activeElement;
  const arrived = !active || active === document.body || active.closest('nav') !== null;
  if (arrived) heading.focus({ preventScroll: true });
}
