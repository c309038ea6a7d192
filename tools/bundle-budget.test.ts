// The first-screen budget on the real production build (vite build of the app, to a temp folder), and the rule that
// decides which chunks count, on a small manifest of real files.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import {
  budgetProblem,
  FIRST_SCREEN_BUDGET,
  firstScreen,
  firstScreenKeys,
  readManifest,
  type Manifest,
} from './bundle-budget.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'keywire-budget-'));
  temp.push(dir);
  return dir;
};
afterAll(() => temp.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('first-screen chunks', () => {
  const manifest: Manifest = {
    'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_shared.js'], dynamicImports: ['lazy.ts'] },
    '_shared.js': { file: 'assets/shared.js', imports: ['_deep.js'] },
    '_deep.js': { file: 'assets/deep.js' },
    'lazy.ts': { file: 'assets/lazy.js', imports: ['_shared.js', '_lazy-only.js'] },
    '_lazy-only.js': { file: 'assets/lazy-only.js' },
    'style.css': { file: 'assets/style.css' },
  };

  it('counts the entry and its static imports, transitively, and no chunk reached only by import()', () => {
    expect(firstScreenKeys(manifest).sort()).toEqual(['_deep.js', '_shared.js', 'index.html']);
  });

  it('names every first-screen chunk, largest first, when the total is over budget', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'assets'));
    const noise = (n: number, seed: number) =>
      Array.from({ length: n }, (_, i) => String.fromCharCode(33 + ((i * 7919 + seed * 104729) % 89))).join('');
    writeFileSync(join(dir, 'assets/index.js'), noise(3000, 1));
    writeFileSync(join(dir, 'assets/shared.js'), noise(9000, 2));
    writeFileSync(join(dir, 'assets/deep.js'), 'x');
    writeFileSync(join(dir, 'assets/lazy.js'), noise(50_000, 3));
    writeFileSync(join(dir, 'assets/lazy-only.js'), noise(50_000, 4));
    const screen = firstScreen(dir, manifest);
    expect(screen.chunks.map((c) => c.file)).toEqual(['assets/shared.js', 'assets/index.js', 'assets/deep.js']);
    expect(budgetProblem(screen, screen.gzip)).toBeNull();
    const problem = budgetProblem(screen, screen.gzip - 1);
    expect(problem).toContain('over the');
    for (const f of ['assets/shared.js', 'assets/index.js', 'assets/deep.js']) expect(problem).toContain(f);
    expect(problem).not.toContain('lazy');
  });
});

/** The parts issue 14 names that must load when first needed (manifest keys of their import() targets). */
const LOADED_WHEN_NEEDED = [
  'src/ui/provision/ProvisionBody.svelte',
  'src/ui/provision/run-panels.ts',
  'src/ui/diagnose/DiagnoseSection.svelte',
  'src/ui/audit/AuditSection.svelte',
  'src/ui/settings/SettingsSection.svelte',
  'node_modules/qrcode/lib/browser.js',
  'src/ca/est.ts',
  'src/ca/http-signer.ts',
  'src/ca/manual.ts',
  'src/ca/lab.ts',
];

describe('production build', () => {
  // On failure the message names every first-screen chunk, largest first (budgetProblem).
  it(`loads at most ${FIRST_SCREEN_BUDGET / 1000} KB of JavaScript gzipped on the first screen`, async () => {
    const outDir = tempDir();
    // Built as `vite build` builds it: vitest sets NODE_ENV=test, which would give Svelte's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root,
        mode: 'production',
        configFile: join(root, 'vite.config.ts'),
        logLevel: 'error',
        build: { outDir, emptyOutDir: true, sourcemap: false },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    const screen = firstScreen(outDir);
    expect(screen.chunks.length).toBeGreaterThan(0);
    expect(budgetProblem(screen)).toBeNull();
    // What loads when first needed: each is a chunk of its own, reached only through import().
    const manifest = readManifest(outDir);
    const first = firstScreenKeys(manifest);
    for (const key of LOADED_WHEN_NEEDED) {
      expect(manifest[key]?.isDynamicEntry, `${key} is loaded with import()`).toBe(true);
      expect(first).not.toContain(key);
    }
  }, 300_000);
});
