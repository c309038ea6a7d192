// The guided provisioning flow in the production build against the emulated nRF9160: a blank sec_tag to a verified
// certificate with the lab CA (created in one click), checked with openssl against the exported CA; the label and
// the downloads; a missing operator name stops everything before the board is touched.
import { expect, test } from './fixtures/test.ts';
import {
  connectEmulated,
  consoleLines,
  credentialTable,
  downloadedText,
  factory,
  openSection,
  setOperator,
} from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import {
  count,
  derSha256,
  devHooks,
  expectDone,
  exportLabCa,
  Openssl,
  primary,
  readFromBoard,
  stepper,
} from './provision-fixtures.ts';

const openssl = new Openssl();
test.afterAll(() => openssl.cleanup());

test('full flow with the lab CA: the certificate the board stores verifies with openssl against the CA', async ({
  page,
}) => {
  await devHooks(page);
  await setOperator(page, 'E2E Technician');
  const board = await connectEmulated(page, 'nrf9160-b');
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  await expect(stepper(page).getByRole('listitem', { name: 'Prepare: now' })).toBeVisible();
  await expect(page.getByText('Nothing is stored at sec_tag 42')).toBeVisible();
  // First run: no lab CA yet; one click makes one and chooses it.
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expectDone(page);

  const cert = await readFromBoard(page, 42, 1);
  const root = await readFromBoard(page, 42, 0);
  const caPem = await exportLabCa(page);
  const certFile = openssl.write('board-b.pem', cert);
  const caFile = openssl.write('lab-ca.pem', caPem);
  expect(openssl.run(['verify', '-CAfile', caFile, certFile])).toContain(': OK');
  expect(openssl.run(['x509', '-in', certFile, '-noout', '-subject'])).toContain(board.deviceUuid.toLowerCase());
  // The root CA the board stores is the lab CA's own certificate.
  expect(derSha256(root)).toBe(derSha256(caPem));

  // Done: the summary, the label (text and QR of device id + fingerprint) and the files.
  const fingerprint = derSha256(cert);
  const label = page.getByRole('figure', { name: 'Device label' });
  await expect(label).toContainText(board.imei);
  await expect(label).toContainText(fingerprint);
  await expect(
    label.getByRole('img', { name: `QR code: keywire:v1;id=${board.deviceUuid.toLowerCase()};sha256=${fingerprint}` }),
  ).toBeVisible();
  await expect(label.locator('svg path').first()).toBeAttached();
  const downloaded = await downloadedText(page, () =>
    page.getByRole('button', { name: 'Download the certificate' }).click(),
  );
  expect(downloaded.text).toBe(cert);
  const chain = await downloadedText(page, () => page.getByRole('button', { name: 'Download the chain' }).click());
  expect(chain.text.startsWith(cert)).toBe(true);
  const csr = await downloadedText(page, () => page.getByRole('button', { name: 'Download the CSR' }).click());
  const csrFile = openssl.write('board-b.csr', csr.text);
  expect(openssl.run(['req', '-in', csrFile, '-noout', '-verify'])).toBeDefined();
  // Verify compared the SHA-256 the board lists with what was written.
  await expect(page.getByRole('table', { name: 'Writes at sec_tag 42' })).toContainText('= same');

  const records = await auditRecords(page);
  expect(count(records, 'keygen', 'intent')).toBe(1);
  expect(count(records, 'credential-write', 'success')).toBe(2);
  expect(count(records, 'verify', 'success')).toBe(1);
});

test('without an operator name: the name is asked for in place, and nothing is sent to the board before it', async ({
  page,
}) => {
  await connectEmulated(page, 'nrf9160-a');
  const prompt = page.getByRole('region', { name: 'Your name, for the audit trail' });
  await expect(prompt).toContainText('Nothing has been sent to the board yet.');
  await expect(page.getByRole('button', { name: 'Start provisioning' })).toHaveCount(0);
  // The board is identified: the step bar says so, and the name is what Prepare needs now.
  await expect(stepper(page).getByRole('listitem', { name: 'Identify: done' })).toBeVisible();
  await expect(stepper(page).getByRole('listitem', { name: 'Prepare: now' })).toBeVisible();
  await page.getByRole('button', { name: /^Console/ }).click();
  await expect(consoleLines(page)).not.toContainText('AT+CFUN=4');
  await expect(consoleLines(page)).not.toContainText('AT%KEYGEN');
  expect(await auditRecords(page)).toEqual([]);
  await expect(prompt.getByRole('button', { name: 'Save and continue' })).toBeDisabled();
  await prompt.getByRole('textbox', { name: 'Operator name' }).fill('E2E Technician');
  await prompt.getByRole('button', { name: 'Save and continue' }).click();
  // With a name the flow picks the connected board up at once, and Settings shows the same name.
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  await expect(prompt).toHaveCount(0);
  await openSection(page, 'settings');
  await expect(page.getByRole('textbox', { name: 'Operator name' })).toHaveValue('E2E Technician');
});

test('overwriting asks first, names what is replaced, and downloads the backup before anything is written', async ({
  page,
}) => {
  const tag = 16842753;
  await setOperator(page, 'E2E Technician');
  const board = await connectEmulated(page, 'nrf9160-a');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByRole('textbox', { name: 'sec_tag' }).fill(String(tag));
  await page.getByRole('textbox', { name: 'sec_tag' }).blur();
  await expect(page.getByText("This is nRF Cloud's sec_tag")).toBeVisible();
  await expect(page.getByRole('table', { name: `Stored at sec_tag ${tag}` })).toContainText(
    'replaced (backed up first)',
  );
  await primary(page, 'Start provisioning').click();

  const question = page.getByRole('group', { name: 'Confirm overwriting' });
  await expect(question).toContainText(`Replace what is stored at sec_tag ${tag}?`);
  await expect(question).toContainText('Client certificate (type 1)');
  await expect(question).toContainText('Private key (type 2)');
  await expect(question).toContainText('cannot be read: it is replaced without a copy');
  const oldClient = board.credentials.find((c) => c.secTag === tag && c.type === 1)!;
  const backup = await downloadedText(page, () => primary(page, 'Back up and replace').click());
  expect(backup.name).toMatch(new RegExp(`sec_tag-${tag}-backup-.*\\.pem$`));
  expect(backup.text).toContain(oldClient.content.trim());
  expect(backup.text).toContain('Not readable, replaced without a copy');
  await expectDone(page);
  const records = await auditRecords(page);
  const order = records.map((r) => r.action);
  expect(order.indexOf('backup')).toBeGreaterThan(-1);
  expect(order.indexOf('backup')).toBeLessThan(order.indexOf('keygen'));
  expect(await readFromBoard(page, tag, 1)).not.toBe(oldClient.content);
});

test('Cancel during a long key generation: it stops within seconds, the outcome on record as unknown, Continue makes the key again (one key)', async ({
  page,
}) => {
  const id = 'nrf9160-c';
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, id);
  await page.evaluate((id) => void (window.keywireEmulator!.control(id).keygenMs = 6000), id);
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expect(page.getByRole('status').filter({ hasText: 'of about 6.0 s' })).toBeVisible();
  // The step shows its progress before its first commands (the key slot listed, the modem taken offline): Cancel once
  // %KEYGEN is under way, its intent on record just before it goes to the board, which then holds it for 6 s.
  await expect.poll(async () => count(await auditRecords(page), 'keygen', 'intent')).toBe(1);
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();
  // %KEYGEN had reached the board: KeyWire says so while it gives the board a moment to answer.
  await expect(page.getByText('Stopping: the board already received this command')).toBeVisible();
  // The board holds its answer (6 s) past the grace: the run stops without it, and says what was left.
  const stopped = page.getByRole('alert').filter({ hasText: 'Stopped at Generate the key on the board' });
  await expect(stopped).toContainText('had not answered 2 s after Cancel');
  await expect(stopped).toContainText('Press Continue to pick up where it stopped.');
  await expect(stepper(page).getByRole('listitem', { name: 'Generate key: stopped' })).toBeVisible();
  // The true outcome: unknown (the board had the command), never "cancelled".
  let records = await auditRecords(page);
  const keygen = records.filter((r) => r.action === 'keygen');
  expect(keygen.map((r) => [r.outcome, r.errorCode ?? null])).toEqual([
    ['intent', null],
    ['failure', 'outcome-unknown'],
  ]);
  await page.evaluate((id) => void (window.keywireEmulator!.control(id).keygenMs = 300), id);
  await primary(page, 'Continue').click();
  await expectDone(page);
  records = await auditRecords(page);
  expect(count(records, 'keygen', 'intent')).toBe(2);
  expect(count(records, 'keygen', 'cancelled')).toBe(0);
  // Two %KEYGEN on the wire (the first one's CSR never came back), one key at the sec_tag: the board replaced it.
  await page.getByRole('button', { name: /^Console/ }).click();
  await page.getByRole('searchbox', { name: 'Search the console' }).fill('AT%KEYGEN=');
  await expect(page.getByText(/^Match \d+ of \d+$/)).toHaveText(/ of 2$/);
  await page.getByRole('button', { name: 'Refresh credentials' }).click();
  const keys = credentialTable(page).getByRole('button', { name: /^Delete .*\(type 2\) at sec_tag 42$/ });
  await expect(keys).toHaveCount(1);
});

test('the running step stays in view after Start, the board view holds still; Done names the CA once', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 640 });
  await setOperator(page, 'E2E Technician');
  await openSection(page, 'provision');
  const connect = page.getByRole('button', { name: `Connect ${factory('nrf9160-a').label}` });
  await expect(connect).toHaveText('Connect');
  await connectEmulated(page, 'nrf9160-a');
  await page.evaluate(() => void (window.keywireEmulator!.control('nrf9160-a').keygenMs = 3000));
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expect(page.getByRole('heading', { name: 'The board is generating its key' })).toBeInViewport();
  // Meanwhile the board view changes nothing: Delete is off, and says why.
  await expect(
    page.getByText(/^Provisioning is running on this board \(Generate the key on the board\)\./),
  ).toBeAttached();
  await expect(
    credentialTable(page)
      .getByRole('button', { name: /^Delete / })
      .first(),
  ).toBeDisabled();
  await expectDone(page);
  await expect(
    credentialTable(page)
      .getByRole('button', { name: /^Delete / })
      .first(),
  ).toBeEnabled();
  const done = page.getByRole('region', { name: 'Provisioned and verified' });
  await expect(done).toBeInViewport();
  const ca = done.locator('dt:text-is("CA") + dd');
  const label = (await ca.textContent())!.trim();
  expect(label).toMatch(/^Lab CA/);
  expect(label.split('Lab CA').length - 1).toBe(1);
});

test('after a press in the board view, the step panel growing above leaves the board where it is; after a press in the flow, it pushes the board down', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, 'nrf9160-a');
  await expect(stepper(page).getByRole('listitem', { name: 'Prepare: now' })).toBeVisible();
  const board = page.getByRole('heading', { name: 'Board', exact: true });
  const panel = page.locator('.flow .panel');
  // Once the page has stopped moving (the step's panel brought into view), the panel's bottom and the board's top
  // both on screen, as when the technician looks at the board under the step.
  await page.evaluate(async () => {
    for (let last = -1, same = 0; same < 5;) {
      await new Promise(requestAnimationFrame);
      same = scrollY === last ? same + 1 : 0;
      last = scrollY;
    }
    const heading = document.getElementById('board-title')!;
    window.scrollBy({ top: heading.getBoundingClientRect().top - innerHeight * 0.6, behavior: 'instant' });
  });
  await expect(panel).toBeInViewport();
  const top = async () => (await board.boundingBox())!.y;
  // What the board answers next may grow the step's panel at any time; here it grows by 300 px.
  const grow = () =>
    panel.evaluate((el) => {
      const more = document.createElement('div');
      more.style.height = '300px';
      el.append(more);
    });

  await page.getByText('Board identity').click(); // a press in the board view
  const before = await top();
  await grow();
  await expect.poll(top).toBe(before);

  await page.getByText('Where on the board').click(); // a press in the flow's panel
  const then = await top();
  await grow();
  await expect.poll(top).toBe(then + 300);
});
