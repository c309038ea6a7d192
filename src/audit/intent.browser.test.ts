import { describe, expect, it, vi } from 'vitest';
import type { Result } from '../lib/result.ts';
import { withIntent } from './intent.ts';
import { createV1 } from './migrations.ts';
import { DEVICES, fact, perTestStores } from './test-db.ts';
import type { AuditEntry } from './types.ts';
import { openDB } from 'idb';
import type { AuditDbSchema } from './db.ts';

const { cleanups, fresh } = perTestStores();

const device = DEVICES[0]!;
const write: Omit<AuditEntry, 'outcome' | 'errorCode'> = {
  device,
  action: 'credential-write',
  detail: { secTag: 16842753, credentialKind: 'clientCert', certSha256: 'CD'.repeat(32) },
};
type Touch = () => Promise<Result<string, { code: string; message: string }>>;
/** The board: a fake whose only job is to prove whether it was touched. */
const fakeDevice = () => vi.fn<Touch>(async () => ({ ok: true, value: 'written' }));

describe('intent before, outcome after', () => {
  it('stores the intent before the action and the outcome after, linked', async () => {
    const t = fresh();
    const board = vi.fn<Touch>(async () => {
      const open = await t.store.openIntents(device.id);
      expect(open.ok && open.value.map((r) => r.action)).toEqual(['credential-write']);
      return { ok: true, value: 'written' };
    });
    const r = await withIntent(t.store, write, board, { successDetail: () => ({ sizeBytes: 712 }) });
    expect(board).toHaveBeenCalledTimes(1);
    expect(r.ok && r.value).toMatchObject({ result: { ok: true, value: 'written' }, intentSeq: 1 });
    const records = await t.store.getMany([1, 2]);
    expect(records.ok && records.value.map((x) => [x.outcome, x.intentSeq, x.detail])).toEqual([
      ['intent', null, write.detail],
      ['success', 1, { sizeBytes: 712 }],
    ]);
    const open = await t.store.openIntents();
    expect(open.ok && open.value).toEqual([]);
  });

  it('outcomeLater: returns when the action ended; the outcome lands after, ahead of a record appended next', async () => {
    const t = fresh();
    const r = await withIntent(t.store, write, fakeDevice(), { outcomeLater: true });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.outcomeError).toBeUndefined();
    const next = await t.store.beginIntent(write);
    expect(await r.value.outcomeRecorded).toBeNull();
    expect(next.ok && next.value.seq).toBe(3);
    const records = await t.store.getMany([1, 2, 3]);
    expect(records.ok && records.value.map((x) => [x.outcome, x.intentSeq])).toEqual([
      ['intent', null],
      ['success', 1],
      ['intent', null],
    ]);
  });

  it('records a device error as failure and an abort as cancelled, with the code', async () => {
    const t = fresh();
    await withIntent(t.store, write, async () => ({
      ok: false,
      error: { code: 'device-rejected', message: '+CME ERROR: 518' },
    }));
    await withIntent(t.store, write, async () => ({ ok: false, error: { code: 'aborted', message: 'Cancelled' } }));
    const r = await t.store.getMany([2, 4]);
    expect(r.ok && r.value.map((x) => [x.outcome, x.errorCode, x.detail.message])).toEqual([
      ['failure', 'device-rejected', '+CME ERROR: 518'],
      ['cancelled', 'aborted', 'Cancelled'],
    ]);
  });

  it('never records cancelled for a command the board had received: failure with outcome-unknown', async () => {
    const t = fresh();
    await withIntent(t.store, write, async () => ({
      ok: false,
      error: { code: 'aborted', message: 'Stopped waiting for AT%CMNG=0,...', onWire: true },
    }));
    await withIntent(t.store, write, async () => ({
      ok: false,
      error: { code: 'not-open', message: 'The AT client was closed.', onWire: true },
    }));
    const r = await t.store.getMany([2, 4]);
    expect(r.ok && r.value.map((x) => [x.outcome, x.errorCode])).toEqual([
      ['failure', 'outcome-unknown'],
      ['failure', 'outcome-unknown'],
    ]);
    expect(r.ok && r.value[0]!.detail.message).toMatch(/whether it was carried out is unknown/);
  });

  it('records the outcome even when its detail is refused, saying why', async () => {
    const t = fresh();
    const leaky = async () => ({
      ok: false as const,
      error: { code: 'protocol', message: 'AT%CMNG=0,1,2,"-----BEGIN EC PRIVATE KEY-----' },
    });
    const r = await withIntent(t.store, write, leaky);
    expect(r.ok && r.value.outcomeError).toBeUndefined();
    const outcome = await t.store.get(2);
    expect(outcome.ok && outcome.value).toMatchObject({
      outcome: 'failure',
      errorCode: 'protocol',
      detail: { resolution: 'detail-withheld' },
    });
    expect(JSON.stringify(outcome.ok && outcome.value)).not.toContain('BEGIN EC');
  });

  it('records a failure when the action throws, then lets the exception through', async () => {
    const t = fresh();
    const broken = vi.fn<Touch>(async () => {
      throw new TypeError('bug in the adapter');
    });
    await expect(withIntent(t.store, write, broken)).rejects.toThrow('bug in the adapter');
    const r = await t.store.get(2);
    expect(r.ok && r.value).toMatchObject({ outcome: 'failure', errorCode: 'exception', intentSeq: 1 });
    const open = await t.store.openIntents();
    expect(open.ok && open.value).toEqual([]);
  });

  it('stops before the board is touched when the store is full (QuotaExceededError)', async () => {
    const t = fresh();
    await t.store.append(fact(0));
    const add = IDBObjectStore.prototype.add;
    IDBObjectStore.prototype.add = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    cleanups.push(() => void (IDBObjectStore.prototype.add = add));
    const board = fakeDevice();
    const r = await withIntent(t.store, write, board);
    expect(board).not.toHaveBeenCalled();
    expect(!r.ok && r.error.code).toBe('quota-exceeded');
    expect(!r.ok && r.error.message).toMatch(/storage is full.*Export/);
    IDBObjectStore.prototype.add = add;
    const count = await t.store.count();
    expect(count.ok && count.value).toBe(1);
  });

  it('stops before the board is touched when an older tab blocks the upgrade', async () => {
    const t = fresh({ blockedTimeoutMs: 200 });
    const oldTab = await openDB<AuditDbSchema>(t.dbName, 1, { upgrade: (db) => createV1(db) });
    cleanups.push(() => oldTab.close());
    const board = fakeDevice();
    const r = await withIntent(t.store, write, board);
    expect(board).not.toHaveBeenCalled();
    expect(!r.ok && r.error.code).toBe('blocked');
    oldTab.close();
    const retry = await withIntent(t.store, write, board);
    expect(retry.ok).toBe(true);
    expect(board).toHaveBeenCalledTimes(1);
  });

  it('stops before the board is touched when storage is unavailable', async () => {
    const t = fresh();
    const open = indexedDB.open;
    indexedDB.open = () => {
      throw new DOMException('Access to storage is not allowed.', 'SecurityError');
    };
    cleanups.push(() => void (indexedDB.open = open));
    const board = fakeDevice();
    const r = await withIntent(t.store, write, board);
    expect(board).not.toHaveBeenCalled();
    expect(!r.ok && r.error.code).toBe('storage-unavailable');
  });

  it('lists an intent left open by a closed page, per device, and closes it with a new record', async () => {
    const t = fresh();
    const begun = await t.store.beginIntent(write);
    await t.store.beginIntent({ ...write, device: DEVICES[1]! });
    expect(begun.ok).toBe(true);
    await t.store.close();
    const reopened = t.otherTab();
    cleanups.push(() => reopened.close());
    const all = await reopened.openIntents();
    expect(all.ok && all.value.map((r) => r.seq)).toEqual([2, 1]);
    const mine = await reopened.openIntents(device.id);
    expect(mine.ok && mine.value.map((r) => [r.seq, r.device.id])).toEqual([[1, device.id]]);
    const closed = await reopened.closeIntent(1, 'failure', 'Board re-read: certificate was not written.');
    expect(closed.ok && closed.value).toMatchObject({
      seq: 3,
      intentSeq: 1,
      action: 'credential-write',
      outcome: 'failure',
    });
    expect(closed.ok && closed.value.detail).toEqual({
      note: 'Board re-read: certificate was not written.',
      resolution: 'closed-by-operator',
    });
    const original = await reopened.get(1);
    expect(original.ok && original.value.outcome).toBe('intent');
    const again = await reopened.closeIntent(1, 'success', 'twice');
    expect(!again.ok && again.error.code).toBe('intent-not-open');
    const notIntent = await reopened.closeIntent(3, 'success', 'not an intent');
    expect(!notIntent.ok && notIntent.error.code).toBe('intent-not-open');
    const left = await reopened.openIntents();
    expect(left.ok && left.value.map((r) => r.seq)).toEqual([2]);
  });
});
