// Refusals are evidence: a CA (the EST test server) that answers with a certificate for another key is refused before
// writing; the refusal, with the refused certificate's fingerprint and the reason, is in the audit trail and in the
// Diagnose report exported for that board.
import { expect, test, type Page } from './fixtures/test.ts';
import { startCaServer, type RunningCaServer } from '../tools/ca-server-testing.ts';
import { auditRecords } from './fixtures/audit.ts';
import { connectEmulated, downloadedText, openSection, setOperator } from './fixtures/app.ts';
import { chooseEst, confirmEstCa } from './fixtures/est.ts';
import { count, primary } from './provision-fixtures.ts';

async function useEst(page: Page, server: RunningCaServer): Promise<void> {
  await chooseEst(page, server);
  await confirmEstCa(page, server);
}

test('a certificate for another key is refused; the refusal is in the audit trail and the report', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const server = await startCaServer({ args: ['--origin', new URL(baseURL!).origin, '--misissue', 'other-key'] });
  try {
    await setOperator(page, 'E2E Technician');
    const board = await connectEmulated(page, 'nrf9160-b');
    await expect(page.getByRole('heading', { name: 'Prepare' })).toBeVisible();
    await useEst(page, server);
    await primary(page, 'Start provisioning').click();
    const alert = page.getByRole('alert').filter({ hasText: 'Blocked at Check before writing' });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText('The certificate is for another key');

    const records = await auditRecords(page);
    expect(count(records, 'credential-write', 'intent')).toBe(0);
    const refused = records.filter((r) => r.action === 'chain-checked' && r.outcome === 'failure');
    expect(refused).toHaveLength(1);
    const detail = refused[0]!.detail as { certSha256?: string; message?: string };
    expect(refused[0]!.errorCode).toBe('key-mismatch');
    expect(detail.certSha256).toMatch(/^[0-9A-F]{64}$/i);
    expect(detail.message).toContain('another key');

    await openSection(page, 'diagnose');
    const panel = page.getByRole('region', { name: 'Export report' });
    const refusals = panel.getByRole('checkbox', { name: /Certificates refused before writing/ });
    await expect(refusals).toBeEnabled({ timeout: 15_000 });
    await expect(refusals).toBeChecked();
    const json = await downloadedText(page, () => panel.getByRole('button', { name: 'Download JSON report' }).click());
    const report = JSON.parse(json.text) as {
      board: { deviceId: string } | null;
      refusals: { sha256: string; code: string; reason: string }[] | null;
    };
    expect(report.board?.deviceId).toBe(board.deviceUuid);
    expect(report.refusals).toHaveLength(1);
    expect(report.refusals![0]!.sha256).toBe(detail.certSha256);
    expect(report.refusals![0]!.code).toBe('key-mismatch');
    expect(report.refusals![0]!.reason).toContain('another key');
    const html = await downloadedText(page, () => panel.getByRole('button', { name: 'Download HTML report' }).click());
    expect(html.text).toContain('Certificates refused before writing');
    expect(html.text).toContain(detail.certSha256!);
  } finally {
    await server.stop();
  }
});
