// Layer: views (shared). A moment as local date and time ("2026-12-06 21:57:03"), without Intl: the page's first
// toLocaleString call loads the locale data (40 ms of CPU on the 2-core machine), and the provisioning run's CSR
// panel was where that first call happened, in the middle of a run.

const two = (n: number) => String(n).padStart(2, '0');

/** Local date and time of an ISO text or epoch milliseconds; the input itself when it is not a date. */
export function localTimeText(at: string | number): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return String(at);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
