import { describe, expect, it } from 'vitest';
import { latin1ToBytes } from './nrf91/at-line.ts';
import { FaultInjector } from './faults.ts';
import { MemoryFlashStore } from './flash-store.ts';
import { createEmulatorLab } from './lab.ts';
import { mulberry32 } from './rng.ts';
import { PortSession } from './nrf91/testing.ts';
import type { EmulatorFault } from './types.ts';

const traffic = latin1ToBytes('352656100402174\r\nOK\r\n'.repeat(40));
const rates = { dropByte: 0.02, corruptByte: 0.02, stall: 0.1, reset: 0.05, unplug: 0.05 };

function run(seed: number) {
  const seen: EmulatorFault['kind'][] = [];
  const faults = new FaultInjector(seed, rates, (f) => seen.push(f.kind));
  const out = faults.filterOutput(traffic).bytes;
  const commands = Array.from({ length: 40 }, () => faults.commandFault()?.kind ?? 'none');
  return { out: Array.from(out), commands, seen };
}

describe('seeded fault injection', () => {
  it('mulberry32 is a pure function of its seed', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('the same seed, rates and traffic give the same faults; another seed gives others', () => {
    const first = run(7);
    expect(run(7)).toEqual(first);
    expect(run(8)).not.toEqual(first);
    expect(first.out.length).toBeLessThan(traffic.length);
    expect(first.seen).toContain('corrupt-byte');
    expect(first.commands.some((k) => k !== 'none')).toBe(true);
  });

  it('rates must be probabilities', () => {
    const faults = new FaultInjector(1);
    expect(() => (faults.rates = { dropByte: 1.5 })).toThrow(RangeError);
    expect(() => (faults.rates = { reset: -0.1 })).toThrow(RangeError);
  });

  it('inject(): drop and corrupt hit exactly the next byte out', () => {
    const faults = new FaultInjector(1);
    faults.inject({ kind: 'drop-byte' });
    expect(Array.from(faults.filterOutput(latin1ToBytes('OK\r\n')).bytes)).toEqual(Array.from(latin1ToBytes('K\r\n')));
    faults.inject({ kind: 'corrupt-byte' });
    const out = faults.filterOutput(latin1ToBytes('OK\r\n')).bytes;
    expect(out[0]).not.toBe(0x4f);
    expect(Array.from(out.subarray(1))).toEqual(Array.from(latin1ToBytes('K\r\n')));
    faults.inject({ kind: 'stall', ms: 250 });
    expect(faults.filterOutput(latin1ToBytes('OK')).stallMs).toBe(250);
  });
});

describe('faults through the lab', () => {
  const newLab = () => createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });

  it('an injected reset reboots the board at the next command instead of answering it', async () => {
    const lab = newLab();
    const session = await new PortSession(lab.port('nrf9160-a')).open();
    await session.at('AT+CFUN=4');
    lab.control('nrf9160-a').inject({ kind: 'reset' });
    await session.write('AT+CGSN\r');
    await session.waitFor(/The AT host sample started\r\n$/);
    expect(session.received).not.toContain('352656100402174');
    expect(await session.at('AT+CFUN?')).toBe('+CFUN: 0\r\nOK\r\n');
  });

  it('an injected unplug pulls the cable at the next command: the read loop ends with NetworkError', async () => {
    const lab = newLab();
    const session = await new PortSession(lab.port('nrf9160-b')).open();
    lab.control('nrf9160-b').inject({ kind: 'unplug' });
    await session.write('AT\r');
    await new Promise((r) => setTimeout(r, 10));
    expect(lab.control('nrf9160-b').plugged).toBe(false);
    expect(session.readError).toMatchObject({ name: 'NetworkError' });
  });

  it('an injected drop shows up as a missing byte in the answer', async () => {
    const lab = newLab();
    const session = await new PortSession(lab.port('nrf9160-c')).open();
    lab.control('nrf9160-c').inject({ kind: 'drop-byte' });
    await session.write('AT+CGMI\r');
    await session.waitFor(/OK\r\n$/);
    expect(session.received).toBe('ordic Semiconductor ASA\r\nOK\r\n');
  });
});

describe('faults aimed at a command (`when`) and error answers', () => {
  const newLab = () => createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });

  it('a fault with `when` passes other commands by and hits the first command containing its text', () => {
    const faults = new FaultInjector(1);
    faults.inject({ kind: 'reset', when: 'AT%CMNG=0' });
    faults.inject({ kind: 'corrupt-byte', when: 'AT%CMNG=1' });
    expect(faults.commandFault('AT+CGSN')).toBeNull();
    expect(faults.filterOutput(latin1ToBytes('OK')).bytes).toEqual(latin1ToBytes('OK'));
    expect(faults.commandFault('AT%CMNG=0,42,1,"x"')).toEqual({ kind: 'reset' });
    expect(faults.queued).toEqual([{ kind: 'corrupt-byte', when: 'AT%CMNG=1' }]);
    expect(faults.commandFault('AT%CMNG=1,42')).toBeNull();
    expect(faults.filterOutput(latin1ToBytes('OK')).bytes[0]).not.toBe(0x4f);
    expect(faults.queued).toEqual([]);
  });

  it('refuses an empty `when` and an answer of more than one line', () => {
    const faults = new FaultInjector(1);
    expect(() => faults.inject({ kind: 'reset', when: '' })).toThrow(RangeError);
    expect(() => faults.inject({ kind: 'answer', text: 'ERROR\r\nOK' })).toThrow(RangeError);
  });

  it('nRF91: an injected CME answer replaces the write and nothing is stored', async () => {
    const lab = newLab();
    const session = await new PortSession(lab.port('nrf9160-b')).open();
    await session.at('AT+CMEE=1');
    await session.at('AT+CFUN=4');
    lab.control('nrf9160-b').inject({ kind: 'answer', text: '+CME ERROR: 515', when: 'AT%CMNG=0' });
    expect(await session.at('AT%CMNG=1,77')).toBe('OK\r\n');
    expect(await session.at('AT%CMNG=0,77,3,"0011"')).toBe('+CME ERROR: 515\r\n');
    expect(await session.at('AT%CMNG=1,77')).toBe('OK\r\n');
  });

  it('Zephyr shell: an injected error line, then the prompt; the command did not run', async () => {
    const lab = newLab();
    const session = await new PortSession(lab.port('nrf7002dk-a')).open();
    lab.control('nrf7002dk-a').inject({ kind: 'answer', text: 'Failed to add credential: -12', when: 'kernel' });
    await session.write('kernel version\r');
    await session.waitFor(/Failed to add credential: -12\x1b\[m\r\n\x1b\[1;32muart:~\$ \x1b\[m$/);
    expect(session.received).not.toContain('Zephyr version');
  });

  it('STSAFE: an injected status answer carries the request sequence number', async () => {
    const lab = newLab();
    const session = await new PortSession(lab.port('stsafe-a')).open();
    lab.control('stsafe-a').inject({ kind: 'answer', text: 'ERR CHIP 6A chip busy', when: 'ZONES' });
    await session.write('17 ID\r\n');
    await session.waitFor(/^17 OK .*\r\n$/m);
    await session.write('18 ZONES\r\n');
    await session.waitFor(/18 ERR CHIP 6A chip busy\r\n$/);
    await session.write('19 ZONES\r\n');
    await session.waitFor(/19 OK zones=.*\r\n$/);
  });
});
