// Fuzz target for the lab EST server's request handling (tools/ca-server.ts over real loopback HTTP, as its own
// process, with HTTP Basic on): mutated methods, paths, origins, headers, credentials and CSR bodies. Every request
// must get an answer below 500 within the cap, and the server must stay up.
import { request } from 'node:http';
import { fromBase64 } from '../../../src/lib/bytes.ts';
import { randomInt, type Rng } from '../../../src/lib/cbor-random.ts';
import { startCaServer, type RunningCaServer } from '../../ca-server-testing.ts';
import { asText, defineTarget, invariant } from '../target.ts';
import { mutateBytes, mutateText } from '../mutate.ts';
import { nrf91Halves } from './samples.ts';

interface EstRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** base64 of the body */
  body: string;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[randomInt(rng, xs.length)]!;
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const GOOD_AUTH = `Basic ${Buffer.from('fuzz:fuzz-password').toString('base64')}`;

function generateRequest(rng: Rng): EstRequest {
  const csrs = nrf91Halves().first;
  const path = mutateText(rng, [
    '/.well-known/est/simpleenroll',
    '/.well-known/est/cacerts',
    '/.well-known/est/lbl/simpleenroll',
  ]);
  const body = rng() < 0.3 ? b64(mutateBytes(rng, csrs)) : mutateText(rng, csrs.map(b64));
  const headers: Record<string, string> = {
    'content-type': pick(rng, [
      'application/pkcs10',
      'application/pkcs10; charset=x',
      'text/plain',
      mutateText(rng, ['application/pkcs10']),
    ]),
    authorization: pick(rng, [
      GOOD_AUTH,
      'Basic',
      'Bearer x',
      mutateText(rng, [GOOD_AUTH]),
      `Basic ${b64(new Uint8Array(300))}`,
    ]),
  };
  if (rng() < 0.3) headers.origin = mutateText(rng, ['http://127.0.0.1:4173', 'http://localhost:5173']);
  if (rng() < 0.2) headers['access-control-request-headers'] = mutateText(rng, ['authorization, content-type']);
  return {
    method: pick(rng, ['POST', 'POST', 'POST', 'GET', 'OPTIONS', 'HEAD', 'PUT', 'DELETE']),
    // Header values must be Latin-1 without CR/LF or Node refuses to send them: the server never sees those.
    path: encodeURI(path).slice(0, 2000),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/[^\x20-\x7e]/g, '?')])),
    body: b64(new TextEncoder().encode(body)),
  };
}

/** A request the server must always answer with 200: the liveness check after a reset. */
const CACERTS: EstRequest = { method: 'GET', path: '/.well-known/est/cacerts', headers: {}, body: '' };

/** Node's default `--max-http-header-size`. */
const MAX_HEADER_BYTES = 16 * 1024;

function send(base: URL, r: EstRequest, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = fromBase64(r.body) ?? new Uint8Array(0);
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method: r.method,
        path: r.path,
        headers: { ...r.headers, 'content-length': String(body.length) },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(r.method === 'GET' || r.method === 'HEAD' ? undefined : body);
  });
}

export const estServer = defineTarget<{ server: RunningCaServer; base: URL }>({
  name: 'est-server',
  inputs: 1_200,
  capMs: 3_000,
  async setup() {
    const server = await startCaServer({ env: { KEYWIRE_CA_USER: 'fuzz', KEYWIRE_CA_PASSWORD: 'fuzz-password' } });
    return { server, base: new URL(server.url) };
  },
  teardown: (ctx) => ctx.server.stop(),
  generate: (rng) => JSON.stringify(generateRequest(rng)),
  async run(input, ctx) {
    const seen = ctx.server.logs().length;
    const r = JSON.parse(asText(input)) as EstRequest;
    // Node refuses a request whose header block is over its limit (16 kB) with 431 and closes the socket; a client
    // still writing then sees the connection reset. Either is the server refusing the request, not a failure.
    // Likewise a server that refuses a request (bad path, method or credentials) before reading a large body closes
    // the socket while the client still writes: whether the client reads the answer or the reset first depends on
    // timing. That reset counts as a refusal only if the server is still up and answering afterwards.
    const headerBytes = r.path.length + Object.entries(r.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
    const bodyBytes = fromBase64(r.body)?.length ?? 0;
    const status = await send(ctx.base, r, 2_500).catch(async (e: NodeJS.ErrnoException) => {
      const reset = e.code === 'ECONNRESET' || e.code === 'EPIPE';
      if (reset && headerBytes > MAX_HEADER_BYTES) return 431;
      if (reset && bodyBytes > 0) {
        const alive = await send(ctx.base, CACERTS, 2_500);
        invariant(alive === 200, `the server reset a request and then answered ${alive} to GET cacerts`);
        return 400;
      }
      throw e;
    });
    const logged = ctx.server.logs().slice(seen);
    invariant(status >= 200 && status < 500, `the server answered ${status}: ${logged.join(' | ')}`);
    const bad = logged.find((l) => /internal error|ca-server: /.test(l));
    invariant(!bad, `the server logged: ${bad}`);
  },
});
