// Test support (Node only, never bundled): starts `tools/ca-server.ts` as a real process on a free loopback port
// (--port 0; the URL is read from its start-up banner) with a CA in a fresh temp directory, and stops it again.
// Used by tools/ca-server.test.ts, the src/ca client tests and e2e/ca.spec.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

export interface RunningCaServer {
  /** Base EST URL, e.g. http://127.0.0.1:41234/.well-known/est */
  readonly url: string;
  readonly dir: string;
  /** Colon-separated SHA-256 fingerprints from the banner. */
  readonly rootFingerprint: string;
  readonly issuingFingerprint: string;
  readonly banner: string;
  /** Log lines so far (stderr). */
  logs(): string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** Reuse a CA directory (default: a new temp directory, removed on stop). */
  readonly dir?: string;
  readonly timeoutMs?: number;
}

export async function startCaServer(o: StartOptions = {}): Promise<RunningCaServer> {
  const tmp = o.dir ? null : mkdtempSync(join(tmpdir(), 'keywire-est-'));
  const dir = o.dir ?? join(tmp!, 'ca');
  const child: ChildProcess = spawn(
    join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['tools/ca-server.ts', '--port', '0', '--dir', dir, ...(o.args ?? [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...(o.env ?? {}) } },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + (o.timeoutMs ?? 20_000);
  while (!/URL:\s+\S+/.test(out) || !/issuing SHA-256 fingerprint:/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGTERM');
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      throw new Error(`ca-server did not start (exit ${child.exitCode}): ${out}${err}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const pick = (re: RegExp) => re.exec(out)?.[1] ?? '';
  return {
    url: pick(/URL:\s+(\S+)/),
    dir,
    rootFingerprint: pick(/root SHA-256 fingerprint:\s+(\S+)/),
    issuingFingerprint: pick(/issuing SHA-256 fingerprint:\s+(\S+)/),
    banner: out,
    logs: () => err.split('\n').filter(Boolean),
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    },
  };
}
