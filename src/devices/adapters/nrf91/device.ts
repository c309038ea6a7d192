// Layer: nRF91 adapter, the Device. Puts the facets together over one AtClient: identify, credentials (%CMNG),
// keys (%KEYGEN), functional mode (+CFUN) and attestation (%ATTESTTOKEN), with the modem's limits. Above: flows
// and the UI through `Device`. Below: the AtClient and the ByteStream it reads. close() has a real deadline: the
// +CMEE restore queues behind a command in flight (a %KEYGEN can take 90 s), so it gets at most RESTORE_TIMEOUT_MS
// all told; then the AT client is disposed (what is still pending fails) and the port is closed.
import type { Device } from '../../device.ts';
import { AtClient } from '../../protocols/at-client.ts';
import { restoreCmee, type CmeeState } from '../../protocols/at-cmee.ts';
import type { ByteStream } from '../../transport/byte-stream.ts';
import { nrf91Attestation } from './attestation.ts';
import { NRF91_LIMITS } from './limits.ts';
import { NRF91_PROFILE } from './profile.ts';
import { maskSecretLine } from '../../transport/secret-mask.ts';
import { nrf91Credentials } from './credentials.ts';
import { nrf91FunctionalMode } from './functional-mode.ts';
import { identifyNrf91 } from './identify.ts';
import { nrf91Keys } from './keys.ts';

export { NRF91_LIMITS } from './limits.ts';

export interface Nrf91Device extends Device {
  readonly family: 'nrf91';
  /** The session's AT client: the console sends typed commands through it so they queue with KeyWire's own. */
  readonly at: AtClient;
}

export interface Nrf91DeviceOptions {
  /** An AtClient already attached to the stream (connectDevice's probe); one is made otherwise. */
  readonly at?: AtClient;
  /** +CMEE before KeyWire set it, put back on close. */
  readonly cmee?: CmeeState;
}

/** The AtClient an nRF91 session uses: errors mask %CMNG secrets, slow commands get the modem's time limits. */
export const NRF91_AT_OPTIONS = {
  maskLine: (command: string) => maskSecretLine(command, NRF91_PROFILE.console.secretLines),
  timeLimitMs: NRF91_PROFILE.timeLimitMs,
} as const;

/** How long close() may spend putting +CMEE back (waiting in the queue included) before it lets go of the port. */
export const RESTORE_TIMEOUT_MS = 2000;

export function createNrf91Device(
  connection: ByteStream & { close(): Promise<void> },
  options: Nrf91DeviceOptions = {},
): Nrf91Device {
  const at = options.at ?? new AtClient(connection, NRF91_AT_OPTIONS);
  let closing: Promise<void> | undefined;
  return {
    family: 'nrf91',
    profile: NRF91_PROFILE,
    limits: NRF91_LIMITS,
    at,
    identify: (opts) => identifyNrf91(at, opts),
    credentials: nrf91Credentials(at),
    keys: nrf91Keys(at),
    functionalMode: nrf91FunctionalMode(at),
    attestation: nrf91Attestation(at),
    close() {
      closing ??= (async () => {
        if (options.cmee && connection.isOpen) {
          let timer: ReturnType<typeof setTimeout> | undefined;
          const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, RESTORE_TIMEOUT_MS)));
          await Promise.race([restoreCmee(at, options.cmee, { timeoutMs: RESTORE_TIMEOUT_MS }), deadline]);
          clearTimeout(timer);
        }
        at.dispose();
        await connection.close();
      })();
      return closing;
    },
  };
}
