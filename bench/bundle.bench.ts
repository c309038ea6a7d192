// Bundle benchmark: builds the app for production (its own vite.config.ts, into a temp folder) and weighs the
// first screen's JavaScript (tools/bundle-budget.ts: the entry and its static imports, gzip level 9). A build is
// deterministic, so one build gives the figure; the five samples are the same number, said so in the output.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { FIRST_SCREEN_BUDGET, firstScreen, readManifest } from '../tools/bundle-budget.ts';
import { figure, MIN_SAMPLES } from './figures.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export default async function bundleBench(): Promise<void> {
  const outDir = mkdtempSync(join(tmpdir(), 'keywire-bundle-'));
  try {
    await build({
      root,
      configFile: join(root, 'vite.config.ts'),
      logLevel: 'error',
      build: { outDir, emptyOutDir: true, sourcemap: false },
    });
    const manifest = readManifest(outDir);
    const screen = firstScreen(outDir, manifest);
    const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js')).length - screen.chunks.length;
    console.log(`first screen: ${screen.chunks.length} chunks (largest first), ${lazy} more chunks load on demand`);
    for (const c of screen.chunks.slice(0, 8)) {
      console.log(
        `  ${c.file.padEnd(44)} ${(c.gzip / 1000).toFixed(1).padStart(7)} KB gzip ${(c.raw / 1000).toFixed(1).padStart(8)} KB raw`,
      );
    }
    console.log('(a build is deterministic: the figure is one build, repeated as its five samples)');
    const same = (n: number) => Array.from({ length: MIN_SAMPLES }, () => n);
    figure('bundle', 'first-screen JavaScript, gzip', same(screen.gzip / 1000), 'KB', {
      op: '<=',
      value: FIRST_SCREEN_BUDGET / 1000,
    });
    figure('bundle', 'first-screen JavaScript, raw', same(screen.raw / 1000), 'KB', null);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
