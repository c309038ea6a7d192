// Offline use: the built app, served by its own `vite preview` on another port, is opened once and saved by its
// service worker; then the server is stopped and the browser taken offline, and the page is reloaded and used to
// provision an emulated board with the lab CA to a verified certificate. The other specs block service workers
// (playwright.config.ts) so that a cached build never answers for them.
import { spawn, type ChildProcess } from 'node:child_process';
import { expect, test } from './fixtures/test.ts';
import { connectEmulated, openSection, setOperator } from './fixtures/app.ts';
import { expectDone, primary } from './provision-fixtures.ts';

// It takes its context offline: a context of its own, not the worker's reused one (playwright.config.ts).
test.use({ reuseContext: false });

// Its own server on E2E_PORT + 1 (or E2E_OFFLINE_PORT, when that port belongs to another run on this machine).
const port = Number(process.env.E2E_OFFLINE_PORT ?? Number(process.env.E2E_PORT ?? 4719) + 1);
const origin = `http://127.0.0.1:${port}`;
test.use({ baseURL: origin, serviceWorkers: 'allow' });

let server: ChildProcess | undefined;

async function answers(): Promise<boolean> {
  try {
    return (await fetch(origin, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.beforeAll(async () => {
  server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--port', String(port), '--strictPort'],
    {
      stdio: 'ignore',
    },
  );
  await until(answers, `the app is served on ${origin}`);
});

test.afterAll(() => {
  server?.kill();
});

test('once saved, the app reloads with its server gone and no network, and provisions with the lab CA', async ({
  page,
  context,
}) => {
  await setOperator(page, 'E2E Technician');
  await expect(page.getByTestId('offline-readiness')).toContainText('Ready', { timeout: 30_000 });
  await expect(page.getByText('Network: connected')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'No network' })).toHaveCount(0);

  server!.kill();
  await until(async () => !(await answers()), 'the server has stopped');
  await context.setOffline(true);

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'No network: lab CA and boards still work' })).toBeVisible();
  await expect(page.getByText('Network: none right now')).toBeVisible();
  // What an installed app needs comes from the saved build too: the manifest, every icon it names, the favicon.
  const installFiles = await page.evaluate(async () => {
    const manifestUrl = new URL(document.querySelector<HTMLLinkElement>('link[rel="manifest"]')!.href);
    const manifest = (await (await fetch(manifestUrl)).json()) as { icons: { src: string }[]; start_url: string };
    const urls = [
      document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.href,
      ...manifest.icons.map((i) => new URL(i.src, manifestUrl).href),
    ];
    const statuses = await Promise.all(urls.map(async (u) => (await fetch(u)).status));
    return { statuses, startUrl: new URL(manifest.start_url, manifestUrl).href };
  });
  expect(installFiles.statuses.length).toBeGreaterThan(2);
  expect(installFiles.statuses.every((s) => s === 200)).toBe(true);
  // The installed app opens at the manifest's start_url, with no server and no network.
  await page.goto(installFiles.startUrl);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await openSection(page, 'settings');
  // The settings typed before the reload are still there (localStorage), and every section opens.
  await expect(page.getByRole('textbox', { name: 'Operator name' })).toHaveValue('E2E Technician');
  await openSection(page, 'diagnose');
  await openSection(page, 'audit');

  // The crypto worker starts only now (lazily), from the saved build.
  await connectEmulated(page, 'nrf9160-c');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expectDone(page);
});
