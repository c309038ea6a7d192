#!/usr/bin/env node
// `npm start`: serves the built app (dist/) on loopback and prints its URL once the server answers. The emulated
// boards ship inside the app. Vite's preview server runs in this process, so there is no child to leave behind:
// Ctrl-C or SIGTERM closes it and the port is free when the process ends. When the port is taken, says so and
// which port it picked instead.
//   PORT=4173 (default)   preferred port        KEYWIRE_DIST=dist (default)   what to serve
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { preview } from 'vite';
import { parseCaOrigins, securityHeaders } from './security-headers.mjs';

const HOST = '127.0.0.1';
const say = (line) => process.stdout.write(`${line}\n`);
const fail = (line, code = 1) => {
  process.stderr.write(`KeyWire: ${line}\n`);
  process.exit(code);
};

const wanted = process.env.PORT ?? '4173';
if (!/^\d+$/.test(wanted) || Number(wanted) < 1 || Number(wanted) > 65535)
  fail(`PORT must be a port number 1..65535, got "${wanted}"`, 2);
const dist = resolve(process.env.KEYWIRE_DIST ?? 'dist');
if (!existsSync(resolve(dist, 'index.html'))) fail(`no built app in ${dist}: run "npm run build" first`);

/** Resolves true when nothing listens on HOST:port. */
const portFree = (port) =>
  new Promise((done) => {
    const probe = createServer();
    probe.once('error', () => done(false));
    probe.listen(port, HOST, () => probe.close(() => done(true)));
  });

async function pickPort(first) {
  for (let port = first; port < Math.min(first + 20, 65536); port++) if (await portFree(port)) return port;
  return null;
}

/** Resolves when GET / answers 200 (or rejects after a few seconds). */
async function answers(url) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const status = await new Promise((done) =>
      get(url, (res) => {
        res.resume();
        done(res.statusCode);
      }).on('error', () => done(0)),
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${url} answered ${status || 'nothing'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The same security headers as `vite preview` (tools/vite-security-plugin.ts), no CORS, no source maps (the build
// makes none): KEYWIRE_CA_ORIGINS adds the operator's CA origins to connect-src.
const caOrigins = parseCaOrigins(process.env.KEYWIRE_CA_ORIGINS);
if (caOrigins.errors.length) fail(`KEYWIRE_CA_ORIGINS: ${caOrigins.errors.join('; ')}`, 2);
const headers = securityHeaders({ caOrigins: caOrigins.origins });
const headersPlugin = {
  name: 'keywire-security-headers',
  configurePreviewServer(server) {
    server.middlewares.use((req, res, next) => {
      if (req.url && /\.map(\?|$)/.test(req.url)) {
        res.statusCode = 404;
        res.end();
        return;
      }
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      next();
    });
  },
};

const first = Number(wanted);
const port = await pickPort(first);
if (port === null) fail(`ports ${first} to ${first + 19} are all taken: stop another server or set PORT`);
if (port !== first) say(`KeyWire: port ${first} is taken by another program; using port ${port} instead.`);

let server;
try {
  server = await preview({
    configFile: false,
    logLevel: 'silent',
    build: { outDir: dist },
    plugins: [headersPlugin],
    preview: { host: HOST, port, strictPort: true, cors: false },
  });
} catch (e) {
  fail(`could not serve on ${HOST}:${port}: ${e instanceof Error ? e.message : String(e)}`);
}

let stopping = false;
const stop = (why) => {
  if (stopping) return;
  stopping = true;
  say(`\nKeyWire: stopping (${why}).`);
  server.httpServer.closeAllConnections?.();
  // Give the server a moment to close; never hang on a stuck connection.
  setTimeout(() => process.exit(0), 2_000).unref();
  server.close().then(
    () => process.exit(0),
    () => process.exit(0),
  );
};
// Vite's own SIGTERM handler exits without a word; this script owns the signals.
process.removeAllListeners('SIGTERM');
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(signal));

const url = `http://${HOST}:${port}/`;
try {
  await answers(url);
} catch (e) {
  process.stderr.write(`KeyWire: the server started but ${e.message}\n`);
  stop('not answering');
}
if (!stopping) {
  say(`\nKeyWire: open ${url} in Chrome, Edge or Opera (emulated boards need no hardware).`);
  if (port !== 4173)
    say(`  The lab EST server allows port 4173 by default: start it with --origin http://${HOST}:${port}`);
  say('  Ctrl-C stops the server.\n');
}
