// A batch in the production build: three emulated nRF9160 boards with one profile and the lab CA, "Next board"
// finding each through the emulated port source, the running count, the results and the CSV summary; afterwards
// each board's stored certificate is read in the board view and checked with openssl against the lab CA.
import { expect, test } from './fixtures/test.ts';
import { connectEmulated, downloadedText, factory, setOperator, type BoardId } from './fixtures/app.ts';
import { derSha256, expectDone, exportLabCa, Openssl, primary, readFromBoard } from './provision-fixtures.ts';

const openssl = new Openssl();
test.afterAll(() => openssl.cleanup());

const BOARDS: BoardId[] = ['nrf9160-a', 'nrf9160-b', 'nrf9160-c'];

test('a batch of three boards: three distinct verified certificates and a CSV summary', async ({ page }) => {
  test.setTimeout(120_000);
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, 'nrf9160-a');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();

  const batch = page.getByRole('region', { name: 'Batch' });
  for (let i = 0; i < BOARDS.length; i++) {
    if (i > 0) await primary(page, 'Next board').click();
    await expectDone(page);
    await expect(page.getByRole('region', { name: 'Provisioned and verified' })).toContainText(
      factory(BOARDS[i]!).imei,
    );
  }
  await page.getByRole('button', { name: 'Stop the batch' }).click();
  await expect(batch.getByRole('status').first()).toContainText('3 boards finished: 3 verified (batch stopped)');
  const results = batch.getByRole('table', { name: 'Batch results' });
  await expect(results.getByRole('row')).toHaveCount(4);

  const csv = await downloadedText(page, () =>
    batch.getByRole('button', { name: 'Download the batch summary (CSV)' }).click(),
  );
  expect(csv.name).toMatch(/^keywire-batch-.*\.csv$/);
  const [header, ...rows] = csv.text
    .trimEnd()
    .split('\r\n')
    .map((l) => l.split(','));
  const col = (name: string) => header!.indexOf(name);
  expect(rows).toHaveLength(3);
  expect(rows.map((r) => r[col('imei')])).toEqual(BOARDS.map((b) => factory(b).imei));
  expect(rows.map((r) => r[col('outcome')])).toEqual(['verified', 'verified', 'verified']);
  const shas = rows.map((r) => r[col('cert_sha256')]!);
  expect(new Set(shas).size).toBe(3);

  // Each board holds the certificate the CSV names, and it verifies against the lab CA.
  const ca = openssl.write('batch-ca.pem', await exportLabCa(page));
  for (const [i, id] of BOARDS.entries()) {
    await connectEmulated(page, id);
    const cert = await readFromBoard(page, 42, 1);
    expect(derSha256(cert)).toBe(shas[i]!.toUpperCase());
    expect(openssl.run(['verify', '-CAfile', ca, openssl.write(`${id}.pem`, cert)])).toContain(': OK');
    await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  }
});

test('a batch interrupted by a reload is offered again, keeps its results and goes on', async ({ page }) => {
  test.setTimeout(120_000);
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, 'nrf9160-a');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
  await expectDone(page);

  await page.reload();
  const offer = page.getByRole('region', { name: 'A batch was running' });
  await expect(offer).toContainText('1 board done, 1 verified');
  await offer.getByRole('button', { name: /^Continue the batch started at .+ \(1 board done, 1 verified\)$/ }).click();
  const batch = page.getByRole('region', { name: 'Batch' });
  await expect(batch.getByRole('status').first()).toContainText('1 board finished: 1 verified');
  await expect(offer).toHaveCount(0);
  await primary(page, 'Next board').click();
  await expectDone(page);
  // Board A is done in this batch: the search moved on to the next board.
  await expect(page.getByRole('region', { name: 'Provisioned and verified' })).toContainText(factory('nrf9160-b').imei);
  await page.getByRole('button', { name: 'Stop the batch' }).click();
  await expect(batch.getByRole('status').first()).toContainText('2 boards finished: 2 verified (batch stopped)');
  const csv = await downloadedText(page, () =>
    batch.getByRole('button', { name: 'Download the batch summary (CSV)' }).click(),
  );
  const [header, ...rows] = csv.text.trimEnd().split('\r\n');
  const imei = header!.split(',').indexOf('imei');
  expect(rows.map((r) => r.split(',')[imei])).toEqual([factory('nrf9160-a').imei, factory('nrf9160-b').imei]);
  // Stopped: nothing is offered after the next reload.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Provision', level: 1 })).toBeVisible();
  await expect(offer).toHaveCount(0);
});
