// Fault matrix, CA faults (issue 13 item 6): the EST CA (a real `npm run ca-server` behind the loopback server of
// fault-matrix/faulty-ca.ts) answers the enrollment once with 500, with 401, not at all (the 2 s time limit set in
// the CA picker ends the wait), or with garbage. Each run must stop at "Get the certificate" with a clear error,
// nothing written to the board and a true record; Continue (the CA behaves again) must end verified. The CA exchange
// is the same code for every family (src/ca and the flow's certificate step; the board is not involved until the
// certificate is checked), so every fault runs on the nRF91 and each other family meets one of them; the table says so.
import { expect, test, type Page } from './fixtures/test.ts';
import { startCaServer, type RunningCaServer } from '../tools/ca-server-testing.ts';
import { chooseEst, confirmEstCa } from './fixtures/est.ts';
import { FAMILIES, type Family, type FamilyName } from './fault-matrix/families.ts';
import { startFaultyCa, type CaFault, type FaultyCa } from './fault-matrix/faulty-ca.ts';
import { Matrix } from './fault-matrix/matrix.ts';
import {
  expectHonestEnd,
  freshStart,
  openBench,
  prepare,
  settle,
  startProvisioning,
  tryAgain,
} from './fault-matrix/run.ts';

test.describe.configure({ mode: 'default' });

const ROWS: Readonly<Record<CaFault, string>> = {
  'status-500': 'CA answers 500',
  'status-401': 'CA answers 401',
  timeout: 'CA does not answer (2 s time limit)',
  garbage: 'CA sends garbage',
};
const PLAN: Readonly<Record<FamilyName, readonly CaFault[]>> = {
  nRF91: ['status-500', 'status-401', 'timeout', 'garbage'],
  Zephyr: ['status-500', 'timeout'],
  STSAFE: ['status-401', 'garbage'],
};
const SAME_PATH = 'same CA exchange as the nRF91 cell (src/ca + the certificate step; no board command involved)';

const matrix = new Matrix('CA faults', Object.values(ROWS));
let upstream: RunningCaServer;
let ca: FaultyCa;

test.beforeAll(async ({ baseURL }) => {
  upstream = await startCaServer({ args: ['--origin', new URL(baseURL!).origin] });
  ca = await startFaultyCa(upstream);
});
test.afterAll(async () => {
  matrix.print();
  await ca?.stop();
  await upstream?.stop();
});

async function caCell(page: Page, family: Family, fault: CaFault): Promise<string> {
  const mark = await freshStart(page, family, { keygenMs: 200 });
  await prepare(page, family);
  // The EST choice and its confirmed CA certificates stay in Settings from the page's first cell.
  const confirmed = page.getByRole('group', { name: 'Confirmed CA certificates' });
  await expect(page.getByRole('radio', { name: /EST server/ })).toBeVisible();
  if (!(await confirmed.isVisible())) {
    await chooseEst(page, ca);
    await page.getByLabel('Time limit per request (seconds)').fill('2');
    await confirmEstCa(page, { ...upstream, url: ca.url });
  }
  const before = ca.faulted;
  ca.arm(fault);
  await startProvisioning(page);
  const outcome = await settle(page);
  expect(ca.faulted).toBe(before + 1);
  expect(outcome.state).toBe('stopped');
  expect(outcome.at).toBe('Get the certificate');
  const records = await expectHonestEnd(page, outcome, mark);
  expect(records.filter((r) => r.action === 'credential-write')).toEqual([]);
  const end = await tryAgain(page, outcome, mark);
  expect(end).toMatch(/-> verified$/);
  return end;
}

for (const family of FAMILIES) {
  test(`${family.name}: a CA that fails once stops the run before anything is written; Continue verifies`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await openBench(page);
    const failed: string[] = [];
    for (const fault of Object.keys(ROWS) as CaFault[]) {
      if (!PLAN[family.name].includes(fault)) {
        matrix.notApplicable(ROWS[fault], family.name, SAME_PATH);
        continue;
      }
      await matrix.cell(ROWS[fault], family.name, () => caCell(page, family, fault)).catch(() => failed.push(fault));
    }
    expect(failed, 'cells that failed (the table says why)').toEqual([]);
  });
}
