// Issue 14: the app's own work never blocks the page. First load (a fresh profile) and one provisioning run on the
// emulated nRF9160 with the lab CA, watched two ways: a PerformanceObserver for 'longtask' (buffered, installed
// before the app's code) and a Chromium trace of the app's main thread. The goal is no task over 50 ms; on the
// loaded 2-core machine the wall time of a task is mostly other processes' (a 20 ms task measured 400 ms there), so
// this test holds what the machine cannot move, the CPU time of every task, under a generous bound, and prints the
// observer's wall-clock long tasks; the 50 ms count per first load and per run is the provisioning bench's figure
// (bench/provision.bench.ts). The test's own lookups run in the page too: plain CSS selectors and slow polling only
// while it measures.
import { expect, test } from './fixtures/test.ts';
import { connectEmulated, setOperator } from './fixtures/app.ts';
import { devHooks } from './provision-fixtures.ts';
import { longTasksSeen, observeLongTasks, tasksText, tracedTasks } from './fixtures/main-thread.ts';

/** No task of the app may use this much CPU (ms): twice the 50 ms mark, for the shared machine's slower cores. */
const CPU_BOUND_MS = 100;
const cheap = { polling: 250, timeout: 60_000 };

test('first load: the shell and the start view come without a task that blocks the page', async ({ page, baseURL }) => {
  await observeLongTasks(page);
  const tasks = await tracedTasks(page, new URL(baseURL!).origin, async () => {
    await page.goto('/#/provision', { waitUntil: 'commit' });
    await page.waitForFunction(
      () => document.querySelector('button[aria-label^="Connect "]:not([disabled])') !== null,
      null,
      cheap,
    );
    await page.waitForTimeout(1000);
  });
  expect(await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'))).toBe(true);
  // The trace saw the app: its first task parsed the page, and more followed.
  expect(tasks.length).toBeGreaterThan(3);
  const seen = await longTasksSeen(page);
  expect(
    tasks.filter((t) => t.cpuMs >= CPU_BOUND_MS),
    `tasks: ${tasksText(tasks.filter((t) => t.ms >= 50))}; observer: ${seen.join(', ')}`,
  ).toEqual([]);
});

test('a provisioning run, Start to Done on the emulated nRF9160 with the lab CA, blocks the page in no task', async ({
  page,
  baseURL,
}) => {
  await devHooks(page);
  await observeLongTasks(page);
  await setOperator(page, 'Long Task Technician');
  await connectEmulated(page, 'nrf9160-b');
  await page.getByRole('button', { name: 'Create lab CA' }).click();
  await expect(page.getByText('used for provisioning')).toBeVisible();
  const before = (await longTasksSeen(page)).length;
  const tasks = await tracedTasks(page, new URL(baseURL!).origin, async () => {
    await page.click('button:text-is("Start provisioning")');
    await page.waitForFunction(
      () => [...document.querySelectorAll('h2, h3')].some((h) => h.textContent?.includes('Provisioned and verified')),
      null,
      cheap,
    );
    await page.waitForTimeout(500);
  });
  // The run happened: the flow reached Done and stored the certificate (the summary says so).
  await expect(page.getByRole('heading', { name: 'Provisioned and verified' })).toBeVisible();
  expect(tasks.length).toBeGreaterThan(10);
  const seen = (await longTasksSeen(page)).slice(before);
  expect(
    tasks.filter((t) => t.cpuMs >= CPU_BOUND_MS),
    `tasks: ${tasksText(tasks.filter((t) => t.ms >= 50))}; observer: ${seen.join(', ')}`,
  ).toEqual([]);
});
