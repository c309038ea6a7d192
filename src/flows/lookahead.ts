// Layer: flows. Read-only answers a step asks the board for while the board would otherwise sit idle, for the next
// step only: what the board lists at the run's slot and its functional mode. Prepare lists the slot anyway (the key
// generation's "key slot before" is in that listing) and asks the mode right after (saved with its record); the
// check before writing asks both while the worker checks the certificate, so the write step starts with its first
// intent. A step's offer reaches only the step that runs right after it in the same run (`next()` between steps): no
// board change can come between the answer and its use. A resume, or a step after a stop, asks the board itself.
// The board's side of its key proofs (key-proofs.ts) is asked when the CSR check begins, for the check before
// writing, two steps on: getting the certificate, which asks nothing of the board, takes and offers it again. Besides the board's answers: the store's copy of a certificate issued for the run's CSR, read while the
// worker checks the CSR (get the certificate reuses such a copy; only the flow writes it).
import type { StoredCredential } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { Result } from '../lib/result.ts';
import type { FlowStoreError } from './flow-store.ts';
import type { BoardProofsStarted } from './key-proofs.ts';
import type { IssuedRecord } from './record.ts';

export type ListingAnswer = Promise<Result<StoredCredential[], DeviceError>>;
export type ModeAnswer = Promise<Result<number, DeviceError>>;
export type IssuedAnswer = Promise<Result<IssuedRecord | null, FlowStoreError>>;

/** An answer for one key (the slot's sec_tag, the CSR's SHA-256, the key slot): taken only for that key. */
interface Keyed<K, A> {
  readonly key: K;
  readonly answer: A;
}

interface Offer {
  listing: Keyed<number, ListingAnswer> | null;
  mode: ModeAnswer | null;
  issued: Keyed<string, IssuedAnswer> | null;
  proofs: Keyed<number, BoardProofsStarted> | null;
}

type KeyedKind = 'listing' | 'issued' | 'proofs';

const empty = (): Offer => ({ listing: null, mode: null, issued: null, proofs: null });

export class Lookahead {
  #offered = empty();
  #available = empty();

  /** What the board lists at `secTag` (the whole slot, every kind), asked now, for the next step. */
  offerListing(secTag: number, answer: ListingAnswer): void {
    this.#offered.listing = { key: secTag, answer };
  }

  /** The board's functional mode, asked now, for the next step. */
  offerMode(answer: ModeAnswer): void {
    this.#offered.mode = answer;
  }

  /** The listing the previous step offered for `secTag` (once), or null: ask the board. */
  takeListing(secTag: number): ListingAnswer | null {
    return this.#take('listing', secTag);
  }

  /** The mode the previous step offered (once), or null: ask the board. */
  takeMode(): ModeAnswer | null {
    const m = this.#available.mode;
    this.#available.mode = null;
    return m;
  }

  /** The store's copy of a certificate issued for `csrSha256`, read now, for the next step. */
  offerIssued(csrSha256: string, answer: IssuedAnswer): void {
    this.#offered.issued = { key: csrSha256, answer };
  }

  /** The issued copy the previous step read for `csrSha256` (once), or null: read the store. */
  takeIssued(csrSha256: string): IssuedAnswer | null {
    return this.#take('issued', csrSha256);
  }

  /** The board's side of its key proofs for `slot`, asked now, for the next step. */
  offerProofs(slot: number, started: BoardProofsStarted): void {
    this.#offered.proofs = { key: slot, answer: started };
  }

  /** The key proofs the previous step asked for `slot` (once), or null: ask the board. */
  takeProofs(slot: number): BoardProofsStarted | null {
    return this.#take('proofs', slot);
  }

  /** The answer of `kind` offered for `key` (once: taken or not, it is gone), or null. */
  #take<T extends KeyedKind>(kind: T, key: NonNullable<Offer[T]>['key']): NonNullable<Offer[T]>['answer'] | null {
    const offer = this.#available[kind];
    this.#available[kind] = null;
    return offer && offer.key === key ? offer.answer : null;
  }

  /** Between two steps: what the step that just ended offered becomes available; anything older is dropped. */
  next(): void {
    this.#available = this.#offered;
    this.#offered = empty();
  }
}
