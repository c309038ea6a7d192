// State behind the Settings "Emulated boards" panel: one view per lab board, kept current through the board's
// onChange, plus the panel's own messages. Talks to the lab only through the EmulatedBoardControl contract.
import type { EmulatedBoardControl, EmulatorFault } from '../../devices/emulator/types.ts';

export const MAX_KEYGEN_MS = 60_000;

export class EmulatorBoardView {
  plugged = $state.raw(false);
  portOpen = $state.raw(false);
  busy = $state.raw(false);
  keygenMs = $state.raw(0);
  queuedFaults = $state.raw(0);
  confirmingReset = $state.raw(false);
  message = $state.raw('');
  keygenError = $state.raw('');
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

  get facts() {
    return this.#control.facts;
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
    this.queuedFaults = this.#control.queuedFaults.length;
  }

  togglePlug(): void {
    if (this.plugged) {
      this.#control.unplug();
      this.message = 'Unplugged: an open connection to this board is lost.';
    } else {
      this.#control.replug();
      this.message = 'Plugged in: the board booted with its radio off (CFUN 0).';
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
    this.message = 'The board rebooted: radio off, flash kept.';
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
