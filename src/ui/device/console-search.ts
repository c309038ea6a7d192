// Layer: views (device). Console search: the indexes of the lines containing the query, case-insensitive, oldest
// first. Plain substring search (no regex: a technician pastes `+CME ERROR: 518` and means those characters).
import type { ConsoleLine } from '../../devices/transport/index.ts';

export function findMatches(lines: readonly ConsoleLine[], query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const out: number[] = [];
  for (let i = 0; i < lines.length; i++) if (lines[i]!.text.toLowerCase().includes(needle)) out.push(i);
  return out;
}

/** Splits a line's text around the query's occurrences, for highlighting (`match` parts are the query). */
export function highlightParts(text: string, query: string): { readonly text: string; readonly match: boolean }[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [{ text, match: false }];
  const lower = text.toLowerCase();
  const parts: { text: string; match: boolean }[] = [];
  let at = 0;
  for (let hit = lower.indexOf(needle); hit >= 0; hit = lower.indexOf(needle, hit + needle.length)) {
    if (hit > at) parts.push({ text: text.slice(at, hit), match: false });
    parts.push({ text: text.slice(hit, hit + needle.length), match: true });
    at = hit + needle.length;
  }
  if (at < text.length) parts.push({ text: text.slice(at), match: false });
  return parts;
}
