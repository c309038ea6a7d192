// What loads when first needed, in the production build: the provisioning view (device stack, flows, the emulator
// lab) on the first press in the start view, which it then does; each section when first opened; a chunk that does
// not arrive (the route aborted) is said in plain words with Try again, which loads it.
import { expect, test, type Page } from './fixtures/test.ts';
import { factory, identityCard } from './fixtures/app.ts';

/** Aborts every request for a chunk whose file name starts with `name` (the preload and the import) until the
 * returned `release()`; answers how many it aborted. */
async function block(page: Page, name: string): Promise<{ release: () => void; dropped: () => number }> {
  let blocked = true;
  let dropped = 0;
  await page.route(new RegExp(`/assets/${name}-[^/]*\\.js$`), (route) => {
    if (!blocked) return route.continue();
    dropped++;
    return route.abort('internetdisconnected');
  });
  return { release: () => void (blocked = false), dropped: () => dropped };
}

test('a press in the start view loads the provisioning view and connects the board it named', async ({ page }) => {
  const board = factory('nrf9160-b');
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto('/#/provision');
  await expect(page.getByRole('heading', { name: 'Connect a board', level: 2 })).toBeVisible();
  await page.waitForLoadState('networkidle');
  expect(asked.filter((p) => p.includes('/ProvisionBody-'))).toEqual([]);
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  await expect(identityCard(page)).toContainText(board.imei, { timeout: 30_000 });
  expect(asked.filter((p) => /\/ProvisionBody-[^/]*\.js$/.test(p)).length).toBeGreaterThan(0);
});

test('a provisioning view that does not arrive is said plainly; Try again loads it and does the press', async ({
  page,
}) => {
  const board = factory('nrf9160-a');
  const chunk = await block(page, 'ProvisionBody');
  await page.goto('/#/provision');
  await page.getByRole('button', { name: `Connect ${board.label}` }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This part of KeyWire could not be loaded');
  await expect(alert).toContainText('Check the connection, then try again.');
  await expect(alert).not.toContainText(/TypeError|\.js|at /);
  expect(chunk.dropped()).toBeGreaterThan(0);
  chunk.release();
  // The press that asked for the view is done once it is in: no second press.
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(identityCard(page)).toContainText(board.imei, { timeout: 30_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
});

for (const section of [
  { id: 'audit', chunk: 'AuditSection', heading: 'Audit' },
  { id: 'settings', chunk: 'SettingsSection', heading: 'Settings' },
  { id: 'diagnose', chunk: 'DiagnoseSection', heading: 'Diagnose' },
] as const) {
  test(`${section.id} loads when first opened; when it does not arrive, Try again brings it`, async ({ page }) => {
    const asked: string[] = [];
    page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    const chunk = await block(page, section.chunk);
    await page.goto('/#/provision');
    await expect(page.getByRole('heading', { name: 'Provision', level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(asked.filter((p) => p.includes(`/${section.chunk}-`))).toEqual([]);
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: new RegExp(section.id, 'i') })
      .click();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('This part of KeyWire could not be loaded');
    expect(chunk.dropped()).toBeGreaterThan(0);
    chunk.release();
    await alert.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(section.heading);
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
}
