// The Inspect card's state over the real `inspect` (the same pure code the crypto worker hosts): what the cards say
// for the real nRF91 vectors, the private-key refusal, paging of a large bundle, and what goes into the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { inspectInput } from '../../pki/inspect.ts';
import { inspectListing } from '../../pki/inspect-listing.ts';
import { CA_EXT, LEAF_EXT, OpensslLab, type Issued } from '../../pki/openssl-fixtures.ts';
import { nrf91Vectors as v } from '../../test-vectors.ts';
import { exportReport } from '../../diagnose/report/index.ts';
import { INSPECT_PAGE, InspectState, RENDER_STEP, type Inspect } from './inspect-state.svelte.ts';
import { LARGE_PASTE } from './decode-state.svelte.ts';
import type { InspectSummary } from './inspect-summary.ts';
import { ReportState } from './report-state.svelte.ts';

const NOW = Date.parse('2026-06-01T00:00:00Z');
// The worker's inspectListing, without the worker: the same two pure functions.
const real: Inspect = async (input, o) => {
  const material = typeof input === 'string' ? input : new Uint8Array(await input.arrayBuffer());
  const r = await inspectInput(material, { ...(o?.signal ? { signal: o.signal } : {}) });
  return r.ok ? { ok: true, value: inspectListing(r.value) } : r;
};
const row = (s: InspectSummary | undefined, id: string) => s?.rows.find((r) => r.id === id)?.value;
const verdict = (s: InspectSummary | undefined, id: string) => s?.verdicts.find((r) => r.id === id);

let lab: OpensslLab;
let root: Issued;
let inter: Issued;
let leaf: Issued;
beforeAll(() => {
  lab = new OpensslLab();
  root = lab.root('Root');
  inter = lab.issue('Inter', root, { ext: CA_EXT(0) });
  leaf = lab.issue('dev-1', inter, { ext: LEAF_EXT });
});
afterAll(() => lab?.cleanup());

async function inspected(text: string): Promise<InspectState> {
  const s = new InspectState(real, () => NOW);
  s.input = text;
  await s.inspectPasted();
  await s.revealed();
  return s;
}

describe('InspectState on the real nRF91 vectors', () => {
  const cases = [
    ['keygen_csr_uuid_cn', `%KEYGEN: "${v.keygen_csr_uuid_cn.response_payload}"`, v.keygen_csr_uuid_cn.expect],
    ['keygen_csr_normalized', v.keygen_csr_normalized.response_payload, v.keygen_csr_normalized.expect],
  ] as const;
  for (const [name, text, want] of cases)
    it(`${name}: device UUID and sec_tag on the %KEYGEN card, P-256 key and proof of possession on the CSR`, async () => {
      const s = await inspected(text);
      const [keygen, csr] = s.summaries;
      expect(keygen?.kind).toBe('nrf91Keygen');
      expect(row(keygen, 'device-uuid')).toBe(want.device_uuid);
      expect(row(keygen, 'sec-tag')).toBe(String(want.sec_tag));
      expect(row(csr, 'key')).toBe('EC P-256');
      expect(verdict(csr, 'pop')).toMatchObject({ ok: true });
      expect(csr?.from).toMatch(/inside object #1/);
    });

  it('the re-encoded CSR: the digest verdict explains the NULL parameter, not a plain mismatch', async () => {
    const s = await inspected(v.keygen_csr_normalized.response_payload);
    expect(verdict(s.summaries[0], 'digest')).toMatchObject({
      ok: true,
      text: expect.stringMatching(/NULL parameter/),
    });
  });

  it('the attestation token shows its device UUID', async () => {
    const s = await inspected(`%ATTESTTOKEN: "${v.attesttoken.response_payload}"`);
    expect(row(s.summaries[0], 'device-uuid')).toBe(v.attesttoken.expect.device_uuid);
  });
});

describe('InspectState: a pasted private key', () => {
  it('is refused: the box is emptied, no card can carry it into the report, nothing of it is kept', async () => {
    const key = readFileSync(leaf.keyPath, 'utf8');
    const s = await inspected(`${leaf.pem}\n${key}`);
    expect(s.privateKeys).toBe(1);
    expect(s.input).toBe('');
    const keyIndex = s.summaries.find((x) => x.kind === 'privateKey')!.index;
    s.choose(keyIndex, true);
    expect(s.chosen.has(keyIndex)).toBe(false);
    s.chooseAll();
    expect(s.chosen.has(keyIndex)).toBe(false);
    const body = key.replace(/-----[^-]+-----|\s/g, '');
    const state = JSON.stringify({ report: s.report, forReport: s.forReport(), summaries: s.summaries });
    expect(state).not.toContain(body.slice(20, 70));
  });
});

describe('InspectState: a large bundle and the report', () => {
  it('builds cards a page at a time', async () => {
    const s = await inspected(Array.from({ length: 45 }, () => leaf.pem).join(''));
    expect(s.total).toBe(45);
    expect(s.summaries.map((x) => x.index)).toEqual(Array.from({ length: INSPECT_PAGE }, (_, i) => i));
    expect(s.pager.pages).toBe(3);
    s.pager.goTo(1);
    // The next page comes RENDER_STEP cards a task, starting in a later task, never a whole page in one.
    expect(s.summaries).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.summaries).toHaveLength(RENDER_STEP);
    await s.revealed();
    expect(s.summaries.map((x) => x.index)).toEqual(Array.from({ length: INSPECT_PAGE }, (_, i) => INSPECT_PAGE + i));
    s.pager.goTo(2);
    await s.revealed();
    expect(s.summaries.map((x) => x.index)).toEqual([40, 41, 42, 43, 44]);
  });

  it('a dropped file goes to the inspection as the file itself (the page does not read it) and is named', async () => {
    let given: string | Blob | null = null;
    const s = new InspectState(
      async (input, o) => ((given = input), real(input, o)),
      () => NOW,
    );
    const file = new File([new Uint8Array(new X509Certificate(leaf.pem).raw)], 'leaf.der');
    await s.inspectFile(file);
    await s.revealed();
    expect(given).toBe(file);
    expect(s.source).toBe('leaf.der');
    expect(s.total).toBe(1);
    expect(s.objectAt(0)).toMatchObject({ kind: 'certificate', subject: { commonName: 'dev-1' } });
  });

  it('cuts each object out of the one JSON byte array by its end, and nothing past the last', async () => {
    const s = await inspected(`${leaf.pem}${inter.pem}${root.pem}`);
    const r = s.report!;
    expect(r.json).toBeInstanceOf(Uint8Array);
    expect(r.ends).toHaveLength(3);
    expect(r.ends.at(-1)).toBe(r.json.length);
    expect([0, 1, 2].map((i) => s.objectAt(i)?.kind)).toEqual(['certificate', 'certificate', 'certificate']);
    expect(s.objectAt(3)).toBeUndefined();
    expect(s.objectAt(-1)).toBeUndefined();
  });

  it('holds a paste over LARGE_PASTE characters out of the box, inspects it, and drops it with a private key', async () => {
    const s = new InspectState(real, () => NOW);
    const key = readFileSync(leaf.keyPath, 'utf8');
    expect(s.paste(leaf.pem)).toBe(false);
    const bundle = leaf.pem.repeat(Math.ceil((LARGE_PASTE + 1) / leaf.pem.length));
    expect(s.paste(bundle)).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(s.held).toBe(bundle);
    expect(s.input).toBe('');
    for (let i = 0; i < 500 && s.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.total).toBe(bundle.length / leaf.pem.length);
    expect(s.source).toBe('pasted text');
    s.clear();
    expect(s.held).toBe(null);
    expect(s.paste(`${bundle}${key}`)).toBe(true);
    for (let i = 0; i < 500 && s.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.privateKeys).toBe(1);
    expect(s.held).toBe(null);
  });

  it('chosen objects and their chain go into the exported report, with validity against the clock', async () => {
    const s = await inspected(`${leaf.pem}${inter.pem}`);
    expect(s.chains[0]?.end.kind).toBe('missing');
    expect(s.forReport()).toBeNull();
    s.choose(0, true);
    const inspectedPart = s.forReport()!;
    expect(inspectedPart.items).toHaveLength(1);
    expect(inspectedPart.items[0]!.rows.find((r) => r.name === 'Subject')?.value).toBe('CN=dev-1');
    expect(inspectedPart.chains[0]).toMatch(
      /CN=dev-1 issued by \(signature verifies\).*→ CN=Inter — Missing: the issuer "CN=Root"/,
    );
    const r = exportReport({
      version: 'test',
      createdAt: NOW,
      board: null,
      health: null,
      broker: null,
      decoded: [],
      timeline: null,
      inspected: inspectedPart,
    });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.report.inspected?.items[0]?.title).toBe('Certificate (end entity)');
    expect(r.value.html).toContain('Inspected objects');
    expect(r.value.html).toContain('CN=dev-1');
    const left = exportReport(
      {
        version: 't',
        createdAt: NOW,
        board: null,
        health: null,
        broker: null,
        decoded: [],
        timeline: null,
        inspected: inspectedPart,
      },
      { health: true, broker: true, decoded: true, timeline: true, inspected: false },
    );
    expect(left.ok ? 'ok' : left.error.code).toBe('empty');
  });
});

describe('the Export report panel with the Inspect card as a source', () => {
  it('offers "inspected objects" once something is chosen, puts it in the JSON, and leaves it out on request', async () => {
    const s = await inspected(`${leaf.pem}${inter.pem}`);
    const files: Record<string, string> = {};
    const report = new ReportState(
      {
        board: () => null,
        health: () => null,
        broker: () => null,
        decoded: () => [],
        timeline: () => null,
        inspected: () => s.forReport(),
      },
      (name, text) => void (files[name.split('.').pop()!] = text),
      () => NOW,
    );
    expect(report.available.inspected).toBe(false);
    s.choose(1, true);
    expect(report.available.inspected).toBe(true);
    report.download('json');
    expect(JSON.parse(files.json!).inspected.items[0].rows).toContainEqual({ name: 'Subject', value: 'CN=Inter' });
    report.toggle('inspected', false);
    expect(report.prepare()).toBe(false);
    expect(report.error?.message).toMatch(/nothing to report/);
  });
});

describe('InspectState on board output', () => {
  it('a %CMNG list answer: one card, each slot named with the adapter words for its type', async () => {
    const s = await inspected(`%CMNG: 16842753,0,"${'A1'.repeat(32)}"\r\n%CMNG: 42,1,"${'B2'.repeat(32)}"\r\nOK`);
    const [list] = s.summaries;
    expect(list?.title).toBe('%CMNG credential list');
    expect(list?.rows.map((r) => [r.name, r.value])).toEqual([
      ['sec_tag 16842753', `CA certificate (type 0) · ${'A1'.repeat(32)}`],
      ['sec_tag 42', `Client certificate (type 1) · ${'B2'.repeat(32)}`],
    ]);
  });

  it('a certificate from a %CMNG read answer says which slot it came from', async () => {
    const s = await inspected(`%CMNG: 42,1,"${'C3'.repeat(32)}","${leaf.pem.trim()}\n"\r\nOK`);
    expect(s.summaries[0]?.from).toBe('PEM "CERTIFICATE", %CMNG read: sec_tag 42, Client certificate (type 1)');
  });
});
