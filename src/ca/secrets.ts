// Layer: CA clients. Credentials for CA sources (EST password or token, the HTTP signer's header value). Kept in
// memory only, unless the user ticks "remember": then sealed with AES-GCM under a non-extractable key kept in
// IndexedDB (secret-vault.ts) and stored in localStorage under one clearly named key, until "forget". Entries an
// older KeyWire stored in plain text are read once, sealed and the plain text removed. Never part of the CA config,
// a source's label, an error message, the audit trail or a log line.
import { browserStorage } from './config.ts';
import { indexedDbVault, memoryVault, type SecretVault } from './secret-vault.ts';

export type SecretName = 'est.password' | 'est.token' | 'signer.header';
export const SECRET_NAMES: readonly SecretName[] = ['est.password', 'est.token', 'signer.header'];

/** The localStorage key of remembered credentials: each value sealed (`v1.<iv>.<ciphertext>`), bound to its name. */
export const REMEMBERED_SECRETS_KEY = 'keywire.ca.remembered-credentials.v2';
/** Where KeyWire before encryption kept them in plain text: migrated and removed on load. */
export const LEGACY_SECRETS_KEY = 'keywire.ca.remembered-credentials.v1';
const MAX_SECRET = 8192;

export type SecretStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class CaSecrets {
  readonly #memory = new Map<SecretName, string>();
  readonly #remembered = new Set<SecretName>();
  /** Names changed in this page before the remembered ones were loaded: loading must not undo the change. */
  readonly #touched = new Set<SecretName>();
  readonly #storage: SecretStorage | null;
  readonly #vault: SecretVault;
  readonly #listeners = new Set<() => void>();
  #writes: Promise<void>;
  /** Resolves once remembered credentials (and plain-text ones from older versions) have been read. */
  readonly ready: Promise<void>;
  /** False after a remembered credential could not be sealed or stored: it lasts this session only. */
  stored = true;

  constructor(storage: SecretStorage | null, vault: SecretVault = memoryVault()) {
    this.#storage = storage;
    this.#vault = vault;
    this.ready = this.#load();
    this.#writes = this.ready;
  }

  #read(key: string): Record<string, unknown> {
    try {
      const raw: unknown = JSON.parse(this.#storage?.getItem(key) ?? '{}');
      return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  #has(key: string): boolean {
    try {
      return this.#storage?.getItem(key) != null;
    } catch {
      return false;
    }
  }

  #take(name: SecretName, value: unknown): boolean {
    if (this.#touched.has(name) || typeof value !== 'string' || !value || value.length > MAX_SECRET) return false;
    this.#memory.set(name, value);
    this.#remembered.add(name);
    return true;
  }

  async #load(): Promise<void> {
    const sealed = this.#read(REMEMBERED_SECRETS_KEY);
    for (const name of SECRET_NAMES) {
      const v = sealed[name];
      if (typeof v === 'string') this.#take(name, await this.#vault.open(v, name));
    }
    const legacy = this.#read(LEGACY_SECRETS_KEY);
    for (const name of SECRET_NAMES) if (!this.#remembered.has(name)) this.#take(name, legacy[name]);
    if (this.#has(LEGACY_SECRETS_KEY)) await this.#write();
    this.#listeners.forEach((l) => l());
  }

  /** Seals every remembered value and stores them; the plain-text legacy entry goes only once that worked. */
  async #write(): Promise<void> {
    if (!this.#storage) return;
    const out: Record<string, string> = {};
    let ok = true;
    for (const name of this.#remembered) {
      const v = this.#memory.get(name);
      if (!v) continue;
      const sealed = await this.#vault.seal(v, name);
      if (sealed) out[name] = sealed;
      else ok = false;
    }
    try {
      if (Object.keys(out).length) this.#storage.setItem(REMEMBERED_SECRETS_KEY, JSON.stringify(out));
      else this.#storage.removeItem(REMEMBERED_SECRETS_KEY);
      if (ok) this.#storage.removeItem(LEGACY_SECRETS_KEY);
    } catch {
      ok = false; // Storage refused (quota, blocked): the value stays in memory for this session.
    }
    if (this.stored !== ok) {
      this.stored = ok;
      this.#listeners.forEach((l) => l());
    }
  }

  #persist(): void {
    this.#writes = this.#writes.then(() => this.#write());
    this.#listeners.forEach((l) => l());
  }

  /** Resolves when every change so far has been sealed and stored (or refused). */
  saved(): Promise<void> {
    return this.#writes;
  }

  get(name: SecretName): string {
    return this.#memory.get(name) ?? '';
  }

  has(name: SecretName): boolean {
    return this.get(name) !== '';
  }

  isRemembered(name: SecretName): boolean {
    return this.#remembered.has(name);
  }

  /** Sets the value for this session; it is written to storage only while "remember" is on for it. */
  set(name: SecretName, value: string): void {
    this.#touched.add(name);
    const v = value.slice(0, MAX_SECRET);
    if (v) this.#memory.set(name, v);
    else this.#memory.delete(name);
    this.#persist();
  }

  /** Turns "remember on this computer" on or off; off removes it from storage but keeps it for this session. */
  remember(name: SecretName, on: boolean): void {
    this.#touched.add(name);
    if (on) this.#remembered.add(name);
    else this.#remembered.delete(name);
    this.#persist();
  }

  /** Forgets the value everywhere: memory and storage. */
  forget(name: SecretName): void {
    this.#touched.add(name);
    this.#memory.delete(name);
    this.#remembered.delete(name);
    this.#persist();
  }

  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

let shared: CaSecrets | null = null;
/** The page's one credential holder (settings forms and the provisioning flow share it). */
export const caSecrets = (): CaSecrets =>
  (shared ??= new CaSecrets(browserStorage(), typeof indexedDB === 'undefined' ? memoryVault() : indexedDbVault()));
