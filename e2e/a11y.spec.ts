// Accessibility (issue 13, item 11): axe-core (WCAG 2.0/2.1/2.2 A and AA rules, fixtures/axe.ts) finds no serious
// or critical violation on any screen of the production build. No rule is turned off. Each test walks one page
// through several screens and scans each on the way:
// - Provision from the first screen through each step of a run (EST CA) to Done;
// - what stops a run: the board view's console with a refused command, the overwrite question, the unfinished-action
//   question after a reload, a failed step (an error answer from the board) with what to check and Continue,
//   waiting for an unplugged board, a write blocked by the check before writing;
// - a batch: a board done, the batch offered again after a reload, a failed board, the results and the CSV summary;
//   then Audit (the list, a record, a verification result) and Settings with its emulator panel;
// - Diagnose with every card's results: Decode and Inspect holding a large paste with their results in pages, the
//   log timeline, health with the clock, broker, report;
// - the screens before the app: the browser check (no Web Serial, WebUSB only, an insecure page), emulated boards
//   only (a Zephyr board's console with a refused command), and a part of the app that did not load (Try again).
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
import { startCaServer } from '../tools/ca-server-testing.ts';
import { chromiumArgs, chromiumPath } from '../tools/chromium.ts';
import {
  connectEmulated,
  consoleLines,
  downloadedText,
  factory,
  identityCard,
  lab,
  openSection,
} from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { builderViolations, expectAccessible, seriousViolations } from './fixtures/axe.ts';
import { chooseEst } from './fixtures/est.ts';
import { brokerPanel, brokerResults, connectInHealthPanel, runHealthCheck, scenario } from './fixtures/diagnose.ts';
import { count, expectDone, primary, stepper } from './provision-fixtures.ts';
import { nrf91Vectors } from '../src/test-vectors.ts';
import { decode } from '../src/diagnose/decode/decode.ts';
import { entryKey } from '../src/diagnose/decode/listing.ts';

// A window tall enough for the whole of most screens: the flow's action bar is sticky at the bottom of the window,
// and axe's target-size rule judges a control lying under it at one scroll position as covered, which a user who
// scrolls never meets. (The bar's own place is checked by e2e/field.spec.ts.) Pastes go through the clipboard, as a
// user's do. keywire.test resolves to the loopback server: a page there is not secure (the insecure-page screen;
// the rule touches no other host).
test.use({
  viewport: { width: 1280, height: 4000 },
  permissions: ['clipboard-read', 'clipboard-write'],
  launchOptions: {
    executablePath: chromiumPath,
    args: [...chromiumArgs, '--host-resolver-rules=MAP keywire.test 127.0.0.1'],
  },
});
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

/**
 * The operator and site as Settings keeps them, there before the app loads (Settings itself is scanned with its
 * fields filled at the end of the batch test; e2e/keyboard.spec.ts and others fill them by hand).
 */
async function seedOperator(page: Page): Promise<void> {
  await page.addInitScript(() =>
    localStorage.setItem(
      'keywire.settings.v1',
      JSON.stringify({ operator: 'A11y Technician', site: 'e2e bench', baudRate: 115200, flowControl: 'hardware' }),
    ),
  );
}

/** `n` log lines that each carry one code, all different (the decoder in Node says which). */
function distinctCodeLines(n: number): string[] {
  const lines: string[] = [];
  const keys = new Set<string>();
  for (let h = 0x2000; h < 0x8000 && lines.length < n; h += 0x80) {
    const line = `mbedtls_ssl_handshake returned -0x${h.toString(16)}`;
    const read = decode(`${line}\n`);
    if (read.length !== 1 || keys.has(entryKey(read[0]!))) continue;
    keys.add(entryKey(read[0]!));
    lines.push(line);
  }
  return lines;
}

/** Puts `text` on the clipboard, focuses the box and pastes with the keyboard. */
async function pasteInto(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.focus(selector);
  await page.keyboard.press('ControlOrMeta+V');
}

test('the scan can fail, and finds what @axe-core/playwright finds: a nameless button, an image without text, faint text, an unlabelled field', async ({
  page,
}) => {
  await page.setContent(
    `<!doctype html><html lang="en"><head><title>Faults</title></head><body><main><h1>Faults</h1>
     <img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7">
     <button></button><p style="color:#bbb;background:#fff">Faint text</p><input type="text"></main></body></html>`,
  );
  const found = await seriousViolations(page);
  for (const rule of ['critical button-name', 'critical image-alt', 'serious color-contrast', 'critical label'])
    expect(
      found.some((v) => v.startsWith(rule)),
      rule,
    ).toBe(true);
  expect(found.sort()).toEqual((await builderViolations(page)).sort());
});

test('Provision, every step of a run with an EST CA, each held on screen while axe reads it', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const board = factory('nrf9160-c');
  // The CA holds the request once, asking to come back in 60 s: the held clock never gets there by itself. It starts
  // while the page loads.
  const starting = startCaServer({
    args: ['--origin', new URL(baseURL!).origin, '--pending', '1', '--retry-after', '60'],
    timeoutMs: 60_000,
  });
  try {
    await page.clock.install();
    await seedOperator(page);
    await openSection(page, 'provision');
    await expectAccessible(page, 'Provision: connect (no board yet)');

    await holdClock(page);
    await page.getByRole('button', { name: `Connect ${board.label}` }).click();
    await tickUntilStep(page, 'Identify');
    await expect(page.getByRole('heading', { name: 'Identifying the board…' })).toBeVisible();
    await expectAccessible(page, 'Provision: identify');
    await page.clock.resume();
    await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
    await expectAccessible(page, 'Provision: prepare (lab CA chosen, none made yet)');

    const server = await starting;
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
    await expectAccessible(page, 'Provision: key generation');

    // The crypto worker closes after 5 s without calls; its next start (the CSR check) waits for its script.
    await page.clock.runFor(6_000);
    const csrWorker = holdWorkerScript(page);
    await csrWorker.install();
    // The key takes 20 s of the board's clock from this step's start: 18 s pass in one go, then small ticks.
    await page.clock.runFor(12_000);
    await tickUntilStep(page, 'Check CSR', 500, 60_000);
    await csrWorker.started;
    await expectAccessible(page, 'Provision: CSR check');
    await csrWorker.release();

    await tickUntilStep(page, 'Get certificate', 20, 10_000);
    await expect(page.getByText('The CA is holding the request')).toBeVisible();
    await expectAccessible(page, 'Provision: CA signing (the CA holds the request)');

    await page.clock.runFor(6_000);
    const checkWorker = holdWorkerScript(page);
    await checkWorker.install();
    // The CA said to come back in 60 s: 58 s pass in one go, then small ticks.
    await page.clock.runFor(52_000);
    await tickUntilStep(page, 'Check before writing', 1_000, 120_000);
    await checkWorker.started;
    await expectAccessible(page, 'Provision: check before writing');
    await checkWorker.release();

    await tickUntilStep(page, 'Write');
    await expectAccessible(page, 'Provision: write');
    await tickUntilStep(page, 'Verify');
    await expectAccessible(page, 'Provision: verify');
    await page.clock.resume();
    await expectDone(page);
    await expectAccessible(page, 'Provision: Done (summary, files, label, what was written)');
  } finally {
    await starting.then(
      (server) => server.stop(),
      () => {},
    );
  }
});

const JITP_TEMPLATE = JSON.stringify({
  Parameters: { 'AWS::IoT::Certificate::Organization': { Type: 'String' } },
  Resources: {},
});

test('Provision, what stops a run: console, overwrite question, unfinished actions after a reload, a failed step, an unplugged board, a blocked write', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const id = 'nrf9160-a';
  const tag = 16842753;
  await seedOperator(page);
  const board = await connectEmulated(page, id);
  // The board view's console: a typed read answered, and a command KeyWire does not know refused before sending.
  await page.getByRole('button', { name: /^Console/ }).click();
  const command = page.getByRole('textbox', { name: 'AT command' });
  await command.fill('AT+CGMI');
  await command.press('Enter');
  await expect(page.getByText(/^AT\+CGMI: OK after \d+ ms\.$/)).toBeVisible();
  await command.fill('AT#XNOTHING');
  await command.press('Enter');
  await expect(page.getByText(/KeyWire does not know what AT#XNOTHING does/)).toBeVisible();

  // A sec_tag that holds credentials, and a cloud profile whose template the board's subject cannot fill (the write
  // is blocked at the end).
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByRole('textbox', { name: 'sec_tag' }).fill(String(tag));
  await page.getByRole('textbox', { name: 'sec_tag' }).blur();
  await expect(page.getByRole('table', { name: `Stored at sec_tag ${tag}` })).toContainText(
    'replaced (backed up first)',
  );
  await page.getByLabel('Cloud profile').selectOption('aws-iot');
  await page.getByLabel('JITP provisioning template').fill(JITP_TEMPLATE);
  await page.evaluate((id) => void (window.keywireEmulator!.control(id).keygenMs = 30_000), id);
  await primary(page, 'Start provisioning').click();
  const question = page.getByRole('group', { name: 'Confirm overwriting' });
  await expect(question).toContainText(`Replace what is stored at sec_tag ${tag}?`);
  await expectAccessible(page, 'Provision: the overwrite question; the console with a refused command');

  // A reload while the board makes its key: the open keygen intent is asked about when the board is back.
  await downloadedText(page, () => primary(page, 'Back up and replace').click());
  await expect.poll(async () => count(await auditRecords(page), 'keygen', 'intent')).toBe(1);
  await page.reload();
  await page.evaluate(async (id) => void ((await window.keywireEmulatorReady!()).control(id).keygenMs = 300), id);
  // The next key generation is answered with an error, then the cable is pulled at the one after it.
  await lab.inject(page, id, { kind: 'answer', text: '+CME ERROR: 518', when: 'AT%KEYGEN=' });
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  const intents = page.getByRole('region', { name: 'Unfinished actions on this board' });
  await expect(intents).toContainText('keygen');
  await expectAccessible(page, 'Provision: unfinished actions after a reload');

  await primary(page, 'Record these outcomes and continue').click();
  await expect(page.getByRole('alert').filter({ hasText: 'Stopped at Generate the key on the board' })).toBeVisible();
  await expect(primary(page, 'Continue')).toBeVisible();
  await expectAccessible(page, 'Provision: a failed step, what to check, Continue');

  await lab.inject(page, id, { kind: 'unplug', when: 'AT%KEYGEN=' });
  await primary(page, 'Continue').click();
  await expect(page.getByRole('status').filter({ hasText: 'Waiting for the board' })).toBeVisible();
  await expectAccessible(page, 'Provision: waiting for an unplugged board');

  await lab.replug(page, id);
  const blocked = page.getByRole('alert').filter({ hasText: 'Blocked at Check before writing' });
  await expect(blocked).toBeVisible({ timeout: 45_000 });
  await expect(blocked).toContainText('AWS::IoT::Certificate::Organization');
  await expectAccessible(page, 'Provision: blocked at the check before writing');
});

test('a batch: a board done, the batch offered after a reload, a failed board, results and CSV; then Audit and Settings', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await seedOperator(page);
  await connectEmulated(page, 'nrf9160-b');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
  const batch = page.getByRole('region', { name: 'Batch' });
  await expectDone(page);
  await expect(batch.getByRole('status').first()).toContainText('1 board finished: 1 verified');
  await expectAccessible(page, 'Batch: a board done, Next board');

  await page.reload();
  const offer = page.getByRole('region', { name: 'A batch was running' });
  await expect(offer).toContainText('1 board done, 1 verified');
  await expectAccessible(page, 'Batch: offered again after a reload');

  // The next board (A: the search goes in order, B is done) answers its key generation with an error.
  await lab.inject(page, 'nrf9160-a', { kind: 'answer', text: '+CME ERROR: 518', when: 'AT%KEYGEN=' });
  await offer.getByRole('button', { name: /^Continue the batch/ }).click();
  await primary(page, 'Next board').click();
  await expect(page.getByRole('alert').filter({ hasText: 'Stopped at Generate the key on the board' })).toBeVisible();
  await expectAccessible(page, 'Batch: a board failed');
  await page.getByRole('button', { name: 'Stop the batch' }).click();
  await expect(batch.getByRole('status').first()).toContainText('(batch stopped)');
  await expect(batch.getByRole('table', { name: 'Batch results' }).getByRole('row')).toHaveCount(3);
  await expect(batch.getByRole('button', { name: 'Download the batch summary (CSV)' })).toBeVisible();
  await expectAccessible(page, 'Batch: stopped, the results and the CSV summary');

  const sections = page.getByRole('navigation', { name: 'Sections' });
  await sections.getByRole('link', { name: /Audit/ }).click();
  const list = page.getByRole('list', { name: 'Audit records, newest first' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  await expectAccessible(page, 'Audit: the list');
  await list.getByRole('listitem').first().click();
  await expect(page.getByRole('region', { name: /Record #\d+/ })).toBeVisible();
  await page.getByRole('button', { name: 'Verify the audit trail' }).click();
  await expect(page.getByRole('status', { name: 'Verification result' })).toContainText('The chain is intact.');
  await expectAccessible(page, 'Audit: a record and the verification result');

  await sections.getByRole('link', { name: /Settings/ }).click();
  await expect(page.getByRole('region', { name: /Emulat/ }).first()).toBeVisible();
  // The lab CA list comes from the crypto worker after the section shows, with its own folded part ("Create another
  // lab CA"): wait for it, or the loop below can finish before that part exists.
  await expect(page.getByRole('list', { name: 'Lab CAs' })).toBeVisible();
  // Every folded part of Settings open, so axe reads what is inside too.
  // Always the first closed one: each click opens it, so the closed ones' indexes move as it goes (a list taken
  // up front ran past its end). A part opened may hold more folded parts; 50 clicks at most.
  const closed = page.locator('details:not([open]) > summary');
  for (let clicks = 0; clicks < 50 && (await closed.count()) > 0; clicks++) await closed.first().click();
  await expect(closed).toHaveCount(0);
  await expectAccessible(page, 'Settings, with the emulator panel');
});

test('Diagnose: every card with its results (decode and inspect holding large pastes, in pages; timeline, health with the clock, broker, report)', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openSection(page, 'diagnose');
  await expectAccessible(page, 'Diagnose: empty');
  // The board first, while the page is quiet; then the pastes.
  await connectInHealthPanel(page, scenario('nrf9160-a'));
  const health = await runHealthCheck(page);
  // The clock: an offline board has no time, and the check says so.
  await expect(health.locator('[data-code^="board-clock"]').first()).toBeVisible();
  const broker = brokerPanel(page);
  await broker.getByLabel('Broker').selectOption({ label: 'Generic MQTT broker (Mosquitto, EMQX, HiveMQ…)' });
  await broker.getByRole('button', { name: 'Run broker check' }).click();
  await expect(brokerResults(page).getByRole('status', { name: 'Broker check verdict' })).toBeVisible();
  // Over 50 kB each, held out of the box ("N kB pasted", Clear), with over 20 results: two pages of 20 (21 codes;
  // 11 %KEYGEN answers, each a CSR and its attestation). The rest of each paste is a log line that carries neither a
  // code nor an object (less for the page to build, no fewer screens).
  const filler = (text: string) =>
    `${text}${'[00:00:01.000,000] <inf> app: connecting to the broker\n'.repeat(Math.ceil((51_000 - text.length) / 54))}`;
  await pasteInto(page, '#decode-input', filler(`${distinctCodeLines(21).join('\n')}\n`));
  const decode = page.getByRole('region', { name: 'Decode a code or log line' });
  await expect(decode.getByRole('group', { name: 'Pasted text' })).toBeVisible();
  await expect(decode.getByRole('navigation', { name: 'Decoded codes pages' })).toContainText('Page 1 of 2');
  const inspect = page.getByRole('region', { name: 'Inspect certificates, CSRs and board output' });
  const v = nrf91Vectors.keygen_csr_uuid_cn;
  await pasteInto(
    page,
    '#inspect-input',
    filler(`AT%KEYGEN=17,2,0\r\n%KEYGEN: "${v.response_payload}"\r\nOK\r\n`.repeat(11)),
  );
  await expect(inspect.getByRole('group', { name: 'Pasted text' })).toBeVisible();
  const results = inspect.getByRole('region', { name: 'Inspection results' });
  await expect(results.getByRole('navigation', { name: 'Objects pages' })).toContainText('Page 1 of 2');
  await expect(results.locator('article')).toHaveCount(20);

  await page
    .getByLabel('Paste the log')
    .fill(readFileSync(join(import.meta.dirname, '../src/diagnose/fixtures/zephyr-mbedtls-not-trusted.txt'), 'utf8'));
  await page.getByRole('button', { name: 'Read pasted log' }).click();
  await expect(page.getByRole('status', { name: 'Diagnosis' })).toBeVisible();

  await expectAccessible(page, 'Diagnose: decode and inspect (held pastes, paged), timeline, health, broker, report');
});

test('before the app: the browser check screens, emulated boards only with a Zephyr console, a part that did not load', async ({
  page,
  context,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // An insecure page: keywire.test's requests forwarded with the loopback Host (vite preview refuses others).
  const server = new URL(baseURL!);
  await page.route(
    (url) => url.hostname === 'keywire.test',
    async (route) => {
      const target = new URL(route.request().url());
      target.host = server.host;
      await route.fulfill({ response: await route.fetch({ url: target.toString() }) });
    },
  );
  await page.goto(`http://keywire.test:${server.port}/`);
  await expect(
    page.getByRole('heading', { level: 1, name: 'KeyWire needs a secure page: https or localhost' }),
  ).toBeVisible();
  await expectAccessible(page, 'Browser check: an insecure page');

  // A browser without Web Serial, with WebUSB.
  const usbOnly = await context.newPage();
  await usbOnly.addInitScript(() => void delete (Navigator.prototype as { serial?: unknown }).serial);
  await usbOnly.goto('/');
  await expect(usbOnly.getByRole('button', { name: 'Continue with WebUSB' })).toBeVisible();
  await expectAccessible(usbOnly, 'Browser check: no Web Serial, WebUSB offered');
  await usbOnly.close();

  // Neither: the emulated boards only, a Zephyr board's console refusing a command before sending it.
  const neither = await context.newPage();
  await neither.addInitScript(() => {
    delete (Navigator.prototype as { serial?: unknown }).serial;
    delete (Navigator.prototype as { usb?: unknown }).usb;
  });
  await neither.goto('/');
  await expect(
    neither.getByRole('heading', { level: 1, name: 'This browser cannot reach serial ports' }),
  ).toBeVisible();
  await expectAccessible(neither, 'Browser check: neither Web Serial nor WebUSB');
  await neither.getByRole('button', { name: 'Continue with emulated boards' }).click();
  await neither.getByRole('button', { name: 'Connect Emulated nRF7002 DK (A)' }).click();
  await expect(identityCard(neither)).toContainText('a1b2c3d4e5f60718');
  await neither.getByRole('button', { name: /^Console/ }).click();
  const command = neither.getByRole('textbox', { name: 'Shell command' });
  await command.fill('cred buf QUJD');
  await command.press('Enter');
  await expect(neither.getByText(/cred buf QUJD: .*never sends to a board/)).toBeVisible();
  await expect(consoleLines(neither)).toBeVisible();
  await expectAccessible(neither, 'Emulated boards only: a Zephyr board, its console with a refused command');
  await neither.close();

  // The provisioning view's chunk does not arrive: said plainly, with Try again.
  await page.route(/\/assets\/ProvisionBody-[^/]*\.js$/, (route) => route.abort('internetdisconnected'));
  await page.goto('/#/provision');
  await page.getByRole('button', { name: `Connect ${factory('nrf9160-a').label}` }).click();
  await expect(page.getByRole('alert')).toContainText('This part of KeyWire could not be loaded');
  await expect(page.getByRole('alert').getByRole('button', { name: 'Try again' })).toBeVisible();
  await expectAccessible(page, 'A part that did not load: Try again');
  // In the app too, with its CSP and Trusted Types in force, the scan sees a fault put on the page.
  await page.evaluate(() => document.querySelector('main')!.append(document.createElement('button')));
  expect((await seriousViolations(page)).some((v) => v.startsWith('critical button-name'))).toBe(true);
});
