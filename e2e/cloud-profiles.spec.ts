// Cloud profiles in the production build on emulated nRF9160 boards with the lab CA: an AWS IoT just-in-time
// provisioning template whose parameter is missing from the subject blocks the write with the parameter named (and
// the refusal is in the audit trail), the nRF Cloud onboarding CSV of a batch of three lists the three devices, and an
// Azure DPS enrollment group with an intermediate CA writes the leaf and the intermediate on the emulated STSAFE
// board (which stores a chain) while an nRF9160 (one certificate per credential) is blocked with the reason.
import { X509Certificate } from 'node:crypto';
import { expect, test } from './fixtures/test.ts';
import { auditRecords } from './fixtures/audit.ts';
import {
  connectEmulated,
  downloadedText,
  factory,
  identityCard,
  openSection,
  setOperator,
  type BoardId,
} from './fixtures/app.ts';
import { STSAFE_FACTORY_BOARDS } from '../src/devices/emulator/stsafe/stsafe-factory.ts';
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

/** The DER certificates one after another at the start of an STSAFE zone, as the emulated chip's own non-volatile
 * memory (localStorage) holds them; stops at the first byte that does not start a certificate (erased space). */
function zoneCertificates(hex: string | undefined): X509Certificate[] {
  const zone = Buffer.from(hex ?? '', 'hex');
  const certs: X509Certificate[] = [];
  let at = 0;
  while (at + 4 <= zone.length && zone[at] === 0x30 && zone[at + 1] === 0x82) {
    const end = at + 4 + zone.readUInt16BE(at + 2);
    certs.push(new X509Certificate(zone.subarray(at, end)));
    at = end;
  }
  return certs;
}

test('Azure DPS enrollment group with an intermediate CA: the STSAFE board stores the leaf and the intermediate', async ({
  page,
}) => {
  test.setTimeout(90_000);
  const board = STSAFE_FACTORY_BOARDS[0]!;
  const REGISTRATION_ID = 'plant-3:stsafe-dps-7';
  await setOperator(page, 'E2E Technician');
  await openSection(page, 'provision');
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  await expect(identityCard(page)).toContainText(board.serial);
  const slot = page.getByRole('textbox', { name: 'slot', exact: true });
  await slot.fill('1');
  await slot.blur();
  await page.getByRole('checkbox', { name: 'Root plus an issuing CA' }).check();
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await page.getByLabel('Cloud profile').selectOption('azure-dps');
  await page.getByRole('radio', { name: /^Enrollment group/ }).check();
  // One Azure id: the registration id is the IoT Hub device id and the CN; the form asks for it once.
  await page.getByRole('textbox', { name: /^Registration id/ }).fill(REGISTRATION_ID);
  await expect(page.getByRole('radio', { name: /Azure IoT Hub device id/ })).toBeChecked();
  await expect(page.getByRole('textbox', { name: 'Azure IoT Hub device id', exact: true })).toHaveCount(0);
  await primary(page, 'Start provisioning').click();
  await expectDone(page);

  const image = await page.evaluate((id) => localStorage.getItem(`keywire.emulator.flash.${id}`), board.id);
  const zones = (JSON.parse(image ?? '{"zones":[]}') as { zones: { index: number; hex: string }[] }).zones;
  const certs = zoneCertificates(zones.find((z) => z.index === 1)?.hex);
  expect(certs).toHaveLength(2);
  const [leaf, intermediate] = certs as [X509Certificate, X509Certificate];
  expect(leaf.subject).toContain(`CN=${REGISTRATION_ID}`);
  expect(leaf.ca).toBe(false);
  expect(intermediate.ca).toBe(true);
  expect(leaf.issuer).toBe(intermediate.subject);
  expect(leaf.verify(intermediate.publicKey)).toBe(true);
  // The intermediate is issued by a root, not self-signed: the chain goes on up to the CA verified in DPS.
  expect(intermediate.issuer).not.toBe(intermediate.subject);

  const records = await auditRecords(page);
  expect(count(records, 'credential-write', 'success')).toBeGreaterThanOrEqual(1);
  expect(records.find((r) => r.action === 'chain-checked' && r.outcome === 'failure')).toBeUndefined();
});
