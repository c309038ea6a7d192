import { describe, expect, it } from 'vitest';
import { parseEmulatorArgs } from './emulator-args.ts';

describe('npm run emulator -- command line', () => {
  it('defaults: board A, no state file, seed 1, at_client framing, no pacing', () => {
    expect(parseEmulatorArgs(['nrf91'])).toEqual({
      ok: true,
      config: {
        kind: 'nrf91',
        board: 'nrf9160-a',
        state: null,
        seed: 1,
        keygenMs: null,
        registrationMs: null,
        networkTimeDays: 0,
        framing: 'at_client',
        baud: null,
        faults: {},
        verbose: false,
        keySeed: null,
        seFaults: [],
        backend: null,
        chatter: false,
      },
    });
  });

  it('stsafe: board stsafe-a by default, its own options read, nRF91 options refused naming their family', () => {
    expect(parseEmulatorArgs(['stsafe'])).toMatchObject({ ok: true, config: { kind: 'stsafe', board: 'stsafe-a' } });
    expect(
      parseEmulatorArgs(['stsafe', '--key-seed', '5', '--se-faults', 'sign-refused,truncated-line', '--seed', '3']),
    ).toMatchObject({ ok: true, config: { keySeed: 5, seFaults: ['sign-refused', 'truncated-line'], seed: 3 } });
    for (const flag of ['--framing', '--registration-ms', '--network-time-days'])
      expect(parseEmulatorArgs(['stsafe', flag, '1'])).toMatchObject({
        ok: false,
        error: `${flag} is an option of nrf91 boards, not stsafe`,
      });
    expect(parseEmulatorArgs(['stsafe', '--keygen-ms', '1'])).toMatchObject({
      ok: false,
      error: '--keygen-ms is an option of nrf91 and zephyr boards, not stsafe',
    });
    expect(parseEmulatorArgs(['nrf91', '--key-seed', '1'])).toMatchObject({
      ok: false,
      error: '--key-seed is an option of stsafe boards, not nrf91',
    });
    expect(parseEmulatorArgs(['stsafe', '--se-faults', 'melt'])).toMatchObject({ ok: false });
  });

  it('zephyr: board nrf7002dk-a by default; its own options, and the nRF91 ones refused naming their family', () => {
    expect(parseEmulatorArgs(['zephyr'])).toMatchObject({
      ok: true,
      config: { kind: 'zephyr', board: 'nrf7002dk-a', backend: null, chatter: false },
    });
    expect(
      parseEmulatorArgs(['zephyr', '--board', 'nrf7002dk-nopubkey', '--backend', 'volatile', '--chatter']),
    ).toMatchObject({ ok: true, config: { board: 'nrf7002dk-nopubkey', backend: 'volatile', chatter: true } });
    expect(parseEmulatorArgs(['zephyr', '--framing', 'slm'])).toEqual({
      ok: false,
      error: '--framing is an option of nrf91 boards, not zephyr',
    });
    expect(parseEmulatorArgs(['nrf91', '--backend', 'volatile'])).toEqual({
      ok: false,
      error: '--backend is an option of zephyr boards, not nrf91',
    });
    expect(parseEmulatorArgs(['zephyr', '--backend', 'flash'])).toMatchObject({
      ok: false,
      error: expect.stringContaining('volatile or persistent'),
    });
  });

  it('reads every option', () => {
    const r = parseEmulatorArgs([
      'nrf91',
      ...['--board', 'nrf9160-c', '--state', '/tmp/f.json', '--seed', '9', '--keygen-ms', '50'],
      ...['--framing', 'slm', '--baud', '115200', '--faults', 'drop=0.1,stall-ms=10', '--verbose'],
      ...['--network-time-days', '-400'],
    ]);
    expect(r).toMatchObject({
      ok: true,
      config: {
        board: 'nrf9160-c',
        state: '/tmp/f.json',
        seed: 9,
        keygenMs: 50,
        framing: 'slm',
        baud: 115200,
        faults: { dropByte: 0.1, stallMs: 10 },
        verbose: true,
        networkTimeDays: -400,
      },
    });
  });

  const bad = [
    { argv: [], error: 'board kind "nrf91"' },
    { argv: ['nrf91', '--seed'], error: '--seed needs a value' },
    { argv: ['nrf91', '--keygen-ms', 'fast'], error: 'whole number' },
    { argv: ['nrf91', '--baud', '0'], error: 'whole number' },
    { argv: ['nrf91', '--framing', 'hayes'], error: 'at_client or slm' },
    { argv: ['nrf91', '--faults', 'drop=2'], error: 'probability' },
    { argv: ['nrf91', '--faults', 'melt=0.1'], error: 'unknown fault "melt"' },
    { argv: ['nrf91', '--network-time-days', '1.5'], error: 'whole days within ±10950' },
    { argv: ['nrf91', '--network-time-days', '10951'], error: 'whole days within ±10950' },
    { argv: ['nrf91', '--nope', '1'], error: 'unknown option --nope' },
  ];
  for (const { argv, error } of bad) {
    it(`refuses ${JSON.stringify(argv)} saying what is wrong`, () => {
      const r = parseEmulatorArgs(argv);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(error);
    });
  }
});
