// Diagnostics benchmark, in Node (the crypto worker runs the same parseLog in Chromium; absolute numbers there differ),
// each subject measured side by side with a floor in the same run, rounds interleaved, medians printed:
//   annotateLine on a realistic mixed console log vs a plain regex split of the same lines (lines/s, ratio);
//   parseLog on a 10 MB mbedTLS debug log and on a 10 MB mixed log vs just reading the same Blob into lines (MB/s).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { annotateLine, parseLog } from '../src/diagnose/index.ts';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../src/diagnose/fixtures');
const MB = 1024 * 1024;
const LOG_BYTES = 10 * MB;
const CONSOLE_LINES = 100_000;
const ROUNDS = 5;
const PARSE_ROUNDS = 3;

/** What a board prints between handshakes: app logs, modem URCs, IDs and hashes that must not be taken for codes. */
const ORDINARY = [
  '[00:01:23.456,789] <inf> app: temperature 21.4 C, humidity 40 %, battery 3912 mV',
  '[00:01:23.512,004] <dbg> app: publish topic devices/352656100402174/telemetry qos 1 len 118',
  '+CEREG: 5,"4E5A","00A2B3C4",7,,,"11100000","11100000"',
  '%XMODEMSLEEP: 1,86399999',
  'I (12345) wifi:connected with iot-lab, aid = 3, channel 6, BW20, bssid = 24:a4:3c:12:34:56',
  'I (12350) esp_netif_handlers: sta ip: 192.168.20.41, mask: 255.255.255.0, gw: 192.168.20.1',
  '[00:01:24.000,112] <inf> app: firmware sha256 2c43952ee9e000ff2acc4e2ed0897c0a72ad5fa72c3d934e81741cbd54f05bd1',
  'uart:~$ kernel uptime',
  'Uptime: 84123 ms',
  '[00:01:24.731,550] <wrn> app: retrying in 30 s (attempt 2 of 5)',
];

const fixtureText = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** All fixture logs, each followed by ordinary console lines (3 of them for each fixture line), joined. */
function mixedLines(): string[] {
  const out: string[] = [];
  let k = 0;
  for (const name of readdirSync(FIXTURES).sort()) {
    for (const line of fixtureText(name).split('\n')) {
      out.push(line);
      for (let i = 0; i < 3; i++) out.push(ORDINARY[k++ % ORDINARY.length]!);
    }
  }
  return out;
}

const repeatLines = (lines: readonly string[], count: number) =>
  Array.from({ length: count }, (_, i) => lines[i % lines.length]!);

/** The text repeated to `bytes` characters (the fixtures are ASCII, so bytes too). */
function repeatToBytes(text: string, bytes: number): string {
  const unit = text.endsWith('\n') ? text : `${text}\n`;
  return unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Seconds per round for each subject, rounds interleaved A B A B so drift hits both alike. */
async function sideBySide(rounds: number, subjects: readonly (() => unknown)[]): Promise<number[]> {
  for (const run of subjects) await run(); // warm-up: JIT, regex compilation, table maps
  const times = subjects.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [i, run] of subjects.entries()) {
      const t0 = performance.now();
      await run();
      times[i]!.push((performance.now() - t0) / 1000);
    }
  }
  return times.map(median);
}

/** The floor under any log reader: the same 256 KB pieces, decoded, cut into lines. */
async function readLines(blob: Blob): Promise<number> {
  const decoder = new TextDecoder('utf-8');
  let lines = 0;
  for (let at = 0; at < blob.size; at += 256 * 1024) {
    const text = decoder.decode(await blob.slice(at, at + 256 * 1024).arrayBuffer(), { stream: true });
    lines += text.split(/\r?\n/).length - 1;
  }
  return lines;
}

async function parseRate(label: string, text: string, line: (l: string, v: string) => void): Promise<void> {
  const blob = new Blob([text]);
  let attempts = 0;
  let lines = 0;
  const [parseS, readS] = await sideBySide(PARSE_ROUNDS, [
    async () => {
      const r = await parseLog(blob);
      if (!r.ok) throw new Error(`${label}: ${r.error.message}`);
      attempts = r.value.attempts.length + r.value.droppedAttempts;
      lines = r.value.lines;
    },
    () => readLines(blob),
  ]);
  const mbs = (s: number) => `${(blob.size / MB / s!).toFixed(1)} MB/s`;
  line(`parseLog, ${label}`, mbs(parseS!));
  console.log(`  (${(blob.size / MB).toFixed(1)} MB, ${lines} lines, ${attempts} handshake attempts)`);
  line(`  read + split into lines only, same Blob`, mbs(readS!));
  line(`  ratio parse / read (time)`, `${(parseS! / readS!).toFixed(1)}x`);
}

export default async function diagnoseBench(): Promise<void> {
  const line = (label: string, value: string) => console.log(`${label.padEnd(64)} ${value}`);
  console.log(`runs in Node ${process.versions.node} (the page uses the same code in the crypto worker, in Chromium)`);

  const lines = repeatLines(mixedLines(), CONSOLE_LINES);
  const marked = lines.filter((l) => annotateLine(l).length > 0).length;
  let sink = 0;
  const [annotateS, splitS] = await sideBySide(ROUNDS, [
    () => lines.forEach((l) => (sink += annotateLine(l).length)),
    () => lines.forEach((l) => (sink += l.split(/[\s,:=]+/).length)),
  ]);
  const perS = (s: number) => `${(CONSOLE_LINES / s / 1000).toFixed(0)}k lines/s`;
  console.log(
    `console log: ${CONSOLE_LINES} lines of the fixture logs with 3 ordinary lines after each, ` +
      `${((marked / CONSOLE_LINES) * 100).toFixed(1)}% carry a code`,
  );
  line('annotateLine', perS(annotateS!));
  line('  plain regex split of the same lines', perS(splitS!));
  line('  ratio annotate / split (time per line)', `${(annotateS! / splitS!).toFixed(1)}x`);
  if (sink < 0) console.log(sink); // keeps the loops from being optimised away

  await parseRate('mbedTLS debug log', repeatToBytes(fixtureText('mbedtls-plain-record-too-big.txt'), LOG_BYTES), line);
  await parseRate('mixed log', repeatToBytes(mixedLines().join('\n'), LOG_BYTES), line);
}
