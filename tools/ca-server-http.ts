// Lab EST server: the HTTP side of RFC 7030 for GET /cacerts and POST /simpleenroll (optional label segment),
// with CORS for the app's origins (preflight for Authorization and Content-Type, Retry-After exposed, Chrome's
// private network access answered), optional HTTP Basic on simpleenroll, --pending (202 + Retry-After for the first
// N tries of each CSR) and one log line per request. Credentials are never logged: not the password, not the user
// name of refused credentials (a value without ':' may be a password typed into the wrong field), not the query.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { CaServerConfig } from './ca-server-args.ts';
import type { Issuer } from './ca-server-issue.ts';
import { readCsrBody } from './ca-server-issue.ts';
import { base64Lines, certsOnlyPkcs7 } from './ca-server-pkcs7.ts';
import { recordIssued } from './ca-server-store.ts';

const MAX_BODY = 64 * 1024;
const ROUTE = /^\/\.well-known\/est(?:\/([A-Za-z0-9._~-]{1,64}))?\/(cacerts|simpleenroll)$/;
const ALLOWED_HEADERS = ['authorization', 'content-type', 'content-transfer-encoding'];
const REALM = 'Basic realm="KeyWire lab EST", charset="UTF-8"';

export interface EstHandlerOptions {
  readonly config: CaServerConfig;
  readonly issuer: Issuer;
  readonly log: (line: string) => void;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
  note: string;
}

const text = (status: number, body: string, note = body): Reply => ({
  status,
  headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  body: `${body}\n`,
  note,
});

/** The request path for the log, without the query (clients put tokens there) and cut to 100 characters. */
const loggedPath = (url: string | undefined) => {
  const path = (url ?? '').split(/[?#]/, 1)[0]!.slice(0, 100);
  return (url ?? '').length > path.length && /[?#]/.test(url ?? '') ? `${path}?…` : path;
};

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

function readBody(req: IncomingMessage): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function estHandler(o: EstHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { config, issuer } = o;
  const tries = new Map<string, number>();
  const cacerts = base64Lines(certsOnlyPkcs7([issuer.ca.issuing.der, issuer.ca.root.der]));
  const originAllowed = (origin: string) => config.origins.includes('*') || config.origins.includes(origin);

  function checkAuth(req: IncomingMessage): Reply | null {
    if (!config.auth) return null;
    const header = req.headers.authorization ?? '';
    const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!m) {
      const r = text(401, 'authentication required (HTTP Basic)', header ? 'not Basic credentials' : 'no credentials');
      r.headers['WWW-Authenticate'] = REALM;
      return r;
    }
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    const password = colon < 0 ? '' : decoded.slice(colon + 1);
    // Both compared every time (no early exit) so timing does not tell which one was wrong.
    const userOk = timingSafeEqual(digest(user), digest(config.auth.user));
    const passwordOk = timingSafeEqual(digest(password), digest(config.auth.password));
    const good = userOk && passwordOk;
    if (good) return null;
    const r = text(401, 'wrong user name or password', 'refused credentials (wrong user name or password)');
    r.headers['WWW-Authenticate'] = REALM;
    return r;
  }

  async function enroll(req: IncomingMessage): Promise<Reply> {
    const refused = checkAuth(req);
    if (refused) return refused;
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/pkcs10')
      return text(415, `send the CSR with Content-Type: application/pkcs10 (got ${type || 'none'})`);
    const body = await readBody(req);
    if (!body) return text(413, `the request body is larger than ${MAX_BODY} bytes`);
    const read = await readCsrBody(body);
    if (!read.ok) return text(400, `bad CSR: ${read.reason}`);
    const seen = (tries.get(read.sha256) ?? 0) + 1;
    tries.set(read.sha256, seen);
    if (seen <= config.pending) {
      const r = text(202, 'the request is pending; retry later', `pending (try ${seen} of ${config.pending})`);
      r.headers['Retry-After'] = String(config.retryAfter);
      return r;
    }
    const issued = await issuer.issue(read.csr);
    if (!issued.ok) return text(issued.status, issued.status === 400 ? `bad CSR: ${issued.reason}` : issued.reason);
    const problem = recordIssued(issuer.ca.dir, issued.serialHex, issued.certificates[0]!);
    const misissued = issuer.misissue ? ` MISISSUED (${issuer.misissue})` : '';
    return {
      status: 200,
      headers: {
        'Content-Type': 'application/pkcs7-mime; smime-type=certs-only',
        'Content-Transfer-Encoding': 'base64',
      },
      body: base64Lines(certsOnlyPkcs7(issued.certificates)),
      note: `issued serial ${issued.serialHex} to ${issued.subject}${misissued}${problem ? `; ${problem}` : ''}`,
    };
  }

  async function route(req: IncomingMessage, cors: Record<string, string> | null): Promise<Reply> {
    // The raw path, not new URL(): a request target like `//host%zz/x` is a protocol-relative URL that makes
    // new URL() throw, and that was answered 500 (fuzz finding).
    const path = (req.url ?? '/').split(/[?#]/, 1)[0]!;
    const m = ROUTE.exec(path);
    if (!m) return text(404, `no such EST resource: ${path.slice(0, 80)} (try /.well-known/est/cacerts)`);
    const op = m[2]!;
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') {
      if (!cors) return text(403, 'preflight without an allowed Origin');
      const wanted = (req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean);
      const odd = wanted.filter((h) => !ALLOWED_HEADERS.includes(h));
      if (odd.length) return text(403, `headers not allowed: ${odd.join(', ')}`);
      const r: Reply = { status: 204, headers: {}, body: '', note: `preflight ${op}` };
      r.headers['Access-Control-Allow-Methods'] = 'GET, POST';
      r.headers['Access-Control-Allow-Headers'] = 'Authorization, Content-Type, Content-Transfer-Encoding';
      r.headers['Access-Control-Max-Age'] = '600';
      if (req.headers['access-control-request-private-network'] === 'true')
        r.headers['Access-Control-Allow-Private-Network'] = 'true';
      return r;
    }
    if (op === 'cacerts') {
      if (method !== 'GET' && method !== 'HEAD')
        return { ...text(405, 'use GET for /cacerts'), headers: { Allow: 'GET', 'Content-Type': 'text/plain' } };
      return {
        status: 200,
        headers: { 'Content-Type': 'application/pkcs7-mime', 'Content-Transfer-Encoding': 'base64' },
        body: cacerts,
        note: 'CA certificates',
      };
    }
    if (method !== 'POST')
      return { ...text(405, 'use POST for /simpleenroll'), headers: { Allow: 'POST', 'Content-Type': 'text/plain' } };
    return enroll(req);
  }

  return (req, res) => {
    const started = Date.now();
    const origin = req.headers.origin;
    let cors: Record<string, string> | null = null;
    const finish = (r: Reply) => {
      const headers = { ...r.headers, ...(cors ?? {}), 'Cache-Control': 'no-store' };
      res.writeHead(r.status, headers);
      res.end(req.method === 'HEAD' ? undefined : r.body);
      const from = origin ? ` origin=${origin}` : '';
      o.log(
        `${new Date().toISOString()} ${req.socket.remoteAddress ?? '?'} ${req.method} ${loggedPath(req.url)} ` +
          `${r.status} ${Date.now() - started}ms${from} ${r.note}`,
      );
    };
    if (origin !== undefined) {
      if (!originAllowed(origin)) {
        finish(text(403, `origin ${origin} is not allowed: start the server with --origin ${origin}`));
        return;
      }
      cors = {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Expose-Headers': 'Retry-After, WWW-Authenticate',
        Vary: 'Origin',
      };
    }
    route(req, cors).then(finish, (e: unknown) =>
      finish(text(500, 'internal error', `internal error: ${e instanceof Error ? e.message : String(e)}`)),
    );
  };
}
