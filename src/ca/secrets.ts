// Layer: CA clients. Credentials for CA sources (EST password or token, the HTTP signer's header value). Kept in
// memory only, unless the user ticks "remember": then in localStorage under one clearly named key, until "forget".
// Never part of the CA config, a source's label, an error message, the audit trail or a log line.
import { browserStorage } from './config.ts';

export type SecretName = 'est.password' | 'est.token' | 'signer.header';
export const SECRET_NAMES: readonly SecretName[] = ['est.password', 'est.token', 'signer.header'];

/** The localStorage key of remembered credentials (stored unencrypted: the UI says so). */
export const REMEMBERED_SECRETS_KEY = 'keywire.ca.remembered-credentials.v1';
const MAX_SECRET = 8192;

export type SecretStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class CaSecrets {
  readonly #memory = new Map<SecretName, string>();
  readonly #remembered = new Set<SecretName>();
  readonly #storage: SecretStorage | null;
  readonly #listeners = new Set<() => void>();

  constructor(storage: SecretStorage | null) {
    this.#storage = storage;
    for (const [name, value] of Object.entries(this.#read())) {
      if (SECRET_NAMES.includes(name as SecretName) && typeof value === 'string' && value.length <= MAX_SECRET) {
        this.#memory.set(name as SecretName, value);
        this.#remembered.add(name as SecretName);
      }
    }
  }

  #read(): Record<string, unknown> {
    try {
      const raw: unknown = JSON.parse(this.#storage?.getItem(REMEMBERED_SECRETS_KEY) ?? '{}');
      return raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }

  #persist(): void {
    if (!this.#storage) return this.#listeners.forEach((l) => l());
    const out: Record<string, string> = {};
    for (const name of this.#remembered) {
      const v = this.#memory.get(name);
      if (v) out[name] = v;
    }
    try {
      if (Object.keys(out).length) this.#storage.setItem(REMEMBERED_SECRETS_KEY, JSON.stringify(out));
      else this.#storage.removeItem(REMEMBERED_SECRETS_KEY);
    } catch {
      // Storage refused (quota, blocked): the value stays in memory for this session.
    }
    this.#listeners.forEach((l) => l());
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
    const v = value.slice(0, MAX_SECRET);
    if (v) this.#memory.set(name, v);
    else this.#memory.delete(name);
    this.#persist();
  }

  /** Turns "remember on this computer" on or off; off removes it from storage but keeps it for this session. */
  remember(name: SecretName, on: boolean): void {
    if (on) this.#remembered.add(name);
    else this.#remembered.delete(name);
    this.#persist();
  }

  /** Forgets the value everywhere: memory and storage. */
  forget(name: SecretName): void {
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
export const caSecrets = (): CaSecrets => (shared ??= new CaSecrets(browserStorage()));
