// Which rows of a fixed-row-height list are in view, with a few rows of overscan each side.
export const ROW_HEIGHT = 52;
const OVERSCAN = 6;

export function visibleRange(scrollTop: number, height: number, count: number): { start: number; end: number } {
  const start = Math.min(count, Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN));
  const end = Math.min(count, Math.ceil((scrollTop + Math.max(height, ROW_HEIGHT)) / ROW_HEIGHT) + OVERSCAN);
  return { start, end: Math.max(start, end) };
}
