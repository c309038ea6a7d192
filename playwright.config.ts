import { defineConfig } from '@playwright/test';
import { chromiumPath, e2eChromiumArgs } from './tools/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4719);

// e2e drives the production build (vite preview over dist/), the same bytes users get.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  // Two on the 2-core CI machine: the suite is CPU-bound there (a third worker made it no faster and slower tests
  // reached their waits' limits).
  workers: process.env.CI ? 2 : 3,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: chromiumPath, args: e2eChromiumArgs },
    // A failed test keeps its trace (every action, console, network) and Playwright's error context (the page's
    // accessibility tree at the failure). Screenshots are off: the screencast behind them cost every test, passed or
    // not, about half of the suite's CPU (provision + device specs: 237 -> 138 s). DOM snapshots are off too: they
    // cost a third more CPU in the test runner and the browser process (provision + fault-matrix-answers, 8 tests:
    // 40.8 -> 30.1 s).
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: false },
    // The built app registers a service worker that keeps it for offline use; e2e/offline.spec.ts tests it and
    // allows it. Elsewhere it is blocked, so page.route() sees every request and no cached build answers.
    serviceWorkers: 'block',
    // One browser context per worker, reset by Playwright between tests (cookies, cache, localStorage,
    // sessionStorage and IndexedDB of visited origins cleared, service workers unregistered, extra pages closed,
    // routes, bindings, init scripts, clock, viewport and emulation undone): each test still starts from an empty
    // profile, without paying for a new context (16 loads of the app: 39 s of CPU in new contexts, 24 s reused; the
    // suite on a fresh clone: 11.7 -> 9.4 min). Specs that measure a first load in a fresh profile, take the browser
    // offline or test installability opt out with `test.use({ reuseContext: false })` (e2e/fixtures/README.md).
    reuseContext: true,
  },
  webServer: {
    // The e2e CA servers listen on free loopback ports: the operator's CA list (connect-src) names them all.
    command: `npx vite preview --port ${port} --strictPort`,
    env: { KEYWIRE_CA_ORIGINS: process.env.KEYWIRE_CA_ORIGINS ?? 'http://127.0.0.1:*' },
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
