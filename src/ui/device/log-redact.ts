// Layer: views (device). The last guard before a session log leaves the browser as a file: the audit trail's
// secret scanner runs over the text and every finding is replaced by a marker naming what it was. Public material
// that the scanner's base64 rule would also catch is left alone: PEM certificates, CSRs and public keys, and the
// board's key-generation and attestation answers its family profile names public (a CSR and signed tokens). Key material is already masked in
// the log's lines (transport/secret-mask.ts); this catches anything that slipped past, e.g. a password typed in.
import { describeSecret, publicAnswers, scanForSecrets, type SecretFinding } from '../../audit/secrets.ts';

const PUBLIC_PEM =
  /-----BEGIN (CERTIFICATE|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST|PUBLIC KEY|X509 CRL)-----[\s\S]*?-----END \1-----/g;
/** A family command's secret whose content the session log already hid. */
const MASKED_AFTER = /^<(?:PSK|private key|secret content)[^>]*>/;

function publicRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const re of [PUBLIC_PEM, ...publicAnswers()])
    for (const m of text.matchAll(re)) out.push([m.index, m.index + m[0].length]);
  return out;
}

function harmless(text: string, f: SecretFinding, ranges: readonly [number, number][]): boolean {
  if (f.kind === 'base64-blob') return ranges.some(([a, b]) => f.index >= a && f.index + f.length <= b);
  if (f.kind === 'cmng-secret-write') return MASKED_AFTER.test(text.slice(f.index + f.length));
  return false;
}

/** Where a finding's secret ends: the scanner marks where it starts (a name, a header); the value runs on. */
function secretEnd(text: string, f: SecretFinding): number {
  const end = f.index + f.length;
  const until = (re: RegExp) => {
    re.lastIndex = end;
    const m = re.exec(text);
    return m ? m.index + m[0].length : text.length;
  };
  switch (f.kind) {
    case 'credential-assignment':
    case 'authorization-header':
      return until(/(?=[\s"',;}&])|$/g);
    case 'pem-private-key':
    case 'pem-encrypted':
      return until(/-----END [A-Z0-9 ]+-----/g);
    case 'cmng-secret-write':
      return until(/(?="|$)/g);
    default:
      return end;
  }
}

export interface Redacted {
  readonly text: string;
  /** How many findings were replaced. */
  readonly count: number;
}

export function redactSecrets(text: string): Redacted {
  const ranges = publicRanges(text);
  let out = '';
  let at = 0;
  let count = 0;
  for (const f of scanForSecrets(text)) {
    if (f.index < at || harmless(text, f, ranges)) continue;
    out += `${text.slice(at, f.index)}<redacted: ${describeSecret(f.kind)}>`;
    at = secretEnd(text, f);
    count++;
  }
  return { text: out + text.slice(at), count };
}
