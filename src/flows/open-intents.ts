// Layer: flows. Audit intents left open for a board (a reload or crash between intent and outcome) are offered when
// the board comes back, each with the outcome the board itself suggests (does it hold what the write intended? is
// it in the mode that was asked?), and closed only when the user says so, as new records in the trail.
import type { AuditRecord, FinalOutcome } from '../audit/types.ts';
import type { CallOptions, Device } from '../devices/device.ts';
import type { IntentOffer } from './types.ts';

async function suggest(
  r: AuditRecord,
  device: Device,
  opts: CallOptions,
): Promise<Pick<IntentOffer, 'suggested' | 'reason'>> {
  const d = r.detail;
  if (
    (r.action === 'credential-write' || r.action === 'credential-delete') &&
    d.secTag !== undefined &&
    d.credentialKind
  ) {
    const listed = await device.credentials?.list({ secTag: d.secTag }, opts);
    if (!listed?.ok)
      return { suggested: 'failure', reason: 'The board could not be listed, so the outcome is unknown.' };
    const entry = listed.value.find((c) => c.kind === d.credentialKind);
    if (r.action === 'credential-delete')
      return entry
        ? { suggested: 'failure', reason: 'The board still holds the credential that was to be deleted.' }
        : { suggested: 'success', reason: 'The board no longer holds the credential.' };
    const want = d.contentSha256?.toUpperCase();
    return entry && want && entry.sha256 === want
      ? { suggested: 'success', reason: 'The board holds content with exactly the SHA-256 that was to be written.' }
      : { suggested: 'failure', reason: 'The board does not hold what was to be written.' };
  }
  if (r.action === 'functional-mode' && d.functionalMode !== undefined && device.functionalMode) {
    const mode = await device.functionalMode.get(opts);
    if (mode.ok)
      return mode.value === d.functionalMode
        ? { suggested: 'success', reason: `The modem is in mode ${mode.value}, as was asked.` }
        : { suggested: 'failure', reason: `The modem is in mode ${mode.value}, not ${d.functionalMode}.` };
  }
  if (r.action === 'keygen')
    return {
      suggested: 'failure',
      reason: 'It is unknown whether the key was made; the flow generates a new key unless it can prove the old one.',
    };
  return { suggested: 'failure', reason: 'The outcome cannot be read from the board.' };
}

export async function intentOffers(
  records: readonly AuditRecord[],
  device: Device,
  opts: CallOptions,
): Promise<IntentOffer[]> {
  const out: IntentOffer[] = [];
  for (const r of records)
    out.push({ seq: r.seq, action: r.action, time: r.time, ...(await suggest(r, device, opts)) });
  return out;
}

export interface IntentDecision {
  readonly seq: number;
  readonly outcome: FinalOutcome;
}

export const closingNote = (offer: IntentOffer, outcome: FinalOutcome): string =>
  `Closed when the board came back${outcome === offer.suggested ? '' : ' (operator chose otherwise)'}: ${offer.reason}`.slice(
    0,
    500,
  );
