// The emulated STSAFE-A110 on a real serial line: socat gives `tools/emulator.ts stsafe` a pty, the `serialport`
// package opens it as any serial tool would. The factory certificate read from zone 0 in pieces verifies with
// Debian's openssl against the emulated vendor root; a slot-1 key's signature verifies with Node's crypto; a written
// zone survives a restart through --state; a one-shot --se-faults fault shows up on the line.
import { afterAll, describe, expect, it } from 'vitest';
import { createPublicKey, createVerify, createHash } from 'node:crypto';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { fromHex, toBase64, toHex } from '../src/lib/bytes.ts';
import { EMULATED_STSAFE_VENDOR_ROOT_PEM } from '../src/devices/emulator/stsafe/stsafe-factory-pems.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-se-serial-'));
const tty = join(dir, 'ttySE');
const state = join(dir, 'nvm.json');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let seq = 0;

class Line {
  received = '';
  constructor(readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')));
  }

  /** Sends one KWSE request and returns its answer line (sequence number removed). */
  async request(text: string, timeoutMs = 8000): Promise<string> {
    const n = ++seq;
    const start = this.received.length;
    this.port.write(Buffer.from(`${n} ${text}\n`, 'latin1'));
    const answer = new RegExp(`(?:^|\\n)${n} ([^\\r\\n]*)\\r\\n`);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = answer.exec(this.received.slice(start));
      if (m) return m[1]!;
      await sleep(5);
    }
    throw new Error(`no answer to ${text.slice(0, 30)}; got ${JSON.stringify(this.received.slice(start))}`);
  }
}

async function startEmulator(extra = ''): Promise<{ line: Line; stop: () => Promise<void> }> {
  const command = `npx tsx tools/emulator.ts stsafe --state ${state} --key-seed 3${extra ? ` ${extra}` : ''}`;
  const socat: ChildProcess = spawn('socat', [`PTY,link=${tty},raw,echo=0`, `EXEC:${command}`], {
    cwd: join(import.meta.dirname, '..'),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  socat.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  for (let i = 0; i < 200 && !existsSync(tty); i++) await sleep(25);
  if (!existsSync(tty)) throw new Error(`socat made no pty: ${stderr}`);
  const port = new SerialPort({ path: tty, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const line = new Line(port);
  // The emulator process may still be starting: poll with PING until it answers.
  for (let i = 0; i < 60 && !/ OK echo=00\r\n/.test(line.received); i++) {
    port.write('0 PING 00\n');
    await sleep(250);
  }
  if (!/ OK echo=00\r\n/.test(line.received)) throw new Error(`emulator never answered PING: ${stderr}`);
  await sleep(300);
  const stop = async () => {
    await new Promise<void>((resolve) => port.close(() => resolve()));
    socat.kill('SIGTERM');
    await exited;
  };
  return { line, stop };
}

function leftovers(): number[] {
  try {
    return execFileSync('pgrep', ['-f', dir], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

afterAll(() => {
  for (const pid of leftovers()) process.kill(pid, 'SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const field = (answer: string, name: string) => new RegExp(`(?:^| )${name}=(\\S+)`).exec(answer)?.[1] ?? '';
const pem = (der: Uint8Array, label: string) =>
  `-----BEGIN ${label}-----\n${toBase64(der)
    .match(/.{1,64}/g)!
    .join('\n')}\n-----END ${label}-----\n`;

describe('emulated STSAFE-A110 on a pty (socat + serialport)', () => {
  it('identifies, reads the factory certificate openssl verifies, signs with a new key, keeps zones across restarts', async () => {
    const first = await startEmulator();
    const { line } = first;
    expect(await line.request('HELLO 1')).toMatch(/^OK proto=1 /);
    expect(await line.request('ID')).toMatch(/^OK model=STSAFE-A110 serial=0209203A5C1E8B4F71 /);

    // Zone 0 in pieces of at most 256 bytes: the DER header says how long the certificate is.
    const head = fromHex(field(await line.request('ZREAD 0 0 4'), 'data'))!;
    const total = 4 + ((head[2]! << 8) | head[3]!);
    let der = new Uint8Array(0);
    while (der.length < total) {
      const piece = fromHex(
        field(await line.request(`ZREAD 0 ${der.length} ${Math.min(256, total - der.length)}`), 'data'),
      )!;
      der = new Uint8Array([...der, ...piece]);
    }
    writeFileSync(join(dir, 'factory.pem'), pem(der, 'CERTIFICATE'));
    writeFileSync(join(dir, 'root.pem'), EMULATED_STSAFE_VENDOR_ROOT_PEM);
    const verdict = spawnSync('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), join(dir, 'factory.pem')], {
      encoding: 'utf8',
    });
    expect(verdict.status, verdict.stderr).toBe(0);
    expect(verdict.stdout).toContain('factory.pem: OK');

    const made = await line.request('KEYGEN 1 P-384');
    expect(made).toMatch(/^OK slot=1 curve=P-384 pub=04[0-9A-F]{192}$/);
    const point = fromHex(field(made, 'pub'))!;
    const digest = createHash('sha384').update('KeyWire').digest();
    const sig = fromHex(field(await line.request(`SIGN 1 ${toHex(digest, true)}`), 'sig'))!;
    const key = createPublicKey({
      key: {
        kty: 'EC',
        crv: 'P-384',
        x: Buffer.from(point.subarray(1, 49)).toString('base64url'),
        y: Buffer.from(point.subarray(49)).toString('base64url'),
      },
      format: 'jwk',
    });
    const verifier = createVerify('sha384').update('KeyWire');
    expect(verifier.verify({ key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);

    expect(await line.request('ZWRITE 2 0 0A0B0C')).toBe('OK n=3');
    await first.stop();

    const second = await startEmulator('--se-faults sign-refused');
    expect(await second.line.request('ZREAD 2 0 4')).toBe('OK data=0A0B0CFF');
    expect(await second.line.request('PUBKEY 1')).toBe(made);
    expect(await second.line.request(`SIGN 1 ${toHex(digest, true)}`)).toMatch(/^ERR CHIP 1E/);
    await second.stop();
    await sleep(200);
    expect(leftovers()).toEqual([]);
  }, 40_000);
});
