// Layer: views (provision). The page's one ProvisionState, wired to the page's DeviceSession, port sources, audit
// trail and settings; and the dev hook (localStorage `keywire.devHooks` = "1", the switch the Audit and CA hooks
// use): `window.keywireProvision` = { events(), wire(from, to), tap(from, to) } so e2e tests and the benchmark can read when each
// step began and how many bytes crossed the wire meanwhile. It grants nothing the page's devtools do not.
import { appAudit } from '../../app/wiring.ts';
import { appDeviceSession } from '../../app/app-session.ts';
import { browserGate } from '../../app/browser-gate.svelte.ts';
import { deviceSources } from '../../app/device-sources.ts';
import { appSettings } from '../../app/settings.svelte.ts';
import type { StepEvent } from './flow-events.ts';
import { ProvisionState } from './provision-state.svelte.ts';

let state: ProvisionState | null = null;

export function provisionState(): ProvisionState {
  state ??= new ProvisionState({
    session: appDeviceSession(),
    sources: () => deviceSources(browserGate().route),
    audit: appAudit,
    operator: () => appSettings.current.operator,
    serial: () => ({ baudRate: appSettings.current.baudRate, flowControl: appSettings.current.flowControl }),
  });
  exposeProvisionHooks(state);
  return state;
}

export interface WireCount {
  readonly rx: number;
  readonly tx: number;
}

export interface ProvisionDevHooks {
  /** Every step the flow entered, oldest first. */
  events(): StepEvent[];
  /** Bytes the byte tap saw between two Date.now() times (the board view's session, or the batch's). */
  wire(from: number, to: number): WireCount;
  /** The byte tap's chunks between two Date.now() times, each with its size and its text (where the time goes). */
  tap(from: number, to: number): TapChunk[];
}

export interface TapChunk {
  readonly t: number;
  readonly dir: 'rx' | 'tx';
  readonly n: number;
  /** The chunk as text (one character per byte; a private key or PSK is never written by a provisioning run). */
  readonly text: string;
}

declare global {
  interface Window {
    keywireProvision?: ProvisionDevHooks;
  }
}

function exposeProvisionHooks(s: ProvisionState): void {
  try {
    if (localStorage.getItem('keywire.devHooks') !== '1') return;
  } catch {
    return;
  }
  const hooks: ProvisionDevHooks = {
    events: () => [...s.events.list],
    wire(from, to) {
      const log = s.mode === 'batch' ? s.batch.log : s.session.log;
      const count = { rx: 0, tx: 0 };
      for (const e of log?.events() ?? []) if (e.t >= from && e.t <= to) count[e.dir] += e.bytes.length;
      return count;
    },
    tap(from, to) {
      const log = s.mode === 'batch' ? s.batch.log : s.session.log;
      return (log?.events() ?? [])
        .filter((e) => e.t >= from && e.t <= to)
        .map((e) => ({ t: e.t, dir: e.dir, n: e.bytes.length, text: String.fromCharCode(...e.bytes) }));
    },
  };
  Object.assign(globalThis, { keywireProvision: hooks });
}
