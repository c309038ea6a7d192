// Layer: app shell. The page's one DeviceSession, wired to the page's services: serial settings from Settings, the
// audit trail, the crypto worker for inspecting what a board stores, and the diagnostics decoder for the console
// (loaded on first use, in its own chunk: the console works without it and annotates once it is there).
import { cryptoClient } from '../workers/crypto-client.ts';
import { appAuditTrail } from './audit-trail.ts';
import { markDeviceStackStarted } from './device-stack.ts';
import { DeviceSession } from './device-session.svelte.ts';
import { appSettings } from './settings.svelte.ts';

let session: DeviceSession | null = null;

export function appDeviceSession(): DeviceSession {
  markDeviceStackStarted();
  session ??= new DeviceSession({
    serial: () => ({ baudRate: appSettings.current.baudRate, flowControl: appSettings.current.flowControl }),
    audit: appAuditTrail,
    inspect: (content, signal) => cryptoClient().inspect(content, { signal }),
  });
  const live = session;
  void import('../diagnose/index.ts').then(
    ({ annotateLine }) => live.console.setAnnotator(annotateLine),
    (e: unknown) => console.warn('KeyWire: the console decoder could not be loaded; lines stay unannotated.', e),
  );
  return session;
}
