import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { playwright } from '@vitest/browser-playwright';
import { chromiumArgs, chromiumPath } from './tools/chromium.ts';
import { offlinePlugin } from './tools/vite-offline-plugin.ts';
import { securityHeadersPlugin } from './tools/vite-security-plugin.ts';

export default defineConfig({
  plugins: [svelte(), offlinePlugin(), securityHeadersPlugin()],
  worker: { format: 'es' },
  // Pre-bundled up front so vitest browser mode does not reload mid-run while it discovers them.
  optimizeDeps: {
    include: ['comlink', 'idb', 'asn1js', '@noble/curves/nist.js', '@noble/hashes/sha2.js', '@noble/hashes/legacy.js'],
  },
  // No source maps in what is served (issue 13); the manifest lets tools/bundle-budget.ts tell the first screen's
  // chunks from the lazy ones.
  build: { target: 'es2022', sourcemap: false, manifest: true },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1', cors: false },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'tools/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', 'node_modules/**'],
          setupFiles: ['src/test-setup.ts'],
          testTimeout: 30_000,
          // Vitest's default is one worker per core less one: a single worker on the 2-core CI machine. Many unit
          // tests wait on a paced wire, a pty or a loopback server rather than the CPU, so two overlap well; a third
          // would share a core with the fuzz run, whose per-input time cap is its hang detector.
          maxWorkers: 2,
          // Test files share their worker's module graph instead of re-importing it each (no test here mocks a
          // module; fake timers and environment changes are undone by the test that made them): on the 2-core
          // machine the unit run took 275 s of CPU and 227 s isolated, 174 s and 128 s not (same load).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          setupFiles: ['src/test-setup.ts'],
          testTimeout: 60_000,
          // One page for every file instead of a new one each (they share one origin's storage either way, and the
          // tests name their own databases): 126 s of CPU and 115 s isolated, 82 s and 88 s not (same load).
          isolate: false,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
            screenshotFailures: false,
          },
        },
      },
    ],
  },
});
