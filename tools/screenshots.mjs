#!/usr/bin/env node
// `npm run screenshots`: makes the README's screenshots (docs/screenshots/*.png) from an e2e run of the built app,
// so they never go stale: builds, then runs e2e/screens.spec.ts (a fresh profile provisioned to Done, then
// Diagnose, at 1280x800 and 390x844) with SCREENSHOTS_DIR set. E2E_PORT picks the port as for every e2e run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, 'docs', 'screenshots');
const run = (what, cmd, args, env = {}) => {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    process.stderr.write(`screenshots: ${what} failed (exit ${r.status ?? r.signal}); no screenshots were changed\n`);
    process.exit(1);
  }
};

mkdirSync(out, { recursive: true });
run('the build', 'npx', ['vite', 'build', '--logLevel', 'warn']);
run('the e2e run', 'npx', ['playwright', 'test', 'e2e/screens.spec.ts', '--workers=1'], { SCREENSHOTS_DIR: out });
const made = readdirSync(out).filter((f) => f.endsWith('.png'));
console.log(`screenshots: ${made.length} in docs/screenshots: ${made.join(', ')}`);
