// Node-only test support (never imported by the app): a broker's server chain made with Debian's openssl at test
// time (root -> intermediate -> server leaf for a host name, serverAuth), served by `openssl s_server` on loopback
// and captured with `openssl s_client -showcerts`, so tests paste exactly what a support engineer would.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { CA_EXT, OpensslLab, type Issued } from '../../pki/openssl-fixtures.ts';

export interface ServerChain {
  readonly root: Issued;
  readonly intermediate: Issued;
  readonly leaf: Issued;
  readonly host: string;
}

const SERVER_EXT = (host: string) => [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature',
  'extendedKeyUsage=serverAuth',
  `subjectAltName=DNS:${host}`,
  'subjectKeyIdentifier=hash',
  'authorityKeyIdentifier=keyid',
];

export function makeServerChain(lab: OpensslLab, name: string, host: string): ServerChain {
  const root = lab.root(`${name}-root`, { cn: `${name} Test Root CA` });
  const intermediate = lab.issue(`${name}-int`, root, { cn: `${name} Test Issuing CA`, ext: CA_EXT(0) });
  const leaf = lab.issue(`${name}-leaf`, intermediate, { cn: host, ext: SERVER_EXT(host) });
  return { root, intermediate, leaf, host };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Serves the chain (leaf + intermediate) with s_server and returns what `s_client -showcerts` printed. */
export async function sClientShowcerts(lab: OpensslLab, chain: ServerChain): Promise<string> {
  const port = await freePort();
  const server = spawn(
    'openssl',
    [
      's_server',
      '-accept',
      `127.0.0.1:${port}`,
      '-cert',
      chain.leaf.certPath,
      '-key',
      chain.leaf.keyPath,
      '-cert_chain',
      chain.intermediate.certPath,
      '-naccept',
      '1',
    ],
    { cwd: lab.dir, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  try {
    // s_server prints ACCEPT once it listens. (Probing the port by binding it raced s_server's own bind: when the
    // probe held the port at that moment, s_server exited with "address in use" and never started.)
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`s_server did not start within 30 s: ${out}`)), 30_000);
      server.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('ACCEPT')) {
          clearTimeout(timer);
          resolve();
        }
      });
      server.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`s_server exited (${code}) before it listened: ${out}`));
      });
    });
    const client = spawnSync(
      'openssl',
      ['s_client', '-showcerts', '-connect', `127.0.0.1:${port}`, '-servername', chain.host],
      { cwd: lab.dir, input: '', encoding: 'utf8', timeout: 15_000 },
    );
    const out = `${client.stdout}`;
    if (!out.includes('BEGIN CERTIFICATE')) throw new Error(`s_client printed no certificate: ${client.stderr}`);
    return out;
  } finally {
    server.kill();
  }
}
