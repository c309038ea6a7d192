// Refusals in real Chromium: CA sources that really return a certificate for another key, an expired certificate,
// or a certificate from another CA than the chosen one. The worker refuses each before writing; nothing reaches the
// board, the reason and what to do are in the state, and the trail records the refused check. Also: a failing audit
// store stops the flow before the board is touched.
import { afterEach, describe, expect, it } from 'vitest';
import { ACTOR } from '../audit/test-db.ts';
import type { CaSource } from '../ca/types.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import { expiredSource, otherKeySource, wrongChainSource } from './testing/ca-sources.ts';
import { flowHarness, type FlowHarness } from './testing/harness.ts';

let h: FlowHarness;
afterEach(async () => h?.cleanup());

const profile = { ...DEFAULT_PROFILE, secTag: 77 };

const CASES: [string, (h: FlowHarness) => Promise<CaSource>, string][] = [
  ['a certificate for another key', async (x) => otherKeySource(x.client, await x.labCa()), 'key-mismatch'],
  ['an expired certificate', async () => expiredSource(), 'expired'],
  ['a certificate from another CA (wrong chain)', async () => wrongChainSource(), 'chain'],
];

describe('check before writing refuses what the board could not use', () => {
  it.each(CASES)('%s: refused, nothing written, reason given', async (_name, make, code) => {
    h = await flowHarness();
    const ca = await make(h);
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-b'));
    const s = await flow.prepare({ profile, ca });
    if (s.step.name !== 'blocked' || s.step.at !== 'check-before-write') throw new Error(JSON.stringify(s.step));
    expect(s.next.kind).toBe('new-certificate');
    const errors = s.step.findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.code)).toContain(code);
    for (const f of errors) {
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.action.length).toBeGreaterThan(10);
    }
    expect(s.step.report.writable).toBe(false);
    expect(h.sent('nrf9160-b')).not.toContain('AT%CMNG=0');
    const records = await h.records();
    expect(records.some((r) => r.action === 'credential-write')).toBe(false);
    const checked = records.find((r) => r.action === 'chain-checked')!;
    expect(checked.outcome).toBe('failure');
    expect(checked.errorCode).toBe(errors[0]!.code);
    // The refusal is evidence: the refused certificate's fingerprint and the reason are in the trail.
    expect(checked.detail.certSha256).toBe(s.step.report.leaf!.sha256);
    expect(checked.detail.ext?.['refused']).toBe(true);
    expect(checked.detail.message).toContain('Refused before writing');
    expect(checked.detail.message).toContain(errors[0]!.message.slice(0, 40));
    await flow.dispose();
    const board = await h.deps().connect!(h.lab.port('nrf9160-b'), {});
    if (!board.ok) throw new Error(board.error.message);
    const listed = await board.value.device.credentials!.list({ secTag: 77 });
    expect(listed.ok && listed.value.map((c) => c.kind)).toEqual(['privateKey']);
    await board.value.device.close();
  });

  it('asks the CA again only when told to, and then writes the good certificate', async () => {
    h = await flowHarness();
    const good = await h.labCa();
    let calls = 0;
    // The first answer is for another key; the second comes from the real lab CA.
    const bad = otherKeySource(h.client, good);
    const flaky: CaSource = {
      kind: 'lab',
      label: good.label,
      caCertificates: (o) => good.caCertificates(o),
      enroll: (r, o) => (++calls === 1 ? bad.enroll(r, o) : good.enroll(r, o)),
    };
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-c'));
    let s = await flow.prepare({ profile, ca: flaky });
    expect(s.step.name).toBe('blocked');
    s = await flow.newCertificate();
    expect(s.step.name).toBe('done');
    expect(calls).toBe(2);
    expect(h.count('nrf9160-c', 'AT%KEYGEN')).toBe(1);
  });
});

describe('a failing audit trail stops the flow before the board is touched', () => {
  it('when the trail refuses the first intent: no offline switch, no key generation', async () => {
    let writes = 0;
    h = await flowHarness({ actor: () => (++writes <= 2 ? ACTOR : { operator: '', site: '' }) });
    const ca = await h.labCa();
    const flow = h.flow();
    await flow.connectPort(h.lab.port('nrf9160-b'));
    const s = await flow.prepare({ profile, ca });
    if (s.step.name !== 'failed') throw new Error(JSON.stringify(s.step));
    expect(s.step.error.code).toBe('audit');
    expect(s.step.error.cause?.code).toBe('operator-missing');
    expect(s.step.error.action).toMatch(/Settings/);
    expect(s.next.kind).toBe('retry');
    const sent = h.sent('nrf9160-b');
    expect(sent).not.toContain('AT+CFUN=4');
    expect(sent).not.toContain('AT%KEYGEN');
    expect(sent).not.toContain('AT%CMNG=0');
    expect((await h.records()).map((r) => r.action)).toEqual(['connect', 'identify']);
  });

  it('when the trail cannot record at all: stops at identify, only read-only commands sent', async () => {
    h = await flowHarness({ actor: () => ({ operator: '', site: '' }) });
    const flow = h.flow();
    const s = await flow.connectPort(h.lab.port('nrf9160-c'));
    expect(s.step.name === 'failed' && s.step.error.code).toBe('audit');
    expect(h.sent('nrf9160-c')).not.toMatch(/AT\+CFUN=\d|AT%KEYGEN|AT%CMNG=[03]/);
  });
});
