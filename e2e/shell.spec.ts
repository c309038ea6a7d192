import { expect, test } from './fixtures/test.ts';

test('the shell navigates between the four sections', async ({ page }) => {
  await page.goto('/');
  for (const name of ['Diagnose', 'Audit', 'Settings', 'Provision']) {
    await page.getByRole('link', { name }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/${name.toLowerCase()}$`));
  }
});
