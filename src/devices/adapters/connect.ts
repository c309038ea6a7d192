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
 * board is claimed before any other probe is sent, so it connects no slower than before. While a driver probes, the
 * board's bytes are watched for another family's `signature` (a Zephyr shell's `command not found`, a KWSE board's
 * `? ERR SYNTAX` to the AT probe): that probe stops at once and the family whose signature showed is tried next, so
 * no board waits out another family's probe time limit.
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

/** Watches the board's bytes for the signature of one of `candidates`; `signal` aborts when one shows. */
function watchSignatures(connection: SerialConnection, candidates: readonly FamilyDriver[]) {
  const controller = new AbortController();
  const signed = candidates.filter((d) => d.signature);
  let heard = '';
  let spotted: FamilyDriver | null = null;
  const stop = signed.length
    ? connection.onData((bytes) => {
        if (spotted) return;
        heard = (heard + String.fromCharCode(...bytes.subarray(-512))).slice(-512);
        spotted = signed.find((d) => d.signature!.test(heard)) ?? null;
        if (spotted) controller.abort();
      })
    : () => {};
  return { signal: controller.signal, stop, spotted: (): FamilyDriver | null => spotted };
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
  const queue = [...families];
  for (let driver = queue.shift(); driver; driver = queue.shift()) {
    if (signal?.aborted) return fail(deviceError('aborted', 'Connecting was cancelled.'));
    const watch = watchSignatures(connection, queue);
    const probeSignal = signal ? AbortSignal.any([signal, watch.signal]) : watch.signal;
    const found = await driver.detect(connection, { signal: probeSignal, probeTimeoutMs });
    watch.stop();
    const spotted = watch.spotted();
    if (spotted && !signal?.aborted && (found.ok ? !found.value : found.error.code === 'aborted')) {
      // Another family's board: try that family next (its probe starts on a clean line: the old one is detached).
      queue.splice(queue.indexOf(spotted), 1);
      queue.unshift(spotted);
      continue;
    }
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
