// Issue 14: the app's own work never blocks the page: no main-thread task over 50 ms at first load (a fresh profile,
// navigation until a Connect button can be pressed, plus one second) or during one provisioning run on the emulated
// nRF9160 with the lab CA. Watched two ways: a Chromium trace of the app's main thread, which the test bounds, and a
// PerformanceObserver for 'longtask' (buffered, installed before the app's code), whose entries it prints.
//
// The bound is on each task's CPU time (the trace's thread time), 50 ms, not on its wall time: on the loaded 2-core
// machine the wall time of a task is mostly other processes' (a task of 20 ms of work measured 400 ms there), so a
// wall-clock bound would measure the machine, not the app, and fail or pass by chance. The CPU time is the page's own
// work; kept under 50 ms, the same task on a quiet machine is under 50 ms of wall time too, which is what the
// provisioning bench counts with the observer (bench/provision.bench.ts, goal 0 long tasks).
//
// The trace sees every task of the page's main thread, the test's own included, so while it records the test runs no
// script in the page: first load waits for a console line from an init script instead of querying the page (the
// first query evaluates Playwright's injected script, some 20 to 40 ms of CPU in one task), and the provisioning run
// polls slowly with plain CSS selectors on a page where that script is already in.
import { expect, test, type Page } from './fixtures/test.ts';
import { connectEmulated, setOperator } from './fixtures/app.ts';
import { devHooks } from './provision-fixtures.ts';
import {
  longTasksSeen,
  observeLongTasks,
  tasksText,
  tracedTasks,
  type MainThreadTask,
} from './fixtures/main-thread.ts';

// A first load in a fresh profile: its own context per test (playwright.config.ts).
test.use({ reuseContext: false });

/** No task of the page may use this much CPU (ms): the Long Tasks API's mark. */
const CPU_BOUND_MS = 50;
const cheap = { polling: 250, timeout: 60_000 };
const CONNECT_READY = 'e2e: a Connect button can be pressed';

/** Prints the page's busiest tasks (CPU) beside the test's result, for the record. */
function report(what: string, tasks: readonly MainThreadTask[], seen: readonly number[]): void {
  const busiest = [...tasks].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, 5);
  console.log(
    `${what}: ${tasks.length} tasks; most CPU: ${tasksText(busiest)}; observer (wall): ${seen.join(', ') || 'none'}`,
  );
}

/** An init script that writes CONNECT_READY to the console once an emulated board's Connect button is enabled (a
 * cheap check every 100 ms until then), so the test can wait without running anything in the page. */
async function announceConnectReady(page: Page): Promise<void> {
  await page.addInitScript((line) => {
    const timer = setInterval(() => {
      if (document.querySelector('button[aria-label^="Connect "]:not([disabled])') === null) return;
      clearInterval(timer);
      console.log(line);
    }, 100);
  }, CONNECT_READY);
}

test('first load: the shell and the start view come without a task that blocks the page', async ({ page, baseURL }) => {
  await observeLongTasks(page);
  await announceConnectReady(page);
  const tasks = await tracedTasks(page, new URL(baseURL!).origin, async () => {
    const ready = page.waitForEvent('console', { predicate: (m) => m.text() === CONNECT_READY, timeout: 60_000 });
    await page.goto('/#/provision', { waitUntil: 'commit' });
    await ready;
    await page.waitForTimeout(1000);
  });
  expect(await page.evaluate(() => PerformanceObserver.supportedEntryTypes.includes('longtask'))).toBe(true);
  // The trace saw the app: its first task parsed the page, and more followed.
  expect(tasks.length).toBeGreaterThan(3);
  const seen = await longTasksSeen(page);
  report('first load', tasks, seen);
  expect(
    tasks.filter((t) => t.cpuMs >= CPU_BOUND_MS),
    `tasks over 50 ms or 25 ms of CPU: ${tasksText(tasks.filter((t) => t.ms >= 50 || t.cpuMs >= CPU_BOUND_MS / 2))}; observer: ${seen.join(', ')}`,
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
  report('provisioning run', tasks, seen);
  expect(
    tasks.filter((t) => t.cpuMs >= CPU_BOUND_MS),
    `tasks over 50 ms or 25 ms of CPU: ${tasksText(tasks.filter((t) => t.ms >= 50 || t.cpuMs >= CPU_BOUND_MS / 2))}; observer: ${seen.join(', ')}`,
  ).toEqual([]);
});
