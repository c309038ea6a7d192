// Layer: views (provision). The FlowDeps the Provision section's flows get: the crypto worker, the page's audit
// trail and flow store, the CA source found again by label after a reload, and how long key generation takes on
// the board being provisioned (the emulator's configured time, else the flow's default). A batch's flows also get
// their own connector (tapping the batch's session log) and the port source to search.
import { connectDevice } from '../../app/wiring.ts';
import type { PortSource, SerialPortLike, SessionLog } from '../../devices/transport/index.ts';
import type { EmulatorLab } from '../../devices/emulator/types.ts';
import { cryptoFromClient, type FlowAudit, type FlowDeps, type FlowStore } from '../../flows/index.ts';
import type { CaSource } from '../../ca/types.ts';
import type { CaRef } from '../../flows/index.ts';
import { appCrypto as cryptoClient } from '../../app/wiring.ts';

export interface DepsContext {
  readonly audit: FlowAudit;
  readonly store: FlowStore;
  readonly resolveCa: (ref: CaRef) => CaSource | null;
  readonly lab: () => EmulatorLab;
  /** The port of the board being provisioned now (for its expected key generation time). */
  readonly port: () => SerialPortLike | null | undefined;
  readonly serial: () => { readonly baudRate: number; readonly flowControl: 'none' | 'hardware' };
}

/** The expected key generation time is a getter (read when the step starts), defined on the final object: a
 * spread would freeze it. */
export function flowDeps(
  c: DepsContext,
  extra: Pick<FlowDeps, 'ports'> & Partial<Pick<FlowDeps, 'connect'>>,
): FlowDeps {
  return {
    ...extra,
    crypto: cryptoFromClient(cryptoClient()),
    audit: c.audit,
    store: c.store,
    resolveCa: c.resolveCa,
    get expectedKeygenMs() {
      const lab = c.lab();
      const port = c.port();
      const board = lab.boards().find((b) => lab.port(b.id) === port);
      return board ? lab.control(board.id).keygenMs : 3000;
    },
  };
}

/** A batch's deps: it opens its own ports through `source`, tapping `log`; `onPort` hears which port it opened. */
export function batchDeps(
  c: DepsContext,
  source: PortSource,
  log: SessionLog,
  onPort: (port: SerialPortLike) => void,
): FlowDeps {
  return flowDeps(c, {
    ports: source,
    connect: (port, o) => {
      onPort(port);
      const id = source.describe(port).identity.serialNumber;
      return connectDevice(port, {
        ...c.serial(),
        onTap: (e) => log.add(e),
        ...(id !== undefined ? { serialNumber: id } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      });
    },
  });
}
