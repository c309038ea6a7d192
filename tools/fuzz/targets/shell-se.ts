// Fuzz targets for the Zephyr shell and the KWSE secure-element protocols (src/devices/protocols/): each line
// splitter fed mutated transcripts in random chunks, the KWSE line grammar, and each client answering a request with
// mutated bytes. Modelled on at-protocol.ts.
import { MAX_SHELL_LINE_CHARS, ShellLineSplitter } from '../../../src/devices/protocols/shell-lines.ts';
import { ShellClient } from '../../../src/devices/protocols/shell-client.ts';
import { SeClient } from '../../../src/devices/protocols/se-client.ts';
import { parseSeLine, SeLineSplitter } from '../../../src/devices/protocols/se-lines.ts';
import { SE_MAX_ANSWER_CHARS } from '../../../src/devices/protocols/se-constants.ts';
import { lineAnswering } from './fake-line.ts';
import { asBytes, defineTarget, invariant } from '../target.ts';
import { mutateBytes } from '../mutate.ts';
import { chunks } from './chunks.ts';
import { SE_TRANSCRIPTS, SHELL_TRANSCRIPTS } from './samples.ts';

const encode = (t: string) => new TextEncoder().encode(t);
const shellSamples = SHELL_TRANSCRIPTS.map(encode);
const seSamples = SE_TRANSCRIPTS.map(encode);

// What a request can honestly end with when the board answers garbage (src/devices/errors.ts).
const CODES = new Set([
  'device-rejected',
  'timeout',
  'protocol',
  'restarted',
  'too-long',
  'invalid-input',
  'disconnected',
  'not-open',
]);

export const shellLines = defineTarget({
  name: 'shell-lines',
  inputs: 10_000,
  generate: (rng) => mutateBytes(rng, shellSamples),
  run(input) {
    const splitter = new ShellLineSplitter();
    for (const chunk of chunks(asBytes(input))) {
      for (const line of splitter.push(chunk)) {
        invariant(typeof line.text === 'string', 'a line without text');
        invariant(
          line.text.length <= MAX_SHELL_LINE_CHARS,
          `a line of ${line.text.length} characters passed the line limit`,
        );
        invariant(['normal', 'error', 'warning'].includes(line.colour), `colour ${String(line.colour)}`);
      }
    }
  },
});

/** The command the shell client sends: the input's first line when it is one a shell could take, else `cred list`. */
function commandOf(bytes: Uint8Array): string {
  const first = new TextDecoder().decode(bytes.subarray(0, 120)).split(/\r?\n|\r/)[0] ?? '';
  return /^[\x20-\x7e]{1,100}$/.test(first) ? first : 'cred list';
}

export const shellClient = defineTarget({
  name: 'shell-client',
  inputs: 1_000,
  capMs: 1_000,
  generate: (rng) => mutateBytes(rng, shellSamples),
  async run(input) {
    const bytes = asBytes(input);
    const line = await lineAnswering(bytes);
    const shell = new ShellClient(line.connection);
    shell.onUnsolicited(() => {});
    const r = await shell.send(commandOf(bytes), { timeoutMs: 10 });
    invariant(typeof r.ok === 'boolean', 'send() answered something that is not a Result');
    if (r.ok) invariant(Array.isArray(r.value.lines), 'an answer without lines');
    else invariant(CODES.has(r.error.code), `unexpected error code ${r.error.code}: ${r.error.message}`);
    shell.dispose();
    await line.close();
  },
});

export const seLines = defineTarget({
  name: 'se-lines',
  inputs: 10_000,
  generate: (rng) => mutateBytes(rng, seSamples),
  run(input) {
    const splitter = new SeLineSplitter();
    for (const chunk of chunks(asBytes(input))) {
      for (const line of splitter.push(chunk)) {
        if (line.kind === 'overlong') continue;
        invariant(line.text.length <= SE_MAX_ANSWER_CHARS + 1, `a line of ${line.text.length} characters was held`);
        const parsed = parseSeLine(line.text);
        if (parsed?.kind === 'err') invariant(parsed.status >= 0 && parsed.status <= 255, `status ${parsed.status}`);
        if (parsed && parsed.kind !== 'event' && parsed.seq !== null)
          invariant(Number.isSafeInteger(parsed.seq) && parsed.seq >= 0, `seq ${parsed.seq}`);
      }
    }
  },
});

export const seClient = defineTarget({
  name: 'se-client',
  inputs: 1_000,
  capMs: 1_000,
  generate: (rng) => mutateBytes(rng, seSamples),
  async run(input) {
    const line = await lineAnswering(asBytes(input));
    const se = new SeClient(line.connection);
    se.onUnsolicited(() => {});
    const r = await se.request('ID', [], { timeoutMs: 10 });
    invariant(typeof r.ok === 'boolean', 'request() answered something that is not a Result');
    if (!r.ok) invariant(CODES.has(r.error.code), `unexpected error code ${r.error.code}: ${r.error.message}`);
    se.dispose();
    await line.close();
  },
});
