import { describe, expect, it } from 'vitest';
import { nrf91Vectors } from '../../test-vectors.ts';
import { SerialConnection } from '../transport/connection.ts';
import { FakePort } from '../transport/testing/fake-port.ts';
import { AtClient, type AtClientOptions, type UnsolicitedLine } from './at-client.ts';
import { NRF91_AT_OPTIONS } from '../adapters/nrf91/device.ts';
import { defaultTimeoutMs } from './at-constants.ts';
import { enableCmee } from './at-cmee.ts';
import { answer, scriptModem, type Reply } from './testing/scripted-modem.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(
  reply: (command: string) => Reply,
  terminator?: '\r' | '\n' | '\r\n',
  options: AtClientOptions = {},
) {
  const port = new FakePort();
  const opened = await SerialConnection.open(port);
  if (!opened.ok) throw new Error(opened.error.message);
  const modem = scriptModem(port, reply);
  const at = new AtClient(opened.value, { ...options, ...(terminator ? { terminator } : {}) });
  const urcs: UnsolicitedLine[] = [];
  at.onUnsolicited((u) => urcs.push(u));
  return { port, conn: opened.value, modem, at, urcs };
}

describe('AtClient answers', () => {
  it('writes the command with CR and returns its information lines', async () => {
    const { port, at } = await setup((c) => (c === 'AT+CGMI' ? answer(['Nordic Semiconductor ASA']) : undefined));
    const r = await at.send('AT+CGMI');
    expect(r.ok && r.value.lines).toEqual(['Nordic Semiconductor ASA']);
    expect(port.writtenText).toBe('AT+CGMI\r');
  });

  it.each([['\r\n' as const], ['\n' as const]])('uses the chosen terminator %j', async (terminator) => {
    const { port, at } = await setup(() => answer([]), terminator);
    expect((await at.send('AT')).ok).toBe(true);
    expect(port.writtenText).toBe(`AT${terminator}`);
  });

  it.each([
    ['+CME ERROR: 518', { kind: 'cme', code: 518 }],
    ['+CMS ERROR: 304', { kind: 'cms', code: 304 }],
    ['ERROR', { kind: 'error' }],
  ])('turns %s into device-rejected with the final result', async (final, want) => {
    const { at } = await setup(() => answer([], final));
    const r = await at.send('AT%CMNG=3,42,0');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('device-rejected');
      expect(r.error.final).toEqual(want);
      expect(r.error.command).toBe('AT%CMNG=3,42,0');
      expect(r.error.message).toContain(final);
    }
  });

  it('keeps a quoted multi-line PEM as one information line', async () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\nAAAA\n-----END CERTIFICATE-----\n';
    const line = `%CMNG: 16842753,0,"2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD54F05BD1","${pem}"`;
    const { at } = await setup(() => answer([line]));
    const r = await at.send('AT%CMNG=2,16842753,0');
    expect(r.ok && r.value.lines).toEqual([line]);
  });

  it('is indifferent to chunk boundaries: the answer byte by byte', async () => {
    const text = '\r\n%CMNG: 1,0,"AB","x\ny\n"\r\n%CMNG: 2,1,"CD"\r\n\r\nOK\r\n';
    const { at } = await setup(() => ({ chunks: [...text], gapMs: 0 }));
    const r = await at.send('AT%CMNG=1');
    expect(r.ok && r.value.lines).toEqual(['%CMNG: 1,0,"AB","x\ny\n"', '%CMNG: 2,1,"CD"']);
  });

  it('accepts CR-only and LF-only answers', async () => {
    const { at } = await setup((c) =>
      c === 'AT+CGMM' ? { chunks: ['nRF9160-SICA\rOK\r'] } : { chunks: ['mfw_nrf9160_1.3.5\nOK\n'] },
    );
    const a = await at.send('AT+CGMM');
    const b = await at.send('AT+CGMR');
    expect(a.ok && a.value.lines).toEqual(['nRF9160-SICA']);
    expect(b.ok && b.value.lines).toEqual(['mfw_nrf9160_1.3.5']);
  });

  it('drops the echo of the command when the board echoes', async () => {
    const { at } = await setup((c) => ({ chunks: [`${c}\r\n+CFUN: 4\r\nOK\r\n`] }));
    const r = await at.send('AT+CFUN?');
    expect(r.ok && r.value.lines).toEqual(['+CFUN: 4']);
  });

  it.each(nrf91Vectors.keygen_wire_lines.map((line, i) => ({ i, line })))(
    'returns real %KEYGEN line $i verbatim',
    async ({ line }) => {
      const { at } = await setup(() => ({ chunks: [`\r\n${line.slice(0, 100)}`, `${line.slice(100)}\r\n\r\nOK\r\n`] }));
      const r = await at.send('AT%KEYGEN=16842753,2,0');
      expect(r.ok && r.value.lines).toEqual([line]);
    },
  );
});

describe('AtClient unsolicited lines', () => {
  it('routes a URC that arrives between information lines to listeners, not to the command', async () => {
    const { at, urcs } = await setup(() => ({
      chunks: ['\r\n%CMNG: 1,0,"AB"\r\n', '\r\n+CEREG: 5,"0A1B","01234567",7\r\n', '%CMNG: 2,1,"CD"\r\nOK\r\n'],
      gapMs: 1,
    }));
    const r = await at.send('AT%CMNG=1');
    expect(r.ok && r.value.lines).toEqual(['%CMNG: 1,0,"AB"', '%CMNG: 2,1,"CD"']);
    expect(urcs.map((u) => u.line)).toEqual(['+CEREG: 5,"0A1B","01234567",7']);
  });

  it('gives +CEREG to the command that asked for it', async () => {
    const { at, urcs } = await setup(() => answer(['+CEREG: 0,1']));
    const r = await at.send('AT+CEREG?');
    expect(r.ok && r.value.lines).toEqual(['+CEREG: 0,1']);
    expect(urcs).toEqual([]);
  });

  it('gives a notification prefix to a command that declares it expected', async () => {
    const { at } = await setup(() => answer(['%XSIM: 1']));
    const r = await at.send('AT%XSIM?', { expect: ['%XSIM'] });
    expect(r.ok && r.value.lines).toEqual(['%XSIM: 1']);
  });

  it('sends anything arriving with no command in flight to listeners and marks stray finals', async () => {
    const { modem, urcs } = await setup(() => undefined);
    modem.send('\r\n%XPOFWARN: 1\r\n\r\nOK\r\n');
    await sleep(5);
    expect(urcs.map((u) => [u.line, u.stray])).toEqual([
      ['%XPOFWARN: 1', false],
      ['OK', true],
    ]);
  });
});

describe('AtClient queue, time limits and abort', () => {
  it('sends one command at a time: the next is written only after the previous final result', async () => {
    const writtenAtReply: string[] = [];
    const port = new FakePort();
    const opened = await SerialConnection.open(port);
    if (!opened.ok) throw new Error('open');
    scriptModem(port, (c) => {
      writtenAtReply.push(port.writtenText);
      return { chunks: [`\r\n${c.slice(2)}\r\n`, '\r\nOK\r\n'], gapMs: 3 };
    });
    const at = new AtClient(opened.value);
    const [a, b, c] = await Promise.all([at.send('AT+CGMI'), at.send('AT+CGMM'), at.send('AT+CGMR')]);
    expect([a, b, c].map((r) => r.ok && r.value.lines)).toEqual([['+CGMI'], ['+CGMM'], ['+CGMR']]);
    expect(writtenAtReply).toEqual(['AT+CGMI\r', 'AT+CGMI\rAT+CGMM\r', 'AT+CGMI\rAT+CGMM\rAT+CGMR\r']);
  });

  it('times out a silent command with its limit, then the next command works', async () => {
    const { at, port } = await setup((c) =>
      c === 'AT+SILENT' ? undefined : c === 'AT' ? answer([]) : answer(['fine']),
    );
    const started = Date.now();
    const r = await at.send('AT+SILENT', { timeoutMs: 60 });
    expect(!r.ok && r.error.code).toBe('timeout');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    const next = await at.send('AT+CGMI');
    expect(next.ok && next.value.lines).toEqual(['fine']);
    expect(port.writtenText).toBe('AT+SILENT\rAT\rAT+CGMI\r');
  });

  it('after a time-out, resyncs so a late answer is not taken for the next command', async () => {
    const { at, modem, urcs } = await setup((c) => {
      if (c === 'AT+SLOW') return { chunks: ['\r\nlate-slow\r\n', '\r\nOK\r\n'], gapMs: 70 };
      if (c === 'AT') return answer([]);
      return answer([`${c.slice(2)}-answer`]);
    });
    const slow = await at.send('AT+SLOW', { timeoutMs: 40 });
    expect(!slow.ok && slow.error.code).toBe('timeout');
    const next = await at.send('AT+NEXT');
    expect(next.ok && next.value.lines).toEqual(['+NEXT-answer']);
    expect(modem.commands).toEqual(['AT+SLOW', 'AT', 'AT+NEXT']);
    expect(urcs.map((u) => [u.line, u.stray])).toEqual([
      ['OK', true],
      ['late-slow', false],
      ['OK', true],
    ]);
    const after = await at.send('AT+THIRD');
    expect(modem.commands.at(-1)).toBe('AT+THIRD');
    expect(after.ok && after.value.lines).toEqual(['+THIRD-answer']);
  });

  it('a start-up line outside a command makes the next command wait for a resync: the rest of the banner is not a restart', async () => {
    // A board that restarts prints several lines (the boot banner, then the sample's own); the first may come while
    // no command runs, the next only after the caller, told of the restart, has sent its next command.
    const boot = (line: string) => line.startsWith('*** Booting') || line === 'The AT host sample started';
    const { at, modem, urcs } = await setup(
      (c) => {
        if (c === 'AT') return { chunks: ['The AT host sample started\r\n', '\r\nOK\r\n'], gapMs: 10 };
        return answer([`${c.slice(2)}-answer`]);
      },
      undefined,
      { restartLine: boot },
    );
    modem.send('*** Booting nRF Connect SDK v2.9.0 ***\r\n');
    await sleep(5);
    const next = await at.send('AT+CGMI');
    expect(next.ok && next.value.lines).toEqual(['+CGMI-answer']);
    expect(modem.commands).toEqual(['AT', 'AT+CGMI']);
    expect(urcs.map((u) => u.line)).toEqual([
      '*** Booting nRF Connect SDK v2.9.0 ***',
      'The AT host sample started',
      'OK',
    ]);
  });

  it.each([
    ['K', 'OK'],
    ['0K', 'OK'],
    ['ERRR', 'ERROR'],
    ['O\uFFFD', 'OK'],
  ])(
    'ends a command at once when its final result arrives damaged (%j): a protocol error, on the wire',
    async (line, meant) => {
      const { at } = await setup((c) => (c.startsWith('AT%CMNG=0') ? { chunks: [`\r\n${line}\r\n`] } : answer([])));
      const r = await at.send('AT%CMNG=0,42,0,"x"', { timeoutMs: 20_000 });
      expect(!r.ok && r.error.code).toBe('protocol');
      expect(!r.ok && r.error.onWire).toBe(true);
      expect(!r.ok && r.error.message).toContain(`"${line.replace('\uFFFD', '\\uFFFD')}" where ${meant} was due`);
      // The next command is preceded by a resync and gets its own answer.
      const next = await at.send('AT+CGMI');
      expect(next.ok).toBe(true);
    },
  );

  it('has per-command default limits: network search is slow, the rest 15 s', () => {
    expect(defaultTimeoutMs('AT+CGMI')).toBe(15_000);
    expect(defaultTimeoutMs('AT+COPS=0')).toBeGreaterThan(15_000);
  });

  it('returns aborted at once for an already aborted signal and writes nothing', async () => {
    const { port, at } = await setup(() => answer([]));
    const r = await at.send('AT', { signal: AbortSignal.abort() });
    expect(!r.ok && r.error.code).toBe('aborted');
    expect(port.writtenText).toBe('');
  });

  it('removes an aborted queued command without ever writing it', async () => {
    const { port, at } = await setup(() => ({ chunks: ['\r\nOK\r\n'], gapMs: 20 }));
    const controller = new AbortController();
    const first = at.send('AT+CGMI');
    const second = at.send('AT+CGMM', { signal: controller.signal });
    controller.abort();
    const r2 = await second;
    expect(!r2.ok && r2.error.code).toBe('aborted');
    expect((await first).ok).toBe(true);
    await sleep(30);
    expect(port.writtenText).toBe('AT+CGMI\r');
  });

  it('aborting a command on the wire answers at once but its final result is consumed before the next', async () => {
    const { port, at, urcs } = await setup((c) =>
      c === 'AT%KEYGEN=1,2,0' ? { chunks: ['\r\n%KEYGEN: "late"\r\n', '\r\nOK\r\n'], gapMs: 40 } : answer([c.slice(2)]),
    );
    const controller = new AbortController();
    const keygen = at.send('AT%KEYGEN=1,2,0', { signal: controller.signal });
    await sleep(10);
    controller.abort();
    const aborted = await keygen;
    expect(!aborted.ok && aborted.error).toMatchObject({ code: 'aborted', onWire: true });
    const next = at.send('AT+CGMI');
    await sleep(20);
    expect(port.writtenText).toBe('AT%KEYGEN=1,2,0\r');
    const r = await next;
    expect(r.ok && r.value.lines).toEqual(['+CGMI']);
    expect(port.writtenText).toBe('AT%KEYGEN=1,2,0\rAT+CGMI\r');
    expect(urcs).toEqual([]);
  });

  it("with abortOnWire 'finish', an abort after the command was sent returns its real final result", async () => {
    const { at } = await setup((c) =>
      c === 'AT%KEYGEN=1,2,0' ? { chunks: ['\r\n%KEYGEN: "made"\r\n', '\r\nOK\r\n'], gapMs: 40 } : answer([]),
    );
    const controller = new AbortController();
    const keygen = at.send('AT%KEYGEN=1,2,0', { signal: controller.signal, abortOnWire: 'finish' });
    await sleep(10);
    controller.abort();
    const r = await keygen;
    expect(r.ok && r.value.lines).toEqual(['%KEYGEN: "made"']);
  });

  it("with abortOnWire 'finish', a queued command is still withdrawn at once and never written", async () => {
    const { port, at } = await setup(() => ({ chunks: ['\r\nOK\r\n'], gapMs: 20 }));
    const controller = new AbortController();
    const first = at.send('AT+CGMI');
    const second = at.send('AT+CFUN=4', { signal: controller.signal, abortOnWire: 'finish' });
    controller.abort();
    const r = await second;
    expect(!r.ok && r.error.code).toBe('aborted');
    expect(!r.ok && r.error.onWire).toBeUndefined();
    await first;
    await sleep(30);
    expect(port.writtenText).toBe('AT+CGMI\r');
  });

  it('dispose answers the command on the wire as reached-the-board (onWire), the queued ones as not sent', async () => {
    const { at } = await setup(() => undefined);
    const sent = at.send('AT%CMNG=3,42,1');
    const queued = at.send('AT+CGMI');
    await sleep(5);
    at.dispose();
    const [a, b] = await Promise.all([sent, queued]);
    expect(!a.ok && a.error).toMatchObject({ code: 'not-open', onWire: true });
    expect(!b.ok && b.error.onWire).toBeUndefined();
  });

  it("names a refused PSK write in its error without the key (with the nRF91 adapter's masks)", async () => {
    const psk = '00112233445566778899AABBCCDDEEFF';
    const { at } = await setup(() => answer([], '+CME ERROR: 518'), undefined, NRF91_AT_OPTIONS);
    const r = await at.send(`AT%CMNG=0,42,3,"${psk}"`);
    expect(!r.ok && r.error.command).toBe('AT%CMNG=0,42,3,<PSK, 16 bytes, hidden>');
    expect(!r.ok && r.error.message).not.toContain(psk.slice(0, 8));
  });

  it('reports write progress of a long command up to 1', async () => {
    const { at } = await setup(() => answer([]));
    const progress: number[] = [];
    const pem = `-----BEGIN CERTIFICATE-----\n${'A'.repeat(3000)}\n-----END CERTIFICATE-----\n`;
    const r = await at.send(`AT%CMNG=0,42,0,"${pem}"`, { onProgress: (f) => progress.push(f) });
    expect(r.ok).toBe(true);
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toBe(1);
  });

  it('fails the command in flight and the queue with disconnected when the board goes away', async () => {
    const { port, at } = await setup(() => undefined);
    const a = at.send('AT+CGMI');
    const b = at.send('AT+CGMM');
    await sleep(5);
    port.unplug();
    const [ra, rb] = await Promise.all([a, b]);
    expect([!ra.ok && ra.error.code, !rb.ok && rb.error.code]).toEqual(['disconnected', 'disconnected']);
    const later = await at.send('AT');
    expect(!later.ok && later.error.code).toBe('disconnected');
  });

  it.each([
    ['CGMI', /start with "AT"/],
    ['AT+CGMI\rAT+CGMM', /one line/],
    ['AT%CMNG=0,1,0,"abc', /Unbalanced quotes/],
  ])('refuses %j before sending', async (command, message) => {
    const { port, at } = await setup(() => answer([]));
    const r = await at.send(command);
    expect(!r.ok && r.error.code).toBe('invalid-input');
    expect(!r.ok && r.error.message).toMatch(message);
    expect(port.writtenText).toBe('');
  });

  it('dispose fails pending commands with not-open and stops listening', async () => {
    const { at } = await setup(() => undefined);
    const pending = at.send('AT+CGMI');
    at.dispose();
    const r = await pending;
    expect(!r.ok && r.error.code).toBe('not-open');
  });
});

describe('enableCmee', () => {
  it('reads the previous value and sets 1', async () => {
    const { at, modem } = await setup((c) => (c === 'AT+CMEE?' ? answer(['+CMEE: 0']) : answer([])));
    const r = await enableCmee(at);
    expect(r.ok && r.value.previous).toBe(0);
    expect(modem.commands).toEqual(['AT+CMEE?', 'AT+CMEE=1']);
  });

  it('leaves it alone when it is already 1', async () => {
    const { at, modem } = await setup(() => answer(['+CMEE: 1']));
    const r = await enableCmee(at);
    expect(r.ok && r.value.previous).toBe(1);
    expect(modem.commands).toEqual(['AT+CMEE?']);
  });

  it('still sets 1 when the query is refused, with the previous value unknown', async () => {
    const { at, modem } = await setup((c) => (c === 'AT+CMEE?' ? answer([], 'ERROR') : answer([])));
    const r = await enableCmee(at);
    expect(r.ok && r.value.previous).toBe(null);
    expect(modem.commands).toEqual(['AT+CMEE?', 'AT+CMEE=1']);
  });

  it('fails when setting is refused', async () => {
    const { at } = await setup((c) => (c === 'AT+CMEE?' ? answer(['+CMEE: 0']) : answer([], 'ERROR')));
    const r = await enableCmee(at);
    expect(!r.ok && r.error.code).toBe('device-rejected');
  });
});
