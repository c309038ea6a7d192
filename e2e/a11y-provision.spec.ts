// Accessibility (issue 13, item 11): axe-core (WCAG 2.0/2.1/2.2 A and AA rules, fixtures/axe.ts) finds no serious
// or critical violation on any screen of the production build. No rule is turned off. Each test walks one page
// through several screens and scans each on the way:
// - Provision from the first screen through each step of a run (EST CA) to Done;
// - what stops a run: the board view's console with a refused command, the overwrite question, the unfinished-action
//   question after a reload, a failed step (an error answer from the board) with what to check and Continue,
//   waiting for an unplugged board, a write blocked by the check before writing;
// - a batch: a board done, the batch offered again after a reload, a failed board, the results and the CSV summary;
//   then Audit (the list, a record, a verification result) and Settings with its emulator panel;
// (a11y.spec.ts scans Diagnose and the screens before the app.)
//
// Steps that pass in milliseconds are held on screen while axe reads them, without changing what runs
// (fixtures/a11y-hold.ts says how).
import { expect, test } from './fixtures/test.ts';
import { startCaServer } from '../tools/ca-server-testing.ts';
import { connectEmulated, downloadedText, factory, lab, openSection } from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { expectAccessible } from './fixtures/axe.ts';
import { chooseEst } from './fixtures/est.ts';
import { count, expectDone, primary } from './provision-fixtures.ts';
import { A11Y_USE, holdClock, holdWorkerScript, seedOperator, tickUntilStep } from './fixtures/a11y-hold.ts';

test.use(A11Y_USE);

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
