// Layer: flows, "generate key" and "check CSR". The board makes its key (it never leaves the board) inside
// whileOffline, recorded as intent -> outcome; the intent names the key slot's SHA-256 before (or "none"), so an
// intent left open by a reload can be settled from what the slot holds when the board returns. The flow then records
// the SHA-256 the board lists for the new key slot (a hash, not the key) so a resume can prove the key is unchanged,
// and persists the CSR before moving on. A Cancel after the key generation reached the board does not lose the key the board
// makes anyway: the adapter waits for its answer, the CSR and slot SHA are kept, and Continue goes on from there.
// Where the CSR comes from is the board's facets' choice (csr-source.ts): the board's own CSR, or one the worker
// assembles around the key the board made, with the board signing its digest (after the key intent, before saving).
// The CSR is parsed in the worker and judged by csr-rules.ts; a failed check blocks with what to do.
import { withIntent } from '../audit/intent.ts';
import { whileOffline } from '../devices/adapters/index.ts';
import type { KeyGenResult } from '../devices/device.ts';
import { deviceError, type DeviceError } from '../devices/errors.ts';
import { sha256Hex } from '../lib/bytes.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { toPem } from '../pki/pem.ts';
import type { AuditError } from '../audit/types.ts';
import { checkCsr } from './csr-rules.ts';
import { assembleBoardCsr, csrSourceOf } from './csr-source.ts';
import { expectedCsrCn, keygenSubject } from './profile.ts';
import { modeAfter, offlineOptions } from './offline-mode.ts';
import { fromAudit, fromCrypto, fromDevice, NEXT, type StepContext, type StepOutcome } from './step-context.ts';
import type { CsrSummary } from './types.ts';
import type { FlowRecord } from './record.ts';
import { proofContext, startBoardProofs } from './key-proofs.ts';

interface Generated {
  /** The board's CSR ('board' source), or null when KeyWire assembles it around `publicKey` ('assembled'). */
  readonly gen: KeyGenResult | null;
  readonly publicKey: Uint8Array | null;
  readonly csrSha256: string | null;
  readonly keySlotSha256: string | null;
  readonly listError: DeviceError | null;
}

export async function generateKey(ctx: StepContext): Promise<StepOutcome> {
  const record = ctx.record();
  const { secTag } = record.profile;
  const source = csrSourceOf(ctx.device) ?? 'board';
  // A CSR KeyWire assembles always names its subject: the profile's CN, else the board's default, else its id.
  const subject =
    keygenSubject(record.profile, ctx.identity) ??
    (source === 'assembled' ? `CN=${expectedCsrCn(record.profile, ctx.identity) ?? ctx.identity.deviceId}` : undefined);
  const { signal } = ctx;
  // Prepare's record lands while the key's intent is stored; both land before the first board change. A board with a
  // functional mode goes offline first, so there the record has landed before the step begins.
  const landing = ctx.landed();
  if (ctx.device.functionalMode) {
    const unsaved = await landing;
    if (unsaved) return unsaved;
  }
  ctx.enter({ name: 'generate-key', secTag, subject: subject ?? null });
  ctx.progress({
    kind: 'elapsed',
    startedAt: ctx.now(),
    expectedMs: ctx.deps.expectedKeygenMs ?? 3000,
    label: 'The board is generating its key',
  });
  // What the key slot holds before: the open-intent check compares it with what it holds after a reload. Prepare's
  // listing of the whole slot, just before in this run, holds it; otherwise the board is asked.
  const before = await (ctx.ahead?.takeListing(secTag) ??
    ctx.device.credentials!.list({ secTag, kind: 'privateKey' }, { signal }));
  if (!before.ok) {
    ctx.progress(null);
    return fromDevice('generate-key', before.error, ctx);
  }
  const keySlotBefore = before.value.find((c) => c.kind === 'privateKey')?.sha256 ?? 'none';
  let auditError: AuditError | null = null;
  let storeFailure: StepOutcome | null = null;
  const offline = await whileOffline(
    ctx.device,
    async (): Promise<Result<Generated | null, DeviceError>> => {
      const recorded = await withIntent(
        ctx.deps.audit,
        {
          device: ctx.who,
          action: 'keygen',
          detail: {
            secTag,
            credentialKind: 'privateKey',
            message: `Key generation on the board, subject ${subject ?? 'as the board sets it'}.`,
            ext: { keySlotBefore },
          },
        },
        async () => {
          const unsaved = await landing;
          if (unsaved) {
            storeFailure = unsaved;
            return err(deviceError('invalid-input', 'The key was not generated: the run could not be saved first.'));
          }
          const limit = { signal, timeoutMs: ctx.deps.keygenTimeoutMs ?? 120_000 };
          const made =
            source === 'board'
              ? await ctx.device.keys!.generate({ secTag, output: 'csr', ...(subject ? { subject } : {}) }, limit)
              : await ctx.device.signer!.generateKey!(secTag, limit);
          if (!made.ok) return made;
          // The key exists now: its slot SHA is what a resume proves it by, so it is read even after a Cancel.
          const slot = await ctx.device.credentials!.list({ secTag, kind: 'privateKey' });
          const gen = made.value instanceof Uint8Array ? null : made.value;
          return ok({
            gen,
            publicKey: made.value instanceof Uint8Array ? made.value : null,
            csrSha256: gen ? await sha256Hex(gen.der) : null,
            keySlotSha256: slot.ok ? (slot.value[0]?.sha256 ?? null) : null,
            listError: slot.ok ? null : slot.error,
          });
        },
        {
          successDetail: (v) => ({
            secTag,
            credentialKind: 'privateKey',
            ...(v.csrSha256 ? { csrSha256: v.csrSha256 } : {}),
            ...(v.keySlotSha256 ? { contentSha256: v.keySlotSha256 } : {}),
          }),
          outcomeLater: true,
        },
      );
      if (!recorded.ok) {
        auditError = recorded.error;
        return ok(null);
      }
      // The outcome lands while the CSR is made (the next save waits for it).
      ctx.outcomeLater(recorded.value.outcomeRecorded, 'The key generation outcome');
      return recorded.value.result;
    },
    offlineOptions(ctx, (outcome) => (storeFailure = outcome), ctx.ahead?.takeMode()),
  );
  ctx.progress(null);
  if (storeFailure) return storeFailure;
  if (auditError) return fromAudit('generate-key', auditError);
  if (!offline.ok) return fromDevice('generate-key', offline.error, ctx);
  if (!offline.value.restored)
    ctx.note(
      `The modem could not be put back in mode ${offline.value.modeBefore}: ${offline.value.restoreError?.message}`,
    );
  const made = offline.value.value!;
  if (made.gen?.keyReused)
    ctx.note(
      `The board already held a key at ${ctx.device.profile.slotWord} ${secTag} and kept it (it never replaces a key): the certificate is issued for that key. For a new key, delete the old one on the board first.`,
    );
  let g: Generated & { gen: KeyGenResult; csrSha256: string };
  if (made.gen && made.csrSha256) g = { ...made, gen: made.gen, csrSha256: made.csrSha256 };
  else {
    // The board made a key and signs: the worker builds the CSR around it and the board signs its digest.
    const assembled = await assembleBoardCsr(ctx.device, ctx.deps.crypto, secTag, made.publicKey!, subject!, {
      signal,
    });
    if (!assembled.ok)
      return assembled.error.from === 'device'
        ? fromDevice('generate-key', assembled.error.error, ctx)
        : fromCrypto('generate-key', assembled.error.error);
    g = { ...made, gen: assembled.value, csrSha256: await sha256Hex(assembled.value.der) };
  }
  // Saved while the worker checks the CSR: it lands as soon as an awaited save would (a reload before that makes a new
  // key either way), and the next awaited save, before any board change, reports a failure.
  ctx.saveSoon({
    ...ctx.record(),
    modeBeforeOffline: modeAfter(ctx.record(), offline.value.restored),
    phase: 'key-generated',
    keygen: {
      secTag,
      subject: subject ?? null,
      raw: g.gen.raw,
      csrPem: toPem('CERTIFICATE REQUEST', g.gen.der),
      csrSha256: g.csrSha256,
      keySlotSha256: g.keySlotSha256,
      generatedAt: new Date(ctx.now()).toISOString(),
    },
    csr: null,
    check: null,
    written: [],
    summary: null,
  });
  if (signal.aborted)
    ctx.note('Cancel came after the board had received the key generation: it finished, and its key and CSR are kept.');
  if (g.listError) return fromDevice('generate-key', g.listError);
  if (!g.keySlotSha256)
    ctx.note(
      ctx.device.keys?.listed === false
        ? 'The board keeps its key outside its credential list, so a resume asks it for a key again (it keeps the one it has).'
        : 'The board lists no SHA-256 for its key slot: a resume will generate a new key.',
    );
  return NEXT;
}

export async function checkCsrStep(ctx: StepContext): Promise<StepOutcome> {
  const record = ctx.record();
  const kg = record.keygen!;
  ctx.enter({ name: 'check-csr', csr: null });
  // Whether the CA issued for this CSR before (a resume) is read while the worker checks it, for get the certificate.
  ctx.ahead?.offerIssued(kg.csrSha256, ctx.deps.store.getIssued(kg.csrSha256));
  // The board's side of its key proofs (read-only) is asked now, for the check before writing (passed on by get the
  // certificate): the board answers while the worker checks the CSR and the CA issues, instead of sitting idle.
  const proofs = ctx.ahead ? startBoardProofs(proofContext(ctx)) : null;
  if (proofs) ctx.ahead?.offerProofs(record.profile.secTag, proofs);
  const outcome = await inspectCsr(ctx, record, kg);
  // A stop waits for the board's answers, so the next action never finds them still coming.
  if (outcome.kind !== 'next') await proofs?.settled;
  return outcome;
}

/** The worker's inspection of the CSR, judged by the CSR rules and recorded; Next once it passed. */
async function inspectCsr(
  ctx: StepContext,
  record: FlowRecord,
  kg: NonNullable<FlowRecord['keygen']>,
): Promise<StepOutcome> {
  // A family whose key-generation answer carries its own attestation is inspected from that answer.
  const input = ctx.device.profile.keygenAttestation !== null ? kg.raw : kg.csrPem;
  const report = await ctx.deps.crypto.inspect(input, { signal: ctx.signal });
  if (!report.ok) return fromCrypto('check-csr', report.error);
  const verdict = checkCsr(report.value, {
    profile: ctx.device.profile,
    secTag: kg.secTag,
    deviceUuid: ctx.identity.uuid ?? null,
    commonName: expectedCsrCn(record.profile, ctx.identity),
  });
  const errors = verdict.findings.filter((f) => f.severity === 'error');
  const csr = verdict.csr;
  const keyType = csr ? `${csr.key.algorithm} ${csr.key.curve ?? ''}`.trim() : undefined;
  const logged = await ctx.deps.audit.append({
    device: ctx.who,
    action: 'csr-checked',
    outcome: errors.length ? 'failure' : 'success',
    errorCode: errors[0]?.code ?? null,
    detail: {
      secTag: kg.secTag,
      csrSha256: kg.csrSha256,
      ...(csr ? { spkiSha256: csr.key.spkiSha256, subject: csr.subject.text.slice(0, 512), keyType } : {}),
      message: (errors.length
        ? errors.map((f) => f.message).join(' ')
        : 'Proof of possession, subject, key and attestation checked.'
      ).slice(0, 500),
    },
  });
  if (!logged.ok) return fromAudit('check-csr', logged.error);
  if (errors.length || !csr)
    return { kind: 'stop', step: { name: 'blocked', at: 'check-csr', findings: verdict.findings } };
  for (const w of verdict.findings) ctx.note(w.message);
  const summary: CsrSummary = {
    pem: kg.csrPem,
    sha256: kg.csrSha256,
    spkiSha256: csr.key.spkiSha256,
    subject: csr.subject.text,
    keyType: keyType ?? '',
    generatedAt: kg.generatedAt,
    attestation: verdict.keygen
      ? {
          deviceUuid: verdict.keygen.deviceUuid,
          secTag: verdict.keygen.secTag,
          digestHex: verdict.keygen.digestHex,
          digestMatches: verdict.keygen.digest === 'match',
        }
      : null,
  };
  // Saved while the CA is asked: a resume that finds the earlier phase checks the CSR again (the issued copy is kept).
  ctx.saveSoon({ ...record, phase: 'csr-checked', csr: summary });
  ctx.enter({ name: 'check-csr', csr: summary });
  return NEXT;
}
