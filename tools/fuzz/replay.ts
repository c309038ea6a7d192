// Replays one fuzz input in this process, so a debugger or a stack trace reaches the parser:
//   npx tsx tools/fuzz/replay.ts <target> <seed> <index>     (an input of a seeded run)
//   npx tsx tools/fuzz/replay.ts tools/fuzz/regressions/<target>/<file>.json
import { readFileSync } from 'node:fs';
import { TARGETS } from './targets/index.ts';
import { inputRng, type FuzzInput, type FuzzTarget } from './target.ts';
import type { WireInput } from './protocol.ts';

async function main(args: string[]): Promise<void> {
  let name: string;
  let make: (t: FuzzTarget, ctx: unknown) => FuzzInput;
  if (args.length === 1) {
    const kept = JSON.parse(readFileSync(args[0]!, 'utf8')) as { target: string; input: WireInput };
    name = kept.target;
    const raw = Buffer.from(kept.input.base64, 'base64');
    make = () => (kept.input.kind === 'text' ? raw.toString('utf8') : new Uint8Array(raw));
  } else if (args.length === 3) {
    name = args[0]!;
    make = (t, ctx) => t.generate(inputRng(Number(args[1]), Number(args[2])), ctx as never);
  } else {
    process.stderr.write('usage: replay.ts <target> <seed> <index> | replay.ts <regression.json>\n');
    process.exit(2);
  }
  const target = TARGETS.find((t) => t.name === name) as FuzzTarget | undefined;
  if (!target) throw new Error(`no fuzz target ${name}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  const ctx = await target.setup?.();
  const input = make(target, ctx);
  const size = typeof input === 'string' ? `${input.length} characters` : `${input.length} bytes`;
  process.stdout.write(
    `${name}: input of ${size}: ${typeof input === 'string' ? JSON.stringify(input.slice(0, 500)) : Buffer.from(input.subarray(0, 250)).toString('hex')}\n`,
  );
  const t0 = performance.now();
  try {
    await target.run(input, ctx);
    process.stdout.write(`passed in ${(performance.now() - t0).toFixed(1)} ms\n`);
  } catch (e) {
    process.stdout.write(`FAILED after ${(performance.now() - t0).toFixed(1)} ms\n`);
    throw e;
  } finally {
    await target.teardown?.(ctx);
  }
}

await main(process.argv.slice(2));
