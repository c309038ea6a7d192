// Layer: app shell. Where the device views get the audit trail: the app's audit store (app-store.ts,
// operator and site from Settings). State classes take it as an `IntentRecorder`, so tests hand in their own.
import { appAudit } from './app-store.ts';
import type { IntentRecorder } from '../audit/intent.ts';

export type { IntentRecorder };

export const appAuditTrail = (): IntentRecorder => appAudit;
