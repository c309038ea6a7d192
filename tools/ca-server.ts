// `npm run ca-server`: a lab EST server (RFC 7030) for teams without a CA and for the tests. Loads or creates the CA
// in --dir, listens on loopback by default, and prints its URL and CA fingerprints on stdout (tests read the
// "URL:" line). One log line per request on stderr. Stops cleanly on SIGINT/SIGTERM. Uses the app's src/pki code.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseCaServerArgs, USAGE } from './ca-server-args.ts';
import { colonFingerprint, openServerCa } from './ca-server-store.ts';
import { Issuer } from './ca-server-issue.ts';
import { estHandler } from './ca-server-http.ts';
import { tlsCredentials } from './ca-server-tls.ts';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const parsed = parseCaServerArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    if (parsed.help) process.stdout.write(`${USAGE}\n`);
    else process.stderr.write(`ca-server: ${parsed.error} (--help lists the options)\n`);
    process.exit(parsed.help ? 0 : 2);
  }
  const config = parsed.config;
  let ca;
  try {
    ca = await openServerCa(config.dir, (w) => log(`warning: ${w}`));
  } catch (e) {
    log(`ca-server: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
  const issuer = new Issuer(ca, config.validityDays, config.misissue);
  const handler = estHandler({ config, issuer, log });
  const server: Server = config.tls
    ? createHttpsServer(await tlsCredentials(ca, config.host), handler)
    : createHttpServer(handler);
  server.requestTimeout = 30_000;
  server.on('error', (e: NodeJS.ErrnoException) => {
    const why =
      e.code === 'EADDRINUSE'
        ? `port ${config.port} is in use: stop the other server or pick --port`
        : e.code === 'EADDRNOTAVAIL'
          ? `${config.host} is not an address of this machine`
          : e.message;
    log(`ca-server: ${why}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `${config.tls ? 'https' : 'http'}://${host}:${port}/.well-known/est`;
    const lines = [
      'KeyWire lab EST server (RFC 7030)',
      `  URL:         ${url}`,
      `  CA:          ${ca.dir} (${ca.created ? 'created now' : 'loaded'})`,
      `  root CA:     ${ca.root.subject.text}`,
      `  root SHA-256 fingerprint:    ${colonFingerprint(ca.root.sha256)}`,
      `  issuing CA:  ${ca.issuing.subject.text}`,
      `  issuing SHA-256 fingerprint: ${colonFingerprint(ca.issuing.sha256)}`,
      `  CORS:        ${config.origins.join(', ')}`,
      `  auth:        ${config.auth ? `HTTP Basic on simpleenroll (user ${config.auth.user})` : 'none'}`,
      `  issues:      ${config.validityDays}-day clientAuth certificates, subject taken from the CSR`,
      ...(config.pending
        ? [`  pending:     first ${config.pending} tries of each CSR get 202, Retry-After ${config.retryAfter}`]
        : []),
      ...(config.tls ? [`  TLS:         clients must trust ${ca.dir}/root.pem`] : []),
      ...config.warnings.map((w) => `  WARNING:     ${w}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  const stop = (signal: string) => {
    log(`ca-server: stopping (${signal})`);
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  log(`ca-server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
