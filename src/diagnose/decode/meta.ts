// Layer: diagnostics. What every single-kind decoder needs to know about where a code was read, and small shared
// helpers (hex formatting, de-duplicated advice lists).
import type { Confidence } from '../types.ts';

export interface ReadMeta {
  readonly read: string;
  readonly span: readonly [number, number];
  readonly form: string;
  readonly confidence: Confidence;
  readonly ambiguity?: string;
}

export const hex4 = (value: number): string => value.toString(16).toUpperCase().padStart(4, '0');
export const mbedtlsHex = (magnitude: number): string => `-0x${hex4(magnitude)}`;

export function uniqueList(...lists: readonly (readonly string[] | undefined)[]): string[] {
  return [...new Set(lists.flatMap((list) => list ?? []))];
}

/** The first sentence of a text, for one-line annotations. */
export function firstSentence(text: string, max = 110): string {
  const cut = text.search(/\.(\s|$)/);
  const sentence = cut > 0 ? text.slice(0, cut + 1) : text;
  return sentence.length > max ? `${sentence.slice(0, max - 1)}…` : sentence;
}
