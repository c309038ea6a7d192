// Layer: audit trail. `scanForSecrets` finds text that looks like key material or credentials: the store's guard
// refuses records that contain any, and end-to-end checks run it over every record and export. It reports where and
// what kind, never the matched text itself, so a finding can be logged without leaking the secret it found.
// Board families' own command patterns come from their profiles (`SECRET_PATTERNS`, src/devices/adapters).
import { PUBLIC_ANSWERS, SECRET_PATTERNS } from '../devices/adapters/profiles.ts';

/** Board answers that are public though base64-like (a CSR, a signed token), from every family's profile. */
export const publicAnswers = (): readonly RegExp[] => PUBLIC_ANSWERS;

export type SecretKind =
  /** `-----BEGIN [RSA |EC |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----`. */
  | 'pem-private-key'
  /** `-----BEGIN ENCRYPTED ...-----` of any kind. */
  | 'pem-encrypted'
  /** A board family's command that carries a secret (the nRF91 profile's credential write of a key or PSK). */
  | 'cmng-secret-write'
  /** header.payload.signature with base64url JSON header and payload (`eyJ...`). */
  | 'jwt'
  /** `password=...`, `"token": "..."`, `api_key: ...`, `psk=...` and friends. */
  | 'credential-assignment'
  /** `Authorization: Basic|Bearer|Digest ...` or a bare `Bearer <token>`. */
  | 'authorization-header'
  /** `scheme://user:password@host`. */
  | 'url-credentials'
  /** 40+ characters of mixed-case base64/base64url with digits that is not a hex digest. */
  | 'base64-blob';

export interface SecretFinding {
  readonly kind: SecretKind;
  /** UTF-16 offset of the match in the scanned text. */
  readonly index: number;
  readonly length: number;
}

const SECRET_NAME = String.raw`(?:password|passwd|passphrase|pwd|[a-z_-]*secret|[a-z_-]*token|api[_-]?key|apikey|private[_-]?key|privkey|psk)`;

const PATTERNS: readonly { kind: SecretKind; re: RegExp }[] = [
  { kind: 'pem-private-key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'pem-encrypted', re: /-----BEGIN ENCRYPTED[A-Z0-9 ]*-----/g },
  // Every family's command patterns, whichever board is connected (the adapters' profile registry).
  ...SECRET_PATTERNS.map((p) => ({ kind: p.kind as SecretKind, re: p.re })),
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g },
  {
    kind: 'credential-assignment',
    re: new RegExp(String.raw`["']?\b${SECRET_NAME}["']?\s*[:=]\s*["']?[^\s"',;}&]`, 'gi'),
  },
  { kind: 'authorization-header', re: /\bAuthorization\s*:\s*(?:Basic|Bearer|Digest|Token)\s+\S/gi },
  { kind: 'authorization-header', re: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}/g },
  { kind: 'url-credentials', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@"]+:[^\s/@"]+@/gi },
];

const BASE64_RUN = /[A-Za-z0-9+/_-]{40,}={0,2}/g;
const HEX_ONLY = /^[0-9a-fA-F]+$/;

/** A long base64-alphabet run that is not a hex digest and mixes upper case, lower case and digits, as encoded keys do. */
function isBase64Blob(run: string): boolean {
  const body = run.replace(/=+$/, '');
  if (HEX_ONLY.test(body)) return false;
  return /[A-Z]/.test(body) && /[a-z]/.test(body) && /[0-9]/.test(body);
}

export function scanForSecrets(text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  for (const { kind, re } of PATTERNS) {
    for (const m of text.matchAll(re)) findings.push({ kind, index: m.index, length: m[0].length });
  }
  for (const m of text.matchAll(BASE64_RUN)) {
    const covered = findings.some((f) => m.index >= f.index && m.index < f.index + f.length);
    if (!covered && isBase64Blob(m[0])) findings.push({ kind: 'base64-blob', index: m.index, length: m[0].length });
  }
  return findings.sort((a, b) => a.index - b.index);
}

const SECRET_NAME_EXACT = new RegExp(`^${SECRET_NAME}$`, 'i');
const SECRET_NAME_PART = /pass(word|wd|phrase)|secret|token|private.?key/i;

/** True when a field or key name itself says it holds a secret (`password`, `apiToken`, `privateKey`, `psk` ...). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME_EXACT.test(name) || SECRET_NAME_PART.test(name);
}

const KIND_TEXT: Record<SecretKind, string> = {
  'pem-private-key': 'a PEM private key block',
  'pem-encrypted': 'an encrypted PEM block',
  'cmng-secret-write':
    SECRET_PATTERNS.find((p) => p.kind === 'cmng-secret-write')?.text ?? 'a command carrying a secret',
  jwt: 'a JSON Web Token',
  'credential-assignment': 'a password, token or key assignment',
  'authorization-header': 'an HTTP Authorization credential',
  'url-credentials': 'a URL with a user name and password',
  'base64-blob': 'a long base64 blob (key material or a token?)',
};

export const describeSecret = (kind: SecretKind): string => KIND_TEXT[kind];
