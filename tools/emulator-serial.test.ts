// The emulator on a real serial line: socat gives `tools/emulator.ts` a pty, the `serialport` package opens it as
// any serial tool would, and Debian's openssl checks the CSR. Also: the written certificate's listed SHA, and the
// --state file keeping the credential across a restart.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64, toHex } from '../src/lib/bytes.ts';
import { decodeCoseSign1, decodeKeygenPayload, splitDottedPayload } from '../src/pki/nrf91-cose.ts';
import { NRF91_FACTORY_BOARDS } from '../src/devices/emulator/nrf91/nrf91-factory.ts';
import { EMULATED_NORDIC_IDENTITY_ROOT_PEM } from '../src/devices/emulator/nrf91/nrf91-factory-pems.ts';

const dir = mkdtempSync(join(tmpdir(), 'kw-serial-'));
const tty = join(dir, 'ttyKW');
const state = join(dir, 'flash.json');
const FINAL = /(?:^|\n)(OK|ERROR|\+CME ERROR: \d+)\r\n$/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Line {
  received = '';
  constructor(readonly port: SerialPort) {
    port.on('data', (chunk: Buffer) => (this.received += chunk.toString('latin1')));
  }

  async at(command: string, timeoutMs = 8000): Promise<string> {
    const start = this.received.length;
    this.port.write(Buffer.from(`${command}\r`, 'latin1'));
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const answer = this.received.slice(start);
      if (FINAL.test(answer)) return answer;
      await sleep(5);
    }
    throw new Error(`no final result for ${command.slice(0, 30)}; got ${JSON.stringify(this.received.slice(start))}`);
  }
}

async function startEmulator(): Promise<{ socat: ChildProcess; line: Line; stop: () => Promise<void> }> {
  const command = `npx tsx tools/emulator.ts nrf91 --state ${state} --keygen-ms 50`;
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
  const line = new Line(port);
  // The emulator process may still be starting: poll with AT until it answers.
  for (let i = 0; i < 60 && !/\bOK\r\n/.test(line.received); i++) {
    port.write('AT\r');
    await sleep(250);
  }
  if (!/\bOK\r\n/.test(line.received)) throw new Error(`emulator never answered AT: ${stderr}`);
  await sleep(300);
  const stop = async () => {
    await new Promise<void>((resolve) => port.close(() => resolve()));
    socat.kill('SIGTERM');
    await exited;
  };
  return { socat, line, stop };
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

describe('emulated nRF9160 on a pty (socat + serialport)', () => {
  it('gives the IMEI, a CSR openssl verifies, an exact SHA for a written certificate, and keeps flash across restarts', async () => {
    const imei = NRF91_FACTORY_BOARDS[0]!.imei;
    const first = await startEmulator();
    const { line } = first;
    expect(await line.at('AT+CGSN')).toBe(`${imei}\r\nOK\r\n`);
    expect(await line.at('AT+CFUN=4')).toBe('OK\r\n');

    const keygen = await line.at('AT%KEYGEN=1000,2,0');
    const m = /^%KEYGEN: "([^"]+)"\r\nOK\r\n$/.exec(keygen);
    expect(m, keygen).not.toBeNull();
    const { first: csr, cose } = splitDottedPayload(m![1]!)!;
    const csrPem = `-----BEGIN CERTIFICATE REQUEST-----\n${toBase64(csr)
      .match(/.{1,64}/g)!
      .join('\n')}\n-----END CERTIFICATE REQUEST-----\n`;
    writeFileSync(join(dir, 'csr.pem'), csrPem);
    const verdict = spawnSync('openssl', ['req', '-in', join(dir, 'csr.pem'), '-verify', '-noout', '-text'], {
      encoding: 'utf8',
    });
    expect(verdict.status, verdict.stderr).toBe(0);
    expect(verdict.stderr + verdict.stdout).toMatch(/verify OK/);
    expect(verdict.stdout).toContain(`CN = ${NRF91_FACTORY_BOARDS[0]!.deviceUuid}`);
    expect(verdict.stdout).toMatch(
      /Key Usage:\s*\n\s*Digital Signature, Non Repudiation, Key Encipherment, Key Agreement/,
    );
    const payload = decodeKeygenPayload(decodeCoseSign1(cose)!.payload!)!;
    expect(toHex(payload.digest)).toBe(toHex(sha256(csr)));
    expect(payload.secTag).toBe(1000);

    const cert = EMULATED_NORDIC_IDENTITY_ROOT_PEM;
    expect(await line.at(`AT%CMNG=0,1000,0,"${cert}"`)).toBe('OK\r\n');
    const want = toHex(sha256(Buffer.from(cert, 'latin1')), true);
    expect(await line.at('AT%CMNG=1,1000,0')).toBe(`%CMNG: 1000,0,"${want}"\r\nOK\r\n`);
    await first.stop();

    const second = await startEmulator();
    const listed = await second.line.at('AT%CMNG=1,1000');
    expect(listed).toContain(`%CMNG: 1000,0,"${want}"\r\n`);
    expect(listed).toMatch(/%CMNG: 1000,2,"[0-9A-F]{64}"\r\n/);
    await second.stop();
    await sleep(200);
    expect(leftovers()).toEqual([]);
  }, 30_000);
});
