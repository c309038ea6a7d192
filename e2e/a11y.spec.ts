// Accessibility (issue 13, item 11): axe-core (WCAG 2.0/2.1/2.2 A and AA rules, fixtures/axe.ts) finds no serious
// or critical violation on the screens of the production build checked here: Provision from the first screen through
// each step of a run to Done, every Diagnose card with its results, Audit with a verification result, Settings and
// its emulator panel. No rule is turned off. (Batch mode and the error states are not scanned yet.)
//
// Steps that pass in milliseconds (identify, key generation, the worker's checks, writing, verifying) are held on
// screen while axe reads them, without changing what runs: the page's clock is held still (page.clock), so the
// emulated board's bytes, which move on that clock, wait; the crypto worker, closed after its idle seconds, is held
// by holding its script's download until the scan is done; the EST CA (npm run ca-server) answers "pending" with a
// Retry-After that the held clock does not reach. Each hold is checked by the step the stepper marks as current.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { startCaServer, type RunningCaServer } from '../tools/ca-server-testing.ts';
import { factory, openSection, setOperator } from './fixtures/app.ts';
import { expectAccessible, seriousViolations } from './fixtures/axe.ts';
import { chooseEst } from './fixtures/est.ts';
import {
  brokerPanel,
  brokerResults,
  connectInHealthPanel,
  runHealthCheck,
  scenario,
  seedKeygenRecords,
} from './fixtures/diagnose.ts';
import { expectDone, primary, stepper } from './provision-fixtures.ts';
import { nrf91Vectors } from '../src/test-vectors.ts';

const HELD = { heldClock: true } as const;

// A window tall enough for the whole of most screens: the flow's action bar is sticky at the bottom of the window,
// and axe's target-size rule judges a control lying under it at one scroll position as covered, which a user who
// scrolls never meets. (The bar's own place is checked by e2e/field.spec.ts.)
test.use({ viewport: { width: 1280, height: 4000 } });
const now = (page: Page, step: string) => stepper(page).getByRole('listitem', { name: `${step}: now` });

/**
 * Holds the page's clock still, a moment ahead of now (pauseAt needs a time in the future; on a loaded machine the
 * page's clock may pass the time read before the call arrives, so the margin grows and it tries again).
 */
async function holdClock(page: Page): Promise<void> {
  for (let margin = 250; ; margin *= 2) {
    try {
      await page.clock.pauseAt((await page.evaluate(() => Date.now())) + margin);
      return;
    } catch (e) {
      if (margin > 8_000 || !/to the past/.test(String(e))) throw e;
    }
  }
}

/** Moves the held clock on in small ticks until the stepper marks `step` as current. */
async function tickUntilStep(page: Page, step: string, tickMs = 5, maxMs = 5_000): Promise<void> {
  const item = now(page, step);
  for (let t = 0; t <= maxMs; t += tickMs) {
    if (await item.count()) return;
    await page.clock.runFor(tickMs);
  }
  throw new Error(`the flow never showed "${step}: now" within ${maxMs} ms of its clock`);
}

/** Holds every download of the crypto worker's script until release(); `started` resolves at the first. */
function holdWorkerScript(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let started!: () => void;
  const startedP = new Promise<void>((r) => (started = r));
  const handler = async (route: Route) => {
    started();
    await released;
    await route.fallback();
  };
  const pattern = '**/assets/crypto.worker-*.js';
  return {
    install: () => page.route(pattern, handler),
    started: startedP,
    release: async () => {
      release();
      await page.unroute(pattern, handler);
    },
  };
}

async function withCaServer(baseURL: string | undefined, args: string[], run: (s: RunningCaServer) => Promise<void>) {
  const server = await startCaServer({ args: ['--origin', new URL(baseURL!).origin, ...args], timeoutMs: 60_000 });
  try {
    await run(server);
  } finally {
    await server.stop();
  }
}

test('the scan can fail: a button without a name and an image without a text alternative are reported', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openSection(page, 'settings');
  await page.evaluate(() => {
    const main = document.querySelector('main')!;
    const img = document.createElement('img');
    img.src = '/favicon.svg';
    main.append(img, document.createElement('button'));
  });
  const found = await seriousViolations(page);
  expect(found.some((v) => v.startsWith('critical button-name'))).toBe(true);
  expect(found.some((v) => v.startsWith('critical image-alt'))).toBe(true);
});

test('Provision, every step of a run with an EST CA, each held on screen while axe reads it', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(600_000);
  const board = factory('nrf9160-c');
  // The CA holds the request once, asking to come back in 60 s: the held clock never gets there by itself.
  await withCaServer(baseURL, ['--pending', '1', '--retry-after', '60'], async (server) => {
    await page.clock.install();
    await setOperator(page, 'A11y Technician');
    await openSection(page, 'provision');
    await expectAccessible(page, 'Provision: connect (no board yet)');

    await holdClock(page);
    await page.getByRole('button', { name: `Connect ${board.label}` }).click();
    await tickUntilStep(page, 'Identify');
    await expect(page.getByRole('heading', { name: 'Identifying the board…' })).toBeVisible();
    await expectAccessible(page, 'Provision: identify', HELD);
    await page.clock.resume();
    await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
    await expectAccessible(page, 'Provision: prepare (lab CA chosen, none made yet)');

    await chooseEst(page, server);
    await page.getByRole('button', { name: 'Fetch CA certificates' }).click();
    await expect(page.getByRole('list', { name: 'CA certificates' }).getByRole('listitem')).toHaveCount(2);
    await expectAccessible(page, 'Provision: prepare, EST fingerprints to compare');
    await page.getByRole('button', { name: "These are my CA's fingerprints" }).click();
    await expect(page.getByRole('group', { name: 'Confirmed CA certificates' })).toBeVisible();
    await expectAccessible(page, 'Provision: prepare, ready to start');

    await page.evaluate((id) => void (window.keywireEmulator!.control(id).keygenMs = 20_000), board.id);
    await holdClock(page);
    await primary(page, 'Start provisioning').click();
    await tickUntilStep(page, 'Generate key', 20, 10_000);
    await expect(page.getByRole('heading', { name: 'The board is generating its key' })).toBeVisible();
    await expectAccessible(page, 'Provision: key generation', HELD);

    // The crypto worker closes after 5 s without calls; its next start (the CSR check) waits for its script.
    await page.clock.runFor(6_000);
    const csrWorker = holdWorkerScript(page);
    await csrWorker.install();
    await tickUntilStep(page, 'Check CSR', 500, 60_000);
    await csrWorker.started;
    await expectAccessible(page, 'Provision: CSR check', HELD);
    await csrWorker.release();

    await tickUntilStep(page, 'Get certificate', 20, 10_000);
    await expect(page.getByText('The CA is holding the request')).toBeVisible();
    await expectAccessible(page, 'Provision: CA signing (the CA holds the request)', HELD);

    await page.clock.runFor(6_000);
    const checkWorker = holdWorkerScript(page);
    await checkWorker.install();
    await tickUntilStep(page, 'Check before writing', 1_000, 120_000);
    await checkWorker.started;
    await expectAccessible(page, 'Provision: check before writing', HELD);
    await checkWorker.release();

    await tickUntilStep(page, 'Write');
    await expectAccessible(page, 'Provision: write', HELD);
    await tickUntilStep(page, 'Verify');
    await expectAccessible(page, 'Provision: verify', HELD);
    await page.clock.resume();
    await expectDone(page);
    await expectAccessible(page, 'Provision: Done (summary, files, label, what was written)');
  });
});

test('Diagnose: every card with its results (decode, inspect, log timeline, health with the clock, broker, report)', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await openSection(page, 'diagnose');
  await expectAccessible(page, 'Diagnose: empty');
  await page.getByLabel('Code or log lines').fill('0xc680');
  await expect(page.getByRole('article', { name: 'mbedTLS -0x3980' })).toBeVisible();
  const inspect = page.getByRole('region', { name: 'Inspect certificates, CSRs and board output' });
  const v = nrf91Vectors.keygen_csr_uuid_cn;
  await inspect.getByLabel('Paste here').fill(`AT%KEYGEN=17,2,0\r\n%KEYGEN: "${v.response_payload}"\r\nOK\r\n`);
  await inspect.getByRole('button', { name: 'Inspect', exact: true }).click();
  await expect(inspect.getByRole('region', { name: 'Inspection results' })).toBeVisible();
  await page
    .getByLabel('Paste the log')
    .fill(readFileSync(join(import.meta.dirname, '../src/diagnose/fixtures/zephyr-mbedtls-not-trusted.txt'), 'utf8'));
  await page.getByRole('button', { name: 'Read pasted log' }).click();
  await expect(page.getByRole('status', { name: 'Diagnosis' })).toBeVisible();

  const board = scenario('nrf9160-a');
  await connectInHealthPanel(page, board);
  const health = await runHealthCheck(page);
  // The clock: an offline board has no time, and the check says so.
  await expect(health.locator('[data-code^="board-clock"]').first()).toBeVisible();
  const broker = brokerPanel(page);
  await broker.getByLabel('Broker').selectOption({ label: 'Generic MQTT broker (Mosquitto, EMQX, HiveMQ…)' });
  await broker.getByRole('button', { name: 'Run broker check' }).click();
  await expect(brokerResults(page).getByRole('status', { name: 'Broker check verdict' })).toBeVisible();
  await expectAccessible(page, 'Diagnose: decode, inspect, timeline, health, clock, broker and report with results');
});

test('Audit: the list, a record, a verification result; Settings with its emulator panel', async ({ page }) => {
  test.setTimeout(300_000);
  const board = scenario('nrf9160-a');
  await seedKeygenRecords(page, board, 42, 'CD'.repeat(32), 'EF'.repeat(32));
  await openSection(page, 'audit');
  const list = page.getByRole('list', { name: 'Audit records, newest first' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page, 'Audit: the list');
  await list.getByRole('listitem').first().click();
  await expect(page.getByRole('region', { name: /Record #\d+/ })).toBeVisible();
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(page.getByRole('status', { name: 'Verification result' })).toContainText('The chain is intact.');
  await expectAccessible(page, 'Audit: a record and the verification result');

  await openSection(page, 'settings');
  await expect(page.getByRole('region', { name: /Emulat/ }).first()).toBeVisible();
  // Every folded part of Settings open, so axe reads what is inside too.
  for (const summary of await page.locator('details:not([open]) > summary').all()) await summary.click();
  await expectAccessible(page, 'Settings, with the emulator panel');
});
