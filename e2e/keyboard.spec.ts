// The whole provisioning flow with the keyboard alone (issue 13, item 11): from a fresh profile, an emulated nRF9160
// and the lab CA to Done, with Tab, Shift+Tab, Enter, Space, the arrow keys and typed text only. The test never
// clicks and never moves focus itself: every control is reached by pressing Tab (or Shift+Tab) until it has the
// focus. After each step the focus must be on something sensible (never lost to the page body) and visibly marked
// (:focus-visible with an outline or a ring), and the labels at Done are reached by the keyboard too.
import { expect, test, type Locator, type Page } from './fixtures/test.ts';
import { factory, identityCard } from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { count, expectDone, primary, stepper } from './provision-fixtures.ts';

/** What has the focus: its role-ish description, for messages. */
const describeFocus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'the page body (focus lost)';
    const name = el.getAttribute('aria-label') ?? (el as HTMLElement).innerText?.trim().slice(0, 60) ?? '';
    return `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> ${name}`;
  });

/** True when `target` (any of its matches) has the focus; never waits for it to appear. */
const hasFocus = (target: Locator) => target.evaluateAll((els) => els.some((el) => el === document.activeElement));

/**
 * Presses `key` (Tab by default) until `target` has the focus, checking on the way that every stop is visibly
 * focused; fails after `max` presses. Returns the number of presses.
 */
async function pressUntilFocused(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 120) {
  for (let presses = 0; presses <= max; presses++) {
    if (await hasFocus(target)) {
      await expectFocusVisible(page);
      return presses;
    }
    await page.keyboard.press(key);
  }
  throw new Error(`${key} never reached the target; the focus is on ${await describeFocus(page)}`);
}

/** The focused element shows it: it matches :focus-visible and draws an outline or a ring (box-shadow). */
async function expectFocusVisible(page: Page): Promise<void> {
  const seen = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { ok: false, why: 'focus is on the page body' };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const ring = style.boxShadow !== 'none';
    const box = el.getBoundingClientRect();
    return {
      ok: el.matches(':focus-visible') && (outline || ring) && box.width > 0 && box.height > 0,
      why: `${el.tagName} focus-visible=${el.matches(':focus-visible')} outline=${style.outlineStyle} ${style.outlineWidth} shadow=${style.boxShadow} size=${box.width}x${box.height}`,
    };
  });
  expect(seen.ok, `focus not visibly marked: ${seen.why}`).toBe(true);
}

/** Where the focus landed after a step: inside `where`, visibly marked. */
async function expectFocusWithin(page: Page, where: Locator, what: string): Promise<void> {
  await expect
    .poll(() => where.evaluate((el) => el.contains(document.activeElement)), {
      message: `after ${what}, focus should be in the expected place`,
    })
    .toBe(true);
  await expectFocusVisible(page);
}

test('provisioning with the keyboard alone: connect, name, lab CA, start, Done; focus visible and in place', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const board = factory('nrf9160-b');
  await page.goto('/#/provision');
  await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeVisible();

  // The section links are reachable first: Tab lands on the header's links before the page.
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await pressUntilFocused(page, sections.getByRole('link', { name: 'Provision' }));

  // Connect: Tab to the emulated board's Connect button, Enter.
  const connect = page.getByRole('button', { name: `Connect ${board.label}` });
  await pressUntilFocused(page, connect);
  await page.keyboard.press('Enter');
  await expect(identityCard(page)).toContainText(board.imei, { timeout: 30_000 });

  // No operator name yet: the name field has the focus at once; type it, Tab to Save and continue, Space.
  const prompt = page.getByRole('region', { name: 'Your name, for the audit trail' });
  const name = prompt.getByRole('textbox', { name: 'Operator name' });
  await expectFocusWithin(page, name, 'connecting');
  await page.keyboard.type('Keyboard Technician');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Keyboard bench');
  await pressUntilFocused(page, prompt.getByRole('button', { name: 'Save and continue' }));
  await page.keyboard.press('Space');
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  await expect(stepper(page).getByRole('listitem', { name: 'Prepare: now' })).toBeVisible();
  // The button that was pressed went away: focus did not fall to the page.
  expect(await describeFocus(page)).not.toBe('the page body (focus lost)');

  // The CA source is a radio group: the arrow keys move through it; back to the lab CA.
  const caGroup = page.getByRole('group', { name: 'Certificate authority for provisioning' });
  const labRadio = caGroup.getByRole('radio').first();
  await pressUntilFocused(page, caGroup.getByRole('radio', { checked: true }), 'Shift+Tab');
  await expect(labRadio).toBeChecked();
  await page.keyboard.press('ArrowDown');
  await expect(labRadio).not.toBeChecked();
  await expectFocusVisible(page);
  await page.keyboard.press('ArrowUp');
  await expect(labRadio).toBeChecked();
  await expect(labRadio).toBeFocused();

  // No lab CA yet: the one primary button makes it; it keeps the focus and then reads Start provisioning.
  const create = primary(page, 'Create lab CA');
  await pressUntilFocused(page, create);
  await page.keyboard.press('Enter');
  await expect(page.getByText('used for provisioning')).toBeVisible();
  const start = primary(page, 'Start provisioning');
  await expect(start).toBeVisible();
  if (!(await hasFocus(start))) await pressUntilFocused(page, start);
  await expectFocusVisible(page);

  await page.keyboard.press('Enter');
  await expect(stepper(page).getByRole('listitem', { name: 'Generate key: now' })).toBeVisible();
  // While the steps run, focus stays on something on the page (the primary, aria-disabled, or the step's panel).
  expect(await describeFocus(page)).not.toBe('the page body (focus lost)');
  await expectDone(page);
  const focusAtDone = await describeFocus(page);
  expect(focusAtDone, 'focus at Done').not.toBe('the page body (focus lost)');
  await expectFocusVisible(page);

  // Done is usable from where the focus is: Tab reaches the downloads and the label's print button.
  await pressUntilFocused(page, page.getByRole('button', { name: 'Download the certificate' }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toMatch(/\.pem$/);

  const records = await auditRecords(page);
  expect(count(records, 'keygen', 'intent')).toBe(1);
  expect(count(records, 'credential-write', 'success')).toBe(2);
  expect(count(records, 'verify', 'success')).toBe(1);
  // Recorded under the name typed at the prompt.
  expect(new Set(records.map((r) => (r as { operator?: string }).operator))).toEqual(new Set(['Keyboard Technician']));
});
