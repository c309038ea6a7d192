// Layer: adapters, the family registry's contract. A FamilyDriver looks at a freshly opened connection and either
// claims the board (returning its Device) or says "not mine" (ok(null)) so the next driver can try. Add a family
// (Zephyr TLS shell, secure element) by writing a driver and listing it in FAMILY_DRIVERS (connect.ts).
import type { Result } from '../../lib/result.ts';
import type { Device, DeviceFamily } from '../device.ts';
import type { DeviceError } from '../errors.ts';
import type { FamilyProfile } from '../family-profile.ts';
import type { AtClient } from '../protocols/at-client.ts';
import type { LineClient } from '../line-client.ts';
import type { SerialConnection } from '../transport/connection.ts';

export interface DetectOptions {
  readonly signal?: AbortSignal;
  /** Time limit for each probing command (a board that stays silent is not this family). */
  readonly probeTimeoutMs: number;
}

export interface Detected {
  readonly device: Device;
  /** The AT client the device talks through; absent for non-AT families. */
  readonly at?: AtClient;
  /** The console's line terminal when it is not the AT client (a shell family's). Default: `at`. */
  readonly line?: LineClient;
}

export interface FamilyDriver {
  readonly family: DeviceFamily;
  readonly label: string;
  /** The family's profile (family-profile.ts), the same one its devices carry. */
  readonly profile: FamilyProfile;
  /** What only a board of this family prints, unasked or in answer to a line it does not understand (another
   * family's probe). connectDevice stops the probe running when it sees this and tries this family next, so a board
   * never waits out another family's probe time limit. */
  readonly signature?: RegExp;
  /** Claims the board, or ok(null). Errors are for what ends the attempt (disconnected, aborted). A driver that
   * returns null must leave the connection as it found it (listeners detached). */
  detect(connection: SerialConnection, options: DetectOptions): Promise<Result<Detected | null, DeviceError>>;
}
