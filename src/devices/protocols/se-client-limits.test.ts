// The KWSE client's noise limits: a board that floods other output while a request waits gets a 'protocol' error
// naming the limit, the flood is no longer passed on, and the queue stays usable once the board answers.
import { describe, expect, it } from 'vitest';
import { SeClient, type SeUnsolicited } from './se-client.ts';
import { SE_MAX_NOISE_CHARS, SE_MAX_NOISE_LINES } from './se-constants.ts';
import { ScriptedBoard } from './testing/scripted-se-board.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SeClient noise limits', () => {
  it('fails a request flooded with lines, names the limit, drops the rest and serves the next request', async () => {
    let pingSeq = '';
    const board = new ScriptedBoard((seq, req) => {
      if (req.startsWith('PING')) {
        pingSeq = seq;
        return undefined;
      }
      return `${seq} OK model=X serial=0A0B\r\n`;
    });
    const client = new SeClient(board);
    const seen: SeUnsolicited[] = [];
    client.onUnsolicited((u) => seen.push(u));
    const ping = client.request('PING', ['AA']);
    await sleep(0);
    for (let i = 0; i < 5000; i++) board.send(`<script>alert(${i})</script> log line ${i}\r\n`);
    const r = await ping;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('protocol');
      expect(r.error.message).toContain(`more than ${SE_MAX_NOISE_LINES} lines of other output`);
      expect(r.error.message).toContain('PING AA');
      expect(r.error.onWire).toBe(true);
    }
    expect(seen.length).toBe(SE_MAX_NOISE_LINES);
    const next = client.request('ID');
    await sleep(5);
    expect(client.pending).toBe(2);
    board.send(`${pingSeq} OK\r\n`);
    const id = await next;
    expect(id.ok && id.value.fields['serial']).toBe('0A0B');
  });

  it('counts characters too: long noise lines fail the request at the size limit', async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    const ping = client.request('PING', ['AA'], { timeoutMs: 10_000 });
    await sleep(0);
    for (let i = 0; i < 100; i++) board.send(`${'N'.repeat(1000)}\r\n`);
    const r = await ping;
    expect(!r.ok && r.error.message).toContain(`more than ${SE_MAX_NOISE_CHARS / 1024} kB of other output`);
    client.dispose();
  });

  it('lets a little noise pass to the listeners and still takes the answer', async () => {
    let pingSeq = '';
    const board = new ScriptedBoard((seq) => {
      pingSeq = seq;
      return undefined;
    });
    const client = new SeClient(board);
    const seen: string[] = [];
    client.onUnsolicited((u) => seen.push(u.line));
    const ping = client.request('PING', ['AA']);
    await sleep(0);
    for (let i = 0; i < 10; i++) board.send(`boot log ${i}\r\n`);
    board.send(`${pingSeq} OK data=AA\r\n`);
    const r = await ping;
    expect(r.ok).toBe(true);
    expect(seen).toHaveLength(10);
  });
});
