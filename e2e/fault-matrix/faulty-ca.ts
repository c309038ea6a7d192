// A loopback HTTP server in front of a real `npm run ca-server` (tools/ca-server-testing.ts) that breaks the next
// enrollment on purpose: it answers POST …/simpleenroll once with 500, with 401 + a Basic challenge, never (the
// client's time limit must end the wait), or with 200 and bytes that are not a PKCS#7 certificate. Every other
// request (CA certificates, CORS preflights, the enrollment after the fault) goes to the real server unchanged, so
// the app meets a real CA that misbehaves once.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RunningCaServer } from '../../tools/ca-server-testing.ts';

export type CaFault = 'status-500' | 'status-401' | 'timeout' | 'garbage';

export interface FaultyCa extends Pick<RunningCaServer, 'rootFingerprint' | 'issuingFingerprint'> {
  /** Base EST URL of the faulty server, e.g. http://127.0.0.1:41234/.well-known/est */
  readonly url: string;
  /** Arms the fault for the next enrollment request. */
  arm(fault: CaFault): void;
  /** How many enrollments met the fault. */
  readonly faulted: number;
  stop(): Promise<void>;
}

export async function startFaultyCa(upstream: RunningCaServer): Promise<FaultyCa> {
  const target = new URL(upstream.url);
  let armed: CaFault | null = null;
  let faulted = 0;
  const held = new Set<ServerResponse>();

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const out = request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    const fault = req.method === 'POST' && req.url?.endsWith('/simpleenroll') ? armed : null;
    if (!fault) return forward(req, res);
    armed = null;
    faulted++;
    const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', Vary: 'Origin' };
    req.resume();
    if (fault === 'timeout') {
      held.add(res);
      return;
    }
    if (fault === 'status-500') {
      res.writeHead(500, { ...cors, 'Content-Type': 'text/plain' }).end('internal error: signer offline');
    } else if (fault === 'status-401') {
      res
        .writeHead(401, { ...cors, 'WWW-Authenticate': 'Basic realm="est"', 'Content-Type': 'text/plain' })
        .end('authentication required');
    } else {
      res
        .writeHead(200, { ...cors, 'Content-Type': 'application/pkcs7-mime; smime-type=certs-only' })
        .end('MIIB this is not base64 DER at all \u0000\u00ff<script>alert(1)</script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${target.pathname}`,
    rootFingerprint: upstream.rootFingerprint,
    issuingFingerprint: upstream.issuingFingerprint,
    arm: (fault) => void (armed = fault),
    get faulted() {
      return faulted;
    },
    async stop() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
