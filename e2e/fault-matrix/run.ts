// One provisioning run of the fault matrix, from a fresh page to its end state: the operator set, the board of a
// family connected and prepared with the lab CA, Start, then wait until the run settles (verified, stopped with an
// error, blocked by a check, or waiting for the board) and check what every run must leave behind: the outcome shown
// in plain words, no progress bar or Cancel left on screen, and an audit trail that tells the truth (every intent
// closed by one outcome, "verified" only when verify succeeded).
import { expect, type Page } from '@playwright/test';
import { identityCard, setOperator } from '../fixtures/app.ts';
import { auditRecords, type PageAuditRecord } from '../fixtures/audit.ts';
import type { EmulatorFault } from '../../src/devices/emulator/types.ts';
import type {} from '../../src/devices/emulator/index.ts';
import type {} from '../../src/ui/provision/page-state.ts';
import type { Family } from './families.ts';

export type EndState = 'verified' | 'stopped' | 'blocked' | 'waiting';

export interface Outcome {
  readonly state: EndState;
  /** The step title the run stopped at ("Write to the board"), '' when verified. */
  readonly at: string;
  /** What the page says (the alert's first paragraph, or the waiting reason). */
  readonly message: string;
}

/** Waits of the suite: generous, because a loaded 2-core machine makes page loads and identify slow. */
export const SLOW = { timeout: 30_000 } as const;

export const primary = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
export const verifiedHeading = (page: Page) => page.getByRole('heading', { name: 'Provisioned and verified' });
const stoppedAlert = (page: Page) => page.getByRole('alert').filter({ hasText: /^(Stopped|Blocked) at/ });
const waitingStatus = (page: Page) =>
  page.getByRole('status').filter({ hasText: /^Waiting for the board \(it was at/ });

/** The dev hooks on and the operator set: once per page (Settings keep it across reloads). */
export async function openBench(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('keywire.devHooks', '1'));
  await openPage(page, 'settings');
  await setOperator(page, 'Fault Matrix');
}

/** Loads a section of the app (the heading shows once the app runs). */
export async function openPage(page: Page, section: 'provision' | 'settings'): Promise<void> {
  await page.goto(`/#/${section}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible(SLOW);
}

/**
 * A fresh start on the same page for the next cell: the board plugged in and back to its factory state, no flow to
 * resume (keywire-flows emptied), the page loaded again; returns the last audit seq so far (the cell's records come
 * after it). The lab CA and the audit trail stay.
 */
export async function freshStart(page: Page, family: Family, o: { keygenMs?: number } = {}): Promise<number> {
  // A static file of the same origin: the app is gone (it cannot save its flow again), its storage is reachable.
  await page.goto('/favicon.svg');
  await page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'keywire-flows')) return;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('keywire-flows');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    for (const store of Array.from(db.objectStoreNames)) {
      await new Promise((resolve, reject) => {
        const clear = db.transaction(store, 'readwrite').objectStore(store).clear();
        clear.onsuccess = resolve;
        clear.onerror = () => reject(clear.error);
      });
    }
    db.close();
  });
  await openPage(page, 'provision');
  await page.evaluate(
    async ([id, ms]) => {
      const control = (await window.keywireEmulatorReady!()).control(id);
      control.replug();
      await control.factoryReset();
      if (ms !== null && control.settingNames.includes('keygenMs')) control.keygenMs = ms;
    },
    [family.boardId, o.keygenMs ?? null] as const,
  );
  const records = await auditRecords(page);
  return records.at(-1)?.seq ?? 0;
}

/** The family's board connected from the Provision section, its slot chosen, the lab CA chosen (made once). */
export async function prepare(page: Page, family: Family): Promise<void> {
  await page.getByRole('button', { name: `Connect ${family.label}` }).click();
  await expect(identityCard(page)).toContainText(family.identity, SLOW);
  // A cell that failed may have left an intent open: close it as suggested, so this cell starts at Prepare.
  const intents = page.getByRole('region', { name: 'Unfinished actions on this board' });
  const prepareHeading = page.getByRole('heading', { name: 'Prepare' });
  await expect(prepareHeading.or(intents)).toBeVisible(SLOW);
  if (await intents.isVisible()) await primary(page, 'Record these outcomes and continue').click();
  await expect(prepareHeading).toBeVisible(SLOW);
  if (family.slot !== undefined) {
    const slot = page.getByRole('textbox', { name: 'slot', exact: true });
    await slot.fill(family.slot);
    await slot.blur();
  }
}

/** Makes the lab CA on the first run of a page; later runs find it chosen. */
export async function createLabCa(page: Page): Promise<void> {
  const create = page.getByRole('button', { name: 'Create lab CA' });
  const chosen = page.getByText('used for provisioning');
  await expect(create.or(chosen)).toBeVisible(SLOW);
  if (await create.isVisible()) await create.click();
  await expect(chosen).toBeVisible(SLOW);
}

export const startProvisioning = (page: Page) => primary(page, 'Start provisioning').click();

/** Queues a fault on the family's board now. */
export const inject = (page: Page, family: Family, fault: EmulatorFault) =>
  page.evaluate(async ([id, fault]) => (await window.keywireEmulatorReady!()).control(id).inject(fault), [
    family.boardId,
    fault,
  ] as const);

/**
 * Queues `fault` once the stepper shows `step` as the current step (e.g. "Verify"), from inside the page, so it is
 * armed before the step's first command however fast the flow runs.
 */
export async function injectAtStep(page: Page, family: Family, step: string, fault: EmulatorFault): Promise<void> {
  await page.evaluate(
    async ([id, step, fault]) => {
      // The lab loads on demand: have it before the step shows, so arming is immediate.
      const lab = await window.keywireEmulatorReady!();
      const label = `${step}: now`;
      const armed = () => document.querySelector(`[aria-label="Provisioning steps"] [aria-label="${label}"]`);
      const arm = () => lab.control(id).inject(fault);
      if (armed()) return arm();
      const observer = new MutationObserver(() => {
        if (!armed()) return;
        observer.disconnect();
        arm();
      });
      observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    },
    [family.boardId, step, fault] as const,
  );
}

/** How many steps the flow has entered so far (the dev hook window.keywireProvision). */
export const stepsEntered = (page: Page): Promise<number> =>
  page.evaluate(() => window.keywireProvision?.events().length ?? 0);

/** Presses a button that sets the flow going again and waits until it has left the step it stopped at. */
export async function pressAndRun(page: Page, button: ReturnType<Page['locator']>): Promise<void> {
  const before = await stepsEntered(page);
  await button.click();
  await expect.poll(() => stepsEntered(page), SLOW).toBeGreaterThan(before);
}

/** Waits until the run settles and says how it ended, as the page shows it (read in one go, in the page). */
export async function settle(page: Page, timeout = 90_000): Promise<Outcome> {
  let outcome: Outcome | null = null;
  await expect
    .poll(
      async () => {
        outcome = await page.evaluate(readOutcome).catch(() => null);
        return outcome !== null;
      },
      { timeout, message: 'the run settles: verified, stopped, blocked or waiting for the board' },
    )
    .toBe(true);
  return outcome!;
}

/** In the page: the run's end state, or null while it runs. */
function readOutcome(): Outcome | null {
  const text = (el: Element | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const headings = [...document.querySelectorAll('h1, h2, h3, h4')];
  if (headings.some((h) => text(h) === 'Provisioned and verified'))
    return { state: 'verified', at: '', message: 'verified' };
  for (const alert of document.querySelectorAll('[role="alert"]')) {
    const title = text(alert.querySelector('h3'));
    const blocked = /^Blocked at (.*?):/.exec(title);
    if (blocked) return { state: 'blocked', at: blocked[1]!, message: text(alert.querySelector('li')) };
    const stopped = /^Stopped at (.*)/.exec(title);
    if (stopped) return { state: 'stopped', at: stopped[1]!, message: text(alert.querySelector('p')) };
  }
  for (const status of document.querySelectorAll('[role="status"]')) {
    const waiting = /^Waiting for the board \(it was at (.*)\)/.exec(text(status.querySelector('h3')));
    if (waiting) return { state: 'waiting', at: waiting[1]!, message: text(status.querySelector('p')) };
  }
  return null;
}

/**
 * What every settled run must show: a clear message (plain words, no stack trace), no progress bar or Cancel left
 * running, and an audit trail that tells the truth.
 */
export async function expectHonestEnd(page: Page, outcome: Outcome, after = 0): Promise<PageAuditRecord[]> {
  expect(outcome.message.length).toBeGreaterThan(outcome.state === 'verified' ? 0 : 10);
  // Plain words: no stack frame, no JavaScript error name, nothing unrendered (the board's own text may be quoted).
  expect(outcome.message).not.toMatch(/\bat [\w$.<>#]+ \(|\.js:\d+|TypeError|ReferenceError|undefined|\[object /);
  if (outcome.state !== 'waiting') {
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel', exact: true })).toHaveCount(0);
  }
  const records = (await auditRecords(page)).filter((r) => r.seq > after);
  const intents = records.filter((r) => r.outcome === 'intent');
  const closing = (intent: PageAuditRecord) => records.filter((r) => r.intentSeq === intent.seq);
  for (const intent of intents) {
    // A run waiting for an unplugged board may hold the intent of the command the cable took; nothing else is open.
    const expected = outcome.state === 'waiting' && intent === intents.at(-1) ? [0, 1] : [1];
    expect(expected, `intent ${intent.seq} (${intent.action}) closed once`).toContain(closing(intent).length);
  }
  const verified = records.some((r) => r.action === 'verify' && r.outcome === 'success');
  expect(verified, 'a verify success on record exactly when the page says verified').toBe(outcome.state === 'verified');
  return records;
}

/** A one-line summary for the matrix table. */
export function describeOutcome(o: Outcome): string {
  if (o.state === 'verified') return 'verified';
  const message = o.message.replace(/\s+/g, ' ');
  return `${o.state}${o.at ? ` at ${o.at}` : ''}: ${message.length > 110 ? `${message.slice(0, 107)}...` : message}`;
}

/** A stopped run offers one button to go on; pressing it must lead to verified or another clear end. */
export async function tryAgain(page: Page, first: Outcome, mark: number): Promise<string> {
  if (first.state !== 'stopped') return describeOutcome(first);
  const again = page.locator('.actions button.primary');
  await expect(again).toBeVisible(SLOW);
  const label = (await again.textContent())?.trim() ?? '';
  await pressAndRun(page, again);
  const second = await settle(page);
  await expectHonestEnd(page, second, mark);
  return `${describeOutcome(first)} -> "${label}" -> ${describeOutcome(second)}`;
}

/** The board is plugged back in while the run waits; it must continue and end honestly. */
export async function replugAndSettle(page: Page, family: Family, first: Outcome, mark: number): Promise<string> {
  expect(first.state).toBe('waiting');
  const before = await stepsEntered(page);
  await page.evaluate(async (id) => (await window.keywireEmulatorReady!()).control(id).replug(), family.boardId);
  // The flow picks the board up again (it enters a step) before the next end state counts.
  await expect.poll(() => stepsEntered(page), SLOW).toBeGreaterThan(before);
  const second = await settle(page);
  await expectHonestEnd(page, second, mark);
  return `${describeOutcome(first)} -> replugged -> ${await tryAgain(page, second, mark)}`;
}
