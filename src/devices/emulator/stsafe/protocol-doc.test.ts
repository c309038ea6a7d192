// Every example exchange in docs/secure-element-protocol.md, replayed byte for byte against the emulated
// STSAFE-A110: the document cannot drift from the board the adapter is tested against.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SE_VERBS } from '../../protocols/se-constants.ts';
import { exampleBlocks, replay } from './doc-exchanges.ts';

const DOC = new URL('../../../../docs/secure-element-protocol.md', import.meta.url);
const blocks = exampleBlocks(readFileSync(DOC, 'utf8'));
const answers = replay(blocks);

describe('docs/secure-element-protocol.md examples', () => {
  it('has an example for every verb', () => {
    const sent = new Set(blocks.flatMap((b) => b.exchanges.map((e) => e.send.split(' ')[1])));
    for (const verb of SE_VERBS) expect(sent, verb).toContain(verb);
  });

  it.each(blocks.map((block, i) => ({ block, i, at: block.line })))(
    'block at line $at replays exactly',
    ({ block, i }) => {
      expect(block.exchanges.length).toBeGreaterThan(0);
      expect(answers[i]).toEqual(block.exchanges.map((e) => e.expect));
    },
  );
});
