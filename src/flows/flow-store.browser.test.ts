// The flows' own IndexedDB store in real Chromium: records survive a new connection (a reload), issued certificates
// are kept by CSR SHA-256, and anything that looks like a private key or a credential is refused, not stored.
import { deleteDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { FlowStore } from './flow-store.ts';
import { DEFAULT_PROFILE } from './profile.ts';
import type { FlowRecord } from './record.ts';

const stores: FlowStore[] = [];
afterEach(async () => {
  const all = stores.splice(0);
  for (const s of all) await s.close();
  for (const name of new Set(all.map((s) => s.dbName))) await deleteDB(name);
});
const fresh = (dbName = `kw-flows-test-${crypto.randomUUID()}`) => {
  const s = new FlowStore({ dbName });
  stores.push(s);
  return s;
};

const record = (o: Partial<FlowRecord> = {}): FlowRecord => ({
  version: 1,
  deviceId: 'dev-1',
  device: { family: 'nrf91', deviceId: 'dev-1', manufacturer: 'N', model: 'M', firmware: 'F' },
  profile: DEFAULT_PROFILE,
  ca: { kind: 'lab', label: 'Lab CA "t"' },
  phase: 'prepared',
  startedAt: '2030-01-01T00:00:00.000Z',
  updatedAt: '2030-01-01T00:00:00.000Z',
  backup: null,
  keygen: null,
  csr: null,
  check: null,
  written: [],
  modemRestored: true,
  summary: null,
  ...o,
});

describe('FlowStore', () => {
  it('keeps flows, issued certificates and batches across connections', async () => {
    const a = fresh();
    expect((await a.putFlow(record())).ok).toBe(true);
    const cert = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01);
    const issued = {
      csrSha256: 'AB'.repeat(32),
      deviceId: 'dev-1',
      ca: record().ca,
      caName: 'x',
      certificates: [cert],
      format: 'der',
      receivedAt: 'now',
    };
    expect((await a.putIssued(issued)).ok).toBe(true);
    const batch = {
      id: 'batch-1',
      createdAt: 'a',
      updatedAt: 'b',
      profile: DEFAULT_PROFILE,
      ca: record().ca,
      results: [],
    };
    expect((await a.putBatch(batch)).ok).toBe(true);
    await a.close();
    const b = fresh(a.dbName);
    const got = await b.getFlow('dev-1');
    expect(got.ok && got.value?.phase).toBe('prepared');
    const back = await b.getIssued('AB'.repeat(32));
    expect(back.ok && back.value?.certificates[0]).toEqual(cert);
    const batches = await b.listBatches();
    expect(batches.ok && batches.value.map((x) => x.id)).toEqual(['batch-1']);
    expect((await b.getFlow('other')).ok).toBe(true);
    expect((await b.deleteFlow('dev-1')).ok).toBe(true);
    const gone = await b.getFlow('dev-1');
    expect(gone.ok && gone.value).toBeNull();
  });

  it.each([
    ['a PEM private key', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n'],
    ['a private key write command', 'AT%CMNG=0,42,2,"-----BEGIN'],
    ['an Authorization header', 'Authorization: Basic dXNlcjpwYXNz'],
    ['a URL with a password', 'https://user:secret@ca.example/est'],
  ])('refuses %s anywhere in a record', async (_name, text) => {
    const s = fresh();
    const bad = record({
      backup: {
        items: [],
        notReadable: [],
        file: { kind: 'backup', name: 'b.pem', mime: 'application/x-pem-file', content: text },
        createdAt: 'now',
      },
    });
    const r = await s.putFlow(bad);
    expect(r.ok ? null : r.error.code).toBe('secret-refused');
    expect(r.ok ? '' : r.error.message).not.toContain(text.slice(0, 20));
    const stored = await s.getFlow('dev-1');
    expect(stored.ok && stored.value).toBeNull();
  });

  it('stores certificates (long base64) without calling them secrets', async () => {
    const s = fresh();
    const pem = `-----BEGIN CERTIFICATE-----\n${'MIIBkTCB+6ADAgECAhR0aGlzIGlzIG5vdCBhIHNlY3JldCBidXQgYmFzZTY0Zm9vYmFy'.repeat(3)}\n-----END CERTIFICATE-----\n`;
    const r = await s.putFlow(
      record({
        backup: {
          items: [],
          notReadable: [],
          file: { kind: 'backup', name: 'b', mime: 'application/x-pem-file', content: pem },
          createdAt: 'now',
        },
      }),
    );
    expect(r.ok).toBe(true);
  });
});
