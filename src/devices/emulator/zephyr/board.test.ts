// The emulated Zephyr board byte for byte: the prompt, echo and colours, the shell core's refusals and line buffer,
// the TLS credentials shell exactly as Zephyr's tls_credentials_shell.c answers (driven the way Nordic's
// nrfcredstore drives it), nrf_cloud_cred with a real P-256 key in the emulated PSA store, the two backends across
// a reboot, log lines, and the fault hooks.
import { createHash, createPublicKey, verify } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { fromBase64, toArrayBuffer } from '../../../lib/bytes.ts';
import { AMAZON_ROOT_CA_1_PEM } from '../../../pki/public-roots.ts';
import { logTimestamp } from './board.ts';
import { MemoryFlashStore } from '../flash-store.ts';
import { answerLines, PROMPT_BYTES, terminal } from './testing.ts';

const RED = '\x1b[1;31m';
const YELLOW = '\x1b[1;33m';
const RESET = '\x1b[m';

/** What nrfcredstore sends for a PEM: base64 of the whole text in 48-character chunks. */
function chunks(pem: string): string[] {
  const b64 = Buffer.from(pem, 'utf8').toString('base64');
  return b64.match(/.{1,48}/g)!;
}

const digestOf = (bytes: Buffer) => createHash('sha256').update(bytes).digest('base64');

describe('emulated Zephyr board: the shell', () => {
  it('boots with the banner, a log line and the coloured prompt', () => {
    const t = terminal();
    const boot = t.take();
    expect(boot).toMatch(
      /^\*\*\* Booting nRF Connect SDK v2\.9\.0 \*\*\*\r\n\*\*\* Using Zephyr OS v3\.7\.99 \*\*\*\r\n/,
    );
    expect(boot).toMatch(/\[00:00:00\.\d{3},\d{3}\] <inf> main: KeyWire emulated nrf7002dk\/nrf5340\/cpuapp\r\n/);
    expect(boot.endsWith(PROMPT_BYTES)).toBe(true);
  });

  it('echoes the command, answers kernel version and hwinfo devid as Zephyr prints them', async () => {
    const t = terminal();
    expect(await t.type('kernel version')).toBe(`kernel version\r\nZephyr version 3.7.99\r\n${PROMPT_BYTES}`);
    expect(answerLines(await t.type('hwinfo devid'))).toEqual(['Length: 8', 'ID: 0xa1b2c3d4e5f60718']);
  });

  it.each([['\r'], ['\n'], ['\r\n']])('runs a line ended by %j once', async (terminator) => {
    const t = terminal();
    const out = await t.type('kernel version', terminator);
    expect(out.match(/Zephyr version/g)).toHaveLength(1);
  });

  it('answers the shell core refusals in red', async () => {
    const t = terminal();
    expect(await t.type('wifi status')).toBe(`wifi status\r\n${RED}wifi: command not found${RESET}\r\n${PROMPT_BYTES}`);
    expect(answerLines(await t.type('cred add 1 CA'))).toEqual(['add: wrong parameter count']);
    expect(answerLines(await t.type('cred'))).toEqual(['Please specify a subcommand.']);
    expect(answerLines(await t.type('cred frob'))).toEqual(['frob: command not found']);
  });

  it('keeps at most CONFIG_SHELL_CMD_BUFF_SIZE - 1 characters of a line: the rest is neither echoed nor run', async () => {
    const t = terminal();
    const long = `cred buf ${'QUJD'.repeat(70)}`;
    const out = await t.type(long);
    expect(out.split('\r\n')[0]).toBe(long.slice(0, 255));
    expect(answerLines(out)).toEqual([`Stored ${255 - 'cred buf '.length} bytes.`]);
  });

  it('prints a log message around the typed line: erase, log, prompt, typed text', () => {
    const t = terminal();
    t.board.receive(new TextEncoder().encode('cred li'));
    t.take();
    t.board.log('inf', 'wifi_mgmt', 'Connected');
    expect(t.take()).toMatch(
      /^\x1b\[15D\x1b\[J\[\d\d:\d\d:\d\d\.\d{3},\d{3}\] <inf> wifi_mgmt: Connected\r\n\x1b\[1;32muart:~\$ \x1b\[mcred li$/,
    );
  });

  it('with chatter, prints a log line in the middle of a longer answer', async () => {
    const t = terminal('nrf7002dk-a', { chatter: true });
    const lines = answerLines(await t.type('hwinfo devid'));
    expect(lines[0]).toBe('Length: 8');
    expect(lines[1]).toMatch(/^\[.*\] <inf> wifi_mgmt: /);
    expect(lines[2]).toBe('ID: 0xa1b2c3d4e5f60718');
  });

  it('formats log timestamps as [hh:mm:ss.mmm,uuu]', () => {
    expect(logTimestamp(12_345.678)).toBe('00:00:12.345,678');
    expect(logTimestamp(3_723_004.005)).toBe('01:02:03.004,005');
  });
});

describe('emulated Zephyr board: cred, byte for byte', () => {
  it('stores a PEM sent as nrfcredstore sends it and lists its digest over the PEM and its NUL', async () => {
    const t = terminal();
    expect(answerLines(await t.type('cred buf clear'))).toEqual([]);
    for (const chunk of chunks(AMAZON_ROOT_CA_1_PEM))
      expect(answerLines(await t.type(`cred buf ${chunk}`))).toEqual([`Stored ${chunk.length} bytes.`]);
    const length = Buffer.byteLength(AMAZON_ROOT_CA_1_PEM) + 1;
    expect(answerLines(await t.type('cred add 42 CA DEFAULT bint'))).toEqual([
      `Added TLS credential of type CA_CERT, sectag 42, and length ${length} bytes.`,
      'Credential buffer cleared.',
    ]);
    const digest = digestOf(Buffer.concat([Buffer.from(AMAZON_ROOT_CA_1_PEM), Buffer.from([0])]));
    expect(answerLines(await t.type('cred list 42 CA'))).toEqual([`42,CA,${digest},0`, '1 credentials found.']);
    expect(answerLines(await t.type('cred list any serv'))).toEqual(['0 credentials found.']);
  });

  it('gives the content back with cred get in 32-character base64 lines, without the NUL for bint', async () => {
    const t = terminal();
    const b64 = Buffer.from('hello zephyr, this is a credential').toString('base64');
    await t.type(`cred add 7 SERV DEFAULT bin ${b64}`);
    const lines = answerLines(await t.type('cred get 7 CLIENT_CERT bin'));
    expect(lines.at(-1)).toBe('Credential buffer cleared.');
    const body = lines.slice(0, -1);
    expect(body.every((l) => l.length <= 32)).toBe(true);
    expect(Buffer.from(body.join(''), 'base64').toString()).toBe('hello zephyr, this is a credential');
    expect(answerLines(await t.type('cred get 7 SERV bint'))).toEqual([
      "The stored credential isn't NULL-terminated, but a NULL-terminated format was specified.",
      'Credential buffer cleared.',
    ]);
  });

  it('never overwrites, deletes with the exact wording, and says when nothing is there', async () => {
    const t = terminal();
    await t.type('cred add 9 PK DEFAULT str abc');
    expect(answerLines(await t.type('cred add 9 private_key DEFAULT str xyz'))).toEqual([
      'Stored 3 bytes.',
      'TLS credential with sectag 9 and type PRIVATE_KEY already exists.',
      'Credential buffer cleared.',
    ]);
    expect(answerLines(await t.type('cred del 9 PK'))).toEqual([
      'Deleted TLS credential with sectag 9 and type PRIVATE_KEY.',
    ]);
    const again = await t.type('cred del 9 PK');
    expect(again).toContain(`${RED}There is no TLS credential with sectag 9 and type PRIVATE_KEY.${RESET}`);
  });

  it('refuses bad arguments with the shell module’s messages', async () => {
    const t = terminal();
    expect(answerLines(await t.type('cred add x CA DEFAULT bint'))).toEqual(['x is not a valid sectag.']);
    expect(answerLines(await t.type('cred add 1 CERT DEFAULT bint'))).toEqual(['CERT is not a valid credential type.']);
    expect(answerLines(await t.type('cred add 1 CA FLASH bint'))).toEqual(['FLASH is not a valid backend.']);
    expect(answerLines(await t.type('cred add 1 CA DEFAULT hex'))).toEqual(['hex is not a valid storage format.']);
    expect(answerLines(await t.type('cred add 1 CA DEFAULT bint'))).toEqual(['Please provide a credential to add.']);
    expect(answerLines(await t.type('cred add 1 CA DEFAULT bint !!!!'))).toEqual([
      'Stored 4 bytes.',
      'Could not decode input from base64, error: -22',
      'Credential buffer cleared.',
    ]);
  });

  it('volatile backend: warns about the heap copy and loses the credential at a reboot', async () => {
    const t = terminal('nrf7002dk-volatile');
    const added = await t.type('cred add 5 CA DEFAULT bint QUJD');
    expect(added).toContain(
      `${YELLOW}Credential has been copied to heap. Memory will be leaked if this credential is deleted without using the shell.${RESET}`,
    );
    t.board.receive(new TextEncoder().encode('kernel reboot cold\r'));
    await new Promise((r) => setTimeout(r, 10));
    expect(t.take()).toContain('*** Booting nRF Connect SDK');
    expect(answerLines(await t.type('cred list'))).toEqual(['0 credentials found.']);
  });

  it('persistent backend: the credential is there after a reboot and on a new board object on the same flash', async () => {
    const flash = new MemoryFlashStore();
    const t = terminal('nrf7002dk-a', { flash });
    await t.type('cred add 5 CA DEFAULT bint QUJD');
    t.board.reset();
    expect(answerLines(await t.type('cred list'))[1]).toBe('1 credentials found.');
    const again = terminal('nrf7002dk-a', { flash });
    expect(answerLines(await again.type('cred list 5'))).toHaveLength(2);
  });
});

describe('emulated Zephyr board: nrf_cloud_cred and PSA', () => {
  it('makes a key once, a CSR signed by it (checked by pkijs and node), and a public key equal to the CSR’s', async () => {
    const t = terminal();
    expect(answerLines(await t.type('nrf_cloud_cred keygen 42'))).toEqual(['Generated device key in sec tag 42']);
    expect(answerLines(await t.type('nrf_cloud_cred keygen 42'))[0]).toMatch(
      /^Key already exists.*nrf_cloud_cred delete 42/,
    );
    const csrLines = answerLines(await t.type('nrf_cloud_cred csr 42 CN=test'));
    expect(csrLines[1]).toBe('CSR generation complete');
    const der = fromBase64(csrLines[0]!.replace(/^CSR: /, ''))!;
    const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(der));
    expect(await csr.verify()).toBe(true);
    expect((csr.subject.typesAndValues[0]!.value.valueBlock as { value: string }).value).toBe('test');
    const pub = answerLines(await t.type('nrf_cloud_cred pubkey 42'));
    expect(pub[1]).toBe('Public key export complete');
    const point = Buffer.from(pub[0]!.replace(/^PUBKEY: /, ''), 'base64');
    expect(point).toHaveLength(65);
    const spki = Buffer.from(csr.subjectPublicKeyInfo.toSchema().toBER());
    expect(createPublicKey({ key: spki, format: 'der', type: 'spki' }).export({ format: 'jwk' })).toEqual(
      createPublicKey({
        key: {
          kty: 'EC',
          crv: 'P-256',
          x: point.subarray(1, 33).toString('base64url'),
          y: point.subarray(33).toString('base64url'),
        },
        format: 'jwk',
      }).export({ format: 'jwk' }),
    );
    const outer = asn1js.fromBER(toArrayBuffer(der)).result as asn1js.Sequence;
    const tbs = Buffer.from(outer.valueBlock.value[0]!.valueBeforeDecodeView);
    const sig = Buffer.from(csr.signatureValue.valueBlock.valueHexView);
    expect(verify('sha256', tbs, createPublicKey({ key: spki, format: 'der', type: 'spki' }), sig)).toBe(true);
  });

  it('uses the nRF Cloud sec tag and CN = the hardware id without arguments', async () => {
    const t = terminal();
    expect(answerLines(await t.type('nrf_cloud_cred keygen'))).toEqual(['Generated device key in sec tag 16842753']);
    const line = answerLines(await t.type('nrf_cloud_cred csr'))[0]!;
    const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(fromBase64(line.slice(5))!));
    expect((csr.subject.typesAndValues[0]!.value.valueBlock as { value: string }).value).toBe('a1b2c3d4e5f60718');
  });

  it('keeps the PSA key across a reboot even with the volatile credential backend; delete removes it', async () => {
    const t = terminal('nrf7002dk-volatile');
    await t.type('nrf_cloud_cred keygen 3');
    const before = answerLines(await t.type('nrf_cloud_cred pubkey 3'))[0];
    t.board.reset();
    expect(answerLines(await t.type('nrf_cloud_cred pubkey 3'))[0]).toBe(before);
    expect(answerLines(await t.type('nrf_cloud_cred delete 3'))).toEqual(['Deleted device key in sec tag 3']);
    expect(answerLines(await t.type('nrf_cloud_cred csr 3'))[0]).toMatch(/^No device key in sec tag 3/);
  });

  it('has no pubkey command when the firmware does not enable KEYGEN_VERIFY', async () => {
    const t = terminal('nrf7002dk-nopubkey');
    expect(answerLines(await t.type('nrf_cloud_cred pubkey 1'))).toEqual(['pubkey: command not found']);
  });
});

describe('emulated Zephyr board: faults', () => {
  it('a flash that refuses a write fails the command and keeps the store as it was', async () => {
    const flash = new MemoryFlashStore();
    const t = terminal('nrf7002dk-a', { flash });
    flash.save = () => {
      throw new Error('quota exceeded');
    };
    const out = await t.type('cred add 5 CA DEFAULT bint QUJD');
    expect(answerLines(out)).toEqual([
      'Stored 4 bytes.',
      'Failed to add TLS credential with sectag 5 and type CA_CERT. Error: -5',
      '.',
      'Credential buffer cleared.',
    ]);
    expect(answerLines(await t.type('cred list'))).toEqual(['0 credentials found.']);
    expect(answerLines(await t.type('nrf_cloud_cred keygen 1'))[0]).toBe('Command failed: Error: quota exceeded');
    expect(answerLines(await t.type('nrf_cloud_cred pubkey 1'))[0]).toMatch(/^No device key in sec tag 1/);
  });

  it('a reset between cred buf chunks loses the buffer: add then finds nothing to add', async () => {
    const t = terminal();
    await t.type('cred buf QUJD');
    expect(t.board.credentialBuffer).toBe('QUJD');
    t.board.beforeCommand = () => ({ kind: 'reset' });
    t.board.receive(new TextEncoder().encode('cred buf REVG\r'));
    t.board.beforeCommand = () => null;
    await new Promise((r) => setTimeout(r, 5));
    expect(t.take()).toContain('*** Booting');
    expect(t.board.credentialBuffer).toBe('');
    expect(answerLines(await t.type('cred add 1 CA DEFAULT bint'))).toEqual(['Please provide a credential to add.']);
  });

  it('a stall holds the answer; an unplug fault is handed to the owner', async () => {
    const t = terminal();
    let unplugged = false;
    t.board.onUnplugFault = () => (unplugged = true);
    t.board.beforeCommand = () => ({ kind: 'stall', ms: 60 });
    const started = Date.now();
    await t.type('kernel version');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    t.board.beforeCommand = () => ({ kind: 'unplug' });
    t.board.receive(new TextEncoder().encode('kernel version\r'));
    await new Promise((r) => setTimeout(r, 5));
    expect(unplugged).toBe(true);
  });
});
