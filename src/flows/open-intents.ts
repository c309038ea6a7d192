// Layer: flows. Audit intents left open for a board (a reload or crash between intent and outcome) are offered when
// the board comes back, each with the outcome the board itself shows (does it hold what the write intended? is it in
// the mode that was asked? does the key slot hold another key than before the key generation?), or no suggestion when
// the board cannot tell, and closed only when the user says so, as new records in the trail. An intent without a
// suggestion is not closed until the operator decided it.
import type { AuditRecord, FinalOutcome } from '../audit/types.ts';
import type { CallOptions, Device } from '../devices/device.ts';
import type { IntentOffer } from './types.ts';

type Suggestion = Pick<IntentOffer, 'suggested' | 'reason'>;

const unknown = (reason: string): Suggestion => ({ suggested: null, reason });

/** A key generation changed the slot when it holds another key than the intent found there ("none": empty). */
async function keygenSuggestion(r: AuditRecord, device: Device, opts: CallOptions): Promise<Suggestion> {
  const secTag = r.detail.secTag;
  const before = r.detail.ext?.['keySlotBefore'];
  if (secTag === undefined || typeof before !== 'string')
    return unknown(
      'This record does not say what the key slot held before, so the board cannot show whether a key was made.',
    );
  const listed = await device.credentials?.list({ secTag, kind: 'privateKey' }, opts);
  if (!listed?.ok) return unknown('The board could not be listed, so the outcome is unknown.');
  const now = listed.value[0]?.sha256 ?? 'none';
  if (now === 'none')
    return {
      suggested: 'failure',
      reason: `The board holds no key at sec_tag ${secTag}: no key from this generation is there.`,
    };
  return now.toUpperCase() === before.toUpperCase()
    ? {
        suggested: 'failure',
        reason: `The key at sec_tag ${secTag} is the one that was there before: no new key was made.`,
      }
    : { suggested: 'success', reason: `The board holds a new key at sec_tag ${secTag}: the key generation happened.` };
}

async function suggest(r: AuditRecord, device: Device, opts: CallOptions): Promise<Suggestion> {
  const d = r.detail;
  if (
    (r.action === 'credential-write' || r.action === 'credential-delete') &&
    d.secTag !== undefined &&
    d.credentialKind
  ) {
    const listed = await device.credentials?.list({ secTag: d.secTag }, opts);
    if (!listed?.ok) return unknown('The board could not be listed, so the outcome is unknown.');
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
  if (r.action === 'keygen') return keygenSuggestion(r, device, opts);
  return unknown('The outcome cannot be read from the board: say whether it happened.');
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

/** The outcome each offer is closed with (the operator's, else the suggestion), or null while one is undecided. */
export function closingOutcomes(
  offers: readonly IntentOffer[],
  decisions: readonly IntentDecision[],
): Map<number, FinalOutcome> | null {
  const out = new Map<number, FinalOutcome>();
  for (const offer of offers) {
    const outcome = decisions.find((d) => d.seq === offer.seq)?.outcome ?? offer.suggested;
    if (outcome === null) return null;
    out.set(offer.seq, outcome);
  }
  return out;
}

export const closingNote = (offer: IntentOffer, outcome: FinalOutcome): string =>
  `Closed when the board came back${
    offer.suggested === null
      ? ' (decided by the operator)'
      : outcome === offer.suggested
        ? ''
        : ' (operator chose otherwise)'
  }: ${offer.reason}`.slice(0, 500);
