// Certificate authorities against the production build. The lab CA is created in one click and its exported
// certificate checked with openssl; `npm run ca-server` runs as a real process on another port (another origin),
// so every EST exchange below passes the browser's CORS rules for real: /cacerts from the settings, a refused
// origin explained, and an enrollment through the app's EST client (via the keywire.devHooks test hook) with a
// preflight for Authorization, 202 + Retry-After read across origins, and the certificate verified with openssl.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test.ts';
import { startCaServer, type RunningCaServer } from '../tools/ca-server-testing.ts';
import type {} from '../src/ui/ca/dev-hooks.ts';
import { confirmEstCa } from './fixtures/est.ts';

const work = mkdtempSync(join(tmpdir(), 'kw-e2e-ca-'));
// With fullyParallel a worker may run this file's afterAll and later get another of its tests: make the folder again.
test.beforeAll(() => mkdirSync(work, { recursive: true }));
test.afterAll(() => rmSync(work, { recursive: true, force: true }));
const openssl = (args: string[]) => execFileSync('openssl', args, { cwd: work, encoding: 'utf8' });

async function openCaSettings(page: Page): Promise<void> {
  await page.goto('/#/settings');
  await expect(page.getByRole('group', { name: 'Certificate authority for provisioning' })).toBeVisible();
}

async function chooseEst(page: Page, url: string): Promise<void> {
  await page.getByRole('radio', { name: /EST server/ }).check();
  await page.getByRole('textbox', { name: 'EST server address' }).fill(url);
}

test('lab CA: one click creates it; the exported certificate verifies as a CA with openssl; it stays after a reload', async ({
  page,
}) => {
  await openCaSettings(page);
  await expect(page.getByRole('radio', { name: /Lab CA in this browser/ })).toBeChecked();
  await expect(page.getByText('No lab CA yet.')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Curve' })).toHaveValue('P-256');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  const panel = page.getByRole('region', { name: 'Lab CA' });
  await expect(panel.getByRole('status')).toHaveText('Lab CA "Bench CA" created and chosen for provisioning.');
  const list = page.getByRole('list', { name: 'Lab CAs' });
  await expect(list.getByText('used for provisioning')).toBeVisible();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export certificate of Bench CA' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Bench-CA-ca.pem');
  const file = join(work, 'bench-ca.pem');
  await download.saveAs(file);
  const pem = readFileSync(file, 'utf8');
  expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  expect(pem).not.toContain('PRIVATE');
  expect(openssl(['x509', '-in', file, '-noout', '-ext', 'basicConstraints,keyUsage'])).toMatch(
    /CA:TRUE[\s\S]*Certificate Sign/,
  );
  expect(openssl(['x509', '-in', file, '-noout', '-subject'])).toContain('Bench CA Root CA');
  expect(openssl(['verify', '-CAfile', file, file])).toMatch(/: OK/);

  await page.reload();
  await expect(page.getByRole('list', { name: 'Lab CAs' }).getByText('Bench CA', { exact: true })).toBeVisible();
  await expect(page.getByText('No lab CA yet.')).toHaveCount(0);
});

test.describe('EST against npm run ca-server on another origin', () => {
  let server: RunningCaServer;
  test.beforeAll(async ({ baseURL }) => {
    server = await startCaServer({
      args: ['--origin', new URL(baseURL!).origin, '--pending', '1', '--retry-after', '1'],
      env: { KEYWIRE_CA_USER: 'bench', KEYWIRE_CA_PASSWORD: 'e2e pass' },
    });
  });
  test.afterAll(() => server?.stop());

  test('the settings fetch its CA certificates, show the fingerprints the server printed, and confirm them', async ({
    page,
  }) => {
    await openCaSettings(page);
    await chooseEst(page, server.url.replace('/.well-known/est', ''));
    await expect(page.getByText(`Requests go to ${server.url}/cacerts`)).toBeVisible();
    await expect(page.getByRole('note')).toContainText('Not confirmed yet');
    await page.getByRole('button', { name: 'Fetch CA certificates' }).click();
    const certs = page.getByRole('list', { name: 'CA certificates' });
    await expect(certs).toContainText('KeyWire Lab EST Root CA');
    await confirmEstCa(page, server);
    await expect(
      page.getByRole('status').filter({ hasText: 'These are the CA certificates you confirmed' }),
    ).toBeVisible();
    // The choice, the address and the confirmation survive a reload; they are settings, not secrets.
    await page.reload();
    await expect(page.getByRole('radio', { name: /EST server/ })).toBeChecked();
    await expect(page.getByRole('textbox', { name: 'EST server address' })).toHaveValue(
      server.url.replace('/.well-known/est', ''),
    );
    await expect(page.getByRole('group', { name: 'Confirmed CA certificates' })).toContainText(server.rootFingerprint);
    // Another address needs its own confirmation.
    await chooseEst(page, 'http://127.0.0.1:7031');
    await expect(page.getByRole('note')).toContainText('Not confirmed yet');
  });

  test('a server whose CA is not the confirmed one is flagged, and nothing is trusted until confirmed again', async ({
    page,
    baseURL,
  }) => {
    const other = await startCaServer({ args: ['--origin', new URL(baseURL!).origin] });
    try {
      await openCaSettings(page);
      await chooseEst(page, other.url.replace('/.well-known/est', ''));
      await confirmEstCa(page, other);
      await other.stop();
      // The same address now answered by a server with another CA (rebuilt, or someone in between).
      const port = new URL(other.url).port;
      const impostor = await startCaServer({ args: ['--origin', new URL(baseURL!).origin, '--port', port] });
      try {
        await page.getByRole('button', { name: 'Fetch CA certificates' }).click();
        await expect(page.getByRole('list', { name: 'CA certificates' })).toContainText(impostor.rootFingerprint);
        await expect(page.getByRole('alert')).toContainText('These are not the CA certificates you confirmed before');
        await expect(page.getByRole('list', { name: 'CA certificates' }).getByText('not confirmed')).toHaveCount(2);
      } finally {
        await impostor.stop();
      }
    } finally {
      await other.stop();
    }
  });

  test('a server that does not allow this origin is explained, naming the origin to allow', async ({
    page,
    baseURL,
  }) => {
    const other = await startCaServer({ args: ['--origin', 'http://127.0.0.1:1'] });
    try {
      await openCaSettings(page);
      await chooseEst(page, other.url);
      await page.getByRole('button', { name: 'Fetch CA certificates' }).click();
      const alert = page.getByRole('alert');
      await expect(alert).toContainText('The CA could not be reached');
      await expect(alert).toContainText(`the server must allow this origin: ${new URL(baseURL!).origin}`);
    } finally {
      await other.stop();
    }
  });

  test('enrollment from the page: Basic auth preflight, 202 + Retry-After across origins, openssl verifies', async ({
    page,
  }) => {
    openssl(
      ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'dev.key'].concat([
        '-subj',
        '/CN=e2e-board-1',
        '-outform',
        'DER',
        '-out',
        'dev.der',
      ]),
    );
    const der = readFileSync(join(work, 'dev.der'));
    const pem = openssl(['req', '-inform', 'DER', '-in', 'dev.der']);
    await page.addInitScript(() => localStorage.setItem('keywire.devHooks', '1'));
    await openCaSettings(page);
    await page.waitForFunction(() => window.keywireCa !== undefined);
    const result = await page.evaluate(
      async ({ url, derB64, pem, fingerprints }) => {
        const hooks = window.keywireCa!;
        hooks.secrets.set('est.password', 'e2e pass');
        // The fingerprints the server printed, confirmed for its address (what the CA check's button stores).
        const pinned = fingerprints.map((f) => ({ sha256: f.replace(/:/g, ''), subject: '' }));
        const unconfirmed = await hooks.open({ kind: 'est', est: { ...hooks.defaults.est, url } });
        if (unconfirmed.ok || unconfirmed.error.code !== 'ca-not-trusted')
          return { error: 'opened without a confirmed CA', statuses: [], certs: [] };
        const opened = await hooks.open({
          kind: 'est',
          est: { ...hooks.defaults.est, url, auth: 'basic', username: 'bench', pinned, pinnedFor: url },
        });
        if (!opened.ok) return { error: opened.error.message, statuses: [], certs: [] };
        const statuses: unknown[] = [];
        const r = await opened.value.enroll(
          {
            csrDer: Uint8Array.from(atob(derB64), (c) => c.charCodeAt(0)),
            csrPem: pem,
            device: { id: 'e2e-board-1' },
            profile: { validityDays: 30, commonName: { mode: 'keep' } },
          },
          { onStatus: (s) => statuses.push(s) },
        );
        const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
        return r.ok
          ? { error: null, statuses, certs: r.value.certificates.map(b64) }
          : { error: `${r.error.code}: ${r.error.message}`, statuses, certs: [] };
      },
      {
        url: server.url,
        derB64: der.toString('base64'),
        pem,
        fingerprints: [server.rootFingerprint, server.issuingFingerprint],
      },
    );
    expect(result.error).toBeNull();
    // Retry-After is only readable across origins because the server exposes it: 1 s here, not the 10 s default.
    expect(result.statuses).toEqual([
      { kind: 'sending' },
      { kind: 'waiting', retryAfterSeconds: 1, attempt: 1 },
      { kind: 'sending' },
    ]);
    const leaf = join(work, 'leaf.pem');
    writeFileSync(
      leaf,
      `-----BEGIN CERTIFICATE-----\n${result.certs[0]!.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`,
    );
    const verdict = openssl(
      ['verify', '-purpose', 'sslclient', '-CAfile', join(server.dir, 'root.pem')].concat([
        '-untrusted',
        join(server.dir, 'issuing.pem'),
        leaf,
      ]),
    );
    expect(verdict).toMatch(/: OK/);
    expect(openssl(['x509', '-in', leaf, '-noout', '-pubkey'])).toBe(openssl(['pkey', '-in', 'dev.key', '-pubout']));
    // The browser really sent a CORS preflight for the Authorization + Content-Type POST.
    await expect.poll(() => server.logs().some((l) => / OPTIONS \S+simpleenroll 204 .*preflight/.test(l))).toBe(true);
    expect(server.logs().join('\n')).not.toContain('e2e pass');
  });
});

test('credentials: in memory unless remembered; "forget" removes them; never in the saved settings', async ({
  page,
}) => {
  await openCaSettings(page);
  await chooseEst(page, 'http://127.0.0.1:7030');
  await page.getByRole('radio', { name: /HTTP Basic/ }).check();
  await page.getByRole('textbox', { name: 'User name' }).fill('bench');
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('in-memory-only');
  await expect(page.getByText('Kept in memory only')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect(page.getByRole('textbox', { name: 'User name' })).toHaveValue('bench');

  await page.getByLabel('Password', { exact: true }).fill('remember-me');
  await page.getByRole('checkbox', { name: 'Remember on this computer' }).check();
  await expect(page.getByText(/stored encrypted in this browser/)).toBeVisible();
  await expect(page.getByText(/does not protect against code running in this page/)).toBeVisible();
  const sealed = () => page.evaluate(() => localStorage.getItem('keywire.ca.remembered-credentials.v2'));
  await expect.poll(sealed).toMatch(/"est\.password":"v1\./);
  await page.reload();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('remember-me');
  const stored = await page.evaluate(() => ({ ...localStorage }));
  expect(stored['keywire.ca.config.v1']).not.toContain('remember-me');
  // Sealed with a non-extractable key kept in IndexedDB: the password is nowhere in localStorage.
  expect(JSON.stringify(stored)).not.toContain('remember-me');
  expect(stored['keywire.ca.remembered-credentials.v1']).toBeUndefined();

  await page.getByRole('button', { name: 'Forget password' }).click();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expect.poll(sealed).toBeNull();
});
