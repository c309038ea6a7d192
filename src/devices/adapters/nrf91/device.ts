// Layer: nRF91 adapter, the Device. Puts the facets together over one AtClient: identify, credentials (%CMNG),
// keys (%KEYGEN), functional mode (+CFUN) and attestation (%ATTESTTOKEN), with the modem's limits. After the board
// restarted (its boot banner seen), identify first sets +CMEE=1 again (a restart puts it back to bare ERROR). Above: flows
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
import { isNrf91BootLine } from './boot-banner.ts';
import { nrf91CommandText } from './secret-lines.ts';
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

/** The AtClient an nRF91 session uses: errors name a %CMNG write up to its content (`AT%CMNG=0,42,1,<certificate>`,
 * secrets by size only), slow commands get the modem's time limits, the firmware's boot banner ends a pending
 * command as 'restarted'. */
export const NRF91_AT_OPTIONS = {
  maskLine: nrf91CommandText,
  timeLimitMs: NRF91_PROFILE.timeLimitMs,
  restartLine: isNrf91BootLine,
} as const;

/** How long close() may spend putting +CMEE back (waiting in the queue included) before it lets go of the port. */
export const RESTORE_TIMEOUT_MS = 2000;

export function createNrf91Device(
  connection: ByteStream & { close(): Promise<void> },
  options: Nrf91DeviceOptions = {},
): Nrf91Device {
  const at = options.at ?? new AtClient(connection, NRF91_AT_OPTIONS);
  let closing: Promise<void> | undefined;
  // A restart puts +CMEE back to its boot default (bare ERROR): the next identify turns numeric errors on again.
  let restarted = false;
  at.onUnsolicited(({ line }) => (restarted ||= isNrf91BootLine(line)));
  return {
    family: 'nrf91',
    profile: NRF91_PROFILE,
    limits: NRF91_LIMITS,
    at,
    async identify(opts) {
      if (restarted) {
        restarted = false;
        await at.send('AT+CMEE=1', opts);
      }
      return identifyNrf91(at, opts);
    },
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
