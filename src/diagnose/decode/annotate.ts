// Layer: diagnostics. annotateLine(): the console calls it for every received line, so it must be fast and must not
// cry wolf: only the precise recognizers run, and only certain or likely readings become annotations.
import type { Annotation, Decoded } from '../types.ts';
import { firstSentence } from './meta.ts';
import { scanLine } from './scan.ts';

// Most lines carry no code at all: skip them before any regex runs.
const WORTH_SCANNING = /\d|MBEDTLS_|PSA_|STSAFEA_|\bE[A-Z]{3}|alert|ertificate|Usage does not/;
// Lines with no number that still carry a known message (messages.ts).
const MESSAGE_WORDS = /command not found|parameter count|credential|not a valid|already exists|mbedtls_pk_|cipher/i;
const MAX_LINE = 2_000;

const label = (d: Decoded): string =>
  d.kind === 'errno' || d.kind === 'x509-flags'
    ? d.name
    : d.kind === 'message'
      ? d.canonical
      : `${d.canonical} ${d.name}`;

export function annotateLine(line: string): Annotation[] {
  const text = line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line;
  if (!WORTH_SCANNING.test(text) && !MESSAGE_WORDS.test(text)) return [];
  const out: Annotation[] = [];
  for (const d of scanLine(text, 0, true)) {
    if (d.confidence === 'possible') continue;
    if (out.some((a) => a.start === d.span[0] && a.end === d.span[1])) continue;
    out.push({ start: d.span[0], end: d.span[1], kind: d.kind, label: label(d), short: firstSentence(d.meaning) });
  }
  return out;
}
