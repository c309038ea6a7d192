// The emulated nRF9160 on a serial line: the same board model the app uses, speaking raw bytes on stdin/stdout so
// that socat can give it a pty any serial tool opens (screen, minicom, pyserial, Nordic's scripts). Logs go to
// stderr only. Exits cleanly on EOF and on SIGTERM/SIGINT; flash is saved on every change (--state FILE).
// An "unplug" fault ends the process, as a vanishing USB device ends its tty.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { factoryBoard, NRF91_FACTORY_BOARDS } from '../src/devices/emulator/nrf91-factory.ts';
import { FaultInjector } from '../src/devices/emulator/faults.ts';
import { MemoryFlashStore, type FlashStore } from '../src/devices/emulator/flash-store.ts';
import { Nrf91Board } from '../src/devices/emulator/nrf91-board.ts';
import { bytesToLatin1 } from '../src/devices/emulator/at-line.ts';
import { realClock } from '../src/devices/emulator/clock.ts';
import { BoardWire } from '../src/devices/emulator/wire.ts';
import { parseEmulatorArgs, USAGE } from './emulator-args.ts';
import { JsonFileFlashStore } from './emulator-flash.ts';

const log = (message: string) => process.stderr.write(`[emulator] ${message}\n`);
const preview = (bytes: Uint8Array) => JSON.stringify(bytesToLatin1(bytes).slice(0, 120));

function main(): void {
  const parsed = parseEmulatorArgs(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.help) process.stdout.write(`${USAGE}\n`);
    else process.stderr.write(`emulator: ${parsed.error} (--help lists the options)\n`);
    process.exit(parsed.help ? 0 : 2);
  }
  const config = parsed.config;
  const factory = factoryBoard(config.board);
  if (!factory) {
    const ids = NRF91_FACTORY_BOARDS.map((b) => b.id).join(', ');
    process.stderr.write(`emulator: no board "${config.board}" (have ${ids})\n`);
    process.exit(2);
  }

  let flash: FlashStore = new MemoryFlashStore();
  if (config.state) {
    if (!existsSync(dirname(resolve(config.state)))) {
      process.stderr.write(`emulator: no folder ${dirname(resolve(config.state))} for --state ${config.state}\n`);
      process.exit(2);
    }
    const store = new JsonFileFlashStore(config.state, log);
    try {
      store.load(factory.id);
    } catch (e) {
      process.stderr.write(`emulator: ${(e as Error).message}\n`);
      process.exit(2);
    }
    flash = store;
  }

  const board = new Nrf91Board({
    factory,
    flash,
    framing: config.framing,
    log,
    ...(config.keygenMs !== null ? { keygenMs: config.keygenMs } : {}),
    ...(config.registrationMs !== null ? { registrationMs: config.registrationMs } : {}),
    networkTimeOffsetMs: config.networkTimeDays * 86_400_000,
  });
  const faults = new FaultInjector(config.seed, config.faults, (fault) => log(`fault: ${fault.kind}`));
  const wire = new BoardWire({
    clock: realClock,
    faults,
    baud: config.baud,
    mismatched: false,
    toBoard: (bytes) => {
      if (config.verbose) log(`<- ${preview(bytes)}`);
      board.receive(bytes);
    },
    toHost: (bytes) => {
      if (config.verbose) log(`-> ${preview(bytes)}`);
      process.stdout.write(bytes);
    },
  });

  let stopping = false;
  const stop = (why: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${why})`);
    board.powerOff();
    wire.cancel(new Error('emulator stopped'));
    process.stdout.write('', () => process.exit(code));
  };

  board.onOutput = (bytes) => wire.fromBoard(bytes);
  board.beforeCommand = () => faults.commandFault();
  board.onUnplugFault = () => stop('unplug fault: the board is gone');
  process.stdin.on('data', (chunk: Buffer) => void wire.send(new Uint8Array(chunk)).catch(() => {}));
  // End of input: answer what was already sent (a key generation may still be running), then leave.
  process.stdin.on('end', () => {
    const drain = () => (board.idle && wire.idle ? stop('end of input') : setTimeout(drain, 10));
    drain();
  });
  process.stdin.on('error', (e) => stop(`input error: ${e.message}`, 1));
  process.stdout.on('error', (e) => stop(`output error: ${e.message}`, 1));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  log(
    `${factory.label}: IMEI ${factory.imei}, ${factory.firmware}, ${config.framing} framing, ` +
      `flash ${config.state ?? 'in memory (lost on exit)'}, seed ${config.seed}` +
      (config.baud ? `, paced at ${config.baud} baud` : ''),
  );
  board.powerOn();
}

main();
