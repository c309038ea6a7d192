// The emulated STSAFE-A110 board at the byte level: line framing (CR, LF, CRLF, overlong lines), the chip's rules
// (zone sizes about 6 KB, read-size limit, zone 0 and slot 0 never overwritten, no key import), real ECDSA per curve.
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../lib/bytes.ts';
import { SE_MAX_LINE } from '../../protocols/se-constants.ts';
import { StsafeBoard } from './stsafe-board.ts';
import { CHIP_CURVES } from './stsafe-curves.ts';
import { STSAFE_FACTORY_BOARDS } from './stsafe-factory.ts';
import { parseStsafeNvm } from './stsafe-nvm.ts';

function harness() {
  const board = new StsafeBoard({ factory: STSAFE_FACTORY_BOARDS[0]! });
  let out = '';
  board.onOutput = (b) => (out += new TextDecoder().decode(b));
  board.powerOn();
  return {
    board,
    /** Sends raw text and returns what the board answered to it. */
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

describe('emulated STSAFE-A110 board', () => {
  it('announces itself on power-up', () => {
    expect(harness().out).toBe('* BOOT proto=1 model=STSAFE-A110\r\n');
  });

  it('ends lines at LF, CR or CRLF and ignores empty lines', () => {
    const h = harness();
    expect(h.send('1 PING 01\n2 PING 02\r3 PING 03\r\n\r\n')).toBe('1 OK echo=01\r\n2 OK echo=02\r\n3 OK echo=03\r\n');
  });

  it('discards a line over the maximum whole and answers TOOLONG, then carries on', () => {
    const h = harness();
    expect(h.send(`1 PING ${'A'.repeat(SE_MAX_LINE)}\n`)).toBe(`? ERR TOOLONG 00 line over ${SE_MAX_LINE} bytes\r\n`);
    expect(h.send('2 PING\n')).toBe('2 OK echo=\r\n');
  });

  it('answers lines that are not requests with an unnumbered SYNTAX refusal (an AT probe, for one)', () => {
    expect(harness().send('AT\r')).toBe('? ERR SYNTAX 00 expected <seq> <VERB> [args]\r\n');
  });

  it('has about 6 KB of zones, zone 0 read-only', () => {
    const zones = STSAFE_FACTORY_BOARDS[0]!.zones;
    expect(zones.reduce((n, z) => n + z.size, 0)).toBe(6144);
    expect(harness().send('1 ZONES\n')).toBe(
      '1 OK zones=0:1024:ro,1:1536:rw,2:1536:rw,3:1024:rw,4:512:rw,5:512:rw\r\n',
    );
  });

  it('limits one read to 256 bytes and a zone to its size', () => {
    const h = harness();
    expect(h.send('1 ZREAD 1 0 257\n')).toMatch(/^1 ERR ARG 00 /);
    expect(h.send('2 ZREAD 5 500 13\n')).toMatch(/^2 ERR BOUNDS 14 /);
    expect(h.send('3 ZWRITE 5 511 AABB\n')).toMatch(/^3 ERR BOUNDS 14 /);
    expect(h.send('4 ZREAD 9 0 1\n')).toMatch(/^4 ERR ZONE 10 /);
  });

  it('never writes or erases zone 0 and never generates in slot 0', () => {
    const h = harness();
    const before = h.send('1 ZREAD 0 0 16\n');
    expect(h.send('2 ZWRITE 0 0 00\n')).toMatch(/^2 ERR LOCKED 11 /);
    expect(h.send('3 ZERASE 0\n')).toMatch(/^3 ERR LOCKED 11 /);
    expect(h.send('4 KEYGEN 0 P-256\n')).toMatch(/^4 ERR LOCKED 11 /);
    expect(h.send('1 ZREAD 0 0 16\n')).toBe(before);
  });

  it('has no way to import or export a private key', () => {
    const h = harness();
    expect(h.send('1 KEYIMPORT 1 P-256 00\n')).toBe('1 ERR UNKNOWN 00 no verb KEYIMPORT\r\n');
    expect(h.send('2 KEYEXPORT 0\n')).toBe('2 ERR UNKNOWN 00 no verb KEYEXPORT\r\n');
  });

  it.each(['P-256', 'P-384', 'BP-256', 'BP-384'] as const)('signs with a %s key in slot 1 (real ECDSA)', (curve) => {
    const h = harness();
    const gen = /pub=([0-9A-F]+)/.exec(h.send(`1 KEYGEN 1 ${curve}\n`));
    const size = curve.endsWith('256') ? 32 : 48;
    const digest = new Uint8Array(size).fill(0x42);
    const sig = /sig=([0-9A-F]+)/.exec(h.send(`2 SIGN 1 ${'42'.repeat(size)}\n`));
    expect(gen && sig).toBeTruthy();
    expect(
      CHIP_CURVES[curve].verify(fromHex(sig![1]!)!, digest, fromHex(gen![1]!)!, { prehash: false, lowS: false }),
    ).toBe(true);
    expect(h.send(`3 SIGN 1 ${'42'.repeat(size === 32 ? 48 : 32)}\n`)).toMatch(/^3 ERR ARG 03 /);
  });

  it('refuses unknown curves and answers EMPTY for a slot without a key', () => {
    const h = harness();
    expect(h.send('1 KEYGEN 1 P-521\n')).toMatch(/^1 ERR CURVE 00 /);
    expect(h.send('2 PUBKEY 1\n')).toBe('2 ERR EMPTY 0A slot 1 holds no key\r\n');
    expect(h.send('3 SIGN 2 00\n')).toMatch(/^3 ERR SLOT 03 /);
  });

  it('keeps keys and zones across a reset', () => {
    const h = harness();
    const gen = h.send('1 KEYGEN 1 P-256\n');
    h.send('2 ZWRITE 1 0 3000\n');
    h.board.reset();
    expect(h.send('3 PUBKEY 1\n')).toBe(gen.replace(/^1 /, '3 '));
    expect(h.send('4 ZREAD 1 0 3\n')).toBe('4 OK data=3000FF\r\n');
  });
});

describe('emulated STSAFE-A110 non-volatile memory image', () => {
  it('keeps the user key and zones across sessions, as JSON', () => {
    const first = harness();
    let saves = 0;
    first.board.chip.onNvmChange = () => saves++;
    const gen = first.send('1 KEYGEN 1 P-384\n');
    first.send('2 ZWRITE 2 0 30030201FF\n');
    expect(saves).toBe(2);
    const image = parseStsafeNvm(JSON.parse(JSON.stringify(first.board.chip.nvmImage())));
    expect(image).not.toBeNull();
    const second = new StsafeBoard({ factory: STSAFE_FACTORY_BOARDS[0]!, nvm: image });
    let out = '';
    second.onOutput = (b) => (out += new TextDecoder().decode(b));
    second.powerOn();
    second.receive(new TextEncoder().encode('3 PUBKEY 1\n4 ZREAD 2 0 6\n'));
    expect(out).toContain(gen.replace(/^1 /, '3 '));
    expect(out).toContain('4 OK data=30030201FFFF\r\n');
  });

  it('never takes slot 0 or zone 0 from an image', () => {
    const factory = STSAFE_FACTORY_BOARDS[0]!;
    const zone0 = 'AB'.repeat(factory.zones[0]!.size);
    const forged = parseStsafeNvm({
      format: 'keywire-stsafe-nvm',
      version: 1,
      userSlots: [],
      zones: [{ index: 0, hex: zone0 }],
    });
    const board = new StsafeBoard({ factory, nvm: forged });
    expect(board.chip.read(0, 0, 4)).toEqual({ ok: true, value: factory.zone0.slice(0, 4) });
    expect(board.chip.nvmImage().zones.map((z) => z.index)).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses JSON that is not an image', () => {
    expect(parseStsafeNvm({ format: 'keywire-nrf91-flash', version: 1 })).toBeNull();
    expect(
      parseStsafeNvm({
        format: 'keywire-stsafe-nvm',
        version: 1,
        userSlots: [{ curve: 'P-521', scalarHex: '00' }],
        zones: [],
      }),
    ).toBeNull();
  });
});
