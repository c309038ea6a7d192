// Layer: emulated STSAFE-A110, its registration as a board family (the contract of ../board-kind.ts): the factory
// boards of stsafe-factory.ts, the facts identify finds, no settings (the chip answers KEYGEN at once), and a factory
// building a StsafeBoard whose non-volatile memory (slot 1, read-write zones) lives in the lab's FlashStore under the
// board id as a `keywire-stsafe-nvm` image. Family options (lab `boardOptions`, the tool's `--key-seed` and
// `--se-faults`): `stsafeSeed`, the seed of the chip's key generation (default: a fresh random seed per board, so two
// sessions make two keys), and `stsafeFaults`, one-shot chip faults queued when the board is built.
import type { EmulatedBoard, EmulatedBoardKindSpec } from '../board-kind.ts';
import { HOSTILE_SETTING, withHostileMode } from '../hostile.ts';
import type { EmulatedBoardKinds } from '../types.ts';
import { STSAFE_HOSTILE } from './hostile.ts';
import { StsafeBoard, type StsafeFault } from './stsafe-board.ts';
import { STSAFE_FACTORY_BOARDS, type StsafeBoardFacts, type StsafeFactory } from './stsafe-factory.ts';
import { parseStsafeNvm } from './stsafe-nvm.ts';

declare module '../types.ts' {
  interface EmulatedBoardKinds {
    stsafe: StsafeBoardFacts;
  }
}

const FAULTS: readonly StsafeFault[] = ['sign-refused', 'zone-full', 'reset-mid-write', 'truncated-line', 'unplug'];
const faultsOf = (value: unknown): StsafeFault[] =>
  Array.isArray(value) ? value.filter((f): f is StsafeFault => FAULTS.includes(f as StsafeFault)) : [];

const randomSeed = (): number => crypto.getRandomValues(new Uint32Array(1))[0]!;

export const BOARD_KIND: EmulatedBoardKindSpec<StsafeFactory> = {
  kind: 'stsafe',
  description: 'an emulated STM32 + STSAFE-A110 (KeyWire secure-element protocol, KWSE, over its UART)',
  factoryBoards: STSAFE_FACTORY_BOARDS,
  settings: [HOSTILE_SETTING],
  words: (facts) => {
    const f = facts as EmulatedBoardKinds['stsafe'];
    return {
      factsLine: `${f.model} serial ${f.serial} · host firmware ${f.hostFirmware}`,
      bootWords: 'the board booted; its keys and data zones are kept',
    };
  },
  facts: ({ model, serial, hostFirmware }) => ({ model, serial, hostFirmware }),
  createBoard(factory, { flash, clock, log, options, settings }) {
    const board = new StsafeBoard({
      factory,
      clock,
      log,
      seed: typeof options.stsafeSeed === 'number' ? options.stsafeSeed : randomSeed(),
      nvm: parseStsafeNvm(flash.load(factory.id)),
    });
    for (const fault of faultsOf(options.stsafeFaults)) board.inject(fault);
    board.onNvmChange = () => {
      try {
        flash.save(factory.id, { ...board.chip.nvmImage() });
      } catch (e) {
        log(`${factory.id}: could not save the chip's memory (${(e as Error).message})`);
      }
    };
    const model: EmulatedBoard = {
      get onOutput() {
        return board.onOutput;
      },
      set onOutput(fn) {
        board.onOutput = fn;
      },
      get beforeCommand() {
        return board.beforeCommand;
      },
      set beforeCommand(fn) {
        board.beforeCommand = fn;
      },
      get onUnplugFault() {
        return board.onUnplugFault;
      },
      set onUnplugFault(fn) {
        board.onUnplugFault = fn;
      },
      receive: (bytes) => board.receive(bytes),
      powerOn: () => board.powerOn(),
      powerOff: () => board.powerOff(),
      reset: () => board.reset(),
      factoryReset() {
        board.factoryReset();
        flash.erase(factory.id);
      },
      get idle() {
        return board.idle;
      },
      setting: (name) => {
        throw new RangeError(`an emulated STSAFE board has no setting "${name}"`);
      },
      setSetting: (name) => {
        throw new RangeError(`an emulated STSAFE board has no setting "${name}"`);
      },
    };
    return withHostileMode(model, STSAFE_HOSTILE, clock, settings.hostile);
  },
};
