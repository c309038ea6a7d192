// `npm test`'s side-by-side runner as a real process, on npm scripts of a throwaway package: both scripts run at the
// same time, each one's output is printed whole in the order given, and any failure fails the whole.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SCRIPT = join(import.meta.dirname, 'run-together.mjs');
let dir = '';

// `slow` waits until `fast` has left its mark, so it only ends when the two ran side by side.
const node = (code: string) => `node -e ${JSON.stringify(code)}`;
const SCRIPTS = {
  slow: node(
    "const fs=require('fs');console.log('slow: one');const t=Date.now();" +
      "const w=()=>fs.existsSync('fast.mark')?console.log('slow: two'):Date.now()-t>20000?process.exit(3):setTimeout(w,20);w()",
  ),
  fast: node("require('fs').writeFileSync('fast.mark','');console.log('fast: done')"),
  broken: node("console.error('broken: says why');process.exit(4)"),
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keywire-together-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'together-test', private: true, scripts: SCRIPTS }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const together = (...scripts: string[]) => {
  rmSync(join(dir, 'fast.mark'), { force: true });
  const r = spawnSync(process.execPath, [SCRIPT, ...scripts], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
};

describe('run-together', () => {
  it('runs the scripts side by side and prints each whole, in the order given', () => {
    const r = together('slow', 'fast');
    expect(r.code).toBe(0);
    const at = (text: string) => r.out.indexOf(text);
    expect(at('slow: one')).toBeGreaterThan(-1);
    expect(at('slow: one')).toBeLessThan(at('slow: two'));
    expect(at('slow: two')).toBeLessThan(at('run-together] npm run slow: passed'));
    expect(at('run-together] npm run slow: passed')).toBeLessThan(at('fast: done'));
    expect(r.out).toContain('run-together] npm run fast: passed');
  });

  it('fails when any script fails, with its own output and exit code, after the others have run', () => {
    const r = together('broken', 'fast');
    expect(r.code).toBe(4);
    expect(r.out).toContain('broken: says why');
    expect(r.out).toContain('run-together] npm run broken: FAILED (exit 4)');
    expect(r.out).toContain('run-together] npm run fast: passed');
  });

  it('asks for scripts when given none', () => {
    const r = together();
    expect(r.code).toBe(2);
    expect(r.out).toContain('usage:');
  });
});
