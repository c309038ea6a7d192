// Layer: flows. Where a board that comes back continues: its stored record and what the board shows now go through
// the resume rules (record.ts), with one more rule for a batch. A batch's fixed profile and CA must not lose silently
// to a stored single-board run made with other settings: such a board starts again with the batch's settings (and a
// note says so), keeping the key it already made when that key fits them (same sec_tag and subject, CSR young
// enough) so no second key is generated needlessly; a certificate issued under the other settings is dropped.
import type { DeviceIdentity } from '../devices/device.ts';
import { caRefOf, sameCa } from './ca-ref.ts';
import type { FlowDeps } from './deps.ts';
import { keygenSubject } from './profile.ts';
import { resumeDecision, type FlowRecord, type ResumeDecision } from './record.ts';
import { fromDevice, fromStore, type StepContext, type StepOutcome } from './step-context.ts';
import type { DoneSummary, PrepareChoice, ProvisionProfile, StepName } from './types.ts';

export type ResumePlan =
  /** Nothing to continue: prepare. `stale` is a stored record the batch settings replace (its mode may need putting
   * back first); `note` says why. */
  | {
      readonly kind: 'fresh';
      readonly previous: DoneSummary | null;
      readonly stale?: FlowRecord;
      readonly note?: string;
    }
  | { readonly kind: 'stop'; readonly outcome: StepOutcome }
  | { readonly kind: 'continue'; readonly record: FlowRecord; readonly resumedAt: StepName; readonly note: string };

const HOUR = 3_600_000;

/** Whether two profiles ask for the same provisioning (every field, the CN choice included). */
export function sameProfile(a: ProvisionProfile, b: ProvisionProfile): boolean {
  const cn = (p: ProvisionProfile) => JSON.stringify([p.commonName.mode, 'cn' in p.commonName ? p.commonName.cn : '']);
  return (
    a.secTag === b.secTag &&
    a.validityDays === b.validityDays &&
    a.keyAgreement === b.keyAgreement &&
    a.writeCaCertificate === b.writeCaCertificate &&
    a.csrMaxAgeHours === b.csrMaxAgeHours &&
    cn(a) === cn(b)
  );
}

/** The stored key serves `profile` as well: made at its sec_tag with its subject, and its CSR young enough. */
export function keyFits(record: FlowRecord, profile: ProvisionProfile, id: DeviceIdentity, now: number): boolean {
  const kg = record.keygen;
  if (!kg) return false;
  const ageHours = (now - Date.parse(kg.generatedAt)) / HOUR;
  return (
    kg.secTag === profile.secTag &&
    kg.subject === (keygenSubject(profile, id) ?? null) &&
    ageHours <= profile.csrMaxAgeHours
  );
}

export async function planResume(
  ctx: StepContext,
  deps: FlowDeps,
  preset: PrepareChoice | null,
  now: number,
): Promise<ResumePlan> {
  const id = ctx.identity;
  const stored = await deps.store.getFlow(id.deviceId);
  if (!stored.ok) return { kind: 'stop', outcome: fromStore('identify', stored.error) };
  const record = stored.value;
  let keySlot: string | null = null;
  let hasIssued = false;
  if (record?.keygen && record.phase !== 'done') {
    const slot = await ctx.device.credentials!.list(
      { secTag: record.keygen.secTag, kind: 'privateKey' },
      { signal: ctx.signal },
    );
    if (!slot.ok) return { kind: 'stop', outcome: fromDevice('identify', slot.error) };
    keySlot = slot.value[0]?.sha256 ?? null;
    const issued = await deps.store.getIssued(record.keygen.csrSha256);
    if (!issued.ok) return { kind: 'stop', outcome: fromStore('identify', issued.error) };
    hasIssued = issued.value !== null;
  }
  const decision = resumeDecision(record, { keySlotSha256: keySlot }, hasIssued, now);
  if (decision.kind === 'fresh') return { kind: 'fresh', previous: decision.previous };
  const r = record!;
  if (preset && !(sameProfile(r.profile, preset.profile) && sameCa(r.ca, caRefOf(preset.ca))))
    return adoptBatchChoice(deps, r, decision, preset, id, now);
  if (decision.kind === 'new-key')
    return {
      kind: 'continue',
      record: { ...r, phase: 'prepared', keygen: null, csr: null, check: null, written: [] },
      resumedAt: 'generate-key',
      note: decision.reason,
    };
  // Checked before: check again before writing (time passed; the chosen CA is asked again).
  const next: FlowRecord = r.phase === 'checked' ? { ...r, phase: 'certificate-received' } : r;
  return { kind: 'continue', record: next, resumedAt: decision.step, note: decision.note };
}

async function adoptBatchChoice(
  deps: FlowDeps,
  r: FlowRecord,
  decision: ResumeDecision,
  preset: PrepareChoice,
  id: DeviceIdentity,
  now: number,
): Promise<ResumePlan> {
  const other = `This board had an unfinished run with another profile or CA (sec_tag ${r.profile.secTag}, CA "${r.ca.label}")`;
  // Whatever the other run was issued does not follow the batch's settings.
  if (r.keygen) await deps.store.deleteIssued(r.keygen.csrSha256);
  if (decision.kind !== 'continue' || !keyFits(r, preset.profile, id, now))
    return { kind: 'fresh', previous: null, stale: r, note: `${other}: it starts again with the batch's settings.` };
  return {
    kind: 'continue',
    record: {
      ...r,
      profile: preset.profile,
      ca: caRefOf(preset.ca),
      phase: 'key-generated',
      csr: null,
      check: null,
      written: [],
      summary: null,
    },
    resumedAt: 'check-csr',
    note: `${other}: the batch's settings are used. Its key at sec_tag ${preset.profile.secTag} fits them and is kept (no second key).`,
  };
}
