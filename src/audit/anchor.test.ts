// The station's signatures in an exported file: checked by KeyWire's file verifier and by the Node auditor script,
// including a trail rewritten and re-hashed from one record to the end (which the hash chain alone cannot see).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { anchorSignatureOk, newStationKey, signHead, stationIdentity, type Anchor } from './anchor.ts';
import { checkAnchors } from './anchor-check.ts';
import { sealRecord } from './chain.ts';
import { endMarker, line } from './export.ts';
import { scanForSecrets } from './secrets.ts';
import { buildChain } from './test-chain.ts';
import type { AuditRecord } from './types.ts';
import { verifyFile } from './verify-run.ts';

const script = fileURLToPath(new URL('./recompute-chain.mjs', import.meta.url));

function runAuditorScript(text: string, ...options: string[]): { code: number; out: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'kw-anchor-')), 'audit.jsonl');
  writeFileSync(file, text);
  try {
    return { code: 0, out: execFileSync(process.execPath, [script, file, ...options], { encoding: 'utf8' }) };
  } catch (e) {
    const failure = e as { status: number; stdout: string };
    return { code: failure.status, out: failure.stdout };
  }
}

/** A station that signed the head after every record, as the store does after every append. */
async function signedStation(records: readonly AuditRecord[]) {
  const keys = await newStationKey();
  const identity = await stationIdentity(keys.publicKey);
  const at = new Date('2030-03-02T00:00:00Z');
  const anchors: Anchor[] = [];
  for (const r of records) anchors.push(await signHead(keys.privateKey, r, at));
  return { keys, identity, anchors };
}

const exportText = (
  records: readonly AuditRecord[],
  anchors: readonly Anchor[],
  station?: Awaited<ReturnType<typeof signedStation>>['identity'],
) =>
  records.map((r) => line(r) + '\n').join('') +
  anchors.map((a) => line(a) + '\n').join('') +
  line(endMarker(records.length, records.at(-1), new Date(0), station)) +
  '\n';

/** What someone with write access to the records does: edit #from, then recompute every hash after it. */
function rewriteFrom(records: readonly AuditRecord[], from: number): AuditRecord[] {
  const out = records.slice(0, from - 1);
  let prevHash = out.at(-1)?.hash ?? '0'.repeat(64);
  for (const r of records.slice(from - 1)) {
    const { hash: _h, seq, time, prevHash: _p, ...body } = r;
    const edited = seq === from ? { ...body, operator: 'Mallory', outcome: 'success' as const } : body;
    const sealed = sealRecord(edited, { seq, time, prevHash });
    out.push(sealed);
    prevHash = sealed.hash;
  }
  return out;
}

describe('station signatures over chain heads', () => {
  const chain = buildChain(30);

  it('sign and verify the canonical anchor; a changed hash or seq does not verify', async () => {
    const { keys, anchors } = await signedStation(chain.slice(0, 1));
    const a = anchors[0]!;
    expect(await anchorSignatureOk(keys.publicKey, a)).toBe(true);
    expect(await anchorSignatureOk(keys.publicKey, { ...a, hash: chain[1]!.hash })).toBe(false);
    expect(await anchorSignatureOk(keys.publicKey, { ...a, seq: 2 })).toBe(false);
    const other = await newStationKey();
    expect(await anchorSignatureOk(other.publicKey, a)).toBe(false);
  });

  it('a signed export verifies in KeyWire and in the auditor script, pinned to the station fingerprint', async () => {
    const { identity, anchors } = await signedStation(chain);
    const text = exportText(chain, anchors, identity);
    // Signatures and key are hex, so the export passes the audit trail's own secret scan.
    expect(scanForSecrets(text)).toEqual([]);
    const report = await verifyFile(new Blob([text]));
    expect(report.ok && report.value).toMatchObject({
      ok: true,
      checked: 30,
      anchor: { station: identity.fingerprint, anchors: 30, signedSeq: 30, firstUnsigned: null },
    });
    const auditor = runAuditorScript(text, '--station', identity.fingerprint);
    expect(auditor.code).toBe(0);
    expect(auditor.out).toContain(`station key fingerprint ${identity.fingerprint}\n`);
    expect(auditor.out).toContain('signed by the station up to record 30\n');
  });

  it('a trail rewritten from record 12 and re-hashed to the end is caught by both, naming record 12', async () => {
    const { identity, anchors } = await signedStation(chain);
    const forged = rewriteFrom(chain, 12);
    const text = exportText(forged, anchors, identity);
    const report = await verifyFile(new Blob([text]));
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.ok).toBe(false);
    expect(report.value.problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 12]]);
    expect(report.value.anchor).toMatchObject({ signedSeq: 11, firstUnsigned: 12 });
    const auditor = runAuditorScript(text);
    expect(auditor.code).toBe(1);
    expect(auditor.out).toContain(
      'signature over record 30 fails: records after 11 are not covered by a valid signature\n',
    );
  });

  it('the whole trail rewritten and re-hashed from record 1 is caught', async () => {
    const { identity, anchors } = await signedStation(chain);
    const report = await verifyFile(new Blob([exportText(rewriteFrom(chain, 1), anchors, identity)]));
    expect(report.ok && report.value.problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 1]]);
  });

  it('a forger who drops the signatures, or signs with a key of their own, fails the pinned fingerprint', async () => {
    const { identity } = await signedStation(chain);
    const forged = rewriteFrom(chain, 5);
    const stripped = exportText(forged, []);
    const unsigned = await verifyFile(new Blob([stripped]));
    expect(unsigned.ok && unsigned.value.anchor).toMatchObject({ station: null, signedSeq: 0, firstUnsigned: 1 });
    expect(runAuditorScript(stripped, '--station', identity.fingerprint).code).toBe(1);
    const mallory = await signedStation(forged);
    const resigned = exportText(forged, mallory.anchors, mallory.identity);
    expect(runAuditorScript(resigned).code).toBe(0);
    const pinned = runAuditorScript(resigned, '--station', identity.fingerprint);
    expect(pinned.code).toBe(1);
    expect(pinned.out).toContain(`not signed by station ${identity.fingerprint}\n`);
  });

  it('a signature line whose signature bytes were altered is not taken', async () => {
    const { identity, anchors } = await signedStation(chain);
    const last = anchors.at(-1)!;
    const flipped = { ...last, sig: (last.sig[0] === 'a' ? 'b' : 'a') + last.sig.slice(1) };
    const text = exportText(chain, [...anchors.slice(0, -1), flipped], identity);
    const report = await verifyFile(new Blob([text]));
    expect(report.ok && report.value.problems.map((p) => [p.kind, p.seq])).toEqual([['unanchored', 30]]);
    expect(runAuditorScript(text).code).toBe(1);
  });

  it('verify reads signatures newest first and stops at the first valid one (one ECDSA check for an intact trail)', async () => {
    const { identity, anchors } = await signedStation(chain);
    let read = 0;
    async function* newestFirst() {
      for (const a of [...anchors].reverse()) {
        read += 1;
        yield a;
      }
    }
    const hashes = new Map(chain.map((r) => [r.seq, r.hash]));
    const intact = await checkAnchors({
      anchors: { count: anchors.length, newestFirst },
      station: identity,
      lastSeq: 30,
      hashAt: (seq) => hashes.get(seq) ?? null,
    });
    expect(intact).toMatchObject({ problems: [], report: { anchors: 30, signedSeq: 30, firstUnsigned: null } });
    expect(read).toBe(1);
    read = 0;
    const forged = new Map(rewriteFrom(chain, 25).map((r) => [r.seq, r.hash]));
    const rewritten = await checkAnchors({
      anchors: { count: anchors.length, newestFirst },
      station: identity,
      lastSeq: 30,
      hashAt: (seq) => forged.get(seq) ?? null,
    });
    expect(rewritten.report).toMatchObject({ signedSeq: 24, firstUnsigned: 25 });
    expect(read).toBe(7);
  });
});
