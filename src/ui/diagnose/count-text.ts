// Layer: views (diagnose). Counts with thousands separators ("12,345"), without Intl: the first toLocaleString call
// loads the locale data, a cost that lands in the task that shows a big paste's results.

export const countText = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** "1 code", "12,345 codes". */
export const plural = (n: number, word: string): string => `${countText(n)} ${word}${n === 1 ? '' : 's'}`;
