// Provisioning benchmark for the Zephyr family, a small entry next to provision.bench.ts (nRF91): the production
// build in Chromium, driven through its own buttons against the emulated nRF7002 DK (Zephyr shell) at 115200 baud,
// paced (10 bits per byte), with the board's configured key generation time. Measured: wall time from entering
// "Generate key" to "Done" (verify passed, including its "survives a reboot" check) and the bytes the byte tap saw
// both ways meanwhile (the shell echoes every character, so a Zephyr write costs about twice its text). Printed
// against the wire-time bound: bytes x 10 / 115200 + key generation time.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { StepEvent } from '../src/ui/provision/flow-events.ts';
import type { WireCount } from '../src/ui/provision/page-state.ts';
import { ZEPHYR_FACTORIES } from '../src/devices/emulator/zephyr/factory.ts';
import type {} from '../src/devices/emulator/index.ts';
import { withBenchPage } from './browser.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BAUD = 115200;
const BOARD = 'nrf7002dk-a';
const label = ZEPHYR_FACTORIES.find((b) => b.id === BOARD)!.label;
const SETTINGS = { operator: 'Bench', site: 'bench', baudRate: BAUD, flowControl: 'hardware' };

async function drive(page: Page): Promise<{ ms: number; bytes: number; keygenMs: number }> {
  await page.getByRole('heading', { level: 1, name: 'Provision' }).waitFor();
  const keygenMs = await page.evaluate((id) => window.keywireEmulator!.control(id).keygenMs, BOARD);
  await page.getByRole('button', { name: `Connect ${label}`, exact: true }).click();
  await page.getByRole('heading', { name: 'Prepare' }).waitFor();
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await page.getByText('used for provisioning').waitFor();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start provisioning', exact: true }).click();
  await page.waitForFunction(
    (since) => window.keywireProvision!.events().some((e) => e.t >= since && e.step === 'done'),
    t0,
    { timeout: 120_000 },
  );
  const events = (await page.evaluate(() => window.keywireProvision!.events())) as StepEvent[];
  const done = events.find((e) => e.t >= t0 && e.step === 'done')!;
  const start = events.filter((e) => e.t >= t0 && e.t <= done.t && e.step === 'generate-key').at(-1);
  if (!start) throw new Error('the run left no generate-key event before done');
  const w = (await page.evaluate(([f, t]) => window.keywireProvision!.wire(f!, t!), [start.t, done.t])) as WireCount;
  return { ms: done.t - start.t, bytes: w.rx + w.tx, keygenMs };
}

export default async function provisionZephyrBench(): Promise<void> {
  const app = { root, configFile: join(root, 'vite.config.ts'), context: { acceptDownloads: true } };
  const r = await withBenchPage(app, async (page, url) => {
    await page.addInitScript((settings) => {
      localStorage.setItem('keywire.devHooks', '1');
      localStorage.setItem('keywire.settings.v1', JSON.stringify(settings));
    }, SETTINGS);
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    await page.goto(`${url}#/provision`);
    return await drive(page).catch(async (e: unknown) => {
      const text = await page.evaluate(() => document.body.innerText).catch(() => '');
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- page ---\n${text.slice(0, 1500)}`);
    });
  });
  const minimumMs = (r.bytes * 10 * 1000) / BAUD + r.keygenMs;
  const line = (text: string, value: string) => console.log(`${text.padEnd(62)} ${value}`);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `inputs: emulated nRF7002 DK (Zephyr shell) at ${BAUD} baud (paced, 10 bits/byte), key generation ${r.keygenMs} ms, lab CA, production build`,
  );
  line('Zephyr board: Generate key -> Done (incl. reboot check), measured', s(r.ms));
  line('Zephyr board: bytes on the wire (both ways, echo included)', `${r.bytes}`);
  line('Zephyr board: minimum = bytes x 10 / baud + key generation', s(minimumMs));
  line('ratio Zephyr board: measured / minimum', (r.ms / minimumMs).toFixed(2));
}
