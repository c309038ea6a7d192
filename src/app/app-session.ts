// Layer: app shell. The page's one DeviceSession, wired to the page's services: serial settings from Settings, the
// audit trail, the crypto worker for inspecting what a board stores, and the diagnostics decoder for the console.
import { annotateLine } from '../diagnose/decode/annotate.ts';
import { cryptoClient } from '../workers/crypto-client.ts';
import { appAuditTrail } from './audit-trail.ts';
import { DeviceSession } from './device-session.svelte.ts';
import { appSettings } from './settings.svelte.ts';

let session: DeviceSession | null = null;

export function appDeviceSession(): DeviceSession {
  session ??= new DeviceSession({
    serial: () => ({ baudRate: appSettings.current.baudRate, flowControl: appSettings.current.flowControl }),
    audit: appAuditTrail,
    inspect: (content, signal) => cryptoClient().inspect(content, { signal }),
    annotate: annotateLine,
  });
  return session;
}
