// Layer: emulated nRF91, credential storage. The board's %CMNG flash: credentials keyed by (sec_tag, type), the SHA-256
// the modem lists (over exactly the stored bytes, 64 uppercase hex), capacity limits, and a save to the FlashStore
// on every change. The factory image is loaded when the store has none for this board.
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../../lib/bytes.ts';
import { latin1ToBytes } from './at-line.ts';
import type { FlashStore } from '../flash-store.ts';
import { nrf91FlashImage, readNrf91Flash } from './nrf91-flash.ts';
import type { FlashCredential, Nrf91Factory } from './nrf91-factory.ts';

export type PutOutcome = 'stored' | 'memory-full' | 'flash-failed';

export const credentialSha = (content: string): string => toHex(sha256(latin1ToBytes(content)), true);

const order = (a: FlashCredential, b: FlashCredential) => a.secTag - b.secTag || a.type - b.type;

export class CredentialFlash {
  #items: FlashCredential[];

  constructor(
    private readonly factory: Nrf91Factory,
    private readonly store: FlashStore,
    private readonly log: (message: string) => void = () => {},
  ) {
    this.#items = this.#load();
  }

  #load(): FlashCredential[] {
    let saved: FlashCredential[] | null = null;
    try {
      const image = this.store.load(this.factory.id);
      saved = image && readNrf91Flash(image);
      if (image && !saved) this.log(`flash image of ${this.factory.id} is not valid; using the factory image`);
    } catch (e) {
      this.log(`flash for ${this.factory.id} unreadable (${String(e)}); starting from the factory image`);
    }
    return [...(saved ?? this.factory.credentials)].sort(order);
  }

  /** Re-reads the store (after a power cycle another writer, e.g. a second process, may have changed it). */
  reload(): void {
    this.#items = this.#load();
  }

  list(filter: { secTag?: number; type?: number } = {}): readonly FlashCredential[] {
    return this.#items.filter(
      (c) =>
        (filter.secTag === undefined || c.secTag === filter.secTag) &&
        (filter.type === undefined || c.type === filter.type),
    );
  }

  get(secTag: number, type: number): FlashCredential | undefined {
    return this.#items.find((c) => c.secTag === secTag && c.type === type);
  }

  /** Stores or overwrites; refuses when the result would exceed the board's capacity. */
  put(credential: FlashCredential): PutOutcome {
    const others = this.#items.filter((c) => !(c.secTag === credential.secTag && c.type === credential.type));
    const { maxCredentials, maxBytes } = this.factory.capacity;
    const bytes = others.reduce((n, c) => n + c.content.length, 0) + credential.content.length;
    if (others.length + 1 > maxCredentials || bytes > maxBytes) return 'memory-full';
    return this.#commit([...others, credential].sort(order)) ? 'stored' : 'flash-failed';
  }

  remove(secTag: number, type: number): 'removed' | 'not-found' | 'flash-failed' {
    if (!this.get(secTag, type)) return 'not-found';
    return this.#commit(this.#items.filter((c) => !(c.secTag === secTag && c.type === type)))
      ? 'removed'
      : 'flash-failed';
  }

  /** Erases the board's flash and loads the factory image again. */
  factoryReset(): void {
    this.store.erase(this.factory.id);
    this.#items = [...this.factory.credentials].sort(order);
  }

  #commit(next: FlashCredential[]): boolean {
    try {
      this.store.save(this.factory.id, nrf91FlashImage(next));
    } catch (e) {
      this.log(`flash write failed for ${this.factory.id}: ${String(e)}`);
      return false;
    }
    this.#items = next;
    return true;
  }
}
