// The device views against the emulated nRF9160 boards, in the production build: identity, credentials (read,
// delete after confirming, audited), losing and finding the board again, and the console.
import { X509Certificate } from 'node:crypto';
import { expect, test } from './fixtures/test.ts';
import { NRF91_FUNCTIONAL_MODES } from '../src/devices/adapters/nrf91/functional-mode.ts';
import {
  connectEmulated,
  consoleLines,
  contentSha256,
  credentialTable,
  downloadedText,
  factory,
  identityCard,
  lab,
  openSection,
  setOperator,
} from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';

const NRF_CLOUD_TAG = 16842753;

test('an emulated nRF9160 shows who it is, as its factory data says', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-a');
  const card = identityCard(page);
  for (const value of [board.imei, board.deviceUuid, board.firmware, board.model, board.manufacturer])
    await expect(card).toContainText(value);
  await expect(card).toContainText(board.hardwareVersion);
  await expect(card).toContainText(`${NRF91_FUNCTIONAL_MODES[0]} (+CFUN 0)`);
  await expect(card).toContainText('Emulated');
  // Powered up in mode 0 the SIM is off, so the modem gives no ICCID (as a real nRF9160 does).
  await expect(card).not.toContainText(board.iccid!);
  await expect(card).toContainText('No SIM answered');
});

test('after the modem powers its SIM (typed +CFUN=41, audited), Read identity again shows the ICCID', async ({
  page,
}) => {
  await setOperator(page, 'E2E Technician');
  const board = await connectEmulated(page, 'nrf9160-a');
  await page.getByRole('button', { name: /^Console/ }).click();
  const command = page.getByRole('textbox', { name: 'AT command' });
  await command.fill('AT+CFUN=41');
  await command.press('Enter');
  await expect(page.getByText('AT+CFUN=41: OK after')).toContainText('Recorded in the audit trail.');
  await page.getByRole('button', { name: 'Read identity again' }).click();
  await expect(identityCard(page)).toContainText(board.iccid!);
  await expect(identityCard(page)).toContainText(`${NRF91_FUNCTIONAL_MODES[41]} (+CFUN 41)`);
  const records = (await auditRecords(page)).filter((r) => r.action === 'functional-mode');
  expect(records.map((r) => r.outcome)).toEqual(['intent', 'success']);
});

test('the factory credentials are listed with their SHA-256, full value on the short form', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-a');
  const table = credentialTable(page);
  for (const credential of board.credentials) {
    const sha = contentSha256(credential.content);
    await expect(table.locator(`[title="${sha}"]`)).toHaveText(`${sha.slice(0, 8)}…${sha.slice(-8)}`);
    await expect(table.getByRole('rowheader', { name: String(credential.secTag), exact: true })).toBeVisible();
  }
  // sec_tags above the user range are the modem's: listed, neither read nor deleted.
  await expect(table.getByText('Kept by the modem itself')).toBeVisible();
});

test('reading a certificate shows its subject from the crypto worker and downloads the PEM', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-a');
  const ca = board.credentials.find((c) => c.secTag === NRF_CLOUD_TAG && c.type === 0)!;
  const commonName = new X509Certificate(ca.content).subject.split('\n').find((rdn) => rdn.startsWith('CN='))!;

  await credentialTable(page)
    .getByRole('button', { name: new RegExp(`^Read .*\\(type 0\\) at sec_tag ${NRF_CLOUD_TAG}$`) })
    .click();
  const summary = page.getByRole('group', { name: /^Summary of / });
  await expect(summary).toContainText(commonName);
  await expect(summary).toContainText('Valid now');
  await expect(page.getByLabel(/^Content of /)).toHaveText(ca.content.trim());
  const file = await downloadedText(page, () => page.getByRole('button', { name: 'Download PEM' }).click());
  expect(file.name).toBe(`sec_tag-${NRF_CLOUD_TAG}-type-0.pem`);
  expect(file.text).toBe(ca.content);
});

test('delete asks first: Keep it leaves the credential, Yes deletes it through the audit trail', async ({ page }) => {
  await setOperator(page, 'E2E Technician');
  const board = await connectEmulated(page, 'nrf9160-a');
  const cert = board.credentials.find((c) => c.secTag === NRF_CLOUD_TAG && c.type === 1)!;
  const sha = contentSha256(cert.content);
  const deleteButton = credentialTable(page).getByRole('button', {
    name: new RegExp(`^Delete .*\\(type 1\\) at sec_tag ${NRF_CLOUD_TAG}$`),
  });

  await deleteButton.click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText(`sec_tag ${NRF_CLOUD_TAG}`);
  await expect(dialog).toContainText('(type 1)');
  await expect(dialog).toContainText('offline');
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  await expect(dialog).toBeHidden();
  // By keyboard: Enter opens the question with "Keep it" focused, Escape keeps it and returns the focus.
  await deleteButton.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(deleteButton).toBeFocused();
  await expect(credentialTable(page).locator(`[title="${sha}"]`)).toBeVisible();

  await deleteButton.click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByText(`(type 1) at sec_tag ${NRF_CLOUD_TAG}. The modem went offline and back`)).toBeVisible();
  await expect(credentialTable(page).locator(`[title="${sha}"]`)).toHaveCount(0);
  await expect(
    credentialTable(page).locator(`[title="${contentSha256(board.credentials[0]!.content)}"]`),
  ).toBeVisible();

  const records = (await auditRecords(page)).filter((r) => r.action === 'credential-delete');
  expect(records.map((r) => [r.outcome, r.detail.secTag])).toEqual([
    ['intent', NRF_CLOUD_TAG],
    ['success', NRF_CLOUD_TAG],
  ]);
});

test('without an operator name nothing is deleted and nothing is sent', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-a');
  const key = board.credentials.find((c) => c.type === 2)!;
  await credentialTable(page)
    .getByRole('button', { name: new RegExp(`^Delete .*\\(type 2\\) at sec_tag ${key.secTag}$`) })
    .click();
  await page.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.getByRole('alert')).toContainText('Enter your name first');
  await expect(page.getByRole('alert')).toContainText('Nothing was sent to the board.');
  await expect(credentialTable(page).locator(`[title="${contentSha256(key.content)}"]`)).toBeVisible();
  await page.getByRole('button', { name: /^Console/ }).click();
  await expect(consoleLines(page)).toContainText('AT%CMNG=1');
  await expect(consoleLines(page)).not.toContainText('AT%CMNG=3');
  await expect(consoleLines(page)).not.toContainText('AT+CFUN=4');
  expect(await auditRecords(page)).toEqual([]);
});

test('an unplugged board shows the troubleshooting panel and comes back on its own', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-b');
  await lab.unplug(page, 'nrf9160-b');
  await expect(page.getByRole('alert').filter({ hasText: 'Lost the board.' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What to check' })).toBeVisible();
  await expect(page.getByText('Use a USB cable with data lines')).toBeVisible();
  await lab.replug(page, 'nrf9160-b');
  await expect(page.getByText(`Reconnected to ${board.model} ${board.imei}.`)).toBeVisible();
  await expect(identityCard(page)).toContainText(board.imei);
  await expect(page.getByRole('heading', { name: 'What to check' })).toBeHidden();
});

test('a fault-injected unplug from the Settings panel; one click reconnects', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-c');
  await openSection(page, 'settings');
  await page.getByRole('button', { name: 'Unplug at next command on nrf9160-c' }).click();
  await page.getByRole('link', { name: 'Provision' }).click();
  await page.getByRole('button', { name: 'Refresh credentials' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Lost the board.' })).toBeVisible();
  await page.getByRole('button', { name: 'Stop waiting' }).click();
  await expect(page.getByText('Plug it back in, then press Reconnect now.')).toBeVisible();

  await page.getByRole('button', { name: 'Reconnect now' }).click();
  await expect(page.getByText('The board is not back yet.')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Plug in nrf9160-c' }).click();
  await page.getByRole('link', { name: 'Provision' }).click();
  await expect(identityCard(page)).toContainText(board.imei);
  await expect(page.getByText(`Reconnected to ${board.model} ${board.imei}.`)).toBeVisible();
});

test('a board that restarts is read again, same identity', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-b');
  await lab.reset(page, 'nrf9160-b');
  await expect(page.getByRole('status').filter({ hasText: 'The board restarted at' })).toBeVisible();
  await expect(identityCard(page)).toContainText(board.deviceUuid);
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByText('The board restarted at')).toBeHidden();
});

test('a port held by another program: troubleshooting, then Try again connects', async ({ page }) => {
  const board = factory('nrf9160-b');
  await openSection(page, 'provision');
  await lab.setBusy(page, 'nrf9160-b', true);
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  await expect(page.getByRole('heading', { name: 'Another program is using this port' })).toBeVisible();
  await expect(page.getByText('Close other programs that use the port')).toBeVisible();
  await lab.setBusy(page, 'nrf9160-b', false);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(identityCard(page)).toContainText(board.imei);
});

test('Connect a board asks for Nordic, SEGGER and ST ports; closing the picker is not an error', async ({ page }) => {
  // Chrome rejects requestPort with NotFoundError when the user closes the picker; record what the page asked for.
  await page.addInitScript(() => {
    const asked: unknown[] = [];
    (window as { asked?: unknown[] }).asked = asked;
    navigator.serial.requestPort = async (options?: SerialPortRequestOptions) => {
      asked.push(options ?? null);
      throw new DOMException('No port selected by the user.', 'NotFoundError');
    };
  });
  await openSection(page, 'provision');
  await page.getByRole('button', { name: 'Connect a board', exact: true }).click();
  await expect(page.getByText('No port was chosen.')).toBeVisible();
  await page.getByRole('button', { name: 'Any serial port' }).click();
  expect(await page.evaluate(() => (window as { asked?: unknown[] }).asked)).toEqual([
    { filters: [{ usbVendorId: 0x1915 }, { usbVendorId: 0x1366 }, { usbVendorId: 0x0483 }] },
    {},
  ]);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'What to check' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Connect a board', exact: true })).toBeEnabled();
});

test('a port allowed before (getPorts) reconnects with one click', async ({ page }) => {
  // The emulated board's port stands in for a port the user granted in an earlier visit.
  await page.addInitScript(() => {
    navigator.serial.getPorts = async () => [(await window.keywireEmulatorReady!()).port('nrf9160-b')];
  });
  const board = factory('nrf9160-b');
  await openSection(page, 'provision');
  await page.getByRole('button', { name: 'Reconnect Nordic Semiconductor (1915:9100)' }).click();
  await expect(identityCard(page)).toContainText(board.imei);
  await expect(identityCard(page)).not.toContainText('Emulated');
});

test('the wrong baud rate, chosen in the panel: troubleshooting names it and shows the setting', async ({ page }) => {
  const board = factory('nrf9160-c');
  await openSection(page, 'provision');
  await page.getByText(/^Serial settings:/).click();
  await page.getByRole('combobox', { name: 'Baud rate' }).selectOption('9600');
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  await expect(page.getByRole('heading', { name: 'The board did not answer in time' })).toBeVisible({
    timeout: 20_000,
  });
  await expect(page.getByText('at 9600 baud')).toBeVisible();
  await expect(page.getByText('Check the baud rate and firmware')).toBeVisible();
  // The failure keeps the serial settings unfolded next to it; the choice is the new default in Settings too.
  await page.getByRole('combobox', { name: 'Baud rate' }).selectOption('115200');
  await expect(page.getByText('Serial settings: 115200 baud')).toBeVisible();
  const other = factory('nrf9160-b');
  await page.getByRole('button', { name: `Connect ${other.label}` }).click();
  await expect(identityCard(page)).toContainText(other.imei);
});

test('connecting shows progress and can be cancelled', async ({ page }) => {
  const board = factory('nrf9160-a');
  await openSection(page, 'provision');
  await lab.inject(page, 'nrf9160-a', { kind: 'stall', ms: 5000 });
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'asking which board it is' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel connecting' }).click();
  await expect(page.getByText('Connecting was cancelled.')).toBeVisible();
  await expect(page.getByRole('button', { name: `Connect ${board.label}` })).toBeEnabled();
});

test('the console: tx/rx lines, a typed AT+CGMI answered, search, history and download', async ({ page }) => {
  const board = await connectEmulated(page, 'nrf9160-a');
  await page.getByRole('button', { name: /^Console/ }).click();
  const lines = consoleLines(page);
  // The view follows the newest lines: the credential list KeyWire read last, asked (tx) and answered (rx).
  await expect(lines.getByRole('listitem').filter({ hasText: /tx\s*AT%CMNG=1\s*$/ })).toBeVisible();
  await expect(
    lines
      .getByRole('listitem')
      .filter({ hasText: /rx\s*%CMNG: / })
      .first(),
  ).toBeVisible();

  const search = page.getByRole('searchbox', { name: 'Search the console' });
  await search.fill(board.manufacturer);
  const before = Number(/of (\d+)/.exec((await page.getByText(/^Match \d+ of \d+$/).textContent()) ?? '')?.[1]);
  expect(before).toBeGreaterThan(0);

  const command = page.getByRole('textbox', { name: 'AT command' });
  await command.fill('AT+CGMI');
  await command.press('Enter');
  await expect(page.getByText(/^AT\+CGMI: OK after \d+ ms\.$/)).toBeVisible();
  // The typed command's answer is one more match; the highlight stays where it was until the user moves it.
  await expect(page.getByText(`Match ${before} of ${before + 1}`)).toBeVisible();
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.getByText(`Match ${before + 1} of ${before + 1}`)).toBeVisible();
  await search.press('Enter');
  await expect(page.getByText(`Match 1 of ${before + 1}`)).toBeVisible();

  await command.press('ArrowUp');
  await expect(command).toHaveValue('AT+CGMI');

  const file = await downloadedText(page, () => page.getByRole('button', { name: 'Download log' }).click());
  expect(file.name).toMatch(/^keywire-session-.*\.txt$/);
  const typed = file.text.split('\n').filter((l) => /\stx\s+AT\+CGMI$/.test(l));
  const answers = file.text.split('\n').filter((l) => l.endsWith(`rx    ${board.manufacturer}`));
  expect(typed.length).toBe(answers.length);
  expect(answers.length).toBe(before + 1);
});

test('a typed command that changes the board is refused without an operator, nothing sent', async ({ page }) => {
  await connectEmulated(page, 'nrf9160-b');
  await page.getByRole('button', { name: /^Console/ }).click();
  const command = page.getByRole('textbox', { name: 'AT command' });
  await command.fill('AT+CFUN=4');
  await command.press('Enter');
  await expect(page.getByText(/^AT\+CFUN=4: Enter your name first\./)).toBeVisible();
  await expect(page.getByText(/Nothing was sent\./)).toBeVisible();
  await expect(consoleLines(page)).not.toContainText('AT+CFUN=4');
});
