// Accessibility (issue 13, item 11): axe-core (WCAG 2.0/2.1/2.2 A and AA rules, fixtures/axe.ts) finds no serious
// or critical violation on any screen of the production build. No rule is turned off. Each test walks one page
// through several screens and scans each on the way:
// - Diagnose with every card's results: Decode and Inspect holding a large paste with their results in pages, the
//   log timeline, health with the clock, broker, report;
// - the screens before the app: the browser check (no Web Serial, WebUSB only, an insecure page), emulated boards
//   only (a Zephyr board's console with a refused command), and a part of the app that did not load (Try again).
// (a11y-provision.spec.ts scans Provision, a batch, Audit and Settings.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures/test.ts';
import { consoleLines, factory, identityCard, openSection } from './fixtures/app.ts';
import { builderViolations, expectAccessible, seriousViolations } from './fixtures/axe.ts';
import { brokerPanel, brokerResults, connectInHealthPanel, runHealthCheck, scenario } from './fixtures/diagnose.ts';
import { nrf91Vectors } from '../src/test-vectors.ts';
import { decode } from '../src/diagnose/decode/decode.ts';
import { entryKey } from '../src/diagnose/decode/listing.ts';
import { A11Y_USE } from './fixtures/a11y-hold.ts';

test.use(A11Y_USE);

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
