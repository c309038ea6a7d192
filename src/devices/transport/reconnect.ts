// Layer: transport. Finding the same board again after an unplug or reset: the same port object where the source
// keeps it (Web Serial, emulator), else the same USB vendor/product and serial number, else vendor/product when
// exactly one granted port matches. Ambiguity is never guessed: two identical DKs without serial numbers give null.
import { err, ok, type Result } from '../../lib/result.ts';
import { deviceError, type DeviceError } from '../errors.ts';
import type { PortEntry, PortSource } from './port-source.ts';
import type { PortIdentity } from './serial-port.ts';

export function matchPort(identity: PortIdentity, candidates: readonly PortEntry[]): PortEntry | null {
  const same = candidates.find((c) => c.port === identity.port);
  if (same) return same;
  if (identity.usbVendorId === undefined || identity.usbProductId === undefined) return null;
  const usb = candidates.filter(
    (c) => c.identity.usbVendorId === identity.usbVendorId && c.identity.usbProductId === identity.usbProductId,
  );
  if (identity.serialNumber !== undefined) {
    return usb.find((c) => c.identity.serialNumber === identity.serialNumber) ?? null;
  }
  return usb.length === 1 ? usb[0]! : null;
}

export async function findSamePort(
  source: PortSource,
  identity: PortIdentity,
): Promise<Result<PortEntry | null, DeviceError>> {
  const granted = await source.granted();
  return granted.ok ? ok(matchPort(identity, granted.value)) : granted;
}

export interface WaitOptions {
  readonly signal?: AbortSignal;
  /** Give up after this long (default 60 s): a technician replugging a board takes seconds, not minutes. */
  readonly timeoutMs?: number;
  /** Poll granted() this often where the source fires no events (WebUSB polyfill). Default 1 s. */
  readonly pollMs?: number;
}

/** Resolves with the board's port when it is back: at once if it already is, else on connect (or by polling). */
export function waitForReconnect(
  source: PortSource,
  identity: PortIdentity,
  { signal, timeoutMs = 60_000, pollMs = 1000 }: WaitOptions = {},
): Promise<Result<PortEntry, DeviceError>> {
  return new Promise((resolve) => {
    let done = false;
    const cleanups: (() => void)[] = [];
    const finish = (result: Result<PortEntry, DeviceError>) => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      resolve(result);
    };
    const check = async () => {
      const found = await findSamePort(source, identity);
      if (!found.ok) finish(found);
      else if (found.value) finish(ok(found.value));
    };
    if (signal?.aborted) return finish(err(deviceError('aborted', 'Stopped waiting for the board.')));
    const onAbort = () => finish(err(deviceError('aborted', 'Stopped waiting for the board.')));
    signal?.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => signal?.removeEventListener('abort', onAbort));
    const timer = setTimeout(
      () =>
        finish(err(deviceError('timeout', `The board did not come back within ${Math.round(timeoutMs / 1000)} s.`))),
      timeoutMs,
    );
    cleanups.push(() => clearTimeout(timer));
    if (source.capabilities.connectEvents) {
      cleanups.push(source.onChange((change) => change.type === 'connect' && void check()));
    } else {
      const poll = setInterval(() => void check(), pollMs);
      cleanups.push(() => clearInterval(poll));
    }
    void check();
  });
}
