// Fuzz targets for diagnostics (src/diagnose): the code decoder and console annotation on mutated codes and log
// lines, and the streaming log parser on mutated device logs cut into chunks anywhere.
import { annotateLine, createLogParser, decode } from '../../../src/diagnose/index.ts';
import { asText, defineTarget, invariant } from '../target.ts';
import { mutateText } from '../mutate.ts';
import { CODE_TEXTS, deviceLogs } from './samples.ts';

export const decoder = defineTarget({
  name: 'decode',
  inputs: 8_000,
  // Lines of up to 200,000 characters (DECODE_MAX_CHARS) go through ~20 recognizers: linear, but not 500 ms cheap
  // on a loaded CI machine.
  capMs: 1_000,
  setup: () => [...CODE_TEXTS, ...deviceLogs().flatMap((l) => l.split('\n').slice(0, 40))],
  generate: (rng, samples) => mutateText(rng, samples),
  run(input) {
    const text = asText(input);
    for (const d of decode(text)) {
      const [a, b] = d.span;
      invariant(0 <= a && a <= b && b <= text.length, `span [${a}, ${b}] outside the input of ${text.length}`);
    }
    for (const line of text.split('\n').slice(0, 50)) {
      for (const n of annotateLine(line))
        invariant(
          0 <= n.start && n.start <= n.end && n.end <= line.length,
          `annotation [${n.start}, ${n.end}] outside the line`,
        );
    }
  },
});

export const logParser = defineTarget({
  name: 'log-parser',
  inputs: 2_500,
  setup: () => deviceLogs(),
  generate: (rng, logs) => mutateText(rng, logs),
  run(input) {
    const text = asText(input);
    const parser = createLogParser();
    // Chunk ends from the text itself, so a replay cuts it the same way (inside lines and CRLFs too).
    for (let at = 0, k = 0; at < text.length; k++) {
      const n = 1 + ((text.charCodeAt(k % text.length) * 31 + k) % 509);
      parser.push(text.slice(at, at + n));
      at += n;
    }
    const timeline = parser.finish();
    JSON.stringify(timeline);
    invariant(parser.progress.chars === text.length, `consumed ${parser.progress.chars} of ${text.length} characters`);
  },
});
