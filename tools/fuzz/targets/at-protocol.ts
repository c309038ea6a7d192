// Fuzz targets for the AT protocol (src/devices/protocols/): the line splitter fed mutated transcripts in random
// chunks, the answer-line grammar on mutated lines, and the AT client answering a command with mutated bytes.
import {
  AtClient,
  AtLineSplitter,
  commandPrefix,
  describeFinal,
  parseFinal,
  parseInfoLine,
  splitParams,
  unquote,
} from '../../../src/devices/protocols/index.ts';
import { MAX_AT_LINE_BYTES } from '../../../src/devices/protocols/at-lines.ts';
import { lineAnswering } from './fake-line.ts';
import { randomInt } from '../../../src/lib/cbor-random.ts';
import { asBytes, asText, defineTarget, invariant } from '../target.ts';
import { mutateBytes, mutateText } from '../mutate.ts';
import { chunks } from './chunks.ts';
import { AT_LINES, AT_TRANSCRIPTS } from './samples.ts';

const transcripts = AT_TRANSCRIPTS.map((t) => new TextEncoder().encode(t));

export const atLines = defineTarget({
  name: 'at-lines',
  inputs: 20_000,
  generate: (rng) => mutateBytes(rng, transcripts),
  run(input) {
    const splitter = new AtLineSplitter();
    for (const chunk of chunks(asBytes(input))) {
      for (const line of splitter.push(chunk)) {
        invariant(line.length > 0, 'an empty line was emitted');
        invariant(line.length <= MAX_AT_LINE_BYTES, `a line of ${line.length} characters passed the line limit`);
      }
    }
  },
});

export const atResults = defineTarget({
  name: 'at-results',
  inputs: 20_000,
  generate: (rng) => mutateText(rng, AT_LINES),
  run(input) {
    const line = asText(input);
    const final = parseFinal(line);
    if (final) {
      const again = parseFinal(describeFinal(final));
      invariant(
        JSON.stringify(again) === JSON.stringify(final),
        `${JSON.stringify(final)} does not survive describeFinal`,
      );
    }
    const info = parseInfoLine(line);
    if (info) invariant(/^[+%]/.test(info.prefix), `prefix ${info.prefix}`);
    const params = splitParams(line);
    invariant(params.length >= 1, 'splitParams returned nothing');
    for (const p of params) unquote(p);
    commandPrefix(line);
  },
});

// What a command can honestly end with when the board answers garbage (src/devices/errors.ts).
const CODES = new Set(['device-rejected', 'timeout', 'protocol', 'too-long', 'disconnected', 'not-open']);

export const atClient = defineTarget({
  name: 'at-client',
  inputs: 1_000,
  capMs: 1_000,
  generate: (rng) => {
    const b = mutateBytes(rng, transcripts);
    // Now and then the answer arrives as a flood, as a hostile board would send it.
    return rng() < 0.02 ? new Uint8Array(200_000 + randomInt(rng, 100_000)).fill(0x41) : b;
  },
  async run(input) {
    const line = await lineAnswering(asBytes(input));
    const at = new AtClient(line.connection);
    at.onUnsolicited(() => {});
    const r = await at.send('AT+CGSN', { timeoutMs: 10 });
    invariant(typeof r.ok === 'boolean', 'send() answered something that is not a Result');
    if (!r.ok) invariant(CODES.has(r.error.code), `unexpected error code ${r.error.code}: ${r.error.message}`);
    at.dispose();
    await line.close();
  },
});
