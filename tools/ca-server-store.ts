// Lab EST server: the CA on disk. First run creates <dir> (mode 0700) with a P-256 root and an issuing CA under
// it: root.pem, issuing.pem (certificates) and root.key, issuing.key (PKCS#8 PEM, mode 0600, never overwritten).
// Later runs load them, check each key belongs to its certificate, and warn when a key file is readable by others.
// Issued certificates are kept in <dir>/issued/<serial>.pem as a lab record.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toHex } from '../src/lib/bytes.ts';
import { toPem } from '../src/pki/pem.ts';
import type { Certificate } from '../src/pki/x509-cert.ts';
import { caCertificate, importSigningKey, keyBelongsTo, newKeyPair, pkcs8Of, readCertificate } from './ca-server-ca.ts';

export interface ServerCa {
  readonly dir: string;
  readonly root: Certificate;
  readonly issuing: Certificate;
  readonly issuingKey: CryptoKey;
  /** True when this run created the CA. */
  readonly created: boolean;
}

const FILES = ['root.pem', 'root.key', 'issuing.pem', 'issuing.key'] as const;

/** Colon-separated upper-case SHA-256, as `openssl x509 -fingerprint -sha256` prints it. */
export const colonFingerprint = (hex: string) => hex.match(/../g)!.join(':').toUpperCase();

export async function openServerCa(dir: string, warn: (message: string) => void): Promise<ServerCa> {
  const present = FILES.filter((f) => existsSync(join(dir, f)));
  if (present.length === 0) return createServerCa(dir);
  if (present.length < FILES.length) {
    const missing = FILES.filter((f) => !present.includes(f));
    throw new Error(`${dir} holds a partial CA (missing ${missing.join(', ')}); restore it or use another --dir`);
  }
  for (const f of ['root.key', 'issuing.key']) {
    const mode = statSync(join(dir, f)).mode & 0o777;
    if (mode & 0o077) warn(`${join(dir, f)} is readable by other users (mode ${mode.toString(8)}): chmod 600 it`);
  }
  const read = (f: string) => readFileSync(join(dir, f), 'utf8');
  const root = readCertificate(new TextEncoder().encode(read('root.pem')));
  const issuing = readCertificate(new TextEncoder().encode(read('issuing.pem')));
  const rootKey = await importSigningKey(read('root.key'));
  const issuingKey = await importSigningKey(read('issuing.key'));
  if (!(await keyBelongsTo(rootKey, root))) throw new Error(`${dir}/root.key does not belong to root.pem`);
  if (!(await keyBelongsTo(issuingKey, issuing))) throw new Error(`${dir}/issuing.key does not belong to issuing.pem`);
  if (issuing.notAfter < Date.now())
    warn(`the issuing CA expired on ${new Date(issuing.notAfter).toISOString()}: use a new --dir`);
  return { dir, root, issuing, issuingKey, created: false };
}

async function createServerCa(dir: string): Promise<ServerCa> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  // A short tag in the names tells two lab CAs apart on a device and in a chain report.
  const tag = toHex(crypto.getRandomValues(new Uint8Array(2)), true);
  const rootKeys = await newKeyPair(true);
  const root = await caCertificate({
    subjectCn: `KeyWire Lab EST Root CA ${tag}`,
    subject: rootKeys,
    pathLength: 1,
    days: 3650,
  });
  const issuingKeys = await newKeyPair(true);
  const issuing = await caCertificate({
    subjectCn: `KeyWire Lab EST Issuing CA ${tag}`,
    subject: issuingKeys,
    issuer: { cert: root, key: rootKeys.privateKey },
    pathLength: 0,
    days: 3649,
  });
  const write = (f: string, text: string, mode: number) =>
    writeFileSync(join(dir, f), text, { mode, flag: 'wx', encoding: 'utf8' });
  write('root.key', toPem('PRIVATE KEY', await pkcs8Of(rootKeys.privateKey)), 0o600);
  write('issuing.key', toPem('PRIVATE KEY', await pkcs8Of(issuingKeys.privateKey)), 0o600);
  write('root.pem', toPem('CERTIFICATE', root.der), 0o644);
  write('issuing.pem', toPem('CERTIFICATE', issuing.der), 0o644);
  return {
    dir,
    root,
    issuing,
    issuingKey: await importSigningKey(readFileSync(join(dir, 'issuing.key'), 'utf8')),
    created: true,
  };
}

/** Keeps a copy of what was issued (lab record); a failure to write is reported, never fatal. */
export function recordIssued(dir: string, serialHex: string, der: Uint8Array): string | null {
  try {
    mkdirSync(join(dir, 'issued'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'issued', `${serialHex}.pem`), toPem('CERTIFICATE', der));
    return null;
  } catch (e) {
    return `could not keep a copy in ${dir}/issued (${e instanceof Error ? e.message : String(e)})`;
  }
}
