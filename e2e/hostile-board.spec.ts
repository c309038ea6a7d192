// A hostile board through the real app, for every emulated family: the markup variant (HTML and script in every
// identity string) and one variant that sends a lot (nRF91 endless output, Zephyr a 100 kB line, STSAFE a flood of
// unsolicited lines) per family. Each test connects from Provision and checks: nothing is injected (no element made
// from board text, no script run, no dialog), the page still reacts (an evaluate returns, a link click changes the
// section), and the user sees the board's text escaped or a clear error. States are asserted, never durations.
// Every variant of every family (NUL, invalid UTF-8, bidi and the rest) goes through the real connect and identify
// in src/devices/emulator/hostile.test.ts, and the escaping of each in the identity card and console in
// src/ui/device/IdentityCard.browser.test.ts and ConsoleLines.browser.test.ts; this file holds what only the whole
// page shows.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { identityCard, openSection } from './fixtures/app.ts';
import { HOSTILE_VARIANTS, type HostileVariant } from '../src/devices/emulator/hostile.ts';
import { NRF91_FACTORY_BOARDS } from '../src/devices/emulator/nrf91/nrf91-factory.ts';
import { ZEPHYR_FACTORIES } from '../src/devices/emulator/zephyr/factory.ts';
import { STSAFE_FACTORY_BOARDS } from '../src/devices/emulator/stsafe/stsafe-factory.ts';

const FAMILIES = {
  nrf91: NRF91_FACTORY_BOARDS.find((b) => b.id === 'nrf9160-a')!,
  zephyr: ZEPHYR_FACTORIES.find((b) => b.id === 'nrf7002dk-a')!,
  stsafe: STSAFE_FACTORY_BOARDS.find((b) => b.id === 'stsafe-a')!,
};
type Family = keyof typeof FAMILIES;

/** What the user must see: text in the identity card (escaped board text), or an error naming what went wrong. The
 * variants that need many bytes on the paced 115200-baud line (a 100 kB line, endless output, a flood), and the
 * secure element's requests with their short time limits, may on a loaded machine reach the time limit first: that
 * error (or, when it hits a probe, "answered, but not as any board KeyWire knows") is just as clear, so it is
 * accepted there (`orTimeLimit`); nothing-injected and the page reacting are
 * asserted either way. src/devices/emulator/hostile.test.ts (unpaced) asserts the exact text and limits. */
type Want = { readonly card?: string; readonly error?: RegExp; readonly orTimeLimit?: boolean };
const TIME_LIMIT =
  /No final result for AT\+CGMR within|No prompt after hwinfo devid within|No answer to ID within|did not answer|not as any board KeyWire knows/;

/** The variants this file runs per family, and what the user must see for each (every variant runs in
 * hostile.test.ts). */
const EXPECTED: Record<Family, Partial<Record<Exclude<HostileVariant, 'off'>, Want>>> = {
  nrf91: {
    html: { card: '<script>window.__keywireInjected=1</script>' },
    endless: { error: /more than 2,000 lines in answer to AT\+CGMR/, orTimeLimit: true },
  },
  zephyr: {
    html: { card: '<script>window.__keywireInjected=1</script>' },
    'long-lines': { error: /more than 64 kB in answer to hwinfo devid/, orTimeLimit: true },
  },
  stsafe: {
    // The secure element's ID has a 1 s time limit: on a loaded machine even a long ID answer may miss it.
    html: { card: '<script>window.__keywireInjected=1</script>', orTimeLimit: true },
    flood: { error: /more than 200 lines of other output/, orTimeLimit: true },
  },
};

/** Starts the page with the board's hostile setting saved, as the lab reads it at start-up. */
async function hostilePage(page: Page, boardId: string, variant: HostileVariant): Promise<string[]> {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.addInitScript(
    ([id, value]) => {
      localStorage.setItem('keywire.emulator.settings', JSON.stringify({ [id]: { hostile: value } }));
    },
    [boardId, HOSTILE_VARIANTS.indexOf(variant)] as const,
  );
  return dialogs;
}

/** Nothing from the board became markup or ran. */
async function nothingInjected(page: Page, dialogs: string[]): Promise<void> {
  const found = await page.evaluate(() => ({
    ran: (window as { __keywireInjected?: unknown }).__keywireInjected ?? null,
    images: document.querySelectorAll('img[src="x"]').length,
    scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('__keywireInjected'))
      .length,
    bidi: /[\u202a-\u202e\u2066-\u2069]/.test(document.body.innerText),
    nul: document.body.innerText.includes('\u0000'),
  }));
  expect(found).toEqual({ ran: null, images: 0, scripts: 0, bidi: false, nul: false });
  expect(dialogs).toEqual([]);
}

/** The page still answers and reacts to a click. */
async function stillResponsive(page: Page): Promise<void> {
  expect(await page.evaluate(() => 40 + 2)).toBe(42);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
}

for (const family of Object.keys(FAMILIES) as Family[])
  for (const [variant, want] of Object.entries(EXPECTED[family]) as [HostileVariant, Want][])
    test(`a hostile ${family} board (${variant}) injects nothing, the page reacts, the user is told`, async ({
      page,
    }) => {
      test.setTimeout(90_000);
      const board = FAMILIES[family];
      const dialogs = await hostilePage(page, board.id, variant);
      await openSection(page, 'provision');
      await page.getByRole('button', { name: `Connect ${board.label}` }).click();
      let shown = want.card ? identityCard(page).filter({ hasText: want.card }) : page.getByText(want.error!);
      if (want.orTimeLimit) shown = shown.or(page.getByText(TIME_LIMIT));
      await expect(shown.first()).toBeVisible({ timeout: 60_000 });
      await nothingInjected(page, dialogs);
      await stillResponsive(page);
    });
