// `npm start`'s server script as a real process: the URL it prints answers at once, SIGTERM leaves the port free and
// no process behind, a taken port is named with the one picked instead, and bad input is one plain line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const SCRIPT = join(ROOT, 'tools', 'serve.mjs');
let dist = '';

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'keywire-serve-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>KeyWire test build</title>');
});
afterAll(() => rmSync(dist, { recursive: true, force: true }));

function listen(port: number): Promise<Server | null> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(null));
    s.listen(port, '127.0.0.1', () => done(s));
  });
}
const close = (s: Server) => new Promise<void>((r) => s.close(() => r()));

/** A port that is free now, with the next one free too. */
async function freePort(): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const s = await listen(0);
    const port = (s!.address() as { port: number }).port;
    await close(s!);
    const next = await listen(port + 1);
    if (next) {
      await close(next);
      return port;
    }
  }
  throw new Error('no free port pair');
}

function status(url: string): Promise<number> {
  return new Promise((done) =>
    get(url, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    }).on('error', () => done(0)),
  );
}

function headersOf(url: string, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  return new Promise((done, fail) =>
    get(url, { headers }, (res) => {
      res.resume();
      done(res.headers);
    }).on('error', fail),
  );
}

interface Started {
  child: ChildProcess;
  url: string;
  out: () => string;
}

async function start(port: number): Promise<Started> {
  // Detached: the script leads its own process group, so "no child left" is checked on the whole group.
  const child = spawn(process.execPath, [SCRIPT], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), KEYWIRE_DIST: dist },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = /open (http:\/\/\S+) in/.exec(out);
    if (m) return { child, url: m[1]!, out: () => out };
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve.mjs printed no URL (exit ${child.exitCode}): ${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function stopWithSigterm(s: Started): Promise<number | null> {
  const exited = new Promise<number | null>((r) => s.child.once('exit', (code) => r(code)));
  process.kill(s.child.pid!, 'SIGTERM');
  return exited;
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

describe('npm start (tools/serve.mjs)', () => {
  it('prints the URL only once it answers; SIGTERM frees the port and leaves no process', async () => {
    const port = await freePort();
    const s = await start(port);
    expect(s.url).toBe(`http://127.0.0.1:${port}/`);
    expect(await status(s.url)).toBe(200);
    expect(await stopWithSigterm(s)).toBe(0);
    await new Promise((r) => setTimeout(r, 100));
    expect(groupAlive(s.child.pid!)).toBe(false);
    const again = await listen(port);
    expect(again).not.toBeNull();
    await close(again!);
  });

  it('serves the security headers, answers no CORS request and serves no source map', async () => {
    const s = await start(await freePort());
    try {
      const h = await headersOf(s.url, { Origin: 'http://localhost:5555' });
      expect(String(h['content-security-policy'])).toContain("default-src 'self'");
      expect(String(h['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(h['x-content-type-options']).toBe('nosniff');
      expect(h['referrer-policy']).toBe('no-referrer');
      expect(h['access-control-allow-origin']).toBeUndefined();
      expect(await status(`${s.url}assets/index.js.map`)).toBe(404);
    } finally {
      expect(await stopWithSigterm(s)).toBe(0);
    }
  });

  it('says the port is taken and which one it picked instead', async () => {
    const port = await freePort();
    const squatter = await listen(port);
    try {
      const s = await start(port);
      expect(s.out()).toContain(`port ${port} is taken by another program; using port ${port + 1} instead`);
      expect(s.url).toBe(`http://127.0.0.1:${port + 1}/`);
      expect(await status(s.url)).toBe(200);
      expect(await stopWithSigterm(s)).toBe(0);
    } finally {
      await close(squatter!);
    }
  });

  const bad: [string, Record<string, string>, RegExp][] = [
    ['a PORT that is not a port', { PORT: 'http' }, /^KeyWire: PORT must be a port number 1\.\.65535, got "http"\n$/],
    [
      'no built app',
      { KEYWIRE_DIST: '/nonexistent/dist' },
      /^KeyWire: no built app in .*: run "npm run build" first\n$/,
    ],
  ];
  for (const [what, env, line] of bad) {
    it(`answers ${what} with one plain line and a non-zero exit`, () => {
      const r = spawnSync(process.execPath, [SCRIPT], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, KEYWIRE_DIST: dist, PORT: '4173', ...env },
      });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toMatch(line);
      expect(r.stdout).toBe('');
    });
  }
});
