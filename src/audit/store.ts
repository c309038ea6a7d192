// Layer: audit trail. `AuditStore` is what flows and the UI write through: `append` for facts, `beginIntent` before
// anything that changes a board and `complete` after it, `closeIntent` for an intent orphaned by a crash or reload.
// Appends from this tab go through one queue; across tabs the write transaction keeps the chain single. Who is
// recording comes from the `actor` provider (the app passes Settings); the store never reads UI state.
import { err, ok, type Result } from '../lib/result.ts';
import { AUDIT_DB_NAME, idbError, openAuditDb, type AuditDb } from './db.ts';
import type { AuditDetail } from './detail.ts';
import { prepareEntry, type PreparedEntry } from './guard.ts';
import {
  auditError,
  DEVICE_CHANGING_ACTIONS,
  type AuditActor,
  type AuditDevice,
  type AuditEntry,
  type AuditError,
  type AuditRecord,
  type ChainHead,
  type FinalOutcome,
} from './types.ts';
import { writeRecords, type WriteItem } from './write.ts';
import { readRecords, resolveSeqs, SEALED_READ_STORES, storedHash } from './sealed-read.ts';
import { signHead, type StationIdentity } from './anchor.ts';
import { latestAnchor, loadStation, openStationDb, type Station, type StationDb } from './station.ts';

export interface AuditStoreOptions {
  readonly dbName?: string;
  /** Operator and site to record, read at every write (the app passes the current Settings). */
  readonly actor: () => AuditActor;
  readonly now?: () => Date;
  readonly blockedTimeoutMs?: number;
  /** Default true: refuse to record without an operator name. */
  readonly requireOperator?: boolean;
  /** Default true: sign the chain head with the station key after every write (station.ts, anchor.ts). */
  readonly anchor?: boolean;
  /** Records per sealed block when this store creates the database (default 1000; tests use a few: blocks.ts). */
  readonly blockSize?: number;
}

/** What `beginIntent` hands back: proof the intent is on disk, and what `complete` needs to close it. */
export interface IntentHandle {
  readonly seq: number;
  readonly device: AuditDevice;
  readonly action: AuditEntry['action'];
}

/** BroadcastChannel on which a store announces `{head: seq}` after every write. */
export const auditChannelName = (dbName: string) => `keywire-audit:${dbName}`;

export type BatchEntry = AuditEntry & { readonly completes?: number };

export interface OutcomeInput {
  readonly detail?: AuditDetail;
  readonly errorCode?: string | null;
}

export class AuditStore {
  readonly dbName: string;
  #opts: AuditStoreOptions;
  #db: Promise<Result<AuditDb, AuditError>> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #channel: BroadcastChannel | null = null;
  #station: Promise<Result<{ db: StationDb; station: Station }, string>> | null = null;
  #anchorRun: Promise<void> = Promise.resolve();
  #anchorWanted = false;
  #anchorProblem: string | null = null;

  constructor(opts: AuditStoreOptions) {
    this.#opts = opts;
    this.dbName = opts.dbName ?? AUDIT_DB_NAME;
  }

  /** The open connection, opened on first use and again after another tab's upgrade closed it. */
  connection(): Promise<Result<AuditDb, AuditError>> {
    const opening = (this.#db ??= openAuditDb(this.dbName, {
      blockedTimeoutMs: this.#opts.blockedTimeoutMs,
      blockSize: this.#opts.blockSize,
      onClose: () => (this.#db = null),
    }));
    void opening.then((r) => {
      if (!r.ok && this.#db === opening) this.#db = null;
    });
    return opening;
  }

  /** Records a fact that does not change a board (connect, identify, csr-checked, certificate-issued, verify ...). */
  async append(entry: AuditEntry): Promise<Result<AuditRecord, AuditError>> {
    if (DEVICE_CHANGING_ACTIONS.has(entry.action) || entry.outcome === 'intent') {
      return err(
        auditError('intent-required', `"${entry.action}" changes a board: record it with beginIntent and complete.`),
      );
    }
    return this.#writeOne(entry);
  }

  /** Stores the intent durably before the board is touched. On an error value the caller must not start. */
  async beginIntent(entry: Omit<AuditEntry, 'outcome' | 'errorCode'>): Promise<Result<IntentHandle, AuditError>> {
    const written = await this.#writeOne({ ...entry, outcome: 'intent', errorCode: null });
    if (!written.ok) return written;
    return ok({ seq: written.value.seq, device: written.value.device, action: written.value.action });
  }

  /** Records what happened after an intent. Recorded even if the intent was meanwhile closed by an operator. */
  complete(
    handle: IntentHandle,
    outcome: FinalOutcome,
    input: OutcomeInput = {},
  ): Promise<Result<AuditRecord, AuditError>> {
    const entry: AuditEntry = { device: handle.device, action: handle.action, outcome, ...input };
    return this.#writeOne(entry, handle.seq);
  }

  /** An operator closes an intent left open (crash, reload, unplug) with what they found; a new record, never an edit. */
  async closeIntent(intentSeq: number, outcome: FinalOutcome, note: string): Promise<Result<AuditRecord, AuditError>> {
    const intent = await this.get(intentSeq);
    if (!intent.ok)
      return intent.error.code === 'not-found' ? err(auditError('intent-not-open', intent.error.message)) : intent;
    const entry: AuditEntry = {
      device: intent.value.device,
      action: intent.value.action,
      outcome,
      detail: { note, resolution: 'closed-by-operator' },
    };
    return this.#writeOne(entry, intentSeq, true);
  }

  /**
   * Many records in one transaction (a board's arrival, seeding, benchmarks, replaying a batch). Same guard, same chain. An outcome of a
   * device-changing action names its intent by index in the same batch (`completes`).
   */
  async appendBatch(entries: readonly BatchEntry[]): Promise<Result<AuditRecord[], AuditError>> {
    const items: WriteItem[] = [];
    for (const [index, entry] of entries.entries()) {
      const { completes, ...plain } = entry;
      const intent = completes === undefined ? undefined : entries[completes];
      if (completes !== undefined && (completes >= index || intent?.outcome !== 'intent')) {
        return err(auditError('invalid-entry', `Batch entry ${index}: "completes" must name an earlier intent.`));
      }
      if (DEVICE_CHANGING_ACTIONS.has(entry.action) && entry.outcome !== 'intent' && completes === undefined) {
        return err(auditError('intent-required', `Batch entry ${index}: "${entry.action}" needs its intent.`));
      }
      const body = this.#prepare(plain, null);
      if (!body.ok) return body;
      items.push({ body: body.value, completesIndex: completes });
    }
    return this.#enqueue(items);
  }

  async get(seq: number): Promise<Result<AuditRecord, AuditError>> {
    return this.#read(`reading record #${seq}`, async (db) => {
      const [record] = await readRecords(db, [seq]);
      return record ? ok(record) : err(auditError('not-found', `There is no record #${seq}.`));
    });
  }

  /** Records by seq, in the order asked; missing seqs are left out. One transaction. */
  async getMany(seqs: readonly number[]): Promise<Result<AuditRecord[], AuditError>> {
    return this.#read('reading records', async (db) => ok(await readRecords(db, seqs)));
  }

  /** Intent records with no outcome yet, newest first; for one device when `deviceId` is given. */
  async openIntents(deviceId?: string): Promise<Result<AuditRecord[], AuditError>> {
    return this.#read('listing open intents', async (db) => {
      const tx = db.transaction(['openIntents', ...SEALED_READ_STORES]);
      const open = tx.objectStore('openIntents');
      const seqs = deviceId === undefined ? await open.getAllKeys() : await open.index('deviceId').getAllKeys(deviceId);
      const records = await resolveSeqs(tx, db.name, seqs);
      return ok(records.sort((a, b) => b.seq - a.seq));
    });
  }

  async count(): Promise<Result<number, AuditError>> {
    return this.#read('counting records', async (db) => ok(await db.count('records')));
  }

  /** The chain head kept beside the records (null for an empty trail). */
  async head(): Promise<Result<ChainHead | null, AuditError>> {
    return this.#read('reading the chain head', async (db) => ok((await db.get('meta', 'head')) ?? null));
  }

  /** This station's public key and fingerprint (the key is made on first use), or why there is none. */
  async station(): Promise<Result<StationIdentity, string>> {
    const opened = await this.#openStation();
    return opened.ok ? ok(opened.value.station.identity) : opened;
  }

  /**
   * Resolves once every head written so far is signed: null, or why the last signing failed. Appends do not wait
   * for it (an intent is durable before it is signed); the next write signs the newer head, which covers both.
   */
  async anchored(): Promise<string | null> {
    await this.#anchorRun;
    return this.#anchorProblem;
  }

  /** Closes the connection; the next call opens it again. */
  async close(): Promise<void> {
    await this.#anchorRun;
    const station = await this.#station;
    this.#station = null;
    if (station?.ok) station.value.db.close();
    this.#channel?.close();
    this.#channel = null;
    const current = this.#db;
    this.#db = null;
    const opened = await current;
    if (opened?.ok) opened.value.close();
  }

  #prepare(entry: AuditEntry, intentSeq: number | null | undefined): Result<PreparedEntry, AuditError> {
    let actor: AuditActor;
    try {
      actor = this.#opts.actor();
    } catch {
      return err(auditError('operator-missing', 'The operator and site could not be read from Settings.'));
    }
    const prepared = prepareEntry(entry, actor, { requireOperator: this.#opts.requireOperator });
    if (!prepared.ok) return prepared;
    return ok({ ...prepared.value, intentSeq: intentSeq ?? null });
  }

  async #writeOne(
    entry: AuditEntry,
    intentSeq?: number,
    requireOpen = false,
  ): Promise<Result<AuditRecord, AuditError>> {
    const prepared = this.#prepare(entry, intentSeq);
    if (!prepared.ok) return prepared;
    const written = await this.#enqueue([{ body: prepared.value }], requireOpen ? intentSeq : undefined);
    return written.ok ? ok(written.value[0]!) : written;
  }

  #enqueue(entries: WriteItem[], requireOpenIntent?: number): Promise<Result<AuditRecord[], AuditError>> {
    const run = async (): Promise<Result<AuditRecord[], AuditError>> => {
      const db = await this.connection();
      if (!db.ok) return db;
      const written = await writeRecords(db.value, {
        entries,
        requireOpenIntent,
        now: this.#opts.now ?? (() => new Date()),
      });
      if (written.ok) {
        this.#announce(written.value.at(-1)?.seq);
        this.#scheduleAnchor();
      }
      return written;
    };
    const next = this.#queue.then(run, run);
    this.#queue = next;
    return next;
  }

  #openStation(): Promise<Result<{ db: StationDb; station: Station }, string>> {
    const opening = (this.#station ??= (async () => {
      const db = await openStationDb(this.dbName);
      if (!db.ok) return db;
      const station = await loadStation(db.value, true);
      if (station.ok && station.value) return ok({ db: db.value, station: station.value });
      db.value.close();
      return err(station.ok ? 'The station key could not be made.' : station.error);
    })());
    void opening.then((r) => {
      if (!r.ok && this.#station === opening) this.#station = null;
    });
    return opening;
  }

  /** Queues one signing of the newest head; writes made before it starts are covered by it (heads, not records). */
  #scheduleAnchor(): void {
    if (this.#opts.anchor === false || this.#anchorWanted) return;
    this.#anchorWanted = true;
    this.#anchorRun = this.#anchorRun.then(async () => {
      this.#anchorWanted = false;
      this.#anchorProblem = await this.#signHead();
    });
  }

  /** Signs the stored head, but only if the record the station signed last still has the hash it signed. */
  async #signHead(): Promise<string | null> {
    const db = await this.connection();
    if (!db.ok) return db.error.message;
    const opened = await this.#openStation();
    if (!opened.ok) return opened.error;
    try {
      const head = await db.value.get('meta', 'head');
      const last = await latestAnchor(opened.value.db);
      if (!head || (last && last.seq >= head.seq)) return null;
      if (last && (await storedHash(db.value, last.seq)) !== last.hash) {
        return (
          `Record #${last.seq} no longer has the hash this station signed: the trail was changed outside KeyWire, ` +
          'so the station will not sign it. Verify the audit trail and keep an export.'
        );
      }
      // The signing time is the real clock: an injected `now` (tests, seeding) stays the records' own.
      const anchor = await signHead(opened.value.station.keys.privateKey, head, new Date());
      await opened.value.db.put('anchors', anchor);
      return null;
    } catch (e) {
      return `Signing the chain head failed (${e instanceof Error ? e.name : 'error'}); the next record tries again.`;
    }
  }

  /** Tells viewers in every tab (this one included) that the trail grew. */
  #announce(seq: number | undefined): void {
    if (seq === undefined || typeof BroadcastChannel === 'undefined') return;
    this.#channel ??= new BroadcastChannel(auditChannelName(this.dbName));
    this.#channel.postMessage({ head: seq });
  }

  async #read<T>(doing: string, body: (db: AuditDb) => Promise<Result<T, AuditError>>): Promise<Result<T, AuditError>> {
    const db = await this.connection();
    if (!db.ok) return db;
    try {
      return await body(db.value);
    } catch (e) {
      return err(idbError(e, 'read-failed', doing));
    }
  }
}
