// The shell client's answer limits against a board with endless output: the error names the limit, what the client
// holds stays under it (and is let go once past), the flood never reaches the answer, and once the prompt is back
// the next command gets its own answer.
import { describe, expect, it } from 'vitest';
import { SerialConnection } from '../transport/connection.ts';
import { FakePort } from '../transport/testing/fake-port.ts';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_LINES, ShellClient } from './shell-client.ts';
import { COLOURED_PROMPT, scriptShell } from './testing/scripted-shell.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function floodingShell(line: string) {
  const port = new FakePort();
  const opened = await SerialConnection.open(port);
  if (!opened.ok) throw new Error(opened.error.message);
  let flooding = false;
  let sent = 0;
  const flood = () => {
    if (!flooding) return void port.send(COLOURED_PROMPT);
    port.send(`${line}\r\n`.repeat(50));
    sent += 50;
    setTimeout(flood, 0);
  };
  scriptShell(port, (command) => {
    if (command === 'cred list') {
      flooding = true;
      queueMicrotask(() => port.send('cred list\r\n'));
      setTimeout(flood, 0);
      return undefined;
    }
    return { chunks: [`${command}\r\nfine\r\n${COLOURED_PROMPT}`] };
  });
  const client = new ShellClient(opened.value);
  return { client, sent: () => sent, stop: () => (flooding = false) };
}

describe('ShellClient answer limits against endless output', () => {
  it.each([
    ['short lines', 'x,CA,AAAA,0', `more than ${DEFAULT_MAX_LINES} lines in answer to cred list`],
    ['long lines', 'y'.repeat(4000), `more than 64 kB in answer to cred list`],
  ])('%s: names the limit, holds at most the limit, lets go, serves the next command', async (_, line, want) => {
    const board = await floodingShell(line);
    const listing = board.client.send('cred list');
    let done = false;
    let most = 0;
    void listing.then(() => (done = true));
    while (!done && board.sent() < 50_000) {
      most = Math.max(most, board.client.heldChars);
      await sleep(1);
    }
    const r = await listing;
    expect(!r.ok && r.error.code).toBe('protocol');
    expect(!r.ok && r.error.message).toContain(want);
    expect(!r.ok && r.error.message).toContain(`${DEFAULT_MAX_LINES} lines / 64 kB`);
    expect(!r.ok && r.error.onWire).toBe(true);
    expect(most).toBeLessThanOrEqual(DEFAULT_MAX_BYTES);
    const at = board.sent();
    while (board.sent() < at + 200) await sleep(1);
    expect(board.client.heldChars).toBe(0);
    const next = board.client.send('kernel version');
    await sleep(10);
    expect(board.client.pending).toBe(2);
    board.stop();
    const n = await next;
    expect(n.ok && n.value.lines).toEqual(['fine']);
  });
});
