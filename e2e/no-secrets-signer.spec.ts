// Nothing secret is kept or exported, for the sources with credentials other than EST (issue 4, item 6): an HTTP
// signer started here (node:http, signs with openssl, CORS for the app) that wants an X-API-Key header, first given
// an address carrying a token in its query (refused by the settings, never sent), then the header; and a manual
// exchange signed by openssl. Afterwards the audit trail, the flow store, both audit exports, the flow's downloads
// and a diagnostics report (HTML and JSON) are searched for the token and the header value.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test.ts';
import { scanForSecrets } from '../src/audit/secrets.ts';
import { connectEmulated, downloadedText, openSection, setOperator } from './fixtures/app.ts';
import { auditRecords } from './fixtures/audit.ts';
import { runHealthCheck } from './fixtures/diagnose.ts';
import { dumpDatabase } from './fixtures/stores.ts';
import { count, expectDone, Openssl, primary } from './provision-fixtures.ts';

const TOKEN = 'QueryTok3n-must-never-travel-8842';
const API_KEY = 'X-Api-K3y-value-never-stored-5519';
const openssl = new Openssl();
test.afterAll(() => openssl.cleanup());

function caFiles(name: string): string {
  openssl.run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', `${name}.key`]);
  openssl.run(
    ['req', '-new', '-x509', '-key', `${name}.key`, '-subj', `/CN=E2E ${name}`, '-days', '30'].concat([
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-out',
      `${name}.pem`,
    ]),
  );
  openssl.write(
    'leaf.ext',
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n',
  );
  return openssl.run(['x509', '-in', `${name}.pem`]);
}

/** openssl as the CA: the CSR (PEM) signed by `ca`, out as PEM or DER file. */
function sign(ca: string, csrPem: string, out: string, form: 'PEM' | 'DER' = 'PEM'): string {
  openssl.write(`${out}.csr`, csrPem);
  openssl.run(
    ['x509', '-req', '-in', `${out}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-days', '30'].concat([
      '-extfile',
      'leaf.ext',
      '-outform',
      form,
      '-out',
      out,
    ]),
  );
  return join(openssl.dir, out);
}

interface Signer {
  readonly url: string;
  readonly seen: { method: string; url: string; apiKey: string | undefined }[];
  close(): Promise<void>;
}

/** A generic HTTP signer: POST {"csr": PEM} with X-API-Key -> {"certificate": PEM, "chain": [CA PEM]}. */
async function startSigner(origin: string, caPem: string): Promise<Signer> {
  const seen: Signer['seen'] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => resolve(body));
    });
  const server: Server = createServer(async (req, res) => {
    const key = req.headers['x-api-key'];
    seen.push({ method: req.method ?? '', url: req.url ?? '', apiKey: Array.isArray(key) ? key[0] : key });
    const cors = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type, X-API-Key',
        ...(req.headers['access-control-request-private-network']
          ? { 'Access-Control-Allow-Private-Network': 'true' }
          : {}),
      });
      return res.end();
    }
    const body = await read(req);
    if (key !== API_KEY) {
      res.writeHead(401, { ...cors, 'Content-Type': 'application/json' });
      return res.end('{"error":"unknown API key"}');
    }
    const csr = (JSON.parse(body) as { csr: string }).csr;
    const leaf = openssl.run(['x509', '-in', sign('signer-ca', csr, `signed-${seen.length}.pem`)]);
    res.writeHead(200, { ...cors, 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ certificate: leaf, chain: [caPem] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function expectNoCredential(what: string, text: string): void {
  expect(text.length, `${what} is empty`).toBeGreaterThan(0);
  expect(text.includes(TOKEN), `${what} holds the query token`).toBe(false);
  expect(text.includes(API_KEY), `${what} holds the X-API-Key value`).toBe(false);
}

async function provisionWithSigner(page: Page, signer: Signer, caPem: string): Promise<void> {
  await connectEmulated(page, 'nrf9160-b');
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  await page.getByRole('radio', { name: /HTTP signer/ }).check();
  const address = page.getByRole('textbox', { name: 'Signer address (POST)' });
  await address.fill(`${signer.url}/sign?profile=iot&token=${TOKEN}`);
  await page.getByRole('textbox', { name: 'Credential header (empty for none)' }).fill('X-API-Key');
  await page.getByLabel('Header value', { exact: true }).fill(API_KEY);
  await page.getByRole('textbox', { name: 'CA certificate(s) this signer chains to (PEM)' }).fill(caPem);
  // The token in the address is refused by the settings, pointing to the header field; Start goes nowhere.
  await expect(page.getByText(/"token" in its query, which looks like a credential/)).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expect(page.getByText(/The CA source cannot be used yet/)).toBeVisible();
  expect(signer.seen).toEqual([]);
  await address.fill(`${signer.url}/sign?profile=iot`);
  await primary(page, 'Start provisioning').click();
  await expectDone(page);
}

async function provisionManually(page: Page, caPem: string): Promise<void> {
  await page.getByRole('button', { name: 'Disconnect' }).click();
  await connectEmulated(page, 'nrf9160-a');
  await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
  await page.getByRole('textbox', { name: 'sec_tag' }).fill('7');
  await page.getByRole('radio', { name: /Manual exchange/ }).check();
  await page.getByRole('textbox', { name: 'CA certificate(s) (PEM)' }).fill(caPem);
  await primary(page, 'Start provisioning').click();
  const csr = await downloadedText(page, () => page.getByRole('button', { name: 'Download the CSR' }).click());
  await page.getByLabel('or pick the file').setInputFiles(sign('manual-ca', csr.text, 'manual-leaf.der', 'DER'));
  await expectDone(page);
}

test('an HTTP signer with a header credential and a manual exchange leave no credential in any store, export or report', async ({
  page,
  baseURL,
}) => {
  const signerCa = caFiles('signer-ca');
  const manualCa = caFiles('manual-ca');
  const signer = await startSigner(new URL(baseURL!).origin, signerCa);
  try {
    await setOperator(page, 'E2E Technician');
    await provisionWithSigner(page, signer, signerCa);
    // The signer saw the key in its header only; no request ever carried the token.
    const posts = signer.seen.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ url: '/sign?profile=iot', apiKey: API_KEY });
    expect(signer.seen.some((r) => r.url.includes(TOKEN))).toBe(false);
    const flowFiles = [];
    for (const kind of ['CSR', 'certificate', 'chain'])
      flowFiles.push(
        await downloadedText(page, () =>
          page.getByRole('button', { name: `Download the ${kind}`, exact: true }).click(),
        ),
      );

    await provisionManually(page, manualCa);
    for (const kind of ['certificate', 'chain'])
      flowFiles.push(
        await downloadedText(page, () =>
          page.getByRole('button', { name: `Download the ${kind}`, exact: true }).click(),
        ),
      );
    for (const f of flowFiles) expectNoCredential(`download ${f.name}`, f.text);

    const records = await auditRecords(page);
    expect(count(records, 'certificate-issued', 'success')).toBe(2);
    const issued = records
      .filter((r) => r.action === 'certificate-issued')
      .map((r) => (r.detail as { caName?: string }).caName);
    expect(issued).toEqual([`HTTP signer ${signer.url}/sign`, 'Manual exchange']);

    const audit = await dumpDatabase(page, 'keywire-audit');
    expectNoCredential('IndexedDB keywire-audit', audit);
    expect(scanForSecrets(audit)).toEqual([]);
    expectNoCredential('IndexedDB keywire-flows', await dumpDatabase(page, 'keywire-flows'));

    await openSection(page, 'audit');
    const jsonl = await downloadedText(page, () => page.getByRole('button', { name: 'Export JSON Lines' }).click());
    const csv = await downloadedText(page, () => page.getByRole('button', { name: /^Export CSV/ }).click());
    expect(jsonl.text).toContain(`HTTP signer ${signer.url}/sign`);
    expectNoCredential('the JSON Lines export', jsonl.text);
    expectNoCredential('the CSV export', csv.text);

    // A diagnostics report on the board provisioned last (connected still), with its health check.
    await openSection(page, 'diagnose');
    await runHealthCheck(page);
    const report = page.getByRole('region', { name: 'Export report' });
    const html = await downloadedText(page, () => report.getByRole('button', { name: 'Download HTML report' }).click());
    const json = await downloadedText(page, () => report.getByRole('button', { name: 'Download JSON report' }).click());
    for (const [what, text] of [
      ['the HTML report', html.text],
      ['the JSON report', json.text],
    ] as const) {
      expectNoCredential(what, text);
      expect(scanForSecrets(text), what).toEqual([]);
    }
  } finally {
    await signer.close();
  }
});
