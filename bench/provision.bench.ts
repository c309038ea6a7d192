// Provisioning benchmark in the real app: the production build of KeyWire served by `vite preview`, driven in
// Chromium through its own buttons against the emulated nRF9160 at 115200 baud, paced (10 bits per byte) with the
// emulator's configured key generation time. Measured: wall time from entering "Generate key" to "Done" (verify
// passed), and the bytes the byte tap saw both ways meanwhile (window.keywireProvision, the dev hook). Printed as a
// ratio against what the wire and the board's own compute need: bytes x 10 / 115200 + key generation time. For one
// board, and for a batch of three (total span / sum of the per-board minimums).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { StepEvent } from '../src/ui/provision/flow-events.ts';
import type { WireCount } from '../src/ui/provision/page-state.ts';
import { NRF91_FACTORY_BOARDS } from '../src/devices/emulator/nrf91/nrf91-factory.ts';
import type {} from '../src/devices/emulator/index.ts';
import { withBenchPage } from './browser.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const BAUD = 115200;
const labelOf = (id: string) => NRF91_FACTORY_BOARDS.find((b) => b.id === id)!.label;
const SETTINGS = { operator: 'Bench', site: 'bench', baudRate: BAUD, flowControl: 'hardware' };

interface BoardRun {
  readonly deviceId: string;
  readonly ms: number;
  readonly bytes: number;
  readonly minimumMs: number;
}

const wire = (page: Page, from: number, to: number) =>
  page.evaluate(([f, t]) => window.keywireProvision!.wire(f!, t!), [from, to]) as Promise<WireCount>;

/** Per board: its last "generate-key" before each "done", the bytes in between and its minimum. */
async function runs(page: Page, since: number, keygenMs: number): Promise<BoardRun[]> {
  const events = (await page.evaluate(() => window.keywireProvision!.events())) as StepEvent[];
  const out: BoardRun[] = [];
  const recent = events.filter((e) => e.t >= since);
  for (const [i, e] of recent.entries()) {
    if (e.step !== 'done') continue;
    const start = recent
      .slice(0, i)
      .reverse()
      .find((x) => x.step === 'generate-key' && x.deviceId === e.deviceId);
    if (!start) continue;
    const w = await wire(page, start.t, e.t);
    const bytes = w.rx + w.tx;
    out.push({
      deviceId: e.deviceId ?? '?',
      ms: e.t - start.t,
      bytes,
      minimumMs: (bytes * 10 * 1000) / BAUD + keygenMs,
    });
  }
  return out;
}

/** Waits until the flow has reached Done `n` times since `since` (a Done still on screen from the board before
 * does not count). */
async function waitDone(page: Page, since: number, n: number): Promise<void> {
  await page.waitForFunction(
    ([since, n]) => window.keywireProvision!.events().filter((e) => e.t >= since! && e.step === 'done').length >= n!,
    [since, n],
    { timeout: 120_000 },
  );
}

async function drive(
  page: Page,
): Promise<{ single: BoardRun; batch: BoardRun[]; batchSpanMs: number; keygenMs: number }> {
  await page.getByRole('heading', { level: 1, name: 'Provision' }).waitFor();
  const keygenMs = await page.evaluate(() => window.keywireEmulator!.control('nrf9160-b').keygenMs);
  // One board: B, sec_tag 42, the lab CA created in one click.
  await page.getByRole('button', { name: `Connect ${labelOf('nrf9160-b')}`, exact: true }).click();
  await page.getByRole('heading', { name: 'Prepare' }).waitFor();
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await page.getByText('used for provisioning').waitFor();
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Start provisioning', exact: true }).click();
  await waitDone(page, t0, 1);
  const [single] = await runs(page, t0, keygenMs);
  if (!single) throw new Error('the single-board run left no generate-key/done events');

  // A batch of three: A, B, C at sec_tag 43 (free on all three), "Next board" as soon as each is done.
  await page.getByRole('button', { name: 'Disconnect', exact: true }).click();
  await page.getByRole('button', { name: `Connect ${labelOf('nrf9160-a')}`, exact: true }).click();
  await page.getByRole('heading', { name: 'Prepare' }).waitFor();
  await page.getByRole('textbox', { name: 'sec_tag' }).fill('43');
  const t1 = Date.now();
  await page.getByRole('button', { name: 'Start a batch with this profile and CA' }).click();
  for (let i = 0; i < 3; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Next board', exact: true }).click();
    await waitDone(page, t1, i + 1);
  }
  const batch = await runs(page, t1, keygenMs);
  if (batch.length !== 3) throw new Error(`the batch finished ${batch.length} boards, not 3`);
  const events = (await page.evaluate(() => window.keywireProvision!.events())) as StepEvent[];
  const first = events.find((e) => e.t >= t1 && e.step === 'generate-key')!;
  const last = events.filter((e) => e.t >= t1 && e.step === 'done').at(-1)!;
  await page.getByRole('button', { name: 'Stop the batch' }).click();
  return { single, batch, batchSpanMs: last.t - first.t, keygenMs };
}

export default async function provisionBench(): Promise<void> {
  const app = { root, configFile: join(root, 'vite.config.ts'), context: { acceptDownloads: true } };
  const r = await withBenchPage(app, async (page, url) => {
    await page.addInitScript((settings) => {
      localStorage.setItem('keywire.devHooks', '1');
      localStorage.setItem('keywire.settings.v1', JSON.stringify(settings));
    }, SETTINGS);
    if (process.env.KW_BENCH_DEBUG) page.on('console', (m) => console.error(`[page ${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    await page.goto(`${url}#/provision`);
    return await drive(page).catch(async (e: unknown) => {
      // What the page said when it stopped, for whoever reads the bench log.
      const text = await page.evaluate(() => document.body.innerText).catch(() => '');
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- page ---\n${text.slice(0, 1500)}`);
    });
  });
  const line = (label: string, value: string) => console.log(`${label.padEnd(62)} ${value}`);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(
    `inputs: emulated nRF9160 at ${BAUD} baud (paced, 10 bits/byte), key generation ${r.keygenMs} ms, lab CA, production build`,
  );
  line('one board: Generate key -> Done, measured', s(r.single.ms));
  line(`one board: bytes on the wire (both ways)`, `${r.single.bytes}`);
  line('one board: minimum = bytes x 10 / baud + key generation', s(r.single.minimumMs));
  line('ratio one board: measured / minimum', (r.single.ms / r.single.minimumMs).toFixed(2));
  const sumMin = r.batch.reduce((n, b) => n + b.minimumMs, 0);
  const sumMs = r.batch.reduce((n, b) => n + b.ms, 0);
  line('batch of 3: first Generate key -> last Done (incl. next-board connects)', s(r.batchSpanMs));
  line('batch of 3: per-board measured, summed', s(sumMs));
  line('batch of 3: sum of per-board minimums', s(sumMin));
  line('ratio batch: total / sum of per-board minimums', (r.batchSpanMs / sumMin).toFixed(2));
  line('ratio batch: per-board measured / minimums (board switching excluded)', (sumMs / sumMin).toFixed(2));
}
