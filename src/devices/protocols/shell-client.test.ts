// The Zephyr shell client on recorded-style transcripts: echo, VT100 colours and cursor moves, log lines in the
// middle of an answer, CR / LF / CRLF, a prompt split across reads, the shell's own refusals, the line buffer
// limit, answer limits, time-outs with resync, aborts and unplugs.
import { describe, expect, it } from 'vitest';
import { SerialConnection } from '../transport/connection.ts';
import { FakePort } from '../transport/testing/fake-port.ts';
import { ShellClient, type ShellClientOptions, type ShellUnsolicited } from './shell-client.ts';
import {
  COLOURED_PROMPT,
  RED,
  RESET,
  reply,
  scriptShell,
  zephyrAnswer,
  type ShellReply,
} from './testing/scripted-shell.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(answer: (command: string) => ShellReply, options: ShellClientOptions = {}) {
  const port = new FakePort();
  const opened = await SerialConnection.open(port);
  if (!opened.ok) throw new Error(opened.error.message);
  const shell = scriptShell(port, answer);
  const client = new ShellClient(opened.value, options);
  const heard: ShellUnsolicited[] = [];
  client.onUnsolicited((u) => heard.push(u));
  return { port, conn: opened.value, shell, client, heard };
}

const LIST = ['42,CA,0Yd8nN5CkqGr/Bv9wAdx3p7uSyZAd5Dlx2PvYKcfs6o=,0', '1 credentials found.'];

describe('ShellClient answers', () => {
  it('drops the echo and the coloured prompt and returns the answer lines; writes the command with CR', async () => {
    const { port, client } = await setup((c) => reply(zephyrAnswer(c, LIST)));
    const r = await client.send('cred list');
    expect(r.ok && r.value.lines).toEqual(LIST);
    expect(port.writtenText).toBe('cred list\r');
  });

  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
    ['CR', '\r'],
  ])('reads answers whose lines end with %s', async (_name, eol) => {
    const { client } = await setup((c) => reply(zephyrAnswer(c, LIST, { eol })));
    const r = await client.send('cred list 42');
    expect(r.ok && r.value.lines).toEqual(LIST);
  });

  it.each([['\n' as const], ['\r\n' as const]])('sends the chosen terminator %j', async (terminator) => {
    const { port, client } = await setup((c) => reply(zephyrAnswer(c, [])), { terminator });
    expect((await client.send('cred buf clear')).ok).toBe(true);
    expect(port.writtenText).toBe(`cred buf clear${terminator}`);
  });

  it('finds a prompt split across reads, byte by byte, and waits for its last byte', async () => {
    const text = zephyrAnswer('kernel version', ['Zephyr version 3.7.99']);
    const { client } = await setup(() => ({ chunks: [...text], gapMs: 1 }));
    const r = await client.send('kernel version');
    expect(r.ok && r.value.lines).toEqual(['Zephyr version 3.7.99']);
  });

  it('does not take a prompt without its trailing space for the end of the answer', async () => {
    const { client } = await setup((c) => ({ chunks: [`${c}\r\nline one\r\nuart:~$`, ' '], gapMs: 30 }));
    const started = Date.now();
    const r = await client.send('hwinfo devid');
    expect(r.ok && r.value.lines).toEqual(['line one']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('sends log lines printed in the middle of an answer to the listeners, parsed, and keeps them out', async () => {
    const log = '[00:00:12.345,678] <inf> wifi_mgmt: Connected to AP';
    const { client, heard } = await setup((c) =>
      reply(`${c}\r\n${LIST[0]}\r\n\x1b[1;32m${log}${RESET}\r\n${LIST[1]}\r\n${COLOURED_PROMPT}`),
    );
    const r = await client.send('cred list');
    expect(r.ok && r.value.lines).toEqual(LIST);
    expect(heard.map((h) => h.line)).toEqual([log]);
    expect(heard[0]!.log).toEqual({
      timestamp: '00:00:12.345,678',
      level: 'inf',
      module: 'wifi_mgmt',
      text: 'Connected to AP',
    });
  });

  it('keeps a log line whose text holds a Unicode line separator out of the answer, its text whole', async () => {
    // A network name logged as the board received it may hold U+2028 / U+2029; the line splitter splits on CR and LF
    // only, so the line arrives whole.
    const log = '[00:00:12.345,678] <inf> wifi_mgmt: Connected to Cafe\u2028AP\u2029 (ch 6)';
    const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text)); // the board's bytes
    const { client, heard } = await setup((c) => reply(zephyrAnswer(c, [LIST[0]!, utf8(log), LIST[1]!])));
    const r = await client.send('cred list');
    expect(r.ok && r.value.lines).toEqual(LIST);
    expect(heard.map((h) => h.log?.text)).toEqual(['Connected to Cafe\u2028AP\u2029 (ch 6)']);
  });

  it('ignores a log message with a reprinted prompt while the command is being typed', async () => {
    // The shell erases the half-typed line (cursor left, clear to end), prints the log, then the prompt and the
    // typed text again, then finishes the echo.
    const log = '[00:00:03.000,000] <wrn> net_if: iface 1 down';
    const { client, heard } = await setup((c) =>
      reply(
        `${c.slice(0, 4)}\x1b[12D\x1b[J${log}\r\n${COLOURED_PROMPT}${c.slice(0, 4)}`,
        `${c.slice(4)}\r\nanswer\r\n${COLOURED_PROMPT}`,
      ),
    );
    const r = await client.send('kernel uptime');
    expect(r.ok && r.value.lines).toEqual(['answer']);
    expect(heard.map((h) => h.line)).toEqual([log]);
  });

  it('does not finish a command at a prompt reprinted around a log line before the echo', async () => {
    const log = '[00:00:04.000,000] <inf> app: tick';
    const { client } = await setup((c) => ({
      chunks: [`\r\x1b[K${log}\r\n${COLOURED_PROMPT}`, zephyrAnswer(c, ['late but mine'])],
      gapMs: 10,
    }));
    const r = await client.send('kernel version');
    expect(r.ok && r.value.lines).toEqual(['late but mine']);
  });

  it('recognises an echo that wrapped at the terminal width', async () => {
    const command = `cred buf ${'QUJD'.repeat(16)}`;
    const { client } = await setup(() =>
      reply(`${command.slice(0, 72)}\r\n${command.slice(72)}\r\nStored 48 bytes.\r\n${COLOURED_PROMPT}`),
    );
    const r = await client.send(command);
    expect(r.ok && r.value.lines).toEqual(['Stored 48 bytes.']);
  });

  it('strips the prompt when the echo arrives on the prompt line (the first command of a session)', async () => {
    const { client } = await setup((c) => reply(`${COLOURED_PROMPT}${c}\r\nok line\r\n${COLOURED_PROMPT}`));
    const r = await client.send('kernel version');
    expect(r.ok && r.value.lines).toEqual(['ok line']);
  });

  it('lists the lines printed in the error colour', async () => {
    const { client } = await setup((c) =>
      reply(zephyrAnswer(c, [`${RED}There is no TLS credential with sectag 7 and type CA_CERT.${RESET}`])),
    );
    const r = await client.send('cred del 7 CA');
    expect(r.ok && r.value.errorLines).toEqual(['There is no TLS credential with sectag 7 and type CA_CERT.']);
  });

  it('answers with echo off when told so', async () => {
    const { client } = await setup(() => reply(`Zephyr version 4.1.0\r\n${COLOURED_PROMPT}`), { echo: false });
    const r = await client.send('kernel version');
    expect(r.ok && r.value.lines).toEqual(['Zephyr version 4.1.0']);
  });

  it('queues commands one at a time', async () => {
    const { shell, client } = await setup((c) => ({ chunks: [zephyrAnswer(c, [c.toUpperCase()])], gapMs: 5 }));
    const [a, b] = await Promise.all([client.send('first'), client.send('second')]);
    expect(a.ok && a.value.lines).toEqual(['FIRST']);
    expect(b.ok && b.value.lines).toEqual(['SECOND']);
    expect(shell.commands).toEqual(['first', 'second']);
  });
});

describe('ShellClient refusals and limits', () => {
  it('turns "command not found" into device-rejected naming the likely cause', async () => {
    const { client } = await setup((c) => reply(zephyrAnswer(c, [`${RED}nrf_cloud_cred: command not found${RESET}`])));
    const r = await client.send('nrf_cloud_cred pubkey 42');
    expect(!r.ok && r.error).toMatchObject({ code: 'device-rejected', refusal: 'command-not-found' });
    expect(!r.ok && r.error.message).toMatch(/no such command/);
  });

  it('turns "wrong parameter count" into device-rejected', async () => {
    const { client } = await setup((c) => reply(zephyrAnswer(c, [`${RED}add: wrong parameter count${RESET}`])));
    const r = await client.send('cred add 42 CA');
    expect(!r.ok && r.error).toMatchObject({ code: 'device-rejected', refusal: 'wrong-parameter-count' });
  });

  it('never sends a command longer than the line buffer', async () => {
    const { port, client } = await setup((c) => reply(zephyrAnswer(c, [])), { bufferSize: 64 });
    const r = await client.send(`cred buf ${'A'.repeat(60)}`);
    expect(!r.ok && r.error.code).toBe('too-long');
    expect(!r.ok && r.error.message).toMatch(/at most 63/);
    expect(port.writtenText).toBe('');
    expect((await client.send(`cred buf ${'A'.repeat(54)}`)).ok).toBe(true);
  });

  it.each([['a\rb'], ['a\nb'], ['a\tb'], ['   ']])('refuses %j without sending', async (command) => {
    const { port, client } = await setup((c) => reply(zephyrAnswer(c, [])));
    const r = await client.send(command);
    expect(!r.ok && r.error.code).toBe('invalid-input');
    expect(port.writtenText).toBe('');
  });

  it('stops an answer past its line limit with a protocol error naming it, then serves the next command', async () => {
    const many = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const { client } = await setup((c) => reply(zephyrAnswer(c, c === 'flood' ? many : ['fine'])));
    const r = await client.send('flood', { maxLines: 10 });
    expect(!r.ok && r.error.code).toBe('protocol');
    expect(!r.ok && r.error.message).toMatch(/10 lines/);
    const next = await client.send('next');
    expect(next.ok && next.value.lines).toEqual(['fine']);
  });

  it('stops an answer past its character limit', async () => {
    const { client } = await setup((c) => reply(zephyrAnswer(c, ['x'.repeat(300)])));
    const r = await client.send('cred get 1 CA bint', { maxBytes: 200 });
    expect(!r.ok && r.error.message).toMatch(/200 characters/);
  });

  it("reports a boot banner in place of an answer as 'restarted' with onWire, never as the board refusing", async () => {
    const banner = '*** Booting nRF Connect SDK v2.9.0 ***';
    const { client, heard } = await setup((c) => reply(`${c}\r\n${banner}\r\n*** Using Zephyr OS v3.7.99 ***\r\n`));
    const r = await client.send('cred add 42 CA DEFAULT bint');
    expect(r).toMatchObject({ ok: false, error: { code: 'restarted', onWire: true } });
    expect(!r.ok && r.error.message).toBe(
      'The board restarted during cred add 42 CA DEFAULT bint: it printed its boot banner instead of an answer. ' +
        'The command may or may not have been carried out.',
    );
    expect(heard.map((h) => h.line)).toContain(banner);
  });

  it('keeps the boot banner as the answer of a command that restarts the board', async () => {
    const banner = '*** Booting nRF Connect SDK v2.9.0 ***';
    const { client } = await setup((c) => reply(zephyrAnswer(c, [banner])));
    const r = await client.send('kernel reboot cold', { expectRestart: true });
    expect(r.ok && r.value.lines).toEqual([banner]);
  });

  it('reports a prompt without the echo of the command as a protocol error', async () => {
    const { client } = await setup(() => reply(`cred lisz\r\nsomething\r\n${COLOURED_PROMPT}`));
    const r = await client.send('cred list');
    expect(!r.ok && r.error.code).toBe('protocol');
    expect(!r.ok && r.error.message).toMatch(/never echoed/);
  });
});

describe('ShellClient prompt, time limits, aborts, unplug', () => {
  it('learns a custom prompt with sync() and uses it to end answers', async () => {
    const prompt = 'kw-board> ';
    const { client } = await setup((c) =>
      reply(c === '' ? `\r\n\x1b[1;32m${prompt}\x1b[m` : `${c}\r\nanswer\r\n\x1b[1;32m${prompt}\x1b[m`),
    );
    const s = await client.sync();
    expect(s.ok && s.value.prompt).toBe(prompt);
    const r = await client.send('kernel version');
    expect(r.ok && r.value.lines).toEqual(['answer']);
  });

  it('sync() times out on a board that prints no prompt (an AT modem ignores an empty line)', async () => {
    const { client } = await setup(() => undefined);
    const r = await client.sync({ timeoutMs: 100 });
    expect(!r.ok && r.error.code).toBe('timeout');
  });

  it('times out, resyncs with an empty line, and drains the late answer to the listeners', async () => {
    let n = 0;
    const { shell, client, heard } = await setup((c) => {
      n++;
      if (n === 1) return { chunks: [zephyrAnswer(c, ['late'])], gapMs: 150 };
      return reply(zephyrAnswer(c, [c === '' ? 'unused' : 'second']));
    });
    const first = await client.send('slow', { timeoutMs: 50 });
    expect(!first.ok && first.error.code).toBe('timeout');
    const second = await client.send('quick');
    expect(second.ok && second.value.lines).toEqual(['second']);
    expect(shell.commands).toEqual(['slow', '', 'quick']);
    expect(heard.some((h) => h.line === 'late' && h.stray)).toBe(true);
  });

  it('withdraws a queued command on abort without sending it', async () => {
    const { shell, client } = await setup((c) => ({ chunks: [zephyrAnswer(c, [])], gapMs: 30 }));
    const controller = new AbortController();
    const first = client.send('first');
    const second = client.send('second', { signal: controller.signal });
    controller.abort();
    expect((await second).ok).toBe(false);
    expect(await first).toMatchObject({ ok: true });
    await sleep(50);
    expect(shell.commands).toEqual(['first']);
  });

  it("reports 'aborted' with onWire for a command on the wire, and still consumes its answer", async () => {
    const { client } = await setup((c) => ({ chunks: [zephyrAnswer(c, [`${c} done`])], gapMs: 40 }));
    const controller = new AbortController();
    const first = client.send('one', { signal: controller.signal });
    const second = client.send('two');
    await sleep(5);
    controller.abort();
    expect(await first).toMatchObject({ ok: false, error: { code: 'aborted', onWire: true } });
    const r = await second;
    expect(r.ok && r.value.lines).toEqual(['two done']);
  });

  it("with abortOnWire 'finish' returns the real answer after an abort", async () => {
    const { client } = await setup((c) => ({ chunks: [zephyrAnswer(c, ['Added TLS credential'])], gapMs: 30 }));
    const controller = new AbortController();
    const r = client.send('cred add 1 CA DEFAULT bint', { signal: controller.signal, abortOnWire: 'finish' });
    await sleep(5);
    controller.abort();
    expect((await r).ok).toBe(true);
  });

  it("with abortOnWire 'finish', a board that holds its answer past the grace period: aborted on the wire, and the late answer is not the next command's", async () => {
    const { client } = await setup(
      (c) =>
        c.startsWith('cred add')
          ? { chunks: ['', zephyrAnswer(c, ['Added TLS credential'])], gapMs: 300 }
          : reply(zephyrAnswer(c, ['next done'])),
      { abortGraceMs: 100 },
    );
    const controller = new AbortController();
    const r = client.send('cred add 1 CA DEFAULT bint', {
      signal: controller.signal,
      abortOnWire: 'finish',
      timeoutMs: 10_000,
    });
    await sleep(5);
    controller.abort();
    const stopped = await r;
    expect(stopped).toMatchObject({ ok: false, error: { code: 'aborted', onWire: true } });
    expect(!stopped.ok && stopped.error.message).toContain('had not answered 0.1 s after Cancel');
    const next = await client.send('kernel version');
    expect(next.ok && next.value.lines).toEqual(['next done']);
  });

  it('fails the command in flight with disconnected on unplug, and later ones at once', async () => {
    const { port, client } = await setup(() => undefined);
    const r = client.send('kernel reboot cold');
    await sleep(5);
    port.unplug();
    expect(await r).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(await client.send('kernel version')).toMatchObject({ ok: false, error: { code: 'disconnected' } });
  });

  it('dispose() fails the command in flight with onWire and the queued ones, all not-open', async () => {
    const { client } = await setup(() => undefined);
    const first = client.send('kernel version');
    const second = client.send('hwinfo devid');
    await sleep(5);
    client.dispose();
    expect(await first).toMatchObject({ ok: false, error: { code: 'not-open', onWire: true } });
    const queued = await second;
    expect(queued).toMatchObject({ ok: false, error: { code: 'not-open' } });
    expect(!queued.ok && queued.error.onWire).toBeFalsy();
  });

  it('sync() with a configured prompt waits for exactly that prompt, past a log line', async () => {
    const log = '[00:00:09.000,000] <inf> app: hello';
    const { client, heard } = await setup(() => reply(`\r\n${log}\r\n`, '\x1b[1;32mrtt:~$ \x1b[m'), {
      prompt: 'rtt:~$ ',
    });
    const r = await client.sync();
    expect(r.ok && r.value.prompt).toBe('rtt:~$ ');
    expect(heard.map((h) => h.line)).toEqual([log]);
  });
});
