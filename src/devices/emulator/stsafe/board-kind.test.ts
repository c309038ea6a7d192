// The emulated STSAFE-A110 as a lab board family: registered with unique ids and its facts, its non-volatile memory
// kept in the lab's flash store across boards built again (a page reload), factory reset, and the lab's command
// faults (reset, unplug, stall) obeyed once per request line.
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { MemoryFlashStore } from '../flash-store.ts';
import { boardKindNamed } from '../registry.ts';
import type { EmulatedBoard } from '../board-kind.ts';
import type { CommandFault } from '../faults.ts';
import { createEmulatorLab } from '../lab.ts';
import { STSAFE_FACTORY_BOARDS } from './stsafe-factory.ts';
import { STSAFE_NVM_FORMAT } from './stsafe-nvm.ts';

const kind = boardKindNamed('stsafe')!;
const factory = STSAFE_FACTORY_BOARDS[0]!;

function build(flash: MemoryFlashStore, clock = new ManualClock(), seed = 7) {
  const board: EmulatedBoard = kind.createBoard(factory, {
    flash,
    clock,
    log: () => {},
    settings: {},
    options: { stsafeSeed: seed },
  });
  let out = '';
  board.onOutput = (b) => (out += new TextDecoder().decode(b));
  board.powerOn();
  return {
    board,
    clock,
    send(text: string): string {
      const from = out.length;
      board.receive(new TextEncoder().encode(text));
      return out.slice(from);
    },
    get out() {
      return out;
    },
  };
}

describe('the stsafe board kind', () => {
  it('is registered with its factory boards and the facts identify finds', () => {
    expect(kind.kind).toBe('stsafe');
    expect(kind.settings.map((s) => s.name)).toEqual(['hostile']); // the hostile-board mode only
    expect(kind.facts(factory)).toEqual({
      model: 'STSAFE-A110',
      serial: '0209203A5C1E8B4F71',
      hostFirmware: 'kwse-ref 1.0.0 (STM32L4)',
    });
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false });
    const control = lab.control('stsafe-a');
    expect(control.info.kind).toBe('stsafe');
    expect(control.factsOf('stsafe').serial).toBe(factory.serial);
    expect(() => control.factsOf('nrf91')).toThrow(RangeError);
    expect(control.settingNames).toEqual(['hostile']);
    expect(control.keygenMs).toBe(0);
  });

  it('keeps slot 1 and the written zones in the flash store, so a board built again has them', () => {
    const flash = new MemoryFlashStore();
    const first = build(flash);
    const made = first.send('1 KEYGEN 1 P-384\n');
    expect(made).toMatch(/^1 OK slot=1 curve=P-384 pub=04[0-9A-F]{192}\r\n$/);
    expect(first.send('2 ZWRITE 3 0 C0FFEE\n')).toBe('2 OK n=3\r\n');
    expect(flash.load(factory.id)?.format).toBe(STSAFE_NVM_FORMAT);
    const again = build(flash, new ManualClock(), 99);
    expect(again.send('1 PUBKEY 1\n')).toBe(made);
    expect(again.send('2 ZREAD 3 0 4\n')).toBe('2 OK data=C0FFEEFF\r\n');
  });

  it('factory reset empties slot 1, erases the user zones and the stored image, keeps zone 0', () => {
    const flash = new MemoryFlashStore();
    const h = build(flash);
    h.send('1 KEYGEN 1 P-256\n2 ZWRITE 1 0 01\n');
    const zone0 = h.send('3 ZREAD 0 0 16\n').replace(/^3/, '');
    h.board.factoryReset();
    expect(flash.load(factory.id)).toBeNull();
    expect(h.out).toContain('* BOOT');
    expect(h.send('1 PUBKEY 1\n')).toMatch(/^1 ERR EMPTY 0A/);
    expect(h.send('2 ZREAD 1 0 1\n')).toBe('2 OK data=FF\r\n');
    expect(h.send('3 ZREAD 0 0 16\n').replace(/^3/, '')).toBe(zone0);
  });

  it('obeys the lab’s command faults: a stall delays the answer (later lines wait), a reset reboots, an unplug calls out', async () => {
    const h = build(new MemoryFlashStore());
    const faults: (CommandFault | null)[] = [{ kind: 'stall', ms: 500 }, null, { kind: 'reset' }, { kind: 'unplug' }];
    h.board.beforeCommand = () => faults.shift() ?? null;
    let unplugged = 0;
    h.board.onUnplugFault = () => unplugged++;
    expect(h.send('1 PING 01\n2 PING 02\n')).toBe('');
    expect(h.board.idle).toBe(false);
    await h.clock.advance(499);
    expect(h.out).not.toContain('1 OK');
    await h.clock.advance(1);
    expect(h.out).toContain('1 OK echo=01\r\n2 OK echo=02\r\n');
    expect(h.board.idle).toBe(true);
    expect(h.send('3 PING 03\n')).toBe('* BOOT proto=1 model=STSAFE-A110\r\n');
    expect(h.send('4 PING 04\n')).toBe('');
    expect(unplugged).toBe(1);
  });
});
