// Layer: flows, "get the certificate" and "check before writing". A certificate already issued for this CSR (kept
// by the CSR's SHA-256 the moment the CA returned it, before any check) is reused, never issued twice. The worker
// then decides in one call whether it may be written; any error finding blocks the write and nothing is written.
// While the worker checks, the board answers what the write step starts with (read-only: lookahead.ts).
import type { EnrollStatus } from '../ca/types.ts';
import type { Device } from '../devices/device.ts';
import { concatBytes, fromBase64, sha256Hex } from '../lib/bytes.ts';
import { applyCloudRules, CLOUD_NAMES } from './cloud-rules.ts';
import type { WriteCheckReport, WriteTarget } from '../pki/crypto-types.ts';
import { caKindOf, serialForAudit } from './audited-device.ts';
import { proofContext, startBoardProofs, withBoardProofs } from './key-proofs.ts';
import { expectedCertCn, issueProfile } from './profile.ts';
import { sameCa } from './ca-ref.ts';
import type { FlowRecord, IssuedRecord } from './record.ts';
import {
  failed,
  fromAudit,
  fromCa,
  fromCrypto,
  fromStore,
  NEXT,
  type StepContext,
  type StepOutcome,
} from './step-context.ts';
import type { CaRef, Finding, StepName } from './types.ts';

/** What the worker needs to know about the board's limits, including the command text a write puts around content. */
export function writeTarget(device: Device, secTag: number): WriteTarget {
  const overhead = device.credentials?.writeOverheadChars;
  return {
    ...(device.limits.maxCommandChars !== undefined ? { maxCommandChars: device.limits.maxCommandChars } : {}),
    ...(device.limits.maxChainBytes !== undefined ? { maxChainBytes: device.limits.maxChainBytes } : {}),
    ...(overhead
      ? { commandOverheadChars: { clientCert: overhead(secTag, 'clientCert'), caCert: overhead(secTag, 'caCert') } }
      : {}),
    pemLineEnding: device.limits.pemLineEnding,
    ...(device.limits.storesNul ? { storesNul: true } : {}),
  };
}

export const pemToDer = (pem: string): Uint8Array =>
  fromBase64(pem.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '')) ?? new Uint8Array();

const caUnavailable = (at: StepName, ca: CaRef): StepOutcome =>
  failed(at, {
    code: 'ca-unavailable',
    message: `The CA source "${ca.label}" this board's provisioning used is not set up in this session.`,
    action: 'Set that CA source up again, then press Continue; or start over with another CA.',
  });

const STATUS_TEXT = (s: EnrollStatus): string =>
  s.kind === 'sending'
    ? 'Sending the CSR to the CA'
    : s.kind === 'waiting'
      ? `The CA asked to wait ${s.retryAfterSeconds} s (attempt ${s.attempt})`
      : 'Waiting for the certificate file';

/** Gets the certificate while the board answers the read-only side of its key proofs for the check before writing:
 * asked by the CSR check just before (passed on here: nothing changes the board in between, lookahead.ts), else
 * asked now. A stop waits for the board's answers. */
export async function getCertificate(ctx: StepContext): Promise<StepOutcome> {
  const slot = ctx.record().profile.secTag;
  const proofs = ctx.ahead ? (ctx.ahead.takeProofs(slot) ?? startBoardProofs(proofContext(ctx))) : null;
  if (proofs) ctx.ahead?.offerProofs(slot, proofs);
  const outcome = await obtainCertificate(ctx);
  if (outcome.kind !== 'next') await proofs?.settled;
  return outcome;
}

async function obtainCertificate(ctx: StepContext): Promise<StepOutcome> {
  const record = ctx.record();
  const kg = record.keygen!;
  ctx.enter({ name: 'get-certificate', ca: record.ca, status: null, reused: false });
  const stored = await (ctx.ahead?.takeIssued(kg.csrSha256) ?? ctx.deps.store.getIssued(kg.csrSha256));
  if (!stored.ok) return fromStore('get-certificate', stored.error);
  if (stored.value && sameCa(stored.value.ca, record.ca)) {
    ctx.enter({ name: 'get-certificate', ca: record.ca, status: null, reused: true });
    ctx.note('The certificate the CA issued earlier for this CSR is used again: no second issuance.');
  } else {
    if (!ctx.ca) return caUnavailable('get-certificate', record.ca);
    ctx.progress({ kind: 'status', label: 'Sending the CSR to the CA' });
    const r = await ctx.ca.enroll(
      {
        csrDer: pemToDer(kg.csrPem),
        csrPem: kg.csrPem,
        device: {
          id: ctx.identity.deviceId,
          ...(ctx.identity.uuid ? { uuid: ctx.identity.uuid } : {}),
          ...(ctx.identity.imei ? { imei: ctx.identity.imei } : {}),
        },
        profile: issueProfile(record.profile, ctx.identity),
      },
      {
        signal: ctx.signal,
        onStatus: (status) => {
          ctx.enter({ name: 'get-certificate', ca: record.ca, status, reused: false });
          ctx.progress({ kind: 'status', label: STATUS_TEXT(status) });
        },
      },
    );
    ctx.progress(null);
    if (!r.ok) return fromCa('get-certificate', r.error);
    const issued: IssuedRecord = {
      csrSha256: kg.csrSha256,
      deviceId: ctx.identity.deviceId,
      ca: record.ca,
      caName: r.value.caName,
      certificates: r.value.certificates.map((c) => c.slice()),
      format: r.value.format,
      receivedAt: new Date(ctx.now()).toISOString(),
    };
    // Kept and recorded side by side (two databases): the copy is kept even when the trail refuses the record.
    const [kept, logged] = await Promise.all([
      ctx.deps.store.putIssued(issued),
      ctx.deps.audit.append({
        device: ctx.who,
        action: 'certificate-issued',
        outcome: 'success',
        detail: {
          secTag: kg.secTag,
          csrSha256: kg.csrSha256,
          caName: r.value.caName.slice(0, 200),
          caKind: caKindOf(record.ca.kind),
          chainLength: Math.min(issued.certificates.length, 64),
          message: `${issued.certificates.length} certificate(s) received (${issued.format}); not yet checked.`,
        },
      }),
    ]);
    if (!kept.ok) return fromStore('get-certificate', kept.error);
    if (!logged.ok) return fromAudit('get-certificate', logged.error);
  }
  // Saved while the worker checks: a resume that finds the earlier phase reuses the issued copy kept above.
  ctx.saveSoon({ ...ctx.record(), phase: 'certificate-received' });
  return NEXT;
}

/** The record of an approved check: what the write step writes, exactly. */
const checkedFrom = (
  record: FlowRecord,
  report: WriteCheckReport,
  leaf: NonNullable<WriteCheckReport['leaf']>,
  caName: string,
): FlowRecord => ({
  ...record,
  phase: 'checked',
  check: {
    writes: report.writes,
    leaf,
    intermediatesPem: report.intermediatesPem,
    anchorPem: report.anchorPem,
    caName,
    checkedAt: report.at,
  },
});

export async function checkBeforeWriteStep(ctx: StepContext): Promise<StepOutcome> {
  const record = ctx.record();
  const kg = record.keygen!;
  ctx.enter({ name: 'check-before-write', report: null });
  if (!ctx.ca) {
    const issued = await ctx.deps.store.getIssued(kg.csrSha256);
    if (!issued.ok) return fromStore('check-before-write', issued.error);
    return issued.value ? caUnavailable('check-before-write', record.ca) : getCertificateAgain(ctx);
  }
  // The board's side of its key proofs (read-only), asked since the CSR check (else started first); then, once the
  // board answered those, what the write step starts with (read-only too): the slot's listing and the mode it goes
  // offline from. The board answers while the stored certificate and the CA's anchors are read (side by side) and
  // while the worker checks it.
  const { secTag } = record.profile;
  const o = { signal: ctx.signal };
  const board = ctx.ahead?.takeProofs(secTag) ?? startBoardProofs(proofContext(ctx));
  const listing = board.settled.then(() => ctx.device.credentials!.list({ secTag }, o));
  ctx.ahead?.offerListing(secTag, listing);
  const fm = ctx.device.functionalMode;
  const mode = fm ? board.settled.then(() => fm.get(o)) : null;
  if (mode) ctx.ahead?.offerMode(mode);
  const answered = Promise.all([board.settled, listing, mode]);
  const [issued, anchors] = await Promise.all([
    ctx.deps.store.getIssued(kg.csrSha256),
    ctx.ca.caCertificates({ signal: ctx.signal }),
  ]);
  // An early end waits for the board's answers, so the next step never finds them still coming.
  if (!issued.ok) return answered.then(() => fromStore('check-before-write', issued.error));
  if (!issued.value) return answered.then(() => getCertificateAgain(ctx));
  if (!anchors.ok) return answered.then(() => fromCa('check-before-write', anchors.error));
  const checked = await ctx.deps.crypto.checkBeforeWrite(
    {
      certificates: issued.value.certificates,
      csr: kg.csrPem,
      caCertificates: anchors.value,
      expectedCommonName: expectedCertCn(record.profile, ctx.identity),
      target: writeTarget(ctx.device, record.profile.secTag),
      writeCaCertificate: record.profile.writeCaCertificate,
      at: ctx.now(),
    },
    { signal: ctx.signal },
  );
  if (!checked.ok) {
    await board.settled;
    return fromCrypto('check-before-write', checked.error);
  }
  // The board's own proofs (signed challenge, exported key) for boards that offer them, before anything is written.
  const proofs = checked.value.leaf ? await board.judge(checked.value.leaf.pem) : await board.settled.then(() => []);
  if (ctx.signal.aborted) return fromCrypto('check-before-write', { code: 'aborted', message: 'cancelled' });
  const target = writeTarget(ctx.device, record.profile.secTag);
  const report = await applyCloudRules(
    withBoardProofs(checked.value, proofs),
    record.profile.cloud,
    ctx.identity.deviceId,
    {
      target,
      ...(ctx.device.limits.clientCertChain !== undefined
        ? { clientCertChain: ctx.device.limits.clientCertChain }
        : {}),
      sha256: (text) => sha256Hex(text),
    },
  );
  const errors = report.findings.filter((f) => f.severity === 'error');
  const leaf = report.leaf;
  // A refusal is evidence: the refused certificate's fingerprint goes into the trail even when no leaf was found
  // (then the SHA-256 of everything the CA returned, so the file can be matched later).
  const returnedSha256 = !report.writable && !leaf ? await sha256Hex(concatBytes(...issued.value.certificates)) : null;
  const cloud = record.profile.cloud ? CLOUD_NAMES[record.profile.cloud.kind] : null;
  const logging = ctx.deps.audit.append({
    device: ctx.who,
    action: 'chain-checked',
    outcome: report.writable ? 'success' : 'failure',
    errorCode: errors[0]?.code ?? null,
    detail: {
      secTag: record.profile.secTag,
      csrSha256: kg.csrSha256,
      caName: issued.value.caName.slice(0, 200),
      ...(leaf
        ? {
            certSha256: leaf.sha256,
            serial: serialForAudit(leaf.serialHex),
            subject: leaf.subject.slice(0, 512),
            issuer: leaf.issuer.slice(0, 512),
            notBefore: leaf.notBefore.replace(/\.\d+Z$/, 'Z'),
            notAfter: leaf.notAfter.replace(/\.\d+Z$/, 'Z'),
          }
        : returnedSha256
          ? { chainSha256: returnedSha256, chainLength: Math.min(issued.value.certificates.length, 64) }
          : {}),
      ...(cloud || !report.writable
        ? { ext: { ...(cloud ? { cloudProfile: cloud } : {}), ...(report.writable ? {} : { refused: true }) } }
        : {}),
      message: (
        (report.writable ? '' : 'Refused before writing: ') +
        (errors.length ? errors.map((f) => f.message).join(' ') : 'All checks before writing passed.') +
        ` Key proofs: ${report.proofs.map((p) => `${p.id} ${p.passed ? 'passed' : 'failed'}`).join(', ')}.`
      ).slice(0, 500),
    },
  });
  // Approved: the record that lets the write step begin is saved while the check is recorded (two databases). Both
  // land before the write step; a resume from 'checked' checks again before writing anyway.
  const checkedRecord = leaf && report.writable ? checkedFrom(record, report, leaf, issued.value.caName) : null;
  const [logged, saved] = await Promise.all([logging, checkedRecord ? ctx.save(checkedRecord) : null]);
  if (!logged.ok) return fromAudit('check-before-write', logged.error);
  if (!report.writable || !leaf) {
    const findings: Finding[] = report.findings.map(({ code, severity, message, action }) => ({
      code,
      severity,
      message,
      action,
    }));
    return { kind: 'stop', step: { name: 'blocked', at: 'check-before-write', findings, report } };
  }
  for (const w of report.findings) ctx.note(w.message);
  if (saved) return saved;
  ctx.enter({ name: 'check-before-write', report });
  return NEXT;
}

/** The stored certificate vanished (storage cleared): fetch it again rather than guess. */
async function getCertificateAgain(ctx: StepContext): Promise<StepOutcome> {
  ctx.note('The certificate received earlier is no longer stored; asking the CA again.');
  const saved = await ctx.save({ ...ctx.record(), phase: 'csr-checked' });
  return saved ?? obtainCertificate(ctx);
}
