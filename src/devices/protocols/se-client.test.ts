// KWSE client contract on a scripted stream: framing with sequence numbers, answers and refusals as values, one
// request at a time, time limits (a late answer is recognised by its number), the abort rules, bounded lines,
// a board that restarts under a request, unplug and dispose.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SeClient, type SeUnsolicited } from './se-client.ts';
import { SE_MAX_ANSWER_CHARS } from './se-constants.ts';
import { parseSeLine } from './se-lines.ts';
import { ScriptedBoard } from './testing/scripted-se-board.ts';

afterEach(() => vi.useRealTimers());

describe('KWSE lines', () => {
  it.each([
    {
      name: 'answer',
      line: '12 OK proto=1 chunk=256',
      want: { kind: 'ok', seq: 12, fields: { proto: '1', chunk: '256' } },
    },
    { name: 'bare OK', line: '3 OK', want: { kind: 'ok', seq: 3, fields: {} } },
    {
      name: 'refusal',
      line: '4 ERR CHIP 1E the chip refused',
      want: { kind: 'err', seq: 4, code: 'CHIP', status: 0x1e, text: 'the chip refused' },
    },
    {
      name: 'unnumbered refusal',
      line: '? ERR TOOLONG 00 line over 600 bytes',
      want: { kind: 'err', seq: null, code: 'TOOLONG', status: 0 },
    },
    {
      name: 'event',
      line: '* BOOT proto=1 model=STSAFE-A110',
      want: { kind: 'event', event: 'BOOT', fields: { proto: '1', model: 'STSAFE-A110' } },
    },
  ])('parses a $name', ({ line, want }) => {
    expect(parseSeLine(line)).toMatchObject(want);
  });

  it.each(['ERROR', 'OK', '12 OK proto', '12 OK a=1 a=2', '12 ERR chip 1E x', '12 ERR CHIP 1 x', '12345 OK', ''])(
    'refuses "%s" as not a KWSE line',
    (line) => expect(parseSeLine(line)).toBeNull(),
  );
});

describe('SeClient', () => {
  it('numbers each request and returns the answer fields', async () => {
    const board = new ScriptedBoard((seq, req) =>
      req === 'ID' ? `${seq} OK model=STSAFE-A110 serial=0A0B\r\n` : undefined,
    );
    const client = new SeClient(board);
    const first = await client.request('ID');
    const second = await client.request('ID');
    expect(board.written).toEqual(['1 ID\n', '2 ID\n']);
    expect(first.ok && first.value.fields).toEqual({ model: 'STSAFE-A110', serial: '0A0B' });
    expect(second.ok && second.value.line).toBe('2 OK model=STSAFE-A110 serial=0A0B');
  });

  it('turns a refusal into device-rejected naming the chip status', async () => {
    const board = new ScriptedBoard((seq) => `${seq} ERR CHIP 1E the chip refused\r\n`);
    const r = await new SeClient(board).request('SIGN', ['1', 'AA']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('device-rejected');
    expect(r.error.se).toEqual({ code: 'CHIP', status: 0x1e, text: 'the chip refused' });
    expect(r.error.message).toContain('STSAFEA_UNAUTHORIZED_COMMAND');
  });

  it('sends one request at a time: the second waits for the first answer', async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    const a = client.request('PING', ['01']);
    const b = client.request('PING', ['02']);
    await Promise.resolve();
    expect(board.written).toEqual(['1 PING 01\n']);
    board.send('1 OK echo=01\r\n');
    expect((await a).ok).toBe(true);
    await Promise.resolve();
    expect(board.written).toEqual(['1 PING 01\n', '2 PING 02\n']);
    board.send('2 OK echo=02\r\n');
    const rb = await b;
    expect(rb.ok && rb.value.fields.echo).toBe('02');
  });

  it('times out, and a late answer to the timed-out request goes to listeners as stray, not to the next one', async () => {
    vi.useFakeTimers();
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    const heard: SeUnsolicited[] = [];
    client.onUnsolicited((l) => heard.push(l));
    const first = client.request('ZONES', [], { timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(101);
    const r1 = await first;
    expect(!r1.ok && r1.error.code).toBe('timeout');
    const second = client.request('ZONES');
    await vi.advanceTimersByTimeAsync(0);
    board.send('1 OK zones=late\r\n');
    board.send('2 OK zones=0:1024:ro\r\n');
    const r2 = await second;
    expect(r2.ok && r2.value.fields.zones).toBe('0:1024:ro');
    expect(heard).toEqual([expect.objectContaining({ line: '1 OK zones=late', stray: true })]);
  });

  it('cancels a queued request without sending it', async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    void client.request('PING');
    const stop = new AbortController();
    const queued = client.request('ID', [], { signal: stop.signal });
    stop.abort();
    const r = await queued;
    expect(!r.ok && r.error).toMatchObject({ code: 'aborted' });
    expect(!r.ok && r.error.onWire).toBeUndefined();
    expect(board.written).toEqual(['1 PING\n']);
  });

  it("reports an abort on the wire as onWire at once ('report')", async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    const stop = new AbortController();
    const p = client.request('SIGN', ['1', 'AA'], { signal: stop.signal });
    await Promise.resolve();
    stop.abort();
    const r = await p;
    expect(!r.ok && r.error).toMatchObject({ code: 'aborted', onWire: true });
  });

  it("keeps waiting for the real answer after an abort on the wire ('finish')", async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    const stop = new AbortController();
    const p = client.request('ZWRITE', ['1', '0', 'AA'], { signal: stop.signal, abortOnWire: 'finish' });
    await Promise.resolve();
    stop.abort();
    board.send('1 OK n=1\r\n');
    const r = await p;
    expect(r.ok && r.value.fields.n).toBe('1');
  });

  it("gives up waiting a grace period after an abort on the wire ('finish'): aborted with onWire; the late answer still ends that request", async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board, { abortGraceMs: 50 });
    const stray: string[] = [];
    client.onUnsolicited((u) => (u.stray ? stray.push(u.line) : undefined));
    const stop = new AbortController();
    const p = client.request('ZWRITE', ['1', '0', 'AA'], { signal: stop.signal, abortOnWire: 'finish' });
    await Promise.resolve();
    stop.abort();
    const r = await p;
    expect(!r.ok && r.error).toMatchObject({ code: 'aborted', onWire: true });
    expect(!r.ok && r.error.message).toContain('had not answered 0.1 s after Cancel');
    board.send('1 OK n=1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(stray).toEqual([]);
  });

  it('fails the request with protocol when the board sends a line longer than the bound', async () => {
    const board = new ScriptedBoard((seq) => `${seq} OK data=${'A'.repeat(SE_MAX_ANSWER_CHARS + 10)}\r\n`);
    const r = await new SeClient(board).request('ZREAD', ['1', '0', '4']);
    expect(!r.ok && r.error.code).toBe('protocol');
  });

  it('fails the request with restarted and onWire when the board restarts under it', async () => {
    const board = new ScriptedBoard(() => '* BOOT proto=1 model=STSAFE-A110\r\n');
    const r = await new SeClient(board).request('ZWRITE', ['1', '0', 'AA']);
    expect(!r.ok && r.error).toMatchObject({ code: 'restarted', onWire: true });
  });

  it('fails a request whose own answer cannot be read with protocol', async () => {
    const board = new ScriptedBoard((seq) => `${seq} OK data=AB cut\r\n`);
    const r = await new SeClient(board).request('ZREAD', ['1', '0', '1']);
    expect(!r.ok && r.error.code).toBe('protocol');
  });

  it('answers pending requests when the cable is pulled, and refuses new ones', async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    const inFlight = client.request('KEYGEN', ['1', 'P-256']);
    const queued = client.request('ID');
    await Promise.resolve();
    board.unplug();
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(await queued).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(await client.request('ID')).toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });

  it('dispose fails the request on the wire not-open with onWire', async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    const p = client.request('ID');
    await Promise.resolve();
    client.dispose();
    expect(await p).toMatchObject({ ok: false, error: { code: 'not-open', onWire: true } });
  });

  it('refuses arguments with spaces and lines over the limit before sending', async () => {
    const board = new ScriptedBoard(() => undefined);
    const client = new SeClient(board);
    expect(await client.request('ZWRITE', ['1', '0', 'A B'])).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(await client.request('ZWRITE', ['1', '0', 'A'.repeat(600)])).toMatchObject({
      ok: false,
      error: { code: 'too-long' },
    });
    expect(board.written).toEqual([]);
  });
});
