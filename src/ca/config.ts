// Layer: CA clients. Which CA source provisioning uses and its non-secret settings, in localStorage: typed,
// validated field by field on load (a damaged or older value falls back to the default for that field only).
// Credentials never live here: see secrets.ts.
import type { CaSourceKind } from './types.ts';

export type EstAuth = 'none' | 'basic' | 'bearer';

/** A CA certificate the user confirmed out of band (RFC 7030 §4.1.1): its SHA-256 and, for people, its subject. */
export interface PinnedCa {
  /** 64 upper-case hex digits. */
  readonly sha256: string;
  readonly subject: string;
}

export interface EstSettings {
  readonly url: string;
  /** Optional RFC 7030 label segment (one CA of several on the same server). */
  readonly label: string;
  readonly auth: EstAuth;
  /** User name for HTTP Basic (not a secret; the password is). */
  readonly username: string;
  readonly timeoutSeconds: number;
  /** How long to keep retrying while the CA answers 202 (pending) before giving up. */
  readonly maxWaitSeconds: number;
  /**
   * The CA certificates the user confirmed ("These are my CA's fingerprints"). /cacerts must answer these (or a
   * subset) before KeyWire trusts it or sends it a CSR; empty until confirmed.
   */
  readonly pinned: readonly PinnedCa[];
  /** The EST base URL they were confirmed for: another address needs its own confirmation. */
  readonly pinnedFor: string;
}

export type SignerRequestFormat = 'pkcs10-pem' | 'text-pem' | 'json';
export type SignerResponseFormat = 'auto' | 'pem' | 'json' | 'pkcs7';

export interface HttpSignerSettings {
  readonly url: string;
  readonly request: SignerRequestFormat;
  /** JSON request: the field holding the CSR PEM. */
  readonly csrField: string;
  /** JSON request: a JSON object of static fields sent along (e.g. {"profile": "iot-client"}). */
  readonly extraJson: string;
  /** Header carrying the credential (e.g. Authorization, X-API-Key); empty for none. Its value is a secret. */
  readonly authHeader: string;
  readonly response: SignerResponseFormat;
  /** JSON response: dotted path of the certificate and of the chain; empty certificate field = find PEM anywhere. */
  readonly certificateField: string;
  readonly chainField: string;
  /** The CA certificate(s) this signer chains to (PEM): the trust anchors the answer is checked against. */
  readonly caPem: string;
  readonly timeoutSeconds: number;
}

export interface ManualSettings {
  /** The CA certificate(s) the supplied certificates chain to (PEM). */
  readonly caPem: string;
}

export interface CaConfig {
  readonly kind: CaSourceKind;
  readonly est: EstSettings;
  readonly signer: HttpSignerSettings;
  readonly manual: ManualSettings;
}

export const DEFAULT_CA_CONFIG: CaConfig = {
  kind: 'lab',
  est: {
    url: '',
    label: '',
    auth: 'none',
    username: '',
    timeoutSeconds: 30,
    maxWaitSeconds: 300,
    pinned: [],
    pinnedFor: '',
  },
  signer: {
    url: '',
    request: 'json',
    csrField: 'csr',
    extraJson: '',
    authHeader: 'Authorization',
    response: 'auto',
    certificateField: '',
    chainField: '',
    caPem: '',
    timeoutSeconds: 30,
  },
  manual: { caPem: '' },
};

export const CA_CONFIG_KEY = 'keywire.ca.config.v1';
export const TIMEOUT_RANGE = { min: 1, max: 600 } as const;
export const MAX_WAIT_RANGE = { min: 0, max: 86_400 } as const;
const MAX_TEXT = 2048;
const MAX_PEM = 64 * 1024;
export const MAX_PINNED = 16;
const SHA256_HEX = /^[0-9A-F]{64}$/;

type Fields = Record<string, unknown>;
const obj = (v: unknown): Fields => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Fields) : {});
const text = (v: unknown, fallback: string, max = MAX_TEXT) => (typeof v === 'string' ? v.slice(0, max) : fallback);
const oneOf = <T extends string>(v: unknown, options: readonly T[], fallback: T): T =>
  options.includes(v as T) ? (v as T) : fallback;
const int = (v: unknown, range: { min: number; max: number }, fallback: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= range.min && v <= range.max ? v : fallback;

/** Confirmed fingerprints: well-formed entries only (at most MAX_PINNED, no duplicates); anything else is dropped. */
function pins(v: unknown): PinnedCa[] {
  if (!Array.isArray(v)) return [];
  const out: PinnedCa[] = [];
  for (const item of v.slice(0, MAX_PINNED)) {
    const p = obj(item);
    const sha = typeof p.sha256 === 'string' ? p.sha256.replace(/:/g, '').toUpperCase() : '';
    if (SHA256_HEX.test(sha) && !out.some((o) => o.sha256 === sha))
      out.push({ sha256: sha, subject: text(p.subject, '', 512) });
  }
  return out;
}

export function parseCaConfig(raw: unknown): CaConfig {
  const r = obj(raw);
  const d = DEFAULT_CA_CONFIG;
  const e = obj(r.est);
  const s = obj(r.signer);
  const m = obj(r.manual);
  return {
    kind: oneOf(r.kind, ['lab', 'est', 'http-signer', 'manual'] as const, d.kind),
    est: {
      url: text(e.url, d.est.url),
      label: text(e.label, d.est.label, 64),
      auth: oneOf(e.auth, ['none', 'basic', 'bearer'] as const, d.est.auth),
      username: text(e.username, d.est.username, 256),
      timeoutSeconds: int(e.timeoutSeconds, TIMEOUT_RANGE, d.est.timeoutSeconds),
      maxWaitSeconds: int(e.maxWaitSeconds, MAX_WAIT_RANGE, d.est.maxWaitSeconds),
      pinned: pins(e.pinned),
      pinnedFor: text(e.pinnedFor, d.est.pinnedFor),
    },
    signer: {
      url: text(s.url, d.signer.url),
      request: oneOf(s.request, ['pkcs10-pem', 'text-pem', 'json'] as const, d.signer.request),
      csrField: text(s.csrField, d.signer.csrField, 128),
      extraJson: text(s.extraJson, d.signer.extraJson, 8192),
      authHeader: text(s.authHeader, d.signer.authHeader, 128),
      response: oneOf(s.response, ['auto', 'pem', 'json', 'pkcs7'] as const, d.signer.response),
      certificateField: text(s.certificateField, d.signer.certificateField, 256),
      chainField: text(s.chainField, d.signer.chainField, 256),
      caPem: text(s.caPem, d.signer.caPem, MAX_PEM),
      timeoutSeconds: int(s.timeoutSeconds, TIMEOUT_RANGE, d.signer.timeoutSeconds),
    },
    manual: { caPem: text(m.caPem, d.manual.caPem, MAX_PEM) },
  };
}

/** The page's localStorage, or null where there is none or the browser forbids it (blocked storage throws). */
export function browserStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadCaConfig(storage: Pick<Storage, 'getItem'> | null = browserStorage()): CaConfig {
  try {
    return parseCaConfig(JSON.parse(storage?.getItem(CA_CONFIG_KEY) ?? '{}'));
  } catch {
    return DEFAULT_CA_CONFIG;
  }
}

/** False when the browser refused to store it (quota, blocked storage): the settings then last this session only. */
export function saveCaConfig(config: CaConfig, storage: Pick<Storage, 'setItem'> | null = browserStorage()): boolean {
  try {
    storage?.setItem(CA_CONFIG_KEY, JSON.stringify(parseCaConfig(config)));
    return storage !== null;
  } catch {
    return false;
  }
}
