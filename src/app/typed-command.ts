// Layer: app. A command typed in the console goes through the session's AtClient queue (so it never interleaves
// with KeyWire's own commands). Typed commands that change the board's credentials, keys or functional mode are
// audited like the buttons that do the same: intent stored first (or nothing is sent), outcome after. The audit
// detail names the sec_tag and type, never the content (a typed %CMNG write may carry a PSK). Through withIntent.
import type { AuditDetail } from '../audit/detail.ts';
import { withIntent } from '../audit/intent.ts';
import type { AuditAction, AuditDevice, AuditError } from '../audit/types.ts';
import { credentialTypeOf, MAX_SEC_TAG } from '../devices/adapters/nrf91/credential-types.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { AtClient, AtResponse } from '../devices/protocols/index.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { IntentRecorder } from './audit-trail.ts';

export interface ChangingCommand {
  readonly action: Extract<AuditAction, 'credential-write' | 'credential-delete' | 'keygen' | 'functional-mode'>;
  readonly detail: AuditDetail;
}

const CMNG = /^AT%CMNG\s*=\s*(\d+)\s*(?:,\s*(\d+)\s*(?:,\s*(\d+))?)?/i;
const KEYGEN = /^AT%KEYGEN\s*=\s*(\d+)/i;
const CFUN = /^AT\+CFUN\s*=\s*(\d+)/i;

function tagDetail(tag: string | undefined): AuditDetail {
  const secTag = tag === undefined ? NaN : Number(tag);
  return Number.isSafeInteger(secTag) && secTag <= MAX_SEC_TAG ? { secTag } : {};
}

function typeDetail(type: string | undefined): AuditDetail {
  if (type === undefined || type.length > 10) return {};
  const known = credentialTypeOf(Number(type));
  return { deviceType: type, ...(known ? { credentialKind: known.kind } : {}) };
}

/** What a typed command changes, or null for commands that only ask (%CMNG list/read, +CFUN?, identity ...). */
export function changingCommand(command: string): ChangingCommand | null {
  const text = command.trim();
  const typed = { message: `Typed in the console: ${text.slice(0, 40).replace(/".*$/, '"…"')}` };
  const cmng = CMNG.exec(text);
  if (cmng) {
    const action = cmng[1] === '0' ? 'credential-write' : cmng[1] === '3' ? 'credential-delete' : null;
    return action && { action, detail: { ...tagDetail(cmng[2]), ...typeDetail(cmng[3]), ...typed } };
  }
  const keygen = KEYGEN.exec(text);
  if (keygen) return { action: 'keygen', detail: { ...tagDetail(keygen[1]), ...typed } };
  const cfun = CFUN.exec(text);
  if (cfun) {
    const mode = Number(cfun[1]);
    return { action: 'functional-mode', detail: { ...(mode <= 255 ? { functionalMode: mode } : {}), ...typed } };
  }
  return null;
}

export type TypedCommandError =
  | { readonly source: 'device'; readonly error: DeviceError }
  /** The intent could not be stored: the command was not sent. */
  | { readonly source: 'audit'; readonly error: AuditError };

export interface TypedCommandContext {
  readonly at: AtClient;
  readonly audit: IntentRecorder;
  /** The board as identified; empty strings while it is not identified yet. */
  readonly device: AuditDevice;
  readonly signal?: AbortSignal;
}

export interface TypedCommandDone {
  readonly response: AtResponse;
  /** The command was audited (it changes the board). */
  readonly audited: boolean;
  /** Set when the outcome could not be stored: the trail shows an open intent for this command. */
  readonly outcomeError?: AuditError;
}

export async function runTypedCommand(
  command: string,
  { at, audit, device, signal }: TypedCommandContext,
): Promise<Result<TypedCommandDone, TypedCommandError>> {
  const opts = signal ? { signal } : {};
  const changing = changingCommand(command);
  if (!changing) {
    const r = await at.send(command, opts);
    return r.ok ? ok({ response: r.value, audited: false }) : err({ source: 'device', error: r.error });
  }
  const recorded = await withIntent(
    audit,
    { device, action: changing.action, detail: changing.detail },
    () => at.send(command, opts),
    { successDetail: () => changing.detail },
  );
  if (!recorded.ok) return err({ source: 'audit', error: recorded.error });
  const { result, outcomeError } = recorded.value;
  if (!result.ok) return err({ source: 'device', error: result.error });
  return ok({ response: result.value, audited: true, ...(outcomeError ? { outcomeError } : {}) });
}
