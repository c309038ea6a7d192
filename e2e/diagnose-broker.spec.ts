// Broker check with server chains made at test time with Debian's openssl (root -> issuing CA -> server leaf), served
// by s_server on loopback and pasted exactly as `openssl s_client -showcerts` printed them. The emulated board's CA
// store holds one of the two roots (written to it before the app connects, as a programming station would): that
// chain is anchored, the other is not, and the diagram and findings say which root is missing.
import { expect, test } from './fixtures/test.ts';
import type {} from '../src/devices/emulator/index.ts';
import { OpensslLab } from '../src/pki/openssl-fixtures.ts';
import { makeServerChain, sClientShowcerts, type ServerChain } from '../src/flows/testing/server-chain.ts';
import { openSection } from './fixtures/app.ts';
import {
  brokerPanel,
  brokerResults,
  connectInHealthPanel,
  programCaCertificate,
  scenario,
} from './fixtures/diagnose.ts';

const TAG = 43;
let lab: OpensslLab;
let storedChain: ServerChain;
let storedText: string;
let foreignText: string;

test.beforeAll(async () => {
  lab = new OpensslLab();
  storedChain = makeServerChain(lab, 'Stored', 'mqtt.stored.example');
  const foreign = makeServerChain(lab, 'Foreign', 'mqtt.foreign.example');
  storedText = await sClientShowcerts(lab, storedChain);
  foreignText = await sClientShowcerts(lab, foreign);
});
test.afterAll(() => lab.cleanup());

test.beforeEach(async ({ page }) => {
  const board = scenario('nrf9160-b');
  await openSection(page, 'diagnose');
  expect(await programCaCertificate(page, board.id, TAG, storedChain.root.pem)).toBe('OK');
  await connectInHealthPanel(page, board);
  const panel = brokerPanel(page);
  await panel.getByLabel('Broker').selectOption({ label: 'Generic MQTT broker (Mosquitto, EMQX, HiveMQ…)' });
  await panel.getByLabel('sec_tag the board connects with').selectOption(String(TAG));
});

test("a chain under the root the board stores is anchored, and the diagram shows the board's anchor", async ({
  page,
}) => {
  const panel = brokerPanel(page);
  await panel.getByLabel('Server chain (optional)').fill(storedText);
  await panel.getByLabel('Host the board connects to (optional)').fill('mqtt.stored.example');
  await panel.getByRole('button', { name: 'Run broker check' }).click();
  const results = brokerResults(page);
  await expect(results.locator('[data-code="anchor-ok"]')).toContainText('Anchored by Stored Test Root CA');
  await expect(results.locator('[data-code="anchor-ok"]')).toContainText(`the board's CA store at sec_tag ${TAG}`);
  const diagram = results.getByRole('group', { name: 'Chain diagram' });
  await expect(diagram.locator('li[data-from="server"]')).toHaveCount(2);
  await expect(diagram.locator('li[data-from="board"]')).toContainText('Trust anchor');
  await expect(diagram).toContainText('The path ends at Stored Test Root CA, which the board stores.');
  await expect(results.locator('[data-code="chain-hostname"]')).toHaveAttribute('data-severity', 'ok');
  await expect(results.locator('[data-code="anchor-missing"]')).toHaveCount(0);
});

test('a chain under another root is not anchored: the missing root is named, with what to store where', async ({
  page,
}) => {
  const panel = brokerPanel(page);
  await panel.getByLabel('Server chain (optional)').fill(foreignText);
  await panel.getByRole('button', { name: 'Run broker check' }).click();
  const results = brokerResults(page);
  await expect(results.getByRole('status', { name: 'Broker check verdict' })).toContainText('Broker check failed');
  const f = results.locator('[data-code="anchor-missing"]');
  await expect(f).toContainText("The board's CA store does not anchor the server chain");
  await expect(f).toContainText('Foreign Test Root CA');
  await expect(f).toContainText(`at sec_tag ${TAG}`);
  const diagram = results.getByRole('group', { name: 'Chain diagram' });
  await expect(diagram).toContainText('Anchor missing');
  await expect(diagram.locator('li[data-from="board"]')).toHaveCount(0);
});

test('text without a certificate is refused with what to paste', async ({ page }) => {
  const panel = brokerPanel(page);
  await panel.getByLabel('Server chain (optional)').fill('CONNECTED(00000003)\nno peer certificate available');
  await panel.getByRole('button', { name: 'Run broker check' }).click();
  await expect(panel.getByRole('alert')).toContainText('No certificate was found in the pasted text.');
  await expect(panel.getByRole('alert')).toContainText('-showcerts');
});
