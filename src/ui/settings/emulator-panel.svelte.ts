// State behind the Settings "Emulated boards" panel: one view per lab board, kept current through the board's
// onChange, plus the panel's own messages. Talks to the lab only through the EmulatedBoardControl contract.
import type { EmulatedBoardControl, EmulatorFault } from '../../devices/emulator/types.ts';
import { MAX_NETWORK_TIME_OFFSET_DAYS } from '../../app/wiring.ts';
import { bootWords, boardFactsLine } from './emulated-board-words.ts';

export const MAX_KEYGEN_MS = 60_000;
export { MAX_NETWORK_TIME_OFFSET_DAYS };
const DAY_MS = 86_400_000;

/** "1095 days (about 3.0 years) ahead of this computer's clock", or that it is the same. */
export function describeNetworkOffset(ms: number): string {
  if (ms === 0) return "Network time: the same as this computer's clock.";
  const days = Math.abs(ms) / DAY_MS;
  const amount = Number.isInteger(days) ? `${days} day${days === 1 ? '' : 's'}` : `${days.toFixed(3)} days`;
  const years = days >= 365 ? ` (about ${(days / 365.25).toFixed(1)} years)` : '';
  return `Network time: ${amount}${years} ${ms > 0 ? 'ahead of' : 'behind'} this computer's clock.`;
}

export class EmulatorBoardView {
  plugged = $state.raw(false);
  portOpen = $state.raw(false);
  busy = $state.raw(false);
  keygenMs = $state.raw(0);
  queuedFaults = $state.raw(0);
  confirmingReset = $state.raw(false);
  message = $state.raw('');
  keygenError = $state.raw('');
  /** The network time offset in days (whole days when set here; the lab takes any whole ms). */
  networkOffsetDays = $state.raw(0);
  networkOffsetSummary = $state.raw('');
  networkOffsetError = $state.raw('');
  readonly #control: EmulatedBoardControl;

  constructor(control: EmulatedBoardControl) {
    this.#control = control;
    this.refresh();
  }

  get id(): string {
    return this.#control.info.id;
  }

  get label(): string {
    return this.#control.info.label;
  }

  /** One line of who the board is, in its family's words. */
  get factsLine(): string {
    return boardFactsLine(this.#control);
  }

  /** Whether the board's kind has this setting (keygenMs, networkTimeOffsetMs): the panel shows only those. */
  hasSetting(name: string): boolean {
    return this.#control.settingNames.includes(name);
  }

  /** Subscribes to the board; returns the unsubscribe for $effect's cleanup. */
  connect(): () => void {
    this.refresh();
    return this.#control.onChange(() => this.refresh());
  }

  refresh(): void {
    this.plugged = this.#control.plugged;
    this.portOpen = this.#control.portOpen;
    this.busy = this.#control.busy;
    this.keygenMs = this.#control.keygenMs;
    this.networkOffsetDays = this.#control.networkTimeOffsetMs / DAY_MS;
    this.networkOffsetSummary = describeNetworkOffset(this.#control.networkTimeOffsetMs);
    this.queuedFaults = this.#control.queuedFaults.length;
  }

  togglePlug(): void {
    if (this.plugged) {
      this.#control.unplug();
      this.message = 'Unplugged: an open connection to this board is lost.';
    } else {
      this.#control.replug();
      this.message = `Plugged in: ${bootWords(this.#control)}.`;
    }
  }

  setBusy(busy: boolean): void {
    this.#control.busy = busy;
    this.message = busy
      ? 'Another program now holds this port: connecting fails as with a real busy port.'
      : 'The port is free again.';
  }

  inject(fault: EmulatorFault, what: string): void {
    this.#control.inject(fault);
    this.refresh();
    this.message = `${what}: queued, it happens at the ${fault.kind === 'reset' || fault.kind === 'unplug' ? 'next command the board receives' : 'next byte the board sends'}.`;
  }

  resetNow(): void {
    this.#control.reset();
    this.message = `The board rebooted: ${bootWords(this.#control)}; flash kept.`;
  }

  setKeygenMs(text: string): void {
    const ms = Number(text);
    if (text.trim() === '' || !Number.isInteger(ms) || ms < 0 || ms > MAX_KEYGEN_MS) {
      this.keygenError = `Enter whole milliseconds from 0 to ${MAX_KEYGEN_MS}.`;
      return;
    }
    this.keygenError = '';
    this.#control.keygenMs = ms;
    this.message = `Key generation now takes ${ms} ms.`;
  }

  setNetworkOffsetDays(text: string): void {
    const days = Number(text);
    const max = MAX_NETWORK_TIME_OFFSET_DAYS;
    if (text.trim() === '' || !Number.isInteger(days) || Math.abs(days) > max) {
      this.networkOffsetError = `Enter whole days from -${max} to ${max} (about 30 years either way); 0 means the board's clock is right.`;
      return;
    }
    this.networkOffsetError = '';
    this.#control.networkTimeOffsetMs = days * DAY_MS;
    this.refresh();
    this.message = `${describeNetworkOffset(days * DAY_MS)} A registered board has it now; otherwise it gets it when it next registers (radio on).`;
  }

  askFactoryReset(): void {
    this.confirmingReset = true;
  }

  cancelFactoryReset(): void {
    this.confirmingReset = false;
  }

  async factoryReset(): Promise<void> {
    this.confirmingReset = false;
    await this.#control.factoryReset();
    this.message = 'Factory state restored: written credentials and generated keys are gone.';
  }
}
