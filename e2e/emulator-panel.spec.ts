import { expect, test, type Page } from './fixtures/test.ts';
// Brings in the `window.keywireEmulator` declaration (the lab getEmulatorLab() exposes); types only.
import type {} from '../src/devices/emulator/index.ts';
import type {} from '../src/app/emulator-ready.ts';

// Talks AT to an emulated board from inside the page, through the same SerialPort object the app would get.
async function at(page: Page, boardId: string, command: string): Promise<string> {
  return page.evaluate(
    async ({ boardId, command }) => {
      // The lab loads on demand (after a reload too): ask for it rather than assume it is there.
      const lab = await window.keywireEmulatorReady!();
      const port = lab.port(boardId);
      await port.open({ baudRate: 115200 });
      const reader = port.readable!.getReader();
      const writer = port.writable!.getWriter();
      await writer.write(new TextEncoder().encode(`${command}\r`));
      let text = '';
      while (!/(?:^|\n)(OK|ERROR|\+CME ERROR: \d+)\r\n$/.test(text)) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      await reader.cancel();
      reader.releaseLock();
      writer.releaseLock();
      await port.close();
      return text;
    },
    { boardId, command },
  );
}

test.beforeEach(async ({ page }) => {
  await page.goto('/#/settings');
  await expect(page.getByRole('heading', { name: 'Emulated nRF9160 (B, CA only)' })).toBeVisible();
});

test('unplug and plug in a board from the panel; the lab and its port follow', async ({ page }) => {
  await page.getByRole('button', { name: 'Unplug nrf9160-b' }).click();
  await expect(page.getByRole('status', { name: 'State of nrf9160-b' })).toHaveText('Unplugged');
  expect(await page.evaluate(() => window.keywireEmulator!.port('nrf9160-b').connected)).toBe(false);
  const failure = await page.evaluate(() =>
    window
      .keywireEmulator!.port('nrf9160-b')
      .open({ baudRate: 115200 })
      .then(
        () => 'opened',
        (e: DOMException) => e.name,
      ),
  );
  expect(failure).toBe('NetworkError');
  await page.getByRole('button', { name: 'Plug in nrf9160-b' }).click();
  await expect(page.getByRole('status', { name: 'State of nrf9160-b' })).toHaveText('Plugged in');
  expect(await at(page, 'nrf9160-b', 'AT+CGSN')).toBe('352656100402182\r\nOK\r\n');
});

test('flash survives a page reload; factory reset after confirming erases it', async ({ page }) => {
  expect(await at(page, 'nrf9160-b', 'AT%CMNG=0,777,4,"written-by-e2e"')).toBe('OK\r\n');
  await page.reload();
  expect(await at(page, 'nrf9160-b', 'AT%CMNG=1,777')).toMatch(/^%CMNG: 777,4,"[0-9A-F]{64}"\r\nOK\r\n$/);

  await page.getByRole('button', { name: 'Factory reset nrf9160-b' }).click();
  await page.getByRole('button', { name: 'Keep nrf9160-b as it is' }).click();
  expect(await at(page, 'nrf9160-b', 'AT%CMNG=1,777')).toContain('%CMNG: 777,4');

  await page.getByRole('button', { name: 'Factory reset nrf9160-b' }).click();
  await page.getByRole('button', { name: 'Erase and restore nrf9160-b' }).click();
  await expect(page.getByText('Factory state restored')).toBeVisible();
  await page.reload();
  expect(await at(page, 'nrf9160-b', 'AT%CMNG=1,777')).toBe('OK\r\n');
  expect(await at(page, 'nrf9160-b', 'AT%CMNG=1,16842753,0')).toContain(
    '2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD54F05BD1',
  );
});

test('key generation time is validated and kept across reloads', async ({ page }) => {
  const input = page.getByRole('spinbutton', { name: 'Key generation time of nrf9160-c in milliseconds' });
  await input.fill('-5');
  await input.press('Enter');
  await input.blur();
  await expect(page.getByRole('alert')).toContainText('0 to 60000');
  await input.fill('250');
  await input.blur();
  await expect(page.getByText('Key generation now takes 250 ms.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('spinbutton', { name: 'Key generation time of nrf9160-c in milliseconds' })).toHaveValue(
    '250',
  );
});

test('an injected unplug fires at the next command and the panel shows it', async ({ page }) => {
  await page.getByRole('button', { name: 'Unplug at next command on nrf9160-c' }).click();
  await expect(page.getByRole('status', { name: 'State of nrf9160-c' })).toContainText('1 fault(s) waiting');
  const error = await page.evaluate(async () => {
    const port = (await window.keywireEmulatorReady!()).port('nrf9160-c');
    await port.open({ baudRate: 115200 });
    const reader = port.readable!.getReader();
    const writer = port.writable!.getWriter();
    await writer.write(new TextEncoder().encode('AT\r'));
    try {
      await reader.read();
      return 'read ok';
    } catch (e) {
      return `${(e as DOMException).name}: ${(e as DOMException).message}`;
    }
  });
  expect(error).toBe('NetworkError: The device has been lost.');
  await expect(page.getByRole('status', { name: 'State of nrf9160-c' })).toHaveText('Unplugged');
});
