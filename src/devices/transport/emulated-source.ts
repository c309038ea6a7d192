// Layer: transport. Ports from the EmulatorLab: emulated boards are "requested" without a browser dialog, always
// granted, and plug/unplug events come from the lab. The ports behave like Web Serial ports, so everything above
// cannot tell them from real ones.
import { err, ok } from '../../lib/result.ts';
import type { EmulatorLab } from '../emulator/types.ts';
import { deviceError } from '../errors.ts';
import type { PortChange, PortEntry, PortRequest, PortSource } from './port-source.ts';
import { identityOf, type SerialPortLike } from './serial-port.ts';

export function emulatedSource(lab: EmulatorLab): PortSource {
  const entryFor = (boardId: string): PortEntry | undefined => {
    const info = lab.boards().find((b) => b.id === boardId);
    if (!info) return undefined;
    const port = lab.port(boardId);
    return { port, label: info.label, identity: identityOf(port, info.id), source: 'emulator' };
  };
  const describe = (port: SerialPortLike): PortEntry => {
    const board = lab.boards().find((b) => lab.port(b.id) === port);
    if (board) return entryFor(board.id)!;
    return { port, label: 'Emulated board', identity: identityOf(port), source: 'emulator' };
  };
  return {
    kind: 'emulator',
    label: 'Emulated board',
    capabilities: { picker: false, connectEvents: true },
    async request(request: PortRequest = {}) {
      const boards = lab.boards();
      const id = request.boardId ?? boards[0]?.id;
      const entry = id === undefined ? undefined : entryFor(id);
      if (!entry)
        return err(
          deviceError('no-port-chosen', id === undefined ? 'No emulated boards exist.' : `No emulated board "${id}".`),
        );
      if (!lab.control(entry.identity.serialNumber!).plugged)
        return err(deviceError('no-port-chosen', `${entry.label} is unplugged: plug it in from Settings first.`));
      return ok(entry);
    },
    async granted() {
      // Like getPorts(): only boards that are plugged in.
      return ok(lab.boards().flatMap((b) => (lab.control(b.id).plugged ? (entryFor(b.id) ?? []) : [])));
    },
    onChange(listener: (change: PortChange) => void) {
      const onConnect = (port: SerialPort) => listener({ type: 'connect', port });
      const onDisconnect = (port: SerialPort) => listener({ type: 'disconnect', port });
      lab.addEventListener('connect', onConnect);
      lab.addEventListener('disconnect', onDisconnect);
      return () => {
        lab.removeEventListener('connect', onConnect);
        lab.removeEventListener('disconnect', onDisconnect);
      };
    },
    describe,
  };
}
