// Layer: diagnostics. Runs the recognizers over one line, most specific first; a match claims its whole range so
// vaguer recognizers never read the same digits twice. Spans are shifted by `offset` (position of the line in the
// caller's input). Messages known by their words (messages.ts) are added beside the codes and claim nothing.
import type { Decoded } from '../types.ts';
import { RECOGNIZERS, type Recognizer } from './recognizers.ts';
import { scanMessages } from './messages.ts';

interface Compiled {
  readonly recognizer: Recognizer;
  readonly re: RegExp;
}

// 'd' gives capture-group indices, so every result can point at the exact digits it read.
const COMPILED: readonly Compiled[] = RECOGNIZERS.map((recognizer) => ({
  recognizer,
  re: new RegExp(recognizer.pattern.source, `${recognizer.pattern.flags.replace(/[gd]/g, '')}gd`),
}));

/** Claimed characters of one line: a match checks only its own span, so many matches on a long line stay linear. */
class Claims {
  private taken: Uint8Array | null = null;
  constructor(private readonly length: number) {}
  overlaps(a: number, b: number): boolean {
    if (!this.taken) return false;
    for (let i = a; i < b; i++) if (this.taken[i]) return true;
    return false;
  }
  claim(a: number, b: number): void {
    (this.taken ??= new Uint8Array(this.length)).fill(1, a, b);
  }
}

export function scanLine(line: string, offset: number, onlyAnnotating: boolean): Decoded[] {
  const found: Decoded[] = [];
  const claims = new Claims(line.length);
  for (const { recognizer, re } of COMPILED) {
    if (onlyAnnotating && !recognizer.annotate) continue;
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const range = [m.index, m.index + m[0].length] as const;
      if (m[0].length === 0) re.lastIndex++;
      if (claims.overlaps(range[0], range[1])) continue;
      const indices = m.indices;
      const at = (group: number): readonly [number, number] => indices?.[group] ?? range;
      const decoded = recognizer.decode(m, at);
      if (decoded.length === 0) continue;
      claims.claim(range[0], range[1]);
      for (const d of decoded) found.push({ ...d, span: [d.span[0] + offset, d.span[1] + offset] });
    }
  }
  found.push(...scanMessages(line, offset));
  return found.sort((a, b) => a.span[0] - b.span[0]);
}
