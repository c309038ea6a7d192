// `npm run bench`: runs every bench/*.bench.ts in name order. Each file exports a default async function that
// measures its subject side by side with a reference in the same run and prints ratios.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

console.log(`KeyWire benchmarks on ${process.platform}/${process.arch}, Node ${process.versions.node}`);
for (const file of files) {
  console.log(`\n== ${file.replace('.bench.ts', '')} ==`);
  const mod = (await import(join(here, file))) as { default: () => Promise<void> };
  await mod.default();
}
