// Fault matrix, the page's own faults (issue 13 item 6): storage unavailable (IndexedDB refusing to open, as Chrome
// does when the user blocks site data), storage full (every write to IndexedDB refused with QuotaExceededError once the
// run reaches its writes) and the page reloaded in the middle of a write. A run that cannot keep its audit trail must
// refuse to change the board and say so; a reloaded run must continue where it was, or end honestly. The table of
// outcomes is printed after the last test.
import { expect, test, type Page } from './fixtures/test.ts';
import { identityCard } from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { FAMILIES, family as familyNamed, type FamilyName } from './fault-matrix/families.ts';
import { Matrix } from './fault-matrix/matrix.ts';
import {
  createLabCa,
  describeOutcome,
  expectHonestEnd,
  freshStart,
  injectAtStep,
  openBench,
  openPage,
  SLOW,
  prepare,
  primary,
  settle,
  startProvisioning,
  tryAgain,
} from './fault-matrix/run.ts';

test.describe.configure({ mode: 'default' });

const ROWS = ['storage unavailable', 'storage full (at Write)', 'page reload mid-step (Write)'] as const;
const matrix = new Matrix('page faults', ROWS);

const STORAGE_SAME_PATH = (cell: string) =>
  `the audit trail and flow store are the same IndexedDB code for every family (run on ${cell})`;

/** The board view's console transcript: what the page sent to the board. */
async function sentToBoard(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('[aria-label="Session log lines"]')?.textContent ?? '');
}

/**
 * Storage that fills up during the run: from the moment the stepper shows `step`, every put/add into IndexedDB (the
 * audit trail and the flow store alike) fails with QuotaExceededError until `storageFreed`. Chrome reports a full
 * quota when the transaction commits; here the request throws at once, which reaches the same error handling (the
 * write's promise rejects with QuotaExceededError).
 */
async function fillStorageAtStep(page: Page, step: string): Promise<void> {
  await page.evaluate((step) => {
    const w = window as unknown as { keywireStorageFull?: boolean };
    for (const name of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[name];
      Object.defineProperty(IDBObjectStore.prototype, name, {
        configurable: true,
        value(this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
          if (w.keywireStorageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
          return original.apply(this, args);
        },
      });
    }
    const label = `${step}: now`;
    const reached = () => document.querySelector(`[aria-label="Provisioning steps"] [aria-label="${label}"]`);
    const observer = new MutationObserver(() => {
      if (!reached()) return;
      observer.disconnect();
      w.keywireStorageFull = true;
    });
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  }, step);
}

const storageFreed = (page: Page) =>
  page.evaluate(() => void ((window as unknown as { keywireStorageFull?: boolean }).keywireStorageFull = false));

for (const family of FAMILIES) {
  test(`${family.name}: storage full at Write stops before the board is written, says so, and Continue verifies`, async ({
    page,
  }) => {
    await matrix.cell(ROWS[1], family.name, async () => {
      await openBench(page);
      const mark = await freshStart(page, family, { keygenMs: 200 });
      await prepare(page, family);
      await createLabCa(page);
      await fillStorageAtStep(page, 'Write');
      await startProvisioning(page);
      const outcome = await settle(page);
      expect(outcome.state).toBe('stopped');
      expect(outcome.at).toBe('Write to the board');
      expect(outcome.message).toMatch(/storage is full/i);
      await page.getByRole('button', { name: /^Console/ }).click();
      // No intent could be stored, so no write may have been sent.
      expect(await sentToBoard(page)).not.toContain(family.writeCommand);
      await page.getByRole('button', { name: /^Console/ }).click();
      await storageFreed(page);
      await expectHonestEnd(page, outcome, mark);
      const end = await tryAgain(page, outcome, mark);
      expect(end).toMatch(/-> verified$/);
      return end;
    });
  });
}

test('storage unavailable on Zephyr: the app says so, and no board is changed without a record', async ({ page }) => {
  const family = familyNamed('Zephyr');
  await matrix.cell(ROWS[0], family.name, async () => {
    // What Chrome does when the user blocks site data: every IndexedDB open fails.
    await page.addInitScript(() => {
      Object.defineProperty(IDBFactory.prototype, 'open', {
        value() {
          throw new DOMException('The user denied permission to access the database.', 'UnknownError');
        },
      });
    });
    await openBench(page);
    await openPage(page, 'provision');
    await page.getByRole('button', { name: `Connect ${family.label}` }).click();
    await expect(identityCard(page)).toContainText(family.identity, SLOW);
    const problem = page.getByRole('alert').first();
    await expect(problem.or(page.getByRole('heading', { name: 'Prepare' }))).toBeVisible();
    const create = page.getByRole('button', { name: 'Create lab CA' });
    if (await create.isVisible()) await create.click();
    const start = primary(page, 'Start provisioning');
    if (await start.isVisible()) await start.click();
    const outcome = await settle(page).catch(() => null);
    const text = outcome ? describeOutcome(outcome) : `alert: ${(await problem.textContent())?.trim()}`;
    await expect(page.getByRole('heading', { name: 'Provisioned and verified' })).toHaveCount(0);
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await page.getByRole('button', { name: /^Console/ }).click();
    expect(await sentToBoard(page)).not.toContain(family.keygenCommand);
    expect(text).not.toMatch(/TypeError|undefined|\[object /);
    return text;
  });
});

for (const family of FAMILIES) {
  test(`${family.name}: a reload while the board holds its answer to a write continues, then verifies`, async ({
    page,
  }) => {
    await matrix.cell(ROWS[2], family.name, async () => {
      await openBench(page);
      const mark = await freshStart(page, family, { keygenMs: 200 });
      await prepare(page, family);
      await createLabCa(page);
      await injectAtStep(page, family, 'Write', { kind: 'stall', ms: 3000, when: family.writeCommand });
      await startProvisioning(page);
      await expect(page.getByRole('listitem', { name: 'Write: now' })).toBeVisible({ timeout: 45_000 });
      await expect
        .poll(async () => (await auditRecords(page)).filter((r) => r.action === 'credential-write').length)
        .toBeGreaterThan(0);
      await page.reload();
      await page.getByRole('button', { name: `Connect ${family.label}` }).click();
      await expect(identityCard(page)).toContainText(family.identity, SLOW);
      const intents = page.getByRole('region', { name: 'Unfinished actions on this board' });
      const outcomeOrIntents = page
        .getByRole('heading', { name: 'Provisioned and verified' })
        .or(intents)
        .or(page.getByRole('alert').filter({ hasText: /^(Stopped|Blocked) at/ }));
      await expect(outcomeOrIntents).toBeVisible({ timeout: 45_000 });
      let asked = '';
      if (await intents.isVisible()) {
        asked = `asked about ${(await intents.locator('li').count()) || 1} unfinished action(s), suggestion taken -> `;
        await primary(page, 'Record these outcomes and continue').click();
      }
      const outcome = await settle(page);
      await expectHonestEnd(page, outcome, mark);
      return `${asked}${await tryAgain(page, outcome, mark)}`;
    });
  });
}

test.afterAll(() => {
  for (const name of ['nRF91', 'STSAFE'] as FamilyName[])
    matrix.notApplicable(ROWS[0], name, STORAGE_SAME_PATH('Zephyr'));
  matrix.print();
});
