// An emulated board on a serial line: the same board model the app uses (the family named by the first argument,
// from the emulator's registry), speaking raw bytes on stdin/stdout so that socat can give it a pty any serial tool
// opens (screen, minicom, pyserial, Nordic's scripts). Logs go to stderr only. Exits cleanly on EOF and on
// SIGTERM/SIGINT; flash is saved on every change (--state FILE). An "unplug" fault ends the process, as a vanishing
// USB device ends its tty.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FaultInjector } from '../src/devices/emulator/faults.ts';
import { MemoryFlashStore, type FlashStore } from '../src/devices/emulator/flash-store.ts';
import { boardKindNamed } from '../src/devices/emulator/registry.ts';
import { realClock } from '../src/devices/emulator/clock.ts';
import { BoardWire } from '../src/devices/emulator/wire.ts';
import { parseEmulatorArgs, USAGE } from './emulator-args.ts';
import { JsonFileFlashStore } from './emulator-flash.ts';

const log = (message: string) => process.stderr.write(`[emulator] ${message}\n`);
const preview = (bytes: Uint8Array) => JSON.stringify(String.fromCharCode(...bytes.subarray(0, 120)));

function main(): void {
  const parsed = parseEmulatorArgs(process.argv.slice(2));
  if (!parsed.ok) {
    if (parsed.help) process.stdout.write(`${USAGE}\n`);
    else process.stderr.write(`emulator: ${parsed.error} (--help lists the options)\n`);
    process.exit(parsed.help ? 0 : 2);
  }
  const config = parsed.config;
  const kind = boardKindNamed(config.kind)!; // the parser accepted only registered kinds
  const factory = kind.factoryBoards.find((b) => b.id === config.board);
  if (!factory) {
    const ids = kind.factoryBoards.map((b) => b.id).join(', ');
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

  // The kind's settings: its defaults, then what the command line gave (only settings the kind declares).
  const given: Record<string, number> = {
    ...(config.keygenMs !== null ? { keygenMs: config.keygenMs } : {}),
    networkTimeOffsetMs: config.networkTimeDays * 86_400_000,
  };
  const settings = Object.fromEntries(kind.settings.map((s) => [s.name, given[s.name] ?? s.default]));
  const board = kind.createBoard(factory, {
    flash,
    clock: realClock,
    log,
    settings,
    options: {
      framing: config.framing,
      ...(config.registrationMs !== null ? { registrationMs: config.registrationMs } : {}),
      ...(config.keySeed !== null ? { stsafeSeed: config.keySeed } : {}),
      stsafeFaults: config.seFaults,
      ...(config.backend !== null ? { backend: config.backend } : {}),
      chatter: config.chatter,
    },
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
  board.beforeCommand = (command) => faults.commandFault(command);
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
    `${factory.label} (${kind.description}): ` +
      (config.kind === 'nrf91' ? `${config.framing} framing, ` : '') +
      (config.backend ? `${config.backend} credential backend, ` : '') +
      `flash ${config.state ?? 'in memory (lost on exit)'}, seed ${config.seed}` +
      (config.baud ? `, paced at ${config.baud} baud` : ''),
  );
  board.powerOn();
}

main();
