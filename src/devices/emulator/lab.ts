// Layer: emulator lab. A bench of emulated boards of any registered family (registry.ts), each a board model + its
// flash + its fault injector + one EmulatedSerialPort that stays the same object for the board's life (like a
// granted Web Serial port). Implements the `EmulatorLab` / `EmulatedBoardControl` contract of types.ts. Plugged =
// powered (development kits are USB-powered).
import type { EmulatedBoard, EmulatedBoardKindSpec, EmulatedFactoryBoard } from './board-kind.ts';
import { realClock, type EmulatorClock } from './clock.ts';
import { FaultInjector, NO_FAULTS } from './faults.ts';
import { HostileBoard } from './hostile.ts';
import type { FlashStore } from './flash-store.ts';
import { loadBoardSettings, readBoardSettings, saveBoardSettings, type BoardSettings } from './lab-settings.ts';
import { EmulatedSerialPort } from './port.ts';
import { ALL_FACTORY_BOARDS, boardKindOf } from './registry.ts';
import type {
  EmulatedBoardControl,
  EmulatedBoardFacts,
  EmulatedBoardInfo,
  EmulatedBoardKind,
  EmulatedBoardKinds,
  EmulatorFault,
  EmulatorFaultRates,
  EmulatorLab,
} from './types.ts';

export interface EmulatorLabOptions {
  readonly flash: FlashStore;
  readonly clock?: EmulatorClock;
  /** The bench (default: every factory board of every registered family). Each entry's `kind` picks its family. */
  readonly factories?: readonly EmulatedFactoryBoard[];
  /** Pace bytes at the baud rate passed to open() (default true; unit tests turn it off). */
  readonly pacing?: boolean;
  /** Default of the `keygenMs` setting (boards whose kind has it) when no value is saved; shorthand for tests. */
  readonly keygenMs?: number;
  /** Defaults of any kind's settings when no value is saved (over the kind's own defaults). */
  readonly settingDefaults?: Readonly<Record<string, number>>;
  /** Family options each kind reads its own from (e.g. an nRF91's `framing`, `registrationMs`). */
  readonly boardOptions?: Readonly<Record<string, unknown>>;
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
  readonly board: EmulatedBoard;
  readonly kind: EmulatedBoardKindSpec;
  readonly faults: FaultInjector;
  readonly port: EmulatedSerialPort;
  #plugged = true;
  #busy = false;
  #sink: ((bytes: Uint8Array) => void) | null = null;
  #listeners = new Set<() => void>();

  constructor(
    factory: EmulatedFactoryBoard,
    seed: number,
    private readonly lab: Lab,
    options: EmulatorLabOptions,
    saved: unknown,
  ) {
    const clock = options.clock ?? realClock;
    this.kind = boardKindOf(factory);
    this.info = {
      id: factory.id,
      kind: factory.kind,
      label: factory.label,
      usbVendorId: factory.usbVendorId,
      usbProductId: factory.usbProductId,
    };
    this.facts = this.kind.facts(factory);
    const log = options.log ?? (() => {});
    this.faults = new FaultInjector(seed, NO_FAULTS, (fault) => {
      log(`${factory.id}: fault ${fault.kind}`);
      queueMicrotask(() => this.#changed());
    });
    const stored = readBoardSettings(saved, this.kind.settings);
    const defaults: Record<string, number> = {
      ...(options.keygenMs !== undefined ? { keygenMs: options.keygenMs } : {}),
    };
    Object.assign(defaults, options.settingDefaults);
    const settings = Object.fromEntries(
      this.kind.settings.map((spec) => [spec.name, stored[spec.name] ?? defaults[spec.name] ?? spec.default]),
    );
    this.board = this.kind.createBoard(factory, {
      flash: options.flash,
      clock,
      log,
      settings,
      options: options.boardOptions ?? {},
    });
    this.board.onOutput = (bytes) => this.#sink?.(bytes);
    this.board.beforeCommand = (command) => this.faults.commandFault(command);
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

  factsOf<K extends EmulatedBoardKind>(kind: K): EmulatedBoardKinds[K] {
    if (this.info.kind !== kind) throw new RangeError(`${this.info.id} is a ${this.info.kind} board, not ${kind}`);
    return this.facts as EmulatedBoardKinds[K];
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

  get settingNames(): readonly string[] {
    return this.kind.settings.map((spec) => spec.name);
  }

  setting(name: string): number {
    this.#spec(name);
    return this.board.setting(name);
  }

  setSetting(name: string, value: number): void {
    const problem = this.#spec(name).problem(value);
    if (problem !== null) throw new RangeError(problem);
    this.board.setSetting(name, value);
    this.lab.saveSettings();
    this.#changed();
  }

  /** Every setting's current value, for the lab's saved settings. */
  get settings(): BoardSettings {
    return Object.fromEntries(this.settingNames.map((name) => [name, this.board.setting(name)]));
  }

  get keygenMs(): number {
    return this.settingNames.includes('keygenMs') ? this.setting('keygenMs') : 0;
  }

  set keygenMs(ms: number) {
    this.setSetting('keygenMs', ms);
  }

  get networkTimeOffsetMs(): number {
    return this.settingNames.includes('networkTimeOffsetMs') ? this.setting('networkTimeOffsetMs') : 0;
  }

  set networkTimeOffsetMs(ms: number) {
    this.setSetting('networkTimeOffsetMs', ms);
  }

  #spec(name: string) {
    const spec = this.kind.settings.find((s) => s.name === name);
    if (!spec)
      throw new RangeError(
        `${this.info.id} has no setting "${name}" (it has ${this.settingNames.join(', ') || 'none'})`,
      );
    return spec;
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
    const factories = options.factories ?? ALL_FACTORY_BOARDS;
    this.#boards = factories.map(
      (factory, i) => new LabBoard(factory, (options.seed ?? 1) + i, this, options, saved[factory.id]),
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

  /** The board model itself (the family's, without the hostile-mode wrapper), for tests and tools (not part of the
   * contract). */
  model(boardId: string): EmulatedBoard {
    const board = this.#get(boardId).board;
    return board instanceof HostileBoard ? board.inner : board;
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
    const settings = Object.fromEntries(this.#boards.map((b) => [b.info.id, b.settings]));
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
