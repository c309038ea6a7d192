// Layer: views (provision). A small record of when each provisioning step began (wall clock, the byte tap's clock)
// for the dev hook: e2e tests wait on it and the benchmark measures "Generate key" to "Verify done" against the bytes
// the session log tapped in the same span. Public facts only (step names, device ids, times).
import type { SerialPortLike } from '../../devices/transport/index.ts';

export interface StepEvent {
  /** Date.now() when the flow entered the step (the byte tap timestamps with the same clock). */
  readonly t: number;
  readonly step: string;
  readonly deviceId: string | null;
}

const LIMIT = 10_000;

export class FlowEvents {
  readonly list: StepEvent[] = [];
  /** The port the batch connected last (for the board's expected key generation time). */
  lastPort: SerialPortLike | null = null;

  step(step: string, deviceId: string | null): void {
    const last = this.list[this.list.length - 1];
    if (last && last.step === step && last.deviceId === deviceId) return;
    this.list.push({ t: Date.now(), step, deviceId });
    if (this.list.length > LIMIT) this.list.splice(0, this.list.length - LIMIT);
  }
}
