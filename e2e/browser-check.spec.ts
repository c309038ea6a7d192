// The browser check screens, in the production build: a browser without Web Serial (with and without WebUSB), an
// insecure page, and a browser that has everything (no screen at all).
import { expect, test, type Page } from './fixtures/test.ts';
import { SUPPORTED_BROWSERS } from '../src/app/browser-check.ts';
import { chromiumPath, e2eChromiumArgs } from '../tools/chromium.ts';
import { connectEmulated, factory, identityCard } from './fixtures/app.ts';

// keywire.test resolves to the loopback server, but as a name that is not localhost a page there is not secure.
// (Playwright allows launch options only per file; the rule touches no other host.)
test.use({
  launchOptions: {
    executablePath: chromiumPath,
    args: [...e2eChromiumArgs, '--host-resolver-rules=MAP keywire.test 127.0.0.1'],
  },
});

/** Makes the page look like a browser without Web Serial (and, unless kept, without WebUSB). */
async function removeSerial(page: Page, { keepUsb = false } = {}): Promise<void> {
  await page.addInitScript((keepUsb) => {
    delete (Navigator.prototype as { serial?: unknown }).serial;
    if (!keepUsb) delete (Navigator.prototype as { usb?: unknown }).usb;
  }, keepUsb);
}

test('a browser with Web Serial on a secure page goes straight to the app', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect a board', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Any serial port' })).toBeVisible();
});

test('without navigator.serial: the browsers that work, and the emulated boards still do', async ({ page }) => {
  await removeSerial(page);
  await page.goto('/');
  expect(await page.evaluate(() => 'serial' in navigator)).toBe(false);
  await expect(page.getByRole('heading', { level: 1, name: 'This browser cannot reach serial ports' })).toBeVisible();
  for (const browser of SUPPORTED_BROWSERS) await expect(page.getByText(browser.name, { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue with WebUSB' })).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Continue with emulated boards' }).click();
  await expect(page.getByText('Emulated boards only')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect a board', exact: true })).toHaveCount(0);
  await expect(page.getByText('This browser cannot reach serial ports, so only the emulated boards')).toBeVisible();
  const board = await connectEmulated(page, 'nrf9160-b');
  await expect(identityCard(page)).toContainText(board.deviceUuid);

  // The choice holds for the tab: a reload does not ask again.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Provision' })).toBeVisible();
});

test('without navigator.serial but with WebUSB: the WebUSB route is offered', async ({ page }) => {
  await removeSerial(page, { keepUsb: true });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'This browser cannot reach serial ports' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue with emulated boards' })).toBeVisible();
  await page.getByRole('button', { name: 'Continue with WebUSB' }).click();
  await expect(page.getByRole('button', { name: 'Connect a board over WebUSB' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Any USB serial device' })).toBeVisible();
  await expect(page.getByRole('button', { name: `Connect ${factory('nrf9160-a').label}` })).toBeEnabled();
});

test.describe('an insecure page', () => {
  test('says https or localhost is needed, and offers the secure addresses', async ({ page, baseURL }) => {
    const server = new URL(baseURL!);
    // vite preview answers 403 to Host names it does not know; forward keywire.test's requests with the loopback
    // Host so the page keeps its keywire.test origin (and so its insecure context).
    await page.route(
      (url) => url.hostname === 'keywire.test',
      async (route) => {
        const target = new URL(route.request().url());
        target.host = server.host;
        await route.fulfill({ response: await route.fetch({ url: target.toString() }) });
      },
    );
    await page.goto(`http://keywire.test:${server.port}/`);
    expect(await page.evaluate(() => [window.isSecureContext, 'serial' in navigator])).toEqual([false, false]);
    await expect(
      page.getByRole('heading', { level: 1, name: 'KeyWire needs a secure page: https or localhost' }),
    ).toBeVisible();
    await expect(page.getByRole('link', { name: `http://localhost:${server.port}/` })).toBeVisible();
    await expect(page.getByRole('link', { name: 'https://keywire.test/' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Continue/ })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Sections' })).toHaveCount(0);
  });
});
