// Layer: emulator lab. A bench of emulated boards, each a board model + its flash + its fault injector + one
// EmulatedSerialPort that stays the same object for the board's life (like a granted Web Serial port). Implements
// the `EmulatorLab` / `EmulatedBoardControl` contract of types.ts. Plugged = powered (the DK is USB-powered).
import type { Framing } from './at-reply.ts';
import { realClock, type EmulatorClock } from './clock.ts';
import { FaultInjector, NO_FAULTS } from './faults.ts';
import type { FlashStore } from './flash-store.ts';
import { loadBoardSettings, saveBoardSettings, type BoardSettings } from './lab-settings.ts';
import { Nrf91Board } from './nrf91-board.ts';
import { NRF91_FACTORY_BOARDS, type Nrf91Factory } from './nrf91-factory.ts';
import { EmulatedSerialPort } from './port.ts';
import type {
  EmulatedBoardControl,
  EmulatedBoardFacts,
  EmulatedBoardInfo,
  EmulatorFault,
  EmulatorFaultRates,
  EmulatorLab,
} from './types.ts';

export interface EmulatorLabOptions {
  readonly flash: FlashStore;
  readonly clock?: EmulatorClock;
  readonly factories?: readonly Nrf91Factory[];
  /** Pace bytes at the baud rate passed to open() (default true; unit tests turn it off). */
  readonly pacing?: boolean;
  readonly framing?: Framing;
  /** Default key generation time for boards without a saved setting. */
  readonly keygenMs?: number;
  readonly registrationMs?: number;
  /** Seed of every board's fault injector (board i uses seed + i). */
  readonly seed?: number;
  /** Where per-board settings (key generation time, network time offset) persist; null = not persisted. */
  readonly settings?: Storage | null;
  readonly log?: (message: string) => void;
  /** Observes every chunk the wires schedule (tests assert pacing on it). */
  readonly onScheduled?: (boardId: string, direction: 'to-host' | 'to-board', bytes: number, arrivesAt: number) => void;
}

type PortListener = (port: SerialPort) => void;

class LabBoard implements EmulatedBoardControl {
  readonly info: EmulatedBoardInfo;
  readonly facts: EmulatedBoardFacts;
  readonly board: Nrf91Board;
  readonly faults: FaultInjector;
  readonly port: EmulatedSerialPort;
  #plugged = true;
  #busy = false;
  #sink: ((bytes: Uint8Array) => void) | null = null;
  #listeners = new Set<() => void>();

  constructor(
    factory: Nrf91Factory,
    seed: number,
    private readonly lab: Lab,
    options: EmulatorLabOptions,
    saved: BoardSettings,
  ) {
    const clock = options.clock ?? realClock;
    this.info = {
      id: factory.id,
      kind: 'nrf91',
      label: factory.label,
      usbVendorId: factory.usbVendorId,
      usbProductId: factory.usbProductId,
    };
    const { manufacturer, model, firmware, hardwareVersion, imei, deviceUuid, modemFirmwareUuid, iccid } = factory;
    this.facts = { manufacturer, model, firmware, hardwareVersion, imei, deviceUuid, modemFirmwareUuid, iccid };
    const log = options.log ?? (() => {});
    this.faults = new FaultInjector(seed, NO_FAULTS, (fault) => {
      log(`${factory.id}: fault ${fault.kind}`);
      queueMicrotask(() => this.#changed());
    });
    this.board = new Nrf91Board({
      factory,
      flash: options.flash,
      clock,
      framing: options.framing ?? 'at_client',
      keygenMs: saved.keygenMs ?? options.keygenMs ?? 1500,
      registrationMs: options.registrationMs,
      networkTimeOffsetMs: saved.networkTimeOffsetMs ?? 0,
      log,
    });
    this.board.onOutput = (bytes) => this.#sink?.(bytes);
    this.board.beforeCommand = () => this.faults.commandFault();
    this.board.onUnplugFault = () => this.unplug();
    const self = this;
    this.port = new EmulatedSerialPort({
      info: this.info,
      clock,
      faults: this.faults,
      uartBaud: factory.uartBaud,
      pacing: options.pacing ?? true,
      get busy() {
        return self.#busy;
      },
      receive: (bytes) => this.board.receive(bytes),
      attach: (sink) => {
        this.#sink = sink;
        this.#changed();
      },
      onScheduled: (direction, chunk, at) => options.onScheduled?.(factory.id, direction, chunk.length, at),
    });
    this.board.powerOn();
  }

  get plugged(): boolean {
    return this.#plugged;
  }

  get portOpen(): boolean {
    return this.port.isOpen;
  }

  get busy(): boolean {
    return this.#busy;
  }

  set busy(value: boolean) {
    this.#busy = value;
    this.#changed();
  }

  get keygenMs(): number {
    return this.board.keygenMs;
  }

  set keygenMs(ms: number) {
    this.board.keygenMs = ms;
    this.lab.saveSettings();
    this.#changed();
  }

  get networkTimeOffsetMs(): number {
    return this.board.networkTimeOffsetMs;
  }

  set networkTimeOffsetMs(ms: number) {
    this.board.networkTimeOffsetMs = ms;
    this.lab.saveSettings();
    this.#changed();
  }

  get queuedFaults(): readonly EmulatorFault[] {
    return this.faults.queued;
  }

  get faultRates(): EmulatorFaultRates {
    return this.faults.rates;
  }

  set faultRates(rates: EmulatorFaultRates) {
    this.faults.rates = rates;
    this.#changed();
  }

  unplug(): void {
    if (!this.#plugged) return;
    this.#plugged = false;
    this.board.powerOff();
    this.port.cableUnplugged();
    this.lab.fire('disconnect', this.port);
    this.#changed();
  }

  replug(): void {
    if (this.#plugged) return;
    this.#plugged = true;
    this.board.powerOn();
    this.port.cablePlugged();
    this.lab.fire('connect', this.port);
    this.#changed();
  }

  inject(fault: EmulatorFault): void {
    this.faults.inject(fault);
    this.#changed();
  }

  reset(): void {
    if (this.#plugged) this.board.reset();
  }

  async factoryReset(): Promise<void> {
    this.faults.clearQueued();
    this.board.factoryReset();
    this.#changed();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}

export class Lab implements EmulatorLab {
  readonly #boards: LabBoard[];
  readonly #listeners = { connect: new Set<PortListener>(), disconnect: new Set<PortListener>() };

  constructor(private readonly options: EmulatorLabOptions) {
    const saved = loadBoardSettings(options.settings);
    const factories = options.factories ?? NRF91_FACTORY_BOARDS;
    this.#boards = factories.map(
      (factory, i) => new LabBoard(factory, (options.seed ?? 1) + i, this, options, saved[factory.id] ?? {}),
    );
  }

  boards(): readonly EmulatedBoardInfo[] {
    return this.#boards.map((b) => b.info);
  }

  port(boardId: string): SerialPort {
    return this.#get(boardId).port;
  }

  control(boardId: string): EmulatedBoardControl {
    return this.#get(boardId);
  }

  /** The board model itself, for tests and tools (not part of the contract). */
  model(boardId: string): Nrf91Board {
    return this.#get(boardId).board;
  }

  addEventListener(type: 'connect' | 'disconnect', listener: PortListener): void {
    this.#listeners[type].add(listener);
  }

  removeEventListener(type: 'connect' | 'disconnect', listener: PortListener): void {
    this.#listeners[type].delete(listener);
  }

  fire(type: 'connect' | 'disconnect', port: SerialPort): void {
    for (const listener of [...this.#listeners[type]]) listener(port);
  }

  saveSettings(): void {
    const settings = Object.fromEntries(
      this.#boards.map((b) => [b.info.id, { keygenMs: b.keygenMs, networkTimeOffsetMs: b.networkTimeOffsetMs }]),
    );
    saveBoardSettings(this.options.settings, settings);
  }

  #get(boardId: string): LabBoard {
    const board = this.#boards.find((b) => b.info.id === boardId);
    if (!board)
      throw new RangeError(`no emulated board "${boardId}" (have ${this.#boards.map((b) => b.info.id).join(', ')})`);
    return board;
  }
}

export const createEmulatorLab = (options: EmulatorLabOptions): Lab => new Lab(options);
