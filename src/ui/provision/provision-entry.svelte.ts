// Layer: views (provision). Which Provision view the page shows: the light start view (ProvisionStart: the steps,
// the connect choices, the emulated boards from the catalog) on the first screen, or the provisioning view
// (ProvisionBody, loaded with import()) once it is needed: a press on the start view (kept as the action the view
// does when it is in), or something only it can show: a session already started in this page, an interrupted batch,
// ports the browser granted before, the emulator lab already made (its plug states). One per page.
import { deviceStackStarted } from '../../app/device-stack.ts';
import { emulatorLabLoaded } from '../../app/emulator-ready.ts';
import type { HardwareRoute } from '../../app/browser-check.ts';
import { BATCH_KEY } from './batch-key.ts';
import type { StartAction } from './start-action.ts';

export interface EntryEnvironment {
  readonly deviceStackStarted: () => boolean;
  readonly emulatorLabLoaded: () => boolean;
  readonly storedBatch: () => boolean;
  /** How many ports (or USB devices) this browser let the page use before, on the route. */
  readonly grantedPorts: (route: HardwareRoute) => Promise<number>;
}

async function grantedPorts(route: HardwareRoute): Promise<number> {
  try {
    if (route === 'web-serial') return (await navigator.serial.getPorts()).length;
    if (route === 'webusb') return (await navigator.usb.getDevices()).length;
  } catch {
    // A browser that refuses to list them: the start view stays, its buttons still lead to the full view.
  }
  return 0;
}

function storedBatch(): boolean {
  try {
    return localStorage.getItem(BATCH_KEY) !== null;
  } catch {
    return false;
  }
}

const PAGE: EntryEnvironment = { deviceStackStarted, emulatorLabLoaded, storedBatch, grantedPorts };

export class ProvisionEntry {
  /** The provisioning view is wanted (it stays so for the page's life). */
  open = $state(false);
  #action: StartAction | null = null;
  readonly #env: EntryEnvironment;

  constructor(env: EntryEnvironment = PAGE) {
    this.#env = env;
    if (env.deviceStackStarted() || env.emulatorLabLoaded() || env.storedBatch()) this.open = true;
  }

  /** A press on the start view: the provisioning view loads and then does it (a later press replaces it). */
  begin(action: StartAction): void {
    this.#action = action;
    this.open = true;
  }

  /** The action to do, once: the view that takes it does it. */
  take(): StartAction | null {
    const action = this.#action;
    this.#action = null;
    return action;
  }

  /** Opens the provisioning view at once when the browser already granted ports (it lists them to reconnect). */
  async check(route: HardwareRoute): Promise<void> {
    if (this.open) return;
    if (this.#env.deviceStackStarted() || this.#env.emulatorLabLoaded() || this.#env.storedBatch()) this.open = true;
    else if ((await this.#env.grantedPorts(route)) > 0) this.open = true;
  }
}

let entry: ProvisionEntry | null = null;
export const provisionEntry = (): ProvisionEntry => (entry ??= new ProvisionEntry());
