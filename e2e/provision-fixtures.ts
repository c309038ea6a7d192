// Helpers for the provisioning e2e specs (e2e/provision*.spec.ts): counting audit records (read with
// fixtures/audit.ts), the flow's step events read from the page, the lab CA created and exported from Settings,
// openssl in a temp directory, and the credentials an emulated board stores, read through the board view's Read +
// Download PEM.
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type {} from '../src/ui/provision/page-state.ts';
import { credentialTable, downloadedText } from './fixtures/app.ts';
import type { PageAuditRecord } from './fixtures/audit.ts';

export const count = (records: readonly PageAuditRecord[], action: string, outcome: string, deviceId?: string) =>
  records.filter((r) => r.action === action && r.outcome === outcome && (!deviceId || r.device.id === deviceId)).length;

/** Turns on the dev hooks (window.keywireProvision, keywireAudit, keywireCa) before the app loads. */
export async function devHooks(page: Page): Promise<void> {
  await page.addInitScript(() => localStorage.setItem('keywire.devHooks', '1'));
}

export const stepper = (page: Page) => page.getByRole('list', { name: 'Provisioning steps' });
export const primary = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** Waits for Done: the stepper's last step is current and the summary says verified. */
export async function expectDone(page: Page, timeout = 45_000): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Provisioned and verified' })).toBeVisible({ timeout });
  await expect(stepper(page).getByRole('listitem', { name: 'Done: now' })).toBeVisible();
}

/**
 * openssl in its own temp directory. With fullyParallel a worker may run a spec's afterAll (cleanup) and later get
 * another of its tests: the directory is made again when it is gone.
 */
export class Openssl {
  readonly dir = mkdtempSync(join(tmpdir(), 'kw-e2e-prov-'));
  run(args: string[]): string {
    mkdirSync(this.dir, { recursive: true });
    return execFileSync('openssl', args, { cwd: this.dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }
  write(name: string, text: string): string {
    mkdirSync(this.dir, { recursive: true });
    const path = join(this.dir, name);
    writeFileSync(path, text);
    return path;
  }
  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** SHA-256 of a certificate's DER, 64 uppercase hex digits (what the label's fingerprint shows). */
export const derSha256 = (pem: string): string =>
  createHash('sha256').update(new X509Certificate(pem).raw).digest('hex').toUpperCase();

/** Reads a credential the board stores through the board view (Read, then Download PEM). */
export async function readFromBoard(page: Page, secTag: number, type: number): Promise<string> {
  await page.getByRole('button', { name: 'Refresh credentials' }).click();
  await credentialTable(page)
    .getByRole('button', { name: new RegExp(`^Read .*\\(type ${type}\\) at sec_tag ${secTag}$`) })
    .click();
  const file = await downloadedText(page, () => page.getByRole('button', { name: 'Download PEM' }).click());
  return file.text;
}

/** Creates the lab CA in Settings (one click) unless there is one, and returns its exported certificate PEM. */
export async function exportLabCa(page: Page): Promise<string> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const file = await downloadedText(page, () =>
    page
      .getByRole('button', { name: /^Export certificate of / })
      .first()
      .click(),
  );
  await page.getByRole('link', { name: 'Provision' }).click();
  return file.text;
}
