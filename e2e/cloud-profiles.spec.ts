// Cloud profiles in the production build on emulated nRF9160 boards with the lab CA: an AWS IoT just-in-time
// provisioning template whose parameter is missing from the subject blocks the write with the parameter named (and
// the refusal is in the audit trail), and the nRF Cloud onboarding CSV of a batch of three lists the three devices.
import { expect, test } from './fixtures/test.ts';
import { auditRecords } from './fixtures/audit.ts';
import { connectEmulated, downloadedText, factory, setOperator, type BoardId } from './fixtures/app.ts';
import { count, expectDone, primary } from './provision-fixtures.ts';

const TEMPLATE = JSON.stringify({
  Parameters: {
    'AWS::IoT::Certificate::CommonName': { Type: 'String' },
    'AWS::IoT::Certificate::Organization': { Type: 'String' },
  },
  Resources: {
    thing: { Type: 'AWS::IoT::Thing', Properties: { ThingName: { Ref: 'AWS::IoT::Certificate::CommonName' } } },
  },
});

test('AWS JITP: a template parameter missing from the subject blocks the write, named', async ({ page }) => {
  test.setTimeout(90_000);
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, 'nrf9160-b');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByLabel('Cloud profile').selectOption('aws-iot');
  await page.getByLabel('JITP provisioning template').fill(TEMPLATE);
  await primary(page, 'Start provisioning').click();
  const alert = page.getByRole('alert').filter({ hasText: 'Blocked at Check before writing' });
  await expect(alert).toBeVisible({ timeout: 45_000 });
  await expect(alert).toContainText('AWS::IoT::Certificate::Organization');
  const records = await auditRecords(page);
  expect(count(records, 'credential-write', 'intent')).toBe(0);
  const refused = records.filter((r) => r.action === 'chain-checked' && r.outcome === 'failure');
  expect(refused).toHaveLength(1);
  expect(refused[0]!.errorCode).toBe('cloud-rule');
  expect(JSON.stringify(refused[0]!.detail)).toMatch(/"certSha256":"[0-9A-Fa-f]{64}"/);
});

test('nRF Cloud: the onboarding CSV of a batch of three lists the three devices', async ({ page }) => {
  test.setTimeout(150_000);
  const BOARDS: BoardId[] = ['nrf9160-a', 'nrf9160-b', 'nrf9160-c'];
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, 'nrf9160-a');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByLabel('Cloud profile').selectOption('nrf-cloud');
  await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
  for (let i = 0; i < BOARDS.length; i++) {
    if (i > 0) await primary(page, 'Next board').click();
    await expectDone(page);
  }
  await page.getByRole('button', { name: 'Stop the batch' }).click();
  const batch = page.getByRole('region', { name: 'Batch' });
  const csv = await downloadedText(page, () =>
    batch.getByRole('button', { name: 'Download batch-of-3-nrf-cloud-onboarding.csv' }).click(),
  );
  expect(csv.name).toBe('batch-of-3-nrf-cloud-onboarding.csv');
  const rows = csv.text.split(/\n(?=[^\n"-][^\n]*,)/).filter((r) => r.trim());
  expect(rows).toHaveLength(3);
  for (const [i, id] of BOARDS.entries()) {
    const uuid = factory(id).deviceUuid.toLowerCase();
    expect(rows[i]!.startsWith(`${uuid},,,APP|MODEM,"-----BEGIN CERTIFICATE-----\n`)).toBe(true);
    expect(rows[i]!.trimEnd().endsWith('-----END CERTIFICATE-----\n"')).toBe(true);
  }
});

test('Azure DPS enrollment group with an intermediate CA: a board that stores one certificate is blocked with the reason', async ({
  page,
}) => {
  test.setTimeout(90_000);
  await setOperator(page, 'E2E Technician');
  await connectEmulated(page, 'nrf9160-c');
  await page.getByRole('checkbox', { name: 'Root plus an issuing CA' }).check();
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByLabel('Cloud profile').selectOption('azure-dps');
  await page.getByRole('radio', { name: /^Enrollment group/ }).check();
  await primary(page, 'Start provisioning').click();
  const alert = page.getByRole('alert').filter({ hasText: 'Blocked at Check before writing' });
  await expect(alert).toBeVisible({ timeout: 45_000 });
  await expect(alert).toContainText('Azure DPS enrollment group');
  await expect(alert).toContainText('holds one certificate only');
  const records = await auditRecords(page);
  expect(count(records, 'credential-write', 'intent')).toBe(0);
  expect(records.find((r) => r.action === 'chain-checked')?.errorCode).toBe('cloud-rule');
});
