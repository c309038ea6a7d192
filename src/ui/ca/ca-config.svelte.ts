// Layer: views (CA). The CA configuration as the settings forms and the provisioning flow see it: reactive, saved on
// every change, with the credentials held by the page's CaSecrets (memory, or localStorage when remembered).
import {
  browserStorage,
  DEFAULT_CA_CONFIG,
  loadCaConfig,
  MAX_WAIT_RANGE,
  saveCaConfig,
  TIMEOUT_RANGE,
  type CaConfig,
  type EstSettings,
  type HttpSignerSettings,
  type ManualSettings,
  type PinnedCa,
} from '../../ca/config.ts';
import { confirmedPins, estEndpoint, estSettingsProblem } from '../../ca/est-url.ts';
import { signerProblems } from '../../ca/signer-settings.ts';
import { pastedCaCertificates } from '../../ca/ca-pem.ts';
import { caSecrets, type CaSecrets, type SecretName } from '../../ca/secrets.ts';
import type { CaSourceKind } from '../../ca/types.ts';

export const SOURCE_CHOICES: readonly { kind: CaSourceKind; title: string; hint: string }[] = [
  { kind: 'lab', title: 'Lab CA in this browser', hint: 'Works offline. For development, labs and pilot runs.' },
  { kind: 'est', title: 'EST server (RFC 7030)', hint: 'Your PKI or `npm run ca-server` signs the CSR.' },
  { kind: 'http-signer', title: 'HTTP signer', hint: 'Any web service that takes a CSR and returns a certificate.' },
  {
    kind: 'manual',
    title: 'Manual exchange',
    hint: 'Download the CSR, have it signed elsewhere, bring the file back.',
  },
];

export class CaConfigState {
  current = $state.raw<CaConfig>(DEFAULT_CA_CONFIG);
  #secretsVersion = $state.raw(0);
  readonly secrets: CaSecrets;
  readonly #storage: Storage | null;

  constructor(secrets: CaSecrets = caSecrets(), storage: Storage | null = browserStorage()) {
    this.secrets = secrets;
    this.#storage = storage;
    this.current = loadCaConfig(storage);
    secrets.onChange(() => this.#secretsVersion++);
  }

  /** Set when the browser refused to keep the settings (blocked storage, quota): they last this session only. */
  notSaved = $state.raw(false);

  #save(next: CaConfig): void {
    this.current = next;
    this.notSaved = !saveCaConfig(next, this.#storage);
  }

  setKind(kind: CaSourceKind): void {
    this.#save({ ...this.current, kind });
  }
  updateEst(patch: Partial<EstSettings>): void {
    this.#save({ ...this.current, est: { ...this.current.est, ...patch } });
  }
  updateSigner(patch: Partial<HttpSignerSettings>): void {
    this.#save({ ...this.current, signer: { ...this.current.signer, ...patch } });
  }
  updateManual(patch: Partial<ManualSettings>): void {
    this.#save({ ...this.current, manual: { ...this.current.manual, ...patch } });
  }

  secret(name: SecretName): string {
    void this.#secretsVersion;
    return this.secrets.get(name);
  }
  remembered(name: SecretName): boolean {
    void this.#secretsVersion;
    return this.secrets.isRemembered(name);
  }
  /** False when a remembered credential could not be kept encrypted (no IndexedDB, storage full). */
  get storedSafely(): boolean {
    void this.#secretsVersion;
    return this.secrets.stored;
  }
  setSecret(name: SecretName, value: string): void {
    this.secrets.set(name, value);
  }
  remember(name: SecretName, on: boolean): void {
    this.secrets.remember(name, on);
  }
  forget(name: SecretName): void {
    this.secrets.forget(name);
  }

  /** What keeps the EST settings from working, or null. */
  get estProblem(): string | null {
    return estSettingsProblem(this.current.est);
  }

  /** The CA certificates confirmed for the EST address as it is now (none after the address changed). */
  get estPinned(): readonly PinnedCa[] {
    return confirmedPins(this.current.est);
  }

  /** "These are my CA's fingerprints": KeyWire trusts this EST address only while it presents these. */
  confirmEstCa(certificates: readonly PinnedCa[]): void {
    const base = this.estBase;
    if (!base || certificates.length === 0) return;
    this.updateEst({
      pinned: certificates.map((c) => ({ sha256: c.sha256.replace(/:/g, '').toUpperCase(), subject: c.subject })),
      pinnedFor: base,
    });
  }

  /** Forget the confirmation: the EST source is not used until its CA certificates are confirmed again. */
  forgetEstCa(): void {
    this.updateEst({ pinned: [], pinnedFor: '' });
  }
  get estBase(): string | null {
    const r = estEndpoint(this.current.est.url, this.current.est.label);
    return r.ok ? r.value.base : null;
  }
  get signerProblems(): string[] {
    return signerProblems(this.current.signer);
  }
  caPemProblem(caPem: string): string | null {
    if (!caPem.trim()) return null;
    const r = pastedCaCertificates(caPem, 'this source');
    return r.ok ? null : r.error.message;
  }
}

/** A whole number in range from a form field, or the message to show. */
export function wholeNumber(text: string, range: { min: number; max: number }): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isInteger(n) && n >= range.min && n <= range.max
    ? n
    : `Enter a whole number from ${range.min} to ${range.max}.`;
}

export { MAX_WAIT_RANGE, TIMEOUT_RANGE };

let shared: CaConfigState | null = null;
/** The page's one CA configuration (Settings and the provisioning flow share it). */
export const caConfigState = (): CaConfigState => (shared ??= new CaConfigState());
