// Layer: app. A command typed in the console goes through the session's line terminal (the AT client's queue, or a
// shell family's client; so it never interleaves with KeyWire's own commands). What it may do is decided first by
// the board family's console rules (`FamilyProfile.console.classify`): refused commands are not sent;
// read-only ones go straight through; commands that change the board are audited like the buttons that do the same
// (intent stored first, or nothing is sent; outcome after), and are refused while a provisioning step runs on the
// board (`held`). "Stop waiting" on a change the board already received is recorded as outcome unknown.
import { withIntent } from '../audit/intent.ts';
import type { AuditDevice, AuditError } from '../audit/types.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { ConsoleVerdict, FamilyProfile } from '../devices/family-profile.ts';
import type { LineClient, LineResponse } from '../devices/line-client.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { IntentRecorder } from './audit-trail.ts';

export type { ConsoleVerdict };

export type TypedCommandError =
  | { readonly source: 'device'; readonly error: DeviceError }
  /** The intent could not be stored: the command was not sent. */
  | { readonly source: 'audit'; readonly error: AuditError }
  /** Not sent: chained, unknown, or a change while provisioning holds the board. `message` says why. */
  | { readonly source: 'refused'; readonly message: string };

export interface TypedCommandContext {
  /** The session's line terminal. */
  readonly line: LineClient;
  /** The connected family's console rules. */
  readonly rules: FamilyProfile['console'];
  readonly audit: IntentRecorder;
  /** The board as identified; empty strings while it is not identified yet. */
  readonly device: AuditDevice;
  readonly signal?: AbortSignal;
  /** Why board-changing commands are off right now (a provisioning step runs), or null. */
  readonly held?: string | null;
}

export interface TypedCommandDone {
  readonly response: LineResponse;
  /** The command was audited (it changes the board). */
  readonly audited: boolean;
  /** Set when the outcome could not be stored: the trail shows an open intent for this command. */
  readonly outcomeError?: AuditError;
}

export async function runTypedCommand(
  command: string,
  { line, rules, audit, device, signal, held = null }: TypedCommandContext,
): Promise<Result<TypedCommandDone, TypedCommandError>> {
  const opts = signal ? { signal } : {};
  const typed = rules.classify(command);
  if (typed.kind === 'refused') return err({ source: 'refused', message: typed.reason });
  if (typed.kind === 'read') {
    const r = await line.send(command, opts);
    return r.ok ? ok({ response: r.value, audited: false }) : err({ source: 'device', error: r.error });
  }
  if (held) return err({ source: 'refused', message: `${held} Commands that change the board wait until it stops.` });
  const changing = typed.change;
  const recorded = await withIntent(
    audit,
    { device, action: changing.action, detail: changing.detail },
    () => line.send(command, opts),
    { successDetail: () => changing.detail },
  );
  if (!recorded.ok) return err({ source: 'audit', error: recorded.error });
  const { result, outcomeError } = recorded.value;
  if (!result.ok) return err({ source: 'device', error: result.error });
  return ok({ response: result.value, audited: true, ...(outcomeError ? { outcomeError } : {}) });
}
