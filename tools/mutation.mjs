// `npm run mutation [-- group... --stryker-flag...]`: Stryker over each group of tools/mutation-groups.mjs in turn
// (all by default), then the mutation score per module.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { MUTATION_GROUPS } from './mutation-groups.mjs';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--')); // passed on to Stryker, e.g. --incremental
const picked = args.filter((a) => !a.startsWith('--'));
const names = picked.length ? picked : Object.keys(MUTATION_GROUPS);
for (const name of names) {
  if (!MUTATION_GROUPS[name]) {
    console.error(`unknown group ${name}; groups: ${Object.keys(MUTATION_GROUPS).join(', ')}`);
    process.exit(2);
  }
}
let failed = false;
for (const name of names) {
  console.log(`\n== mutation group ${name} ==`);
  const r = spawnSync('npx', ['stryker', 'run', ...flags], {
    stdio: 'inherit',
    env: { ...process.env, KEYWIRE_MUTATION_GROUP: name },
  });
  if (r.status !== 0) failed = true;
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
console.log('\nmodule                                    killed  survived  score');
for (const name of names) {
  const file = `reports/mutation/${name}.json`;
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const [path, { mutants }] of Object.entries(report.files)) {
    const killed = mutants.filter((m) => DETECTED.has(m.status)).length;
    const survived = mutants.filter((m) => UNDETECTED.has(m.status)).length;
    const score = killed + survived ? ((100 * killed) / (killed + survived)).toFixed(1) : '-';
    console.log(
      `${path.padEnd(42)}${String(killed).padStart(6)}${String(survived).padStart(10)}${score.padStart(7)} %`,
    );
  }
}
process.exit(failed ? 1 : 0);
