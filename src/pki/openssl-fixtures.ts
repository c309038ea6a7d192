// Node-only test support (never imported by app code): builds certificate chains with Debian's `openssl` in a temp
// directory, one configuration per defect, and runs `openssl verify` on them. Used by the chain, lab CA and fuzz
// tests and by bench/crypto.bench.ts, so every verdict is compared with OpenSSL's on the same bytes.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type KeySpec = 'p256' | 'p384' | 'k256' | 'bp256' | 'ed25519' | 'ed448' | 'rsa1024' | 'rsa2048';

export interface Issued {
  readonly name: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly pem: string;
}

export interface CertOptions {
  readonly key?: KeySpec;
  /** Extension lines for the [ext] section (basicConstraints=..., keyUsage=...). */
  readonly ext?: readonly string[];
  readonly md?: 'sha256' | 'sha384' | 'sha1';
  /** openssl ca date strings, YYYYMMDDHHMMSSZ. Default: now - 1 day .. now + 365 days. */
  readonly startDate?: string;
  readonly endDate?: string;
  readonly cn?: string;
}

const CA_CONFIG = `[ ca ]
default_ca = CA_default
[ CA_default ]
database = DIR/index.txt
new_certs_dir = DIR
serial = DIR/serial
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
commonName = supplied
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
`;

export const LEAF_EXT = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=clientAuth',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
];
export const CA_EXT = (pathlen?: number) => [
  `basicConstraints=critical,CA:TRUE${pathlen === undefined ? '' : `,pathlen:${pathlen}`}`,
  'keyUsage=critical,keyCertSign,cRLSign',
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
];

export const opensslDate = (ms: number) => new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

/**
 * Mutation testing only (vitest.mutation.config.ts sets it): a directory where issued keys and certificates are kept
 * and reused across runs, so each mutant does not rebuild every chain with openssl. Unset in `npm test`.
 */
const OPENSSL_CACHE = process.env.KEYWIRE_OPENSSL_CACHE;

/** Same name, issuer certificate, options and (to the hour) validity offsets from now: the same certificate. */
function cacheKey(name: string, issuer: Issued | null, o: CertOptions): string {
  const hoursFromNow = (d?: string) =>
    d === undefined
      ? null
      : Math.round(
          (Date.parse(d.replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now()) /
            3_600_000,
        );
  const spec = { ...o, startDate: hoursFromNow(o.startDate), endDate: hoursFromNow(o.endDate), issuer: issuer?.pem };
  return `${name}-${createHash('sha256').update(JSON.stringify(spec)).digest('hex').slice(0, 16)}`;
}

export class OpensslLab {
  readonly dir = mkdtempSync(join(tmpdir(), 'keywire-openssl-'));
  #n = 0;

  constructor() {
    writeFileSync(join(this.dir, 'index.txt'), '');
    writeFileSync(join(this.dir, 'serial'), '1000\n');
    writeFileSync(join(this.dir, 'ca.cnf'), CA_CONFIG.replaceAll('DIR', this.dir));
  }

  run(args: string[], input?: string): string {
    return execFileSync('openssl', args, { cwd: this.dir, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  key(name: string, spec: KeySpec): string {
    const p = this.path(`${name}.key`);
    const curve = { p256: 'P-256', p384: 'P-384', k256: 'secp256k1', bp256: 'brainpoolP256r1' } as const;
    const alg = spec.startsWith('rsa')
      ? ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec.slice(3)}`]
      : spec === 'ed25519' || spec === 'ed448'
        ? ['-algorithm', spec.toUpperCase()]
        : ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve[spec as keyof typeof curve]}`];
    this.run(['genpkey', ...alg, '-out', p]);
    return p;
  }

  #extFile(ext: readonly string[]): string {
    const p = this.path(`ext${++this.#n}.cnf`);
    writeFileSync(p, `[ext]\n${ext.join('\n')}\n`);
    return p;
  }

  /** Self-signed root through `openssl ca -selfsign`, so its dates can be set too. */
  root(name: string, o: CertOptions = {}): Issued {
    return this.#issue(name, null, { ext: CA_EXT(), ...o });
  }

  /** A certificate for a new key `name`, signed by `issuer`. */
  issue(name: string, issuer: Issued, o: CertOptions = {}): Issued {
    return this.#issue(name, issuer, o);
  }

  #issue(name: string, issuer: Issued | null, o: CertOptions): Issued {
    const cache = OPENSSL_CACHE ? join(OPENSSL_CACHE, cacheKey(name, issuer, o)) : null;
    if (cache && existsSync(`${cache}.pem`)) {
      const certPath = this.write(`${name}.pem`, readFileSync(`${cache}.pem`, 'utf8'));
      const keyPath = this.write(`${name}.key`, readFileSync(`${cache}.key`, 'utf8'));
      return { name, certPath, keyPath, pem: readFileSync(certPath, 'utf8') };
    }
    const issued = this.#make(name, issuer, o);
    if (cache) {
      mkdirSync(OPENSSL_CACHE!, { recursive: true });
      for (const [ext, from] of [
        ['key', issued.keyPath],
        ['pem', issued.certPath],
      ] as const) {
        writeFileSync(`${cache}.${process.pid}.${ext}`, readFileSync(from));
        renameSync(`${cache}.${process.pid}.${ext}`, `${cache}.${ext}`); // atomic: parallel runs share the cache
      }
    }
    return issued;
  }

  #make(name: string, issuer: Issued | null, o: CertOptions): Issued {
    const keyPath = this.key(name, o.key ?? 'p256');
    const csr = this.path(`${name}.csr`);
    this.run([
      'req',
      '-new',
      '-key',
      keyPath,
      '-subj',
      `/CN=${o.cn ?? name}/O=KeyWire Test`,
      '-out',
      csr,
      '-config',
      this.path('ca.cnf'),
    ]);
    const certPath = this.path(`${name}.pem`);
    const now = Date.now();
    const args = ['ca', '-batch', '-notext', '-config', this.path('ca.cnf'), '-in', csr, '-out', certPath];
    args.push(
      '-startdate',
      o.startDate ?? opensslDate(now - 86_400_000),
      '-enddate',
      o.endDate ?? opensslDate(now + 365 * 86_400_000),
    );
    args.push('-md', o.md ?? 'sha256', '-extfile', this.#extFile(o.ext ?? LEAF_EXT), '-extensions', 'ext');
    args.push(
      ...(issuer ? ['-cert', issuer.certPath, '-keyfile', issuer.keyPath] : ['-selfsign', '-keyfile', keyPath]),
    );
    this.run(args);
    return { name, certPath, keyPath, pem: readFileSync(certPath, 'utf8') };
  }

  /** Writes arbitrary PEM (e.g. a tampered certificate) and returns its path. */
  write(name: string, pem: string): string {
    const p = this.path(name);
    writeFileSync(p, pem);
    return p;
  }

  /** `openssl verify -purpose sslclient`; true when OpenSSL says OK. */
  verify(
    leafPem: string,
    intermediates: readonly string[],
    anchors: readonly string[],
    o: { attime?: number; purpose?: string } = {},
  ): { ok: boolean; output: string } {
    const leaf = this.write(`verify-leaf-${++this.#n}.pem`, leafPem);
    const args = ['verify', '-auth_level', '2', '-purpose', o.purpose ?? 'sslclient'];
    if (anchors.length) args.push('-CAfile', this.write(`verify-anchors-${this.#n}.pem`, anchors.join('')));
    else args.push('-no-CAfile', '-no-CApath', '-no-CAstore');
    if (intermediates.length)
      args.push('-untrusted', this.write(`verify-inter-${this.#n}.pem`, intermediates.join('')));
    if (o.attime !== undefined) args.push('-attime', String(Math.floor(o.attime / 1000)));
    args.push(leaf);
    const r = spawnSync('openssl', args, { cwd: this.dir, encoding: 'utf8' });
    return { ok: r.status === 0 && /: OK\s*$/.test(r.stdout), output: `${r.stdout}${r.stderr}`.trim() };
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Flips one byte of the signature (the certificate's last byte) inside a PEM certificate. */
export function tamperSignature(pem: string): string {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const der = Buffer.from(b64, 'base64');
  der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0x01;
  const body = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${body.trim()}\n-----END CERTIFICATE-----\n`;
}
