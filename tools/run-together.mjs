#!/usr/bin/env node
// Runs npm scripts side by side (`node tools/run-together.mjs check test:browser`) and fails when any of them fails.
// `npm test` uses it for the type and format checks beside the browser tests: each keeps about one of the 2 CI cores
// busy, so together they take the time of the longer one (about 75 s) instead of the sum (about 120 s). Each
// script's output is held and printed whole when it ends, so the log reads as if they had run one after the other.
import { spawn } from 'node:child_process';

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: node tools/run-together.mjs <npm script> [<npm script> ...]');
  process.exit(2);
}

const children = new Set();
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(130);
  });

/** Runs one npm script; answers its exit code and everything it printed, in order. */
function run(script) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn('npm', ['run', script], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    children.add(child);
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    const done = (code) => {
      children.delete(child);
      resolve({ script, code, output: Buffer.concat(out), seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (e) => {
      out.push(Buffer.from(`could not start npm run ${script}: ${e.message}\n`));
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

// Printed in the order given, each as soon as it and those before it have ended.
const runs = scripts.map(run);
let failed = 0;
for (const pending of runs) {
  const { script, code, output, seconds } = await pending;
  process.stdout.write(output);
  const verdict = code === 0 ? 'passed' : `FAILED (exit ${code})`;
  process.stdout.write(`\n[run-together] npm run ${script}: ${verdict} after ${seconds.toFixed(0)} s\n`);
  if (code !== 0) failed = code;
}
process.exit(failed);
