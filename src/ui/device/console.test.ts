// The console's state over a real SessionLog: lines batched in, search with match positions, history, typed
// commands and their status (success, refusal by the board, refusal by the audit trail), download.
import { describe, expect, it } from 'vitest';
import { SessionLog } from '../../devices/transport/index.ts';
import { err, ok } from '../../lib/result.ts';
import { ConsoleState, type SendTyped } from './console.svelte.ts';
import { findMatches, highlightParts } from './console-search.ts';
import { SECRET_LINES } from '../../devices/adapters/index.ts';
import { maskSecretLine } from '../../devices/transport/index.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const flush = () => new Promise((r) => setTimeout(r, 5));

function fed(send: SendTyped = async () => err({ source: 'device', error: { code: 'not-open', message: 'x' } })) {
  const log = new SessionLog({ secretLines: SECRET_LINES });
  const state = new ConsoleState({
    maskLine: (c) => maskSecretLine(c, SECRET_LINES),
    send,
    batchMs: 1,
    annotate: (line) =>
      line.includes('-0x2700') ? [{ start: 0, end: 1, kind: 'mbedtls', label: 'L', short: 'S' }] : [],
  });
  state.attach(log);
  log.add({ t: 1, dir: 'tx', bytes: bytes('AT+CGMI\r') });
  log.add({ t: 2, dir: 'rx', bytes: bytes('Nordic Semiconductor ASA\r\nOK\r\n') });
  log.add({ t: 3, dir: 'rx', bytes: bytes('failed -0x2700\r\n') });
  return { log, state };
}

describe('console search', () => {
  it('finds lines case-insensitively and splits them for highlighting', () => {
    const lines = [
      { id: 1, t: 0, dir: 'rx' as const, text: 'Nordic Semiconductor ASA' },
      { id: 2, t: 0, dir: 'rx' as const, text: 'OK' },
      { id: 3, t: 0, dir: 'tx' as const, text: 'at+cgmi' },
    ];
    expect(findMatches(lines, 'NORDIC')).toEqual([0]);
    expect(findMatches(lines, '  ')).toEqual([]);
    expect(findMatches(lines, 'AT+CGMI')).toEqual([2]);
    expect(highlightParts('+CME ERROR: 518 / 518', '518')).toEqual([
      { text: '+CME ERROR: ', match: false },
      { text: '518', match: true },
      { text: ' / ', match: false },
      { text: '518', match: true },
    ]);
  });
});

describe('ConsoleState', () => {
  it('mirrors the log in batches and annotates received lines only', async () => {
    const { state } = fed();
    await flush();
    expect(state.lines.map((l) => `${l.dir} ${l.text}`)).toEqual([
      'tx AT+CGMI',
      'rx Nordic Semiconductor ASA',
      'rx OK',
      'rx failed -0x2700',
    ]);
    expect(state.annotations(state.lines[3]!)).toHaveLength(1);
    expect(state.annotations(state.lines[0]!)).toEqual([]);
  });

  it('counts matches and moves between them, wrapping around', async () => {
    const { state, log } = fed();
    await flush();
    state.setQuery('ok');
    expect(state.matches).toEqual([2]);
    log.add({ t: 4, dir: 'rx', bytes: bytes('OK\r\n') });
    await flush();
    expect(state.matches).toEqual([2, 4]);
    expect(state.currentMatch).toBe(2);
    state.nextMatch();
    expect(state.currentMatch).toBe(4);
    state.nextMatch();
    expect(state.currentMatch).toBe(2);
    state.previousMatch();
    expect(state.currentMatch).toBe(4);
    state.setQuery('nothing like this');
    expect(state.matches).toEqual([]);
    expect(state.currentMatch).toBeNull();
  });

  it('keeps typed commands in a history that up and down walk', async () => {
    const sent: string[] = [];
    const { state } = fed(async (command) => {
      sent.push(command);
      return ok({ response: { command, lines: [], durationMs: 3 }, audited: false });
    });
    for (const command of ['AT+CGMI', 'AT+CGMM', 'AT+CGMI']) {
      state.draft = command;
      await state.submit();
    }
    expect(sent).toEqual(['AT+CGMI', 'AT+CGMM', 'AT+CGMI']);
    expect(state.history).toEqual(['AT+CGMM', 'AT+CGMI']);
    expect(state.status).toEqual({ ok: true, text: 'AT+CGMI: OK after 3 ms.' });
    state.historyUp();
    expect(state.draft).toBe('AT+CGMI');
    state.historyUp();
    expect(state.draft).toBe('AT+CGMM');
    state.historyUp();
    expect(state.draft).toBe('AT+CGMM');
    state.historyDown();
    expect(state.draft).toBe('AT+CGMI');
    state.historyDown();
    expect(state.draft).toBe('');
  });

  it('says in plain words why a command failed, and that nothing was sent when the audit refused', async () => {
    const { state } = fed(async (command) =>
      command === 'AT+CFUN=4'
        ? err({ source: 'audit', error: { code: 'operator-missing', message: 'No operator.' } })
        : err({
            source: 'device',
            error: { code: 'device-rejected', message: 'ERROR', final: { kind: 'cme', code: 518 } },
          }),
    );
    state.draft = 'AT+CFUN=4';
    await state.submit();
    expect(state.status?.ok).toBe(false);
    expect(state.status?.text).toMatch(/^AT\+CFUN=4: Enter your name first\. No operator\. Nothing was sent\./);
    state.draft = 'AT%CMNG=3,1,0';
    await state.submit();
    expect(state.status?.text).toContain('+CME ERROR 518');
  });

  it('says why a command was not sent, and what stopping the wait for a command on the wire means', async () => {
    const { state } = fed(async (command) =>
      command.includes(';')
        ? err({ source: 'refused', message: 'Send the commands one at a time.' })
        : err({ source: 'device', error: { code: 'aborted', message: 'Stopped.', onWire: true } }),
    );
    state.draft = 'AT+CGMI;+CGMM';
    await state.submit();
    expect(state.status?.text).toBe('AT+CGMI;+CGMM: not sent. Send the commands one at a time.');
    state.draft = 'AT+COPS=?';
    await state.submit();
    expect(state.status?.text).toMatch(/stopped waiting\. The board had already received it/);
  });

  it('shows a typed PSK write back with the key masked', async () => {
    const psk = 'AABBCCDDEEFF00112233445566778899';
    const { state } = fed(async () => ok({ response: { command: 'x', lines: [], durationMs: 3 }, audited: true }));
    state.draft = `AT%CMNG=0,42,3,"${psk}"`;
    await state.submit();
    expect(state.status?.text).toBe(
      'AT%CMNG=0,42,3,"<PSK, 16 bytes, hidden>": OK after 3 ms. Recorded in the audit trail.',
    );
    expect(state.history).toEqual([]);
  });

  it('hands the session log out as a text file', async () => {
    const { state, log } = fed();
    const file = state.download();
    expect(file?.name).toBe(log.fileName());
    expect(file?.text).toMatch(/\stx\s+AT\+CGMI\n/);
    expect(file?.text).toMatch(/\srx\s+Nordic Semiconductor ASA\n/);
    expect(file?.redacted).toBe(0);
  });

  it('redacts what the secret scanner finds before the log is handed out', () => {
    const { state, log } = fed();
    const typed = 'AT#XHTTPCREQ="GET","/","Authorization: Basic dXNlcjpwYXNzd29yZA=="';
    log.add({ t: 5, dir: 'tx', bytes: new TextEncoder().encode(`${typed}\r`) });
    const file = state.download();
    expect(file?.text).not.toContain('dXNlcjpwYXNzd29yZA');
    expect(file?.text).toContain('<redacted: an HTTP Authorization credential>');
    expect(file?.redacted).toBe(1);
  });
});
