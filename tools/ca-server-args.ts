// Command line of the lab EST server (tools/ca-server.ts): parsed into a checked config or a plain-language error
// the tool prints with the usage text. Pure (the environment is passed in), so it is tested without a process.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEFAULT_PORT = 7030;
export const DEFAULT_ORIGINS = [
  // npm start and vite preview
  'http://127.0.0.1:4173',
  'http://localhost:4173',
  // npm run dev
  'http://127.0.0.1:5173',
  'http://localhost:5173',
] as const;

export const MISISSUE_MODES = ['other-key', 'expired', 'wrong-chain'] as const;
export type MisissueMode = (typeof MISISSUE_MODES)[number];

export const USAGE = `usage: npm run ca-server -- [options]
  A lab EST server (RFC 7030) for teams without a CA, and for tests. Serves
  GET  /.well-known/est/cacerts       (no authentication, as RFC 7030 4.1.1 advises)
  POST /.well-known/est/simpleenroll  (Content-Type application/pkcs10, base64 DER CSR)
  An optional label segment is accepted: /.well-known/est/<label>/simpleenroll.
  --host H            address to bind (default 127.0.0.1; any other address is reachable from the network)
  --port N            TCP port (default ${DEFAULT_PORT}; 0 picks a free one, printed on start)
  --dir D             where the CA lives (default ~/.keywire/est-ca); created on first run with a P-256 root and
                      issuing CA, key files mode 0600
  --origin O          browser origin allowed by CORS; repeat or separate with commas (default: the npm start,
                      vite preview and npm run dev origins on 127.0.0.1 and localhost); * allows any origin
  --user U            require HTTP Basic authentication for simpleenroll (with --password)
  --password P        (prefer the environment: KEYWIRE_CA_USER / KEYWIRE_CA_PASSWORD; arguments show in ps)
  --validity-days N   validity of issued certificates, 1..3650 (default 365)
  --pending N         answer 202 + Retry-After to the first N tries of each CSR (default 0)
  --retry-after S     seconds in Retry-After for --pending (default 2)
  --tls               serve HTTPS with a server certificate from the issuing CA (trust <dir>/root.pem)
  --misissue M        TEST ONLY, makes the server misbehave on purpose: other-key (certificate for another key),
                      expired (already expired certificate), wrong-chain (signed by a CA that is not in /cacerts)
  --help              this text`;

export interface CaServerConfig {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  /** Exact origins, or ['*']. */
  readonly origins: readonly string[];
  readonly auth: { readonly user: string; readonly password: string } | null;
  readonly validityDays: number;
  readonly pending: number;
  readonly retryAfter: number;
  readonly tls: boolean;
  readonly misissue: MisissueMode | null;
  /** Things the operator should know before using this configuration (printed on start). */
  readonly warnings: readonly string[];
}

export type ParsedCaServerArgs = { ok: true; config: CaServerConfig } | { ok: false; error: string; help?: boolean };

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function checkOrigin(origin: string): string | null {
  if (origin === '*') return null;
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return `--origin "${origin}" is not an origin like http://127.0.0.1:4173`;
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== origin)
    return `--origin "${origin}" must be scheme://host[:port] with nothing after it (did you mean ${u.origin}?)`;
  return null;
}

export function parseCaServerArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ParsedCaServerArgs {
  const c = {
    host: '127.0.0.1',
    port: DEFAULT_PORT,
    dir: join(homedir(), '.keywire', 'est-ca'),
    origins: [] as string[],
    user: env.KEYWIRE_CA_USER ?? null,
    password: env.KEYWIRE_CA_PASSWORD ?? null,
    validityDays: 365,
    pending: 0,
    retryAfter: 2,
    tls: false,
    misissue: null as MisissueMode | null,
  };
  const fail = (error: string): ParsedCaServerArgs => ({ ok: false, error });
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') return { ok: false, error: '', help: true };
    if (flag === '--tls') {
      c.tls = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) return fail(`${flag} needs a value`);
    const int = (min: number, max: number) =>
      /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max ? Number(value) : null;
    switch (flag) {
      case '--host':
        if (!value.trim()) return fail('--host needs an address');
        c.host = value.trim();
        break;
      case '--port': {
        const n = int(0, 65535);
        if (n === null) return fail(`--port must be 0..65535, got "${value}"`);
        c.port = n;
        break;
      }
      case '--dir':
        c.dir = value;
        break;
      case '--origin':
        for (const o of value
          .split(',')
          .map((s) => s.trim().replace(/\/$/, ''))
          .filter(Boolean)) {
          const why = checkOrigin(o);
          if (why) return fail(why);
          c.origins.push(o);
        }
        break;
      case '--user':
        c.user = value;
        break;
      case '--password':
        c.password = value;
        break;
      case '--validity-days': {
        const n = int(1, 3650);
        if (n === null) return fail(`--validity-days must be 1..3650, got "${value}"`);
        c.validityDays = n;
        break;
      }
      case '--pending': {
        const n = int(0, 1000);
        if (n === null) return fail(`--pending must be 0..1000, got "${value}"`);
        c.pending = n;
        break;
      }
      case '--retry-after': {
        const n = int(0, 86400);
        if (n === null) return fail(`--retry-after must be 0..86400 seconds, got "${value}"`);
        c.retryAfter = n;
        break;
      }
      case '--misissue':
        if (!MISISSUE_MODES.includes(value as MisissueMode))
          return fail(`--misissue must be one of ${MISISSUE_MODES.join(', ')}, got "${value}"`);
        c.misissue = value as MisissueMode;
        break;
      default:
        return fail(`unknown option ${flag}`);
    }
  }
  if ((c.user === null) !== (c.password === null) || c.user === '' || c.password === '')
    return fail('Basic authentication needs both a user and a password (--user/--password or the environment)');
  if (c.user?.includes(':')) return fail('the user name cannot contain ":" (HTTP Basic separates with it)');
  const warnings: string[] = [];
  if (!LOOPBACK.has(c.host))
    warnings.push(
      `bound to ${c.host}: other machines can reach this CA${c.user ? '' : ' and have certificates issued without a password'}${c.tls ? '' : '; traffic is plain HTTP'}`,
    );
  if (c.misissue) warnings.push(`--misissue ${c.misissue}: this server issues WRONG certificates on purpose (tests)`);
  const origins = c.origins.length ? c.origins : [...DEFAULT_ORIGINS];
  if (origins.includes('*')) warnings.push('--origin *: any web page this browser opens may use this CA');
  return {
    ok: true,
    config: {
      host: c.host,
      port: c.port,
      dir: c.dir,
      origins,
      auth: c.user !== null && c.password !== null ? { user: c.user, password: c.password } : null,
      validityDays: c.validityDays,
      pending: c.pending,
      retryAfter: c.retryAfter,
      tls: c.tls,
      misissue: c.misissue,
      warnings,
    },
  };
}
