// Layer: adapters, the front door for the UI: open a port, find out which family the board is, return its Device.
// Every failure is a DeviceError (the connection is closed again on every failure path), so the connect panel
// only switches on codes and shows troubleshooting(code).
import { err, ok, type Result } from '../../lib/result.ts';
import type { Device } from '../device.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import type { AtClient } from '../protocols/at-client.ts';
import type { LineClient } from '../line-client.ts';
import { SerialConnection, type ConnectionOptions } from '../transport/connection.ts';
import type { SerialPortLike } from '../transport/serial-port.ts';
import type { FamilyDriver } from './families.ts';
import { nrf91Driver } from './nrf91/driver.ts';
import { secureElementDriver } from './secure-element/driver.ts';
import { zephyrDriver } from './zephyr/driver.ts';

/**
 * Tried in order. Drivers that probe with AT go first: AT probes are short and harmless to a shell, and an nRF91
 * board is claimed before any other probe is sent, so it connects no slower than before. The nRF91 driver leaves a
 * board at once when a shell answers `AT: command not found`, so a Zephyr board does not wait out the AT time limit.
 * The secure-element driver (KWSE `HELLO`) comes last: a KWSE board answers the AT probes with a KWSE error line,
 * which the AT driver waits out for one probe time limit before it lets go, and the shell probe waits for a prompt.
 */
export const FAMILY_DRIVERS: readonly FamilyDriver[] = [nrf91Driver, zephyrDriver, secureElementDriver];

export interface ConnectOptions extends ConnectionOptions {
  readonly signal?: AbortSignal;
  /** Per probing command; default 3 s (a modem answers AT within milliseconds). */
  readonly probeTimeoutMs?: number;
  readonly families?: readonly FamilyDriver[];
}

export interface DeviceSession {
  readonly device: Device;
  readonly connection: SerialConnection;
  /** The AT client of an AT family (health readers that speak AT use it). */
  readonly at?: AtClient;
  /** For the console: a line terminal over the connection (the AT client, or a family's shell client); typed
   * commands go through it so they queue behind KeyWire's own. */
  readonly line?: LineClient;
}

export async function connectDevice(
  port: SerialPortLike,
  options: ConnectOptions = {},
): Promise<Result<DeviceSession, DeviceError>> {
  const { signal, probeTimeoutMs = 3000, families = FAMILY_DRIVERS } = options;
  if (signal?.aborted) return err(deviceError('aborted', 'Connecting was cancelled.'));
  const opened = await SerialConnection.open(port, options);
  if (!opened.ok) return opened;
  const connection = opened.value;
  let heard = 0;
  const stopCounting = connection.onTap((e) => {
    if (e.dir === 'rx') heard += e.bytes.length;
  });
  const fail = async (error: DeviceError) => {
    stopCounting();
    await connection.close();
    return err(error);
  };
  for (const driver of families) {
    if (signal?.aborted) return fail(deviceError('aborted', 'Connecting was cancelled.'));
    const found = await driver.detect(connection, { ...(signal ? { signal } : {}), probeTimeoutMs });
    if (!found.ok) return fail(found.error);
    if (found.value) {
      stopCounting();
      const line = found.value.line ?? found.value.at;
      return ok({
        device: found.value.device,
        connection,
        ...(found.value.at ? { at: found.value.at } : {}),
        ...(line ? { line } : {}),
      });
    }
  }
  const tried = families.map((f) => f.label).join(', ');
  return fail(
    heard === 0
      ? deviceError(
          'timeout',
          `The board did not answer (tried: ${tried}) at ${connection.baudRate} baud. Check the baud rate, that ` +
            'the board runs firmware with an AT or shell interface, and that no other program holds the port.',
        )
      : deviceError(
          'unsupported',
          `The board answered, but not as any board KeyWire knows (tried: ${tried}). The console shows what it said.`,
        ),
  );
}
