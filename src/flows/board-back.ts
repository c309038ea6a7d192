// Layer: flows. Finding an unplugged board again: wait on the port source for the same port (waitForReconnect: same
// object, else USB ids and serial number, never a guess between twins), then connect, giving a board that was just
// plugged in a few seconds to boot. Whether it is the same board is decided after identify, by deviceId.
import type { DeviceSession } from '../devices/adapters/index.ts';
import { waitForReconnect, type PortIdentity } from '../devices/transport/index.ts';
import { defaultConnector, type FlowDeps } from './deps.ts';

export type BoardBack =
  | { readonly kind: 'session'; readonly session: DeviceSession }
  /** Not back (or no way to watch for it): `note` says what the user should do; null when cancelled. */
  | { readonly kind: 'absent'; readonly note: string | null };

const BOOTING = ['timeout', 'open-failed', 'port-busy'];

export async function boardBack(
  deps: FlowDeps,
  portIdentity: PortIdentity | undefined,
  signal: AbortSignal,
): Promise<BoardBack> {
  const ports = deps.ports;
  if (!ports || !portIdentity) return { kind: 'absent', note: null };
  const back = await waitForReconnect(ports, portIdentity, { signal, timeoutMs: deps.reconnectTimeoutMs ?? 120_000 });
  if (!back.ok)
    return {
      kind: 'absent',
      note:
        back.error.code === 'aborted' ? null : `${back.error.message} Plug it in and press Continue, or pick its port.`,
    };
  const connect = deps.connect ?? defaultConnector();
  let session = await connect(back.value.port, { signal });
  for (let i = 0; i < 3 && !session.ok && BOOTING.includes(session.error.code); i++) {
    await new Promise((r) => setTimeout(r, 1000));
    if (signal.aborted) return { kind: 'absent', note: null };
    session = await connect(back.value.port, { signal });
  }
  if (!session.ok) return { kind: 'absent', note: `The board is back but did not answer: ${session.error.message}` };
  return { kind: 'session', session: session.value };
}
