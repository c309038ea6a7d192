// Layer: views (device), the connect panel's state: previously granted hardware ports (getPorts, refreshed on plug
// events or after each connect where the source has none) and the emulated boards with their plug state.
import type { EmulatorLab } from '../../devices/emulator/types.ts';
import type { DeviceError } from '../../devices/errors.ts';
import type { PortEntry, PortSource } from '../../devices/transport/index.ts';

export interface EmulatedChoice {
  readonly id: string;
  readonly label: string;
  readonly plugged: boolean;
  readonly busy: boolean;
}

export class ConnectChoices {
  granted = $state.raw<PortEntry[]>([]);
  grantedError = $state.raw<DeviceError | null>(null);
  boards = $state.raw<EmulatedChoice[]>([]);
  /** The serial settings are unfolded (kept here so a connect attempt does not fold them away). */
  serialOpen = $state.raw(false);
  readonly hardware: PortSource | null;
  readonly emulator: PortSource;
  readonly #lab: EmulatorLab;

  constructor(sources: { hardware: PortSource | null; emulator: PortSource; lab: EmulatorLab }) {
    this.hardware = sources.hardware;
    this.emulator = sources.emulator;
    this.#lab = sources.lab;
    this.#readBoards();
  }

  /** Starts following plug events; returns the cleanup for $effect. */
  watch(): () => void {
    void this.refreshGranted();
    const stops = this.#lab.boards().map((b) => this.#lab.control(b.id).onChange(() => this.#readBoards()));
    if (this.hardware) stops.push(this.hardware.onChange(() => void this.refreshGranted()));
    return () => stops.forEach((stop) => stop());
  }

  async refreshGranted(): Promise<void> {
    if (!this.hardware) return;
    const r = await this.hardware.granted();
    this.granted = r.ok ? r.value : [];
    this.grantedError = r.ok ? null : r.error;
  }

  #readBoards(): void {
    this.boards = this.#lab.boards().map((info) => {
      const control = this.#lab.control(info.id);
      return { id: info.id, label: info.label, plugged: control.plugged, busy: control.busy };
    });
  }
}
