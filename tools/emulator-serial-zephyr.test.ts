// The emulated Zephyr board on a real serial line: socat gives `tools/emulator.ts zephyr` a pty, the `serialport`
// package opens it as Nordic's scripts (nrfcredstore, nrfcloud-utils) do, and every answer is checked byte for byte
// with Nordic's TLS credentials shell conventions: the echo, `Stored`, `Added TLS credential`, the `cred list`
// digest over PEM + NUL, `Deleted TLS credential`, `There is no TLS credential`, `<N> credentials found.`. The key
// made by `nrf_cloud_cred keygen` gives a CSR openssl verifies, `--state` keeps the persistent store (and the PSA
// key) across a restart, and `--backend volatile` loses the credential when the board reboots.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64 } from '../src/lib/bytes.ts';
import { AMAZON_ROOT_CA_1_PEM } from '../src/pki/public-roots.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-zephyr-serial-'));
const state = join(dir, 'flash.json');
const PROMPT = '\x1b[1;32muart:~$ \x1b[m';
const RED = (text: string) => `\x1b[1;31m${text}\x1b[m`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Terminal {
  received = '';
  constructor(readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')));
  }

  /** Types `command` + CR; resolves with everything after the echo up to (not including) the next prompt. */
  async run(command: string, timeoutMs = 8000): Promise<string> {
    const start = this.received.length;
    this.port.write(Buffer.from(`${command}\r`, 'latin1'));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const seen = this.received.slice(start);
      if (seen.startsWith(`${command}\r\n`) && seen.endsWith(PROMPT))
        return seen.slice(command.length + 2, -PROMPT.length);
      await sleep(5);
    }
    throw new Error(`no prompt after ${command.slice(0, 30)}; got ${JSON.stringify(this.received.slice(start))}`);
  }
}

async function startEmulator(name: string, ...flags: string[]) {
  const tty = join(dir, name);
  const command = ['npx tsx tools/emulator.ts zephyr --state', state, '--keygen-ms 50', ...flags].join(' ');
  const socat = spawn('socat', [`PTY,link=${tty},raw,echo=0`, `EXEC:${command}`], {
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
  const term = new Terminal(port);
  // The emulator process may still be starting: an empty line answers with the prompt once it runs.
  for (let i = 0; i < 60 && !term.received.includes(PROMPT); i++) {
    port.write('\r');
    await sleep(250);
  }
  if (!term.received.includes(PROMPT)) throw new Error(`emulator never showed its prompt: ${stderr}`);
  await sleep(300);
  const stop = async () => {
    await new Promise<void>((resolve) => port.close(() => resolve()));
    socat.kill('SIGTERM');
    await exited;
  };
  return { term, stop };
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

/** nrfcredstore's way: the PEM as base64 in 48-character `cred buf` chunks. */
const chunks = (pem: string) => toBase64(new TextEncoder().encode(pem)).match(/.{1,48}/g)!;

describe('emulated nRF7002 DK (Zephyr shell) on a pty (socat + serialport)', () => {
  it('answers the TLS credentials shell byte for byte, makes a CSR openssl verifies, and keeps flash across restarts', async () => {
    const first = await startEmulator('ttyZ1');
    const { term } = first;
    expect(await term.run('hwinfo devid')).toBe('Length: 8\r\nID: 0xa1b2c3d4e5f60718\r\n');
    expect(await term.run('cred list')).toBe('0 credentials found.\r\n');

    expect(await term.run('cred buf clear')).toBe('');
    for (const chunk of chunks(AMAZON_ROOT_CA_1_PEM))
      expect(await term.run(`cred buf ${chunk}`)).toBe(`Stored ${chunk.length} bytes.\r\n`);
    const stored = new TextEncoder().encode(`${AMAZON_ROOT_CA_1_PEM}\0`);
    expect(await term.run('cred add 42 CA DEFAULT bint')).toBe(
      `Added TLS credential of type CA_CERT, sectag 42, and length ${stored.length} bytes.\r\n` +
        'Credential buffer cleared.\r\n',
    );
    const digest = toBase64(sha256(stored));
    expect(await term.run('cred list 42 CA')).toBe(`42,CA,${digest},0\r\n1 credentials found.\r\n`);

    expect(await term.run('nrf_cloud_cred keygen 42')).toBe('Generated device key in sec tag 42\r\n');
    const csrAnswer = await term.run('nrf_cloud_cred csr 42');
    const csr = /^CSR: ([A-Za-z0-9+/=]+)\r\nCSR generation complete\r\n$/.exec(csrAnswer);
    expect(csr, csrAnswer).not.toBeNull();
    writeFileSync(
      join(dir, 'csr.pem'),
      `-----BEGIN CERTIFICATE REQUEST-----\n${csr![1]!.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE REQUEST-----\n`,
    );
    const verdict = spawnSync('openssl', ['req', '-in', join(dir, 'csr.pem'), '-verify', '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(verdict.status, verdict.stderr).toBe(0);
    expect(verdict.stderr + verdict.stdout).toMatch(/verify OK/);
    expect(verdict.stdout).toContain('CN = a1b2c3d4e5f60718');
    expect(verdict.stdout).toContain('prime256v1');
    const pubkey = await term.run('nrf_cloud_cred pubkey 42');
    expect(pubkey).toMatch(/^PUBKEY: [A-Za-z0-9+/=]{88}\r\nPublic key export complete\r\n$/);
    await first.stop();

    const second = await startEmulator('ttyZ2');
    expect(await second.term.run('cred list any any')).toBe(`42,CA,${digest},0\r\n1 credentials found.\r\n`);
    expect(await second.term.run('nrf_cloud_cred pubkey 42')).toBe(pubkey); // the PSA key stayed on "flash"
    expect(await second.term.run('cred del 42 CA')).toBe('Deleted TLS credential with sectag 42 and type CA_CERT.\r\n');
    expect(await second.term.run('cred del 42 CA')).toBe(
      `${RED('There is no TLS credential with sectag 42 and type CA_CERT.')}\r\n`,
    );
    expect(await second.term.run('AT')).toBe(`${RED('AT: command not found')}\r\n`);
    await second.stop();
    await sleep(200);
    expect(leftovers()).toEqual([]);
  }, 40_000);

  it('--backend volatile: the credential is gone after `kernel reboot cold`', async () => {
    const { term, stop } = await startEmulator('ttyZ3', '--backend', 'volatile', '--board', 'nrf7002dk-volatile');
    expect(await term.run('cred buf aGVsbG8=')).toBe('Stored 8 bytes.\r\n');
    expect(await term.run('cred add 7 CA DEFAULT bint')).toContain('Added TLS credential of type CA_CERT, sectag 7');
    expect(await term.run('cred list')).toMatch(/^7,CA,[A-Za-z0-9+/=]{44},0\r\n1 credentials found\.\r\n$/);
    const before = term.received.length;
    term.port.write('kernel reboot cold\r');
    for (let i = 0; i < 200 && !term.received.slice(before).includes(`***\r\n`); i++) await sleep(20);
    await sleep(300);
    expect(term.received.slice(before)).toContain('*** Booting nRF Connect SDK v2.9.0 ***');
    expect(await term.run('cred list')).toBe('0 credentials found.\r\n');
    await stop();
  }, 30_000);
});
