// Layer: flows, "write" and "verify". Writes exactly what the worker approved, CA certificate first, inside
// whileOffline (the modem goes offline and its former mode is restored even on failure), each write recorded as
// intent -> outcome with sec_tag, kind, SHA-256 and size. The board is listed first, so after an unplug the parts
// already stored with the right SHA are skipped and only the rest is written. Verify compares what the board lists
// (and returns, where readable) with what was written, and that the key slot still holds the generated key.
import { withIntent } from '../audit/intent.ts';
import { deviceHistory } from '../audit/query.ts';
import type { AuditError } from '../audit/types.ts';
import { whileOffline } from '../devices/adapters/index.ts';
import type { CredentialWriteReceipt } from '../devices/device.ts';
import { deviceError, type DeviceError } from '../devices/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { PlannedWrite } from '../pki/crypto-types.ts';
import { modeAfter, offlineOptions } from './offline-mode.ts';
import { failed, fromAudit, fromDevice, NEXT, type StepContext, type StepOutcome } from './step-context.ts';
import { kindText } from './step-prepare.ts';
import { doneSummary } from './summary.ts';
import type { FlowRecord } from './record.ts';
import type { WriteItemState } from './types.ts';

class WriteMismatch {
  constructor(
    readonly planned: PlannedWrite,
    readonly receipt: CredentialWriteReceipt,
  ) {}
}

export async function writeStep(ctx: StepContext): Promise<StepOutcome> {
  const record = ctx.record();
  // The type as the board names it, for support engineers reading the trail (the family profile's words).
  const deviceType = (kind: PlannedWrite['kind']) => {
    const type = ctx.device.profile.deviceType(kind);
    return type === null ? {} : { deviceType: type };
  };
  const { secTag } = record.profile;
  const plan = record.check!.writes;
  const { signal } = ctx;
  // Listed during the check before writing when that step ran just before (lookahead.ts), else asked now.
  const listed = await (ctx.ahead?.takeListing(secTag) ?? ctx.device.credentials!.list({ secTag }, { signal }));
  if (!listed.ok) return fromDevice('write', listed.error, ctx);
  // A damaged credential where this plan writes: written again only when it is KeyWire's own write, cut short.
  for (const c of listed.value.filter((c) => c.damaged && plan.some((w) => w.kind === c.kind))) {
    const own = await ownWriteCutShort(ctx, secTag, c.kind);
    if (own === null)
      return failed('write', {
        code: 'device',
        message: `${c.damaged}, and the audit trail shows no write of KeyWire's own cut short there, so KeyWire does not overwrite it.`,
        action: `Look at the board (Diagnose). If the ${kindText(c.kind)} is not needed, erase it on the board, then press Continue.`,
        cause: { code: 'protocol', message: c.damaged! },
      });
    ctx.note(
      `${c.damaged}: what KeyWire's own write (audit record ${own}) left when it was cut short. It is written again.`,
    );
  }
  const onBoard = (w: PlannedWrite) => listed.value.some((c) => c.kind === w.kind && c.sha256 === w.sha256);
  let items: WriteItemState[] = plan.map((w) => ({
    kind: w.kind,
    sha256: w.sha256,
    bytes: w.bytes,
    state: onBoard(w) ? 'already-on-board' : 'pending',
  }));
  const show = () => ctx.enter({ name: 'write', secTag, writes: items });
  const set = (i: number, state: WriteItemState['state']) => {
    items = items.map((it, j) => (j === i ? { ...it, state } : it));
    show();
  };
  show();
  const skipped = plan.filter(onBoard);
  if (skipped.length)
    ctx.note(
      `Already on the board with the right SHA-256, not written again: ${skipped.map((w) => kindText(w.kind)).join(', ')}.`,
    );
  const total = plan.filter((w) => !onBoard(w)).reduce((n, w) => n + w.bytes, 0);
  let done = 0;
  let auditError: AuditError | null = null;
  let mismatch: WriteMismatch | null = null;
  let modemRestored = true;
  let storeFailure: StepOutcome | null = null;
  let progressSaved: Promise<void> = Promise.resolve();
  // The last write's progress goes with the step's own `written` save (one transaction for two saves with no board
  // command needing either between them; the mode restore in between does not depend on it).
  const lastToWrite = plan.findLastIndex((w) => !onBoard(w));
  let heldEntry: FlowRecord['written'][number] | null = null;
  const withHeld = () => [...ctx.record().written, ...(heldEntry ? [heldEntry] : [])];
  if (total > 0) {
    ctx.progress({ kind: 'fraction', fraction: 0, label: 'Writing to the board' });
    const offline = await whileOffline(
      ctx.device,
      async (): Promise<Result<null, DeviceError>> => {
        for (const [i, w] of plan.entries()) {
          if (items[i]!.state === 'already-on-board') continue;
          // Cancelled after a write the board finished: the next one is not begun (no intent, nothing sent).
          if (signal.aborted) return err(deviceError('aborted', 'Stopped before the next write.'));
          set(i, 'writing');
          // A board that never overwrites (Zephyr's shell): the credential the user agreed to replace, backed up at
          // Prepare, is deleted first. One the backup does not hold (it appeared since) is not touched.
          const occupant = listed.value.find((c) => c.kind === w.kind && c.sha256 !== w.sha256);
          if (occupant && ctx.device.credentials!.refusesOverwrite) {
            const agreed = record.backup?.items.some((b) => b.kind === w.kind && b.sha256 === occupant.sha256);
            if (!agreed)
              return err(
                deviceError(
                  'device-rejected',
                  `The board holds a ${kindText(w.kind)} at ${ctx.device.profile.slotWord} ${secTag} that was not backed up when you agreed to replace it. Go back to Prepare to see it and decide again.`,
                ),
              );
            const removed = await withIntent(
              ctx.deps.audit,
              {
                device: ctx.who,
                action: 'credential-delete',
                detail: {
                  secTag,
                  credentialKind: w.kind,
                  ...deviceType(w.kind),
                  ...(occupant.sha256 ? { contentSha256: occupant.sha256 } : {}),
                  message: 'Replaced after the user agreed; backed up first (the board never overwrites).',
                },
              },
              () => ctx.device.credentials!.delete(secTag, w.kind, { signal }),
            );
            if (!removed.ok) {
              auditError = removed.error;
              return ok(null);
            }
            if (!removed.value.result.ok) return err(removed.value.result.error);
          }
          const recorded = await withIntent(
            ctx.deps.audit,
            {
              device: ctx.who,
              action: 'credential-write',
              detail: {
                secTag,
                credentialKind: w.kind,
                ...deviceType(w.kind),
                contentSha256: w.sha256,
                sizeBytes: w.bytes,
              },
            },
            () =>
              ctx.device.credentials!.write(secTag, w.kind, w.content, {
                signal,
                onProgress: (f) =>
                  ctx.progress({
                    kind: 'fraction',
                    fraction: (done + f * w.bytes) / total,
                    label: `Writing the ${kindText(w.kind)}`,
                  }),
              }),
            {
              successDetail: (r) => ({
                secTag,
                credentialKind: w.kind,
                ...deviceType(w.kind),
                contentSha256: r.sha256,
                sizeBytes: r.bytes,
                ...(w.kind === 'clientCert' ? { certSha256: record.check!.leaf.sha256 } : {}),
              }),
              outcomeLater: true,
            },
          );
          if (!recorded.ok) {
            auditError = recorded.error;
            return ok(null);
          }
          // The outcome lands while the board is read (the next write's intent is queued after it; saves wait for it).
          ctx.outcomeLater(recorded.value.outcomeRecorded, 'A write outcome');
          const r = recorded.value.result;
          if (!r.ok) return err(r.error);
          if (r.value.sha256 !== w.sha256) {
            mismatch = new WriteMismatch(w, r.value);
            return ok(null);
          }
          done += w.bytes;
          set(i, 'written');
          // Progress is saved while the next write goes on (a resume lists the board first anyway, so a save that
          // lands late or not at all costs nothing but a list); the saves stay in order.
          const entry = { kind: w.kind, sha256: w.sha256, at: new Date(ctx.now()).toISOString() };
          if (i === lastToWrite) {
            heldEntry = entry;
            continue;
          }
          progressSaved = progressSaved.then(async () => {
            const saved = await ctx.save({ ...ctx.record(), written: [...ctx.record().written, entry] });
            if (saved) ctx.note('Progress could not be saved; a resume will list the board to see what was written.');
          });
        }
        return ok(null);
      },
      offlineOptions(ctx, (outcome) => (storeFailure = outcome), ctx.ahead?.takeMode()),
    );
    ctx.progress(null);
    await progressSaved;
    // Stopping here: the held progress is still saved (while the run ends; a resume lists the board anyway).
    if (heldEntry && (storeFailure || auditError || !offline.ok))
      ctx.saveSoon({ ...ctx.record(), written: withHeld() });
    if (storeFailure) return storeFailure;
    if (auditError) return fromAudit('write', auditError);
    if (!offline.ok) return fromDevice('write', offline.error, ctx);
    modemRestored = offline.value.restored;
    if (!offline.value.restored)
      ctx.note(
        `The modem stayed offline (mode ${offline.value.modeBefore} could not be restored): ${offline.value.restoreError?.message}`,
      );
  }
  const m = mismatch as WriteMismatch | null;
  if (m)
    return failed('write', {
      code: 'write-mismatch',
      message: `The board was sent different bytes than approved for the ${kindText(m.planned.kind)} (SHA-256 ${m.receipt.sha256}, approved ${m.planned.sha256}).`,
      action: 'Press Continue to write it again; report this if it repeats.',
    });
  // Saved while verify reads the board (it changes nothing there; its own save waits for this one and reports a
  // failure): a reload before it lands finds 'checked' with the writes so far, and the write step lists the board,
  // skips what it holds with the right SHA-256 and verifies. The mode restored or not is the board's to tell again.
  ctx.saveSoon({
    ...ctx.record(),
    written: withHeld(),
    phase: 'written',
    modemRestored,
    // Nothing written: the board was not taken offline here, so a saved mode stays for the next run to put back.
    modeBeforeOffline: total > 0 ? modeAfter(ctx.record(), modemRestored) : (ctx.record().modeBeforeOffline ?? null),
  });
  return NEXT;
}

/** How far back the write step looks in a board's history for its own write. */
const OWN_WRITE_LOOKBACK = 200;

/**
 * The seq of KeyWire's last write intent of `kind` at `secTag` on this board when it did not succeed (failed, outcome
 * unknown, or still open: a write cut short); null when the last such write succeeded, there is none, or the trail
 * cannot be read.
 */
async function ownWriteCutShort(ctx: StepContext, secTag: number, kind: string): Promise<number | null> {
  const db = await ctx.deps.audit.connection?.();
  if (!db?.ok) return null;
  const history = await deviceHistory(db.value, ctx.who.id, { limit: OWN_WRITE_LOOKBACK });
  if (!history.ok) return null;
  // Newest first: the last write intent for this place, then whether an outcome closed it as a success.
  const intent = history.value.find(
    (r) =>
      r.action === 'credential-write' &&
      r.outcome === 'intent' &&
      r.detail.secTag === secTag &&
      r.detail.credentialKind === kind,
  );
  if (!intent) return null;
  const success = history.value.some((r) => r.intentSeq === intent.seq && r.outcome === 'success');
  return success ? null : intent.seq;
}

export async function verifyStep(ctx: StepContext): Promise<StepOutcome> {
  const record = ctx.record();
  const { secTag } = record.profile;
  ctx.enter({ name: 'verify', secTag });
  const store = ctx.device.credentials!;
  const listed = await store.list({ secTag }, { signal: ctx.signal });
  if (!listed.ok) return fromDevice('verify', listed.error, ctx);
  const problems: string[] = [];
  for (const w of record.check!.writes) {
    const entry = listed.value.find((c) => c.kind === w.kind);
    if (!entry) problems.push(`The board lists no ${kindText(w.kind)} at sec_tag ${secTag}.`);
    else if (entry.sha256 !== w.sha256)
      problems.push(`The board reports SHA-256 ${entry.sha256} for the ${kindText(w.kind)}; ${w.sha256} was written.`);
    else if (store.canRead(w.kind)) {
      const back = await store.read(secTag, w.kind, { signal: ctx.signal });
      if (!back.ok) return fromDevice('verify', back.error, ctx);
      if (back.value.content !== w.content)
        problems.push(`The ${kindText(w.kind)} read back differs from what was written.`);
    }
  }
  const slot = listed.value.find((c) => c.kind === 'privateKey');
  const wantSlot = record.keygen?.keySlotSha256 ?? null;
  if (wantSlot && slot?.sha256 !== wantSlot)
    problems.push(`The key at sec_tag ${secTag} is no longer the one the certificate was issued for.`);
  // The "survives a reboot" check, on boards KeyWire can restart: restart, list again, every write still there.
  let lost: string[] = [];
  if (!problems.length && ctx.device.reboot) {
    ctx.progress({ kind: 'elapsed', startedAt: ctx.now(), expectedMs: 3000, label: 'Restarting the board' });
    const rebooted = await ctx.device.reboot({ signal: ctx.signal });
    ctx.progress(null);
    if (!rebooted.ok) return fromDevice('verify', rebooted.error, ctx);
    const again = await store.list({ secTag }, { signal: ctx.signal });
    if (!again.ok) return fromDevice('verify', again.error, ctx);
    lost = record
      .check!.writes.filter((w) => !again.value.some((c) => c.kind === w.kind && c.sha256 === w.sha256))
      .map((w) => kindText(w.kind));
    if (lost.length) {
      const advice = ctx.device.profile.rebootLossAdvice;
      problems.push(
        `After a restart the board no longer lists the ${lost.join(' and ')} at ${ctx.device.profile.slotWord} ${secTag}: its credential store keeps them in RAM only.${advice ? ` ${advice}` : ''}`,
      );
    } else
      ctx.note(
        `Survives a reboot: after restarting, the board lists the same SHA-256 at ${ctx.device.profile.slotWord} ${secTag} (its credential store is persistent).`,
      );
  }
  if (!problems.length)
    ctx.note(
      `Verified on the board: ${record
        .check!.writes.map((w) => `${kindText(w.kind)} SHA-256 ${w.sha256.slice(0, 16)}…`)
        .join(', ')}, as written.`,
    );
  const leaf = record.check!.leaf;
  const code = lost.length ? 'lost-on-reboot' : 'verify-mismatch';
  const logged = await ctx.deps.audit.append({
    device: ctx.who,
    action: 'verify',
    outcome: problems.length ? 'failure' : 'success',
    errorCode: problems.length ? code : null,
    detail: {
      secTag,
      certSha256: leaf.sha256,
      ...(wantSlot ? { contentSha256: wantSlot } : {}),
      message: (problems.length ? problems.join(' ') : 'The board lists and returns exactly what was written.').slice(
        0,
        500,
      ),
    },
  });
  if (!logged.ok) return fromAudit('verify', logged.error);
  if (problems.length) {
    // Continue then checks and writes again what the board does not hold as written.
    const back = await ctx.save({ ...ctx.record(), phase: 'checked' });
    if (back) return back;
    return failed('verify', {
      code,
      message: problems.join(' '),
      action: lost.length
        ? 'Change the firmware as said and flash it, then provision this board again: written again now, the credentials would be lost at the next restart too.'
        : 'Press Continue to write the missing parts again; if it repeats, start over.',
    });
  }
  // Verified: straight to done in one save (a reload before it lands verifies again, which only reads).
  const verified = ctx.record();
  const summary = doneSummary({ ...verified, phase: 'verified' }, new Date(ctx.now()).toISOString());
  const saved = await ctx.save({ ...verified, phase: 'done', summary });
  return saved ?? NEXT;
}
