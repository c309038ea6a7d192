// Fault matrix, error answers (issue 13 item 6): every family's board answers one command of a provisioning run
// with an error its firmware can give, injected through the emulator (`{ kind: 'answer', when }`: the command is not
// run, nothing changes on the board): nRF91 +CME ERROR 515 (memory full), 518 (not allowed while the modem is
// active) and 527 (invalid content); the Zephyr shell's `cred add` failures (-12 no memory, -5 I/O error) and a
// failed `nrf_cloud_cred keygen`; the secure element's status codes (KEYGEN, ZWRITE, SIGN refused by the chip).
// Each run must stop with a clear error and a true record (the refused step's intent closed as a failure), and
// Continue must then end verified. The table of outcomes is printed after the last test.
import { expect, test, type Page } from './fixtures/test.ts';
import { auditRecords } from './fixtures/audit.ts';
import { FAMILIES, type Family, type FamilyName } from './fault-matrix/families.ts';
import { Matrix } from './fault-matrix/matrix.ts';
import {
  createLabCa,
  expectHonestEnd,
  freshStart,
  injectAtStep,
  openBench,
  prepare,
  settle,
  startProvisioning,
  tryAgain,
} from './fault-matrix/run.ts';

test.describe.configure({ mode: 'default' });

const ROWS = [
  'error answer to key generation',
  'error answer to a write: no room',
  'error answer to a write: refused',
  'error answer to the signature over the CSR',
] as const;
type Row = (typeof ROWS)[number];

interface Answer {
  readonly step: string;
  readonly when: string;
  readonly text: string;
  /** The audit action whose intent the refused command closes as a failure. */
  readonly action: string;
}

const ANSWERS: Readonly<Record<FamilyName, Partial<Record<Row, Answer>>>> = {
  nRF91: {
    [ROWS[0]]: { step: 'Generate key', when: 'AT%KEYGEN=', text: '+CME ERROR: 518', action: 'keygen' },
    [ROWS[1]]: { step: 'Write', when: 'AT%CMNG=0,42,', text: '+CME ERROR: 515', action: 'credential-write' },
    [ROWS[2]]: { step: 'Write', when: 'AT%CMNG=0,42,', text: '+CME ERROR: 527', action: 'credential-write' },
  },
  Zephyr: {
    [ROWS[0]]: {
      step: 'Generate key',
      when: 'nrf_cloud_cred keygen',
      text: 'Failed to generate device key in sec tag 42, error: -12',
      action: 'keygen',
    },
    [ROWS[1]]: {
      step: 'Write',
      when: 'cred add 42',
      text: 'Failed to add TLS credential with sectag 42 and type CA. Error: -12',
      action: 'credential-write',
    },
    [ROWS[2]]: {
      step: 'Write',
      when: 'cred add 42',
      text: 'Failed to add TLS credential with sectag 42 and type CA. Error: -5',
      action: 'credential-write',
    },
  },
  STSAFE: {
    [ROWS[0]]: { step: 'Generate key', when: 'KEYGEN', text: 'ERR CHIP 05 unexpected error', action: 'keygen' },
    [ROWS[1]]: {
      step: 'Write',
      when: 'ZWRITE',
      text: 'ERR BOUNDS 14 offset + length runs past the end of the zone',
      action: 'credential-write',
    },
    [ROWS[2]]: { step: 'Write', when: 'ZWRITE', text: 'ERR CHIP 01 communication error', action: 'credential-write' },
    [ROWS[3]]: { step: 'Generate key', when: 'SIGN', text: 'ERR CHIP 1E unauthorized command', action: 'sign' },
  },
};

const NOT_APPLICABLE: Readonly<Partial<Record<FamilyName, Partial<Record<Row, string>>>>> = {
  nRF91: { [ROWS[3]]: '%KEYGEN signs the CSR on the board in the same command (row "key generation")' },
  Zephyr: { [ROWS[3]]: '`nrf_cloud_cred csr` signs on the board; no separate signature command is sent' },
};

const matrix = new Matrix('error answers', ROWS);
test.afterAll(() => matrix.print());

async function answerCell(page: Page, family: Family, answer: Answer): Promise<string> {
  const mark = await freshStart(page, family, { keygenMs: 200 });
  await prepare(page, family);
  await createLabCa(page);
  await injectAtStep(page, family, answer.step, { kind: 'answer', text: answer.text, when: answer.when });
  await startProvisioning(page);
  const outcome = await settle(page);
  expect(outcome.state).toBe('stopped');
  const records = await expectHonestEnd(page, outcome, mark);
  // The refused command's intent is on record as a failure (never a success), when the action is device-changing.
  const refused = records.filter((r) => r.action === answer.action && r.outcome !== 'intent');
  if (answer.action !== 'sign') expect(refused.at(-1)?.outcome).toBe('failure');
  const end = await tryAgain(page, outcome, mark);
  expect(end).toMatch(/-> verified$/);
  return `"${answer.text}" -> ${end}`;
}

for (const family of FAMILIES) {
  test(`${family.name}: each error answer stops the run with a clear error and a true record; Continue verifies`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await openBench(page);
    const failed: string[] = [];
    for (const row of ROWS) {
      const why = NOT_APPLICABLE[family.name]?.[row];
      const answer = ANSWERS[family.name][row];
      if (why) matrix.notApplicable(row, family.name, why);
      if (!answer) continue;
      await matrix.cell(row, family.name, () => answerCell(page, family, answer)).catch(() => failed.push(row));
    }
    expect(failed, 'cells that failed (the table says why)').toEqual([]);
    expect((await auditRecords(page)).length).toBeGreaterThan(0);
  });
}
