// The health check flow end to end in Node: the emulated scenario boards (same bytes as a real nRF9160), the crypto
// worker's API in this thread, AT+CCLK? through the session's AT client, and audit records as the flows write them.
// Each defect board must be named for its defect with the evidence; the clean board must pass.
import { createHash, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectDevice } from '../devices/adapters/index.ts';
import { createEmulatorLab, factoryBoard, MemoryFlashStore } from '../devices/emulator/index.ts';
import { SCENARIO_SEC_TAG } from '../devices/emulator/nrf91/nrf91-factory.ts';
import { OTHER_FLEET_CA_PEM } from '../devices/emulator/nrf91/nrf91-factory-scenario-pems.ts';
import type { HealthReport, KeyRecord } from '../diagnose/health/index.ts';
import { ok } from '../lib/result.ts';
import { runHealthCheck, type HealthCheckDeps } from './health-check.ts';
import { atClockReader } from './health-check-sources.ts';
import { checkCryptoInThread } from './testing/check-crypto.ts';

const TAG = SCENARIO_SEC_TAG;

async function board(id: string) {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const r = await connectDevice(lab.port(id));
  if (!r.ok) throw new Error(`connect failed: ${r.error.message}`);
  const who = await r.value.device.identify();
  if (!who.ok) throw new Error(who.error.message);
  return { ...r.value, identity: who.value, factory: factoryBoard(id)! };
}

const stored = (id: string, type: number) =>
  factoryBoard(id)!.credentials.find((c) => c.secTag === TAG && c.type === type)!.content;
const spkiSha = (pem: string) =>
  createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .toUpperCase();
const contentSha = (text: string) =>
  createHash('sha256').update(Buffer.from(text, 'latin1')).digest('hex').toUpperCase();

/** The two records the provisioning flow writes for a key generated at `secTag`: keygen outcome, then CSR check. */
function keygenRecords(secTag: number, spki: string, keySlot: string | null): KeyRecord[] {
  const csrSha256 = 'AB'.repeat(32);
  return [
    {
      seq: 7,
      time: '2026-01-02T03:04:05.000Z',
      operator: 'Ada',
      action: 'keygen',
      outcome: 'intent',
      detail: { secTag },
    },
    {
      seq: 8,
      time: '2026-01-02T03:04:07.000Z',
      operator: 'Ada',
      action: 'keygen',
      outcome: 'success',
      detail: { secTag, credentialKind: 'privateKey', csrSha256, ...(keySlot ? { contentSha256: keySlot } : {}) },
    },
    {
      seq: 9,
      time: '2026-01-02T03:04:08.000Z',
      operator: 'Ada',
      action: 'csr-checked',
      outcome: 'success',
      detail: { secTag, csrSha256, spkiSha256: spki },
    },
  ];
}

async function check(id: string, extra: Partial<HealthCheckDeps> & { userCa?: string; records?: KeyRecord[] } = {}) {
  const b = await board(id);
  const crypto = checkCryptoInThread();
  const r = await runHealthCheck(
    { device: b.device, identity: b.identity, ...(extra.userCa ? { userCa: extra.userCa } : {}) },
    {
      crypto,
      readClock: atClockReader(b.at!),
      ...(extra.records ? { auditRecords: async () => ok(extra.records!) } : {}),
      ...extra,
    },
  );
  await b.device.close();
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const tagFindings = (report: HealthReport, secTag = TAG) => report.tags.find((t) => t.secTag === secTag)!.findings;
const codes = (report: HealthReport, severity?: string) =>
  tagFindings(report)
    .filter((f) => !severity || f.severity === severity)
    .map((f) => f.code);

describe('board health check on the emulated scenario boards', () => {
  it('names the expired certificate, with the dates and the computer clock as evidence', async () => {
    const report = await check('nrf9160-expired');
    expect(report.verdict).toBe('failed');
    expect(codes(report, 'error')).toEqual(['cert-expired']);
    const f = tagFindings(report).find((x) => x.code === 'cert-expired')!;
    expect(f.title).toContain('2022-01-01');
    expect(f.evidence).toContain("this computer's clock");
  });

  it('names the certificate from another CA, with the CA at the sec_tag as evidence; a CA the user gives anchors it', async () => {
    const report = await check('nrf9160-other-ca', { userCa: OTHER_FLEET_CA_PEM });
    expect(codes(report, 'error')).toEqual(['chain-other-ca']);
    const f = tagFindings(report).find((x) => x.code === 'chain-other-ca')!;
    expect(f.explanation).toContain('Emulated Other Fleet CA');
    expect(f.evidence).toContain(`the CA stored at sec_tag ${TAG}`);
    expect(codes(report, 'ok')).toContain('chain-user-ca-ok');
  });

  it("names the certificate for another key, on the audit trail's record of the board's key", async () => {
    const id = 'nrf9160-other-key';
    const records = keygenRecords(TAG, spkiSha(stored(id, 2)), contentSha(stored(id, 2)));
    const report = await check(id, { records });
    expect(codes(report, 'error')).toEqual(['key-mismatch']);
    const f = tagFindings(report).find((x) => x.code === 'key-mismatch')!;
    expect(f.evidence).toContain('Audit trail record #8');
    expect(f.evidence).toContain('was not replaced');
  });

  it('says plainly when there is no key evidence (no records for this board)', async () => {
    const report = await check('nrf9160-other-key', { records: [] });
    const f = tagFindings(report).find((x) => x.code === 'key-no-evidence')!;
    expect(f.severity).toBe('info');
    expect(f.evidence).toContain('No evidence available');
    expect(f.evidence).toContain('cannot sign a challenge');
    expect(f.evidence).toContain(`no key generation record for this board at sec_tag ${TAG}`);
  });

  it('calls the audit evidence stale when the key slot changed since the record', async () => {
    const id = 'nrf9160-good';
    const report = await check(id, { records: keygenRecords(TAG, spkiSha(stored(id, 2)), 'CD'.repeat(32)) });
    expect(codes(report, 'warning')).toEqual(['key-evidence-stale']);
  });

  it('names the CA chain over 4 kB and the command it would take', async () => {
    const report = await check('nrf9160-large-ca');
    expect(codes(report, 'error')).toEqual(['ca-chain-too-large']);
    expect(codes(report, 'warning')).toContain('command-too-long');
    const f = tagFindings(report).find((x) => x.code === 'ca-chain-too-large')!;
    expect(f.title).toContain('4143 bytes');
    expect(codes(report, 'ok')).toContain('chain-ok');
  });

  it('passes the clean board, with every check and its evidence', async () => {
    const id = 'nrf9160-good';
    const report = await check(id, { records: keygenRecords(TAG, spkiSha(stored(id, 2)), contentSha(stored(id, 2))) });
    expect(report.verdict).toBe('passed');
    expect(codes(report, 'ok')).toEqual(['cert-valid', 'usage-ok', 'chain-ok', 'key-match', 'size-ok']);
    expect(report.boardFindings[0]).toMatchObject({ code: 'board-clock-unknown', severity: 'info' });
    expect(report.clock).toMatchObject({ status: 'unknown' });
    if (report.clock.status === 'unknown') expect(report.clock.reason).toContain('ERROR');
  });

  it("board A: the CA at its tag is Amazon Root CA 1, a server root; the client certificate's issuer is not judged", async () => {
    const report = await check('nrf9160-a');
    const f = tagFindings(report, 16842753).find((x) => x.code === 'chain-server-root')!;
    expect(f.severity).toBe('info');
    expect(f.title).toContain('Amazon Root CA 1');
    const modemTag = report.tags.find((t) => t.secTag === 4294967292)!;
    expect(modemTag.items[0]!.read).toMatchObject({ status: 'not-readable' });
  });

  it('stops with aborted when cancelled, and reports progress until then', async () => {
    const b = await board('nrf9160-good');
    const controller = new AbortController();
    const steps: string[] = [];
    const r = await runHealthCheck(
      {
        device: b.device,
        identity: b.identity,
        signal: controller.signal,
        onProgress: (step) => {
          steps.push(step);
          if (step.startsWith('Reading credential 2')) controller.abort();
        },
      },
      { crypto: checkCryptoInThread() },
    );
    await b.device.close();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('aborted');
    expect(steps).toContain('Reading credential 2 of 4');
    expect(steps).not.toContain('Done');
  });

  it('refuses a user CA without a certificate before touching the board', async () => {
    const b = await board('nrf9160-good');
    const r = await runHealthCheck(
      { device: b.device, identity: b.identity, userCa: 'not a certificate' },
      { crypto: checkCryptoInThread() },
    );
    await b.device.close();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('input');
  });
});
