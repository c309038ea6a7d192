// Layer: emulated STSAFE-A110, test support (tests and tools only). Reads the fenced `kwse` examples of
// docs/secure-element-protocol.md and plays them against a board, so the document cannot drift from the emulator
// (and the emulator is what the adapter's tests talk to). Block syntax: `> line` is sent (with LF), `< line` is an
// expected answer line, `# continue` keeps the previous block's board (else each block gets a fresh factory board),
// `# fault: <kind>` queues a fault; other `#` lines are comments.
import { StsafeBoard, type StsafeFault } from './stsafe-board.ts';
import { STSAFE_FACTORY_BOARDS } from './stsafe-factory.ts';

export interface Exchange {
  readonly send: string;
  readonly expect: readonly string[];
}

export interface ExampleBlock {
  /** 1-based line of the opening fence in the document. */
  readonly line: number;
  readonly continues: boolean;
  readonly faults: readonly StsafeFault[];
  readonly exchanges: readonly Exchange[];
}

export function exampleBlocks(markdown: string): ExampleBlock[] {
  const blocks: ExampleBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```kwse') continue;
    const start = i + 1;
    const exchanges: { send: string; expect: string[] }[] = [];
    const faults: StsafeFault[] = [];
    let continues = false;
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) {
      const text = lines[i]!.trim();
      if (text === '# continue') continues = true;
      else if (text.startsWith('# fault: ')) faults.push(text.slice(9) as StsafeFault);
      else if (text.startsWith('> ')) exchanges.push({ send: text.slice(2), expect: [] });
      else if (text.startsWith('< ')) exchanges.at(-1)?.expect.push(text.slice(2));
    }
    blocks.push({ line: start, continues, faults, exchanges });
  }
  return blocks;
}

/** Plays blocks in order; returns, per block, the answer lines the board gave to each sent line. */
export function replay(blocks: readonly ExampleBlock[]): string[][][] {
  let board: StsafeBoard | undefined;
  let out = '';
  return blocks.map((block) => {
    if (!block.continues || !board) {
      board = new StsafeBoard({ factory: STSAFE_FACTORY_BOARDS[0]!, seed: 1 });
      board.onOutput = (bytes) => (out += new TextDecoder().decode(bytes));
      board.powerOn();
    }
    for (const fault of block.faults) board.inject(fault);
    return block.exchanges.map((exchange) => {
      out = '';
      board!.receive(new TextEncoder().encode(`${exchange.send}\n`));
      return out.split('\r\n').filter((l) => l !== '');
    });
  });
}
