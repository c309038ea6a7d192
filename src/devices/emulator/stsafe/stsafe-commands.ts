// Layer: emulated STSAFE-A110, the host firmware's command table: one KWSE request line in, one answer line out
// (without terminator). What a real STM32 firmware does on top of ST's middleware, argument checks included.
import { fromHex, toHex } from '../../../lib/bytes.ts';
import {
  encodeSeText,
  SE_CURVES,
  SE_MAX_CHUNK,
  SE_MAX_LINE,
  SE_MAX_PING,
  SE_PROTOCOL_VERSION,
  type SeCurve,
  type SeErrorCode,
} from '../../protocols/se-constants.ts';
import type { ChipResult, StsafeChip } from './stsafe-chip.ts';

/** What a command handler gives back: an answer, or (faults) a reset of the board after a partial write. */
export type Outcome = { readonly answer: string } | { readonly reset: true };

type Args = readonly string[];
type Handler = (chip: StsafeChip, args: Args, faults: CommandFaults) => ChipResult<string> | { readonly reset: true };

/** One-shot faults the command table consumes (the board's inject() queues them). */
export interface CommandFaults {
  take(kind: 'sign-refused' | 'zone-full' | 'reset-mid-write'): boolean;
}

const fail = (code: SeErrorCode, text: string, status = 0): ChipResult<never> => ({ ok: false, code, status, text });
const HEX = /^(?:[0-9A-Fa-f]{2})*$/;
const int = (text: string | undefined): number | null =>
  text !== undefined && /^\d{1,5}$/.test(text) ? Number(text) : null;
const arity = (args: Args, n: number) =>
  args.length === n ? null : fail('SYNTAX', `expected ${n} argument(s), got ${args.length}`);

const hexArg = (text: string | undefined, max: number, what: string): ChipResult<Uint8Array> => {
  if (text === undefined || !HEX.test(text)) return fail('SYNTAX', `${what} must be hex, two digits per byte`);
  const bytes = fromHex(text)!;
  return bytes.length > max
    ? fail('ARG', `${what} is ${bytes.length} bytes, at most ${max}`)
    : { ok: true, value: bytes };
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  HELLO: (chip, args) => {
    const wanted = int(args[0]);
    if (args.length !== 1 || wanted === null) return fail('SYNTAX', 'HELLO takes the highest version the host speaks');
    if (wanted < 1) return fail('VERSION', `this firmware speaks version ${SE_PROTOCOL_VERSION}`);
    return {
      ok: true,
      value: `proto=${Math.min(wanted, SE_PROTOCOL_VERSION)} line=${SE_MAX_LINE} chunk=${SE_MAX_CHUNK}`,
    };
  },
  ID: (chip, args) =>
    arity(args, 0) ?? {
      ok: true,
      value: [
        `model=${chip.factory.model}`,
        `serial=${chip.factory.serial}`,
        `fw=${encodeSeText(chip.factory.hostFirmware)}`,
        `proto=${SE_PROTOCOL_VERSION}`,
        `slots=${chip.slotCount}`,
        `curves=${SE_CURVES.join(',')}`,
        'caps=KEYGEN,SIGN,ZONES',
      ].join(' '),
    },
  PING: (chip, args) => {
    if (args.length > 1) return fail('SYNTAX', 'PING takes at most one hex argument');
    const echo = hexArg(args[0] ?? '', SE_MAX_PING, 'the payload');
    return echo.ok ? { ok: true, value: `echo=${toHex(echo.value, true)}` } : echo;
  },
  KEYGEN: (chip, args) => {
    const slot = int(args[0]);
    const curve = args[1] as SeCurve;
    if (args.length !== 2 || slot === null) return fail('SYNTAX', 'KEYGEN <slot> <curve>');
    if (!SE_CURVES.includes(curve)) return fail('CURVE', `curves: ${SE_CURVES.join(' ')}`);
    const point = chip.generate(slot, curve);
    return point.ok ? { ok: true, value: `slot=${slot} curve=${curve} pub=${toHex(point.value, true)}` } : point;
  },
  PUBKEY: (chip, args) => {
    const slot = int(args[0]);
    if (args.length !== 1 || slot === null) return fail('SYNTAX', 'PUBKEY <slot>');
    const key = chip.publicKey(slot);
    return key.ok
      ? { ok: true, value: `slot=${slot} curve=${key.value.curve} pub=${toHex(key.value.point, true)}` }
      : key;
  },
  SIGN: (chip, args, faults) => {
    const slot = int(args[0]);
    const digest = hexArg(args[1], 64, 'the digest');
    if (args.length !== 2 || slot === null) return fail('SYNTAX', 'SIGN <slot> <digest hex>');
    if (!digest.ok) return digest;
    if (faults.take('sign-refused')) return fail('CHIP', 'the chip refused to sign', 0x1e);
    const sig = chip.sign(slot, digest.value);
    return sig.ok ? { ok: true, value: `sig=${toHex(sig.value, true)}` } : sig;
  },
  ZONES: (chip, args) =>
    arity(args, 0) ?? {
      ok: true,
      value: `zones=${chip
        .zones()
        .map((z) => `${z.index}:${z.size}:${z.access}`)
        .join(',')}`,
    },
  ZREAD: (chip, args) => {
    const [zone, offset, length] = args.map(int);
    if (args.length !== 3 || zone == null || offset == null || length == null)
      return fail('SYNTAX', 'ZREAD <zone> <offset> <length>');
    if (length > SE_MAX_CHUNK) return fail('ARG', `one ZREAD returns at most ${SE_MAX_CHUNK} bytes`);
    const data = chip.read(zone, offset, length);
    return data.ok ? { ok: true, value: `data=${toHex(data.value, true)}` } : data;
  },
  ZWRITE: (chip, args, faults) => {
    const [zone, offset] = args.map(int);
    if (args.length !== 3 || zone == null || offset == null) return fail('SYNTAX', 'ZWRITE <zone> <offset> <hex>');
    const data = hexArg(args[2], SE_MAX_CHUNK, 'the data');
    if (!data.ok) return data;
    if (faults.take('zone-full')) return fail('BOUNDS', `zone ${zone} is full`, 0x14);
    if (faults.take('reset-mid-write')) {
      chip.write(zone, offset, data.value.subarray(0, data.value.length >> 1));
      return { reset: true };
    }
    const n = chip.write(zone, offset, data.value);
    return n.ok ? { ok: true, value: `n=${n.value}` } : n;
  },
  ZERASE: (chip, args) => {
    const zone = int(args[0]);
    if (args.length !== 1 || zone === null) return fail('SYNTAX', 'ZERASE <zone>');
    const n = chip.erase(zone);
    return n.ok ? { ok: true, value: `n=${n.value}` } : n;
  },
};

/** One request line -> its answer line (or a reset). Lines that are not `<seq> <VERB> ...` answer with seq '?'. */
export function runCommand(chip: StsafeChip, line: string, faults: CommandFaults): Outcome {
  const [seqText, verb, ...args] = line.split(' ');
  const seq = seqText !== undefined && /^\d{1,4}$/.test(seqText) ? seqText : null;
  if (seq === null || !verb) return { answer: `? ERR SYNTAX 00 expected <seq> <VERB> [args]` };
  const handler = HANDLERS[verb];
  if (!handler) return { answer: `${seq} ERR UNKNOWN 00 no verb ${encodeSeText(verb)}` };
  const result = handler(chip, args, faults);
  if ('reset' in result) return result;
  if (result.ok) return { answer: `${seq} OK${result.value ? ` ${result.value}` : ''}` };
  return { answer: `${seq} ERR ${result.code} ${toHex(Uint8Array.of(result.status), true)} ${result.text}` };
}
