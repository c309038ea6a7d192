// The fault matrix table: each spec file of the suite records one cell per (fault, family) as its tests run (the
// outcome the page showed, or why the cell does not apply), and prints the table after its last test. Cells are
// kept in a file under test-results/ (Playwright empties it at the start of a run), so a worker restarted after a
// failed test still prints every cell.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FamilyName } from './families.ts';

const FAMILY_ORDER: readonly FamilyName[] = ['nRF91', 'Zephyr', 'STSAFE'];

type Cells = Record<string, Partial<Record<FamilyName, string>>>;

export class Matrix {
  readonly #dir: string;
  readonly #file: string;

  /** `rows`: the faults in the order the table lists them. */
  constructor(
    readonly title: string,
    readonly rows: readonly string[],
  ) {
    this.#dir = join(import.meta.dirname, '..', '..', 'test-results', 'fault-matrix');
    this.#file = join(this.#dir, `${title.replace(/[^a-z0-9]+/gi, '-')}.json`);
  }

  #load(): Cells {
    try {
      return JSON.parse(readFileSync(this.#file, 'utf8')) as Cells;
    } catch {
      return {};
    }
  }

  set(fault: string, family: FamilyName, text: string): void {
    const cells = this.#load();
    cells[fault] = { ...cells[fault], [family]: text };
    mkdirSync(this.#dir, { recursive: true });
    writeFileSync(this.#file, JSON.stringify(cells));
  }

  /** A cell that does not apply, with the reason. */
  notApplicable(fault: string, family: FamilyName, why: string): void {
    this.set(fault, family, `n/a: ${why}`);
  }

  /** Runs a cell's test and records its outcome text, or that the test failed. */
  async cell(fault: string, family: FamilyName, run: () => Promise<string>): Promise<void> {
    const started = performance.now();
    const took = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    try {
      this.set(fault, family, await run());
      console.log(`fault matrix: ${family}, ${fault}: ${took()}`);
    } catch (e) {
      const text = String((e as Error).message ?? e).replace(/\x1b\[[0-9;]*m/g, '');
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      this.set(fault, family, `TEST FAILED: ${lines.slice(0, 3).join(' / ')}`);
      console.log(`fault matrix: ${family}, ${fault}: failed after ${took()}`);
      throw e;
    }
  }

  table(): string {
    const cells = this.#load();
    const faults = [...this.rows, ...Object.keys(cells).filter((f) => !this.rows.includes(f))];
    const rows = faults.map((fault) => [fault, ...FAMILY_ORDER.map((f) => cells[fault]?.[f] ?? 'not run')]);
    const header = ['fault', ...FAMILY_ORDER];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    return [
      `Fault matrix: ${this.title} (fault x family -> outcome)`,
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
    ].join('\n');
  }

  print(): void {
    console.log(`\n${this.table()}\n`);
  }
}
