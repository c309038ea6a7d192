// Layer: app. One connect attempt as the DeviceSession runs it: open the port and find the board's family
// (connectDevice), then read its identity. Reports each step for the progress line; every failure closes the port
// again and comes back as a DeviceError value ('aborted' when the caller cancelled).
import { connectDevice, type DeviceSession as AdapterSession } from '../devices/adapters/index.ts';
import type { DeviceIdentity } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { PortEntry, TapEvent } from '../devices/transport/index.ts';
import { ok, type Result } from '../lib/result.ts';
import type { FlowControl } from './settings.ts';

export interface SerialSettings {
  readonly baudRate: number;
  readonly flowControl: FlowControl;
}

export interface OpenBoardOptions extends SerialSettings {
  readonly signal: AbortSignal;
  readonly onTap: (event: TapEvent) => void;
  readonly onStep: (text: string) => void;
}

export interface OpenedBoard extends AdapterSession {
  readonly identity: DeviceIdentity;
}

export async function openBoard(entry: PortEntry, o: OpenBoardOptions): Promise<Result<OpenedBoard, DeviceError>> {
  o.onStep(`Opening ${entry.label} at ${o.baudRate} baud and asking which board it is…`);
  const session = await connectDevice(entry.port, {
    baudRate: o.baudRate,
    flowControl: o.flowControl,
    onTap: o.onTap,
    signal: o.signal,
    ...(entry.identity.serialNumber !== undefined ? { serialNumber: entry.identity.serialNumber } : {}),
  });
  if (!session.ok) return session;
  o.onStep("Reading the board's identity…");
  const who = await session.value.device.identify({ signal: o.signal });
  if (!who.ok) {
    await session.value.device.close();
    return who;
  }
  return ok({ ...session.value, identity: who.value });
}
