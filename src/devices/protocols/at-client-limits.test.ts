// The AT client's answer limits: a board that answers with endless lines or bytes gets a 'protocol' error naming the
// limit, the client stops holding the answer, and the queue stays usable once the board sends its final result.
import { describe, expect, it } from 'vitest';
import { SerialConnection } from '../transport/connection.ts';
import { FakePort } from '../transport/testing/fake-port.ts';
import { AtClient } from './at-client.ts';
import { AT_MAX_ANSWER_BYTES, AT_MAX_ANSWER_LINES } from './at-constants.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A board that answers AT%CMNG=1 with lines until `stop()`, then OK; every other command with OK. */
async function floodingBoard(line: string) {
  const port = new FakePort();
  const opened = await SerialConnection.open(port);
  if (!opened.ok) throw new Error(opened.error.message);
  const at = new AtClient(opened.value);
  let flooding = false;
  let sent = 0;
  let pending = '';
  const flood = () => {
    if (!flooding) return void port.send('\r\nOK\r\n');
    port.send(`${line}\r\n`.repeat(50));
    sent += 50;
    setTimeout(flood, 0);
  };
  port.onWrite = (chunk) => {
    for (const ch of String.fromCharCode(...chunk)) {
      if (ch !== '\r') {
        pending += ch;
        continue;
      }
      const command = pending;
      pending = '';
      if (command === 'AT%CMNG=1') {
        flooding = true;
        setTimeout(flood, 0);
      } else queueMicrotask(() => port.send('\r\nOK\r\n'));
    }
  };
  return {
    at,
    sentLines: () => sent,
    stop: () => {
      flooding = false;
    },
  };
}

/** Waits for the result while sampling what the client holds; returns both. */
async function watch<T>(at: AtClient, pending: Promise<T>, whileWaiting: () => boolean) {
  let most = 0;
  let done: T | undefined;
  void pending.then((r) => (done = r));
  while (done === undefined && whileWaiting()) {
    most = Math.max(most, at.heldChars);
    await sleep(1);
  }
  await pending;
  return { result: done ?? (await pending), most };
}

describe('AtClient answer limits', () => {
  it('stops at 2,000 lines, names the limit, holds nothing more and keeps the queue usable', async () => {
    const board = await floodingBoard('%CMNG: 16842753,0,"2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD"');
    const listing = board.at.send('AT%CMNG=1');
    const { result, most } = await watch(board.at, listing, () => board.sentLines() < 20_000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('protocol');
      expect(result.error.message).toContain('more than 2,000 lines in answer to AT%CMNG=1');
      expect(result.error.message).toContain('2,000 lines / 256 kB');
      expect(result.error.onWire).toBe(true);
    }
    // The flood goes on after the error: the client drops it instead of holding it.
    const at = board.sentLines();
    while (board.sentLines() < at + 5000) await sleep(1);
    expect(board.at.heldChars).toBe(0);
    expect(most).toBeLessThanOrEqual(AT_MAX_ANSWER_BYTES);
    // A later command waits for the flooded command's final result, then gets its own answer.
    const next = board.at.send('AT+CFUN?');
    await sleep(20);
    expect(board.at.pending).toBe(2);
    board.stop();
    const r = await next;
    expect(r.ok).toBe(true);
    expect(board.sentLines()).toBeGreaterThan(AT_MAX_ANSWER_LINES);
  });

  it('stops at 256 kB of long lines, names that limit, and holds no more than it', async () => {
    const board = await floodingBoard('X'.repeat(30_000));
    const listing = board.at.send('AT%CMNG=1');
    const { result, most } = await watch(board.at, listing, () => board.sentLines() < 2000);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('protocol');
      expect(result.error.message).toContain('more than 256 kB in answer to AT%CMNG=1');
    }
    expect(most).toBeLessThanOrEqual(AT_MAX_ANSWER_BYTES);
    expect(board.at.heldChars).toBe(0);
    board.stop();
    expect((await board.at.send('AT')).ok).toBe(true);
  });

  it('takes per-command limits and answers normally below them', async () => {
    const board = await floodingBoard('%CMNG: 1,0');
    const listing = board.at.send('AT%CMNG=1', { maxLines: 10 });
    const { result } = await watch(board.at, listing, () => true);
    expect(!result.ok && result.error.message).toContain('more than 10 lines');
    board.stop();
    expect((await board.at.send('AT')).ok).toBe(true);
  });
});
