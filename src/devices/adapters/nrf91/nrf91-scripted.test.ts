// The nRF91 adapter against a scripted modem: exact commands out, exact answers in, for what the emulator does not
// make easy (older firmware answers, corrupted reads, refusals before sending).
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../lib/bytes.ts';
import { nrf91Vectors } from '../../../test-vectors.ts';
import { answer, scriptModem, type Reply } from '../../protocols/testing/scripted-modem.ts';
import { SerialConnection } from '../../transport/connection.ts';
import { FakePort } from '../../transport/testing/fake-port.ts';
import { createNrf91Device } from './device.ts';

const IDENTITY: Record<string, Reply> = {
  'AT+CGMI': answer(['Nordic Semiconductor ASA']),
  'AT+CGMM': answer(['nRF9160-SICA']),
  'AT+CGMR': answer(['mfw_nrf9160_1.3.5']),
  'AT+CGSN=1': answer(['+CGSN: "352656100367872"']),
  'AT%DEVICEUUID': answer(['%DEVICEUUID: 50363953-3234-4723-80B9-1503D88271BF']),
  'AT%XMODEMUUID': answer(['%XMODEMUUID: 25c95751-efa4-40d4-8b4a-1dcaab81fac9']),
  'AT%HWVERSION': answer(['%HWVERSION: nRF9160 SICA B0A']),
  'AT%XICCID': answer([], '+CME ERROR: 0'),
  'AT+CFUN?': answer(['+CFUN: 4']),
};

async function device(script: Record<string, Reply> | ((c: string) => Reply)) {
  const port = new FakePort();
  const opened = await SerialConnection.open(port);
  if (!opened.ok) throw new Error(opened.error.message);
  const modem = scriptModem(port, typeof script === 'function' ? script : (c) => script[c] ?? answer([], 'ERROR'));
  return { port, modem, device: createNrf91Device(opened.value) };
}

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n';

describe('nRF91 identify (scripted)', () => {
  it('reads every field and leaves out the ICCID when no SIM answers', async () => {
    const { device: d } = await device(IDENTITY);
    const r = await d.identify();
    expect(r.ok && r.value).toEqual({
      family: 'nrf91',
      deviceId: '50363953-3234-4723-80b9-1503d88271bf',
      manufacturer: 'Nordic Semiconductor ASA',
      model: 'nRF9160-SICA',
      firmware: 'mfw_nrf9160_1.3.5',
      hardware: 'nRF9160 SICA B0A',
      imei: '352656100367872',
      uuid: '50363953-3234-4723-80b9-1503d88271bf',
      modemFirmwareUuid: '25c95751-efa4-40d4-8b4a-1dcaab81fac9',
      functionalMode: 4,
    });
  });

  it('reads the device UUID from %ATTESTTOKEN where %DEVICEUUID does not exist (mfw 1.3)', async () => {
    const payload = nrf91Vectors.attesttoken.response_payload;
    const { device: d, modem } = await device({
      ...IDENTITY,
      'AT%DEVICEUUID': answer([], 'ERROR'),
      'AT%ATTESTTOKEN': answer([`%ATTESTTOKEN: "${payload}"`]),
    });
    const r = await d.identify();
    expect(r.ok && [r.value.uuid, r.value.deviceId]).toEqual([
      nrf91Vectors.attesttoken.expect.device_uuid,
      nrf91Vectors.attesttoken.expect.device_uuid,
    ]);
    expect(modem.commands).toContain('AT%ATTESTTOKEN');
  });

  it('falls back to bare AT+CGSN and files the board by IMEI when no device UUID can be had', async () => {
    const { device: d, modem } = await device({
      ...IDENTITY,
      'AT+CGSN=1': answer([], 'ERROR'),
      'AT+CGSN': answer(['352656100367872']),
      'AT%DEVICEUUID': answer([], 'ERROR'),
      'AT%ATTESTTOKEN': answer([], '+CME ERROR: 514'),
      'AT%XICCID': answer(['%XICCID: 8901234567012345678F']),
    });
    const r = await d.identify();
    expect(r.ok && [r.value.deviceId, r.value.imei, r.value.uuid, r.value.iccid]).toEqual([
      '352656100367872',
      '352656100367872',
      undefined,
      '8901234567012345678F',
    ]);
    expect(modem.commands).toContain('AT+CGSN');
  });

  it('fails with timeout when a required answer never comes', async () => {
    const { device: d } = await device((c) => (c === 'AT+CGMM' ? undefined : IDENTITY[c]));
    const r = await d.identify({ timeoutMs: 50 });
    expect(!r.ok && r.error.code).toBe('timeout');
  });
});

describe('nRF91 credentials (scripted)', () => {
  it('lists with lenient spacing, maps types to kinds, skips unknown types and filters by kind', async () => {
    const sha = 'ab'.repeat(32);
    const { device: d, modem } = await device({
      'AT%CMNG=1': answer([
        `%CMNG: 16842753,0,"${sha.toUpperCase()}"`,
        `%CMNG: 42, 1, "${sha}"`,
        `%CMNG: 42,7,"${sha}"`,
      ]),
    });
    const all = await d.credentials!.list();
    expect(all.ok && all.value).toEqual([
      { secTag: 16842753, kind: 'caCert', deviceType: '0', sha256: sha.toUpperCase() },
      { secTag: 42, kind: 'clientCert', deviceType: '1', sha256: sha.toUpperCase() },
    ]);
    const certs = await d.credentials!.list({ kind: 'clientCert' });
    expect(certs.ok && certs.value.map((c) => c.secTag)).toEqual([42]);
    expect(modem.commands).toEqual(['AT%CMNG=1', 'AT%CMNG=1']);
  });

  it('skips information lines that are not %CMNG lines, and fails only on a malformed %CMNG line', async () => {
    const sha = 'CD'.repeat(32);
    const { device: d } = await device({
      'AT%CMNG=1': answer(['%XPOFWARN: 1', `%CMNG: 42,1,"${sha}"`, '#XPPP: 1,0', `%CMNG: 42,0,"${sha}"`]),
      'AT%CMNG=1,42': answer([`%CMNG: 42,1,"${sha}"`, '%CMNG: 42,one,"nonsense"']),
    });
    const r = await d.credentials!.list();
    expect(r.ok && r.value.map((c) => c.kind)).toEqual(['clientCert', 'caCert']);
    const bad = await d.credentials!.list({ secTag: 42 });
    expect(!bad.ok && bad.error.code).toBe('protocol');
    expect(!bad.ok && bad.error.message).toMatch(/42,one/);
  });

  it('an empty list is just OK', async () => {
    const { device: d } = await device({ 'AT%CMNG=1,5,0': answer([]) });
    const r = await d.credentials!.list({ secTag: 5, kind: 'caCert' });
    expect(r.ok && r.value).toEqual([]);
  });

  it('reads content and checks it against the reported SHA-256', async () => {
    const sha = await sha256Hex(PEM);
    const { device: d } = await device({ 'AT%CMNG=2,42,0': answer([`%CMNG: 42,0,"${sha}","${PEM}"`]) });
    const r = await d.credentials!.read(42, 'caCert');
    expect(r.ok && r.value).toEqual({ secTag: 42, kind: 'caCert', deviceType: '0', sha256: sha, content: PEM });
  });

  it('a read whose bytes do not hash to the reported SHA is a protocol error', async () => {
    const sha = await sha256Hex(PEM);
    const corrupted = PEM.replace('MIIB', 'MIIC');
    const { device: d } = await device({ 'AT%CMNG=2,42,0': answer([`%CMNG: 42,0,"${sha}","${corrupted}"`]) });
    const r = await d.credentials!.read(42, 'caCert');
    expect(!r.ok && r.error.code).toBe('protocol');
    expect(!r.ok && r.error.message).toMatch(/does not match the SHA-256/);
  });

  it('explains CME codes from the table: 513 on a missing credential', async () => {
    const { device: d } = await device({ 'AT%CMNG=2,9,1': answer([], '+CME ERROR: 513') });
    const r = await d.credentials!.read(9, 'clientCert');
    expect(!r.ok && r.error).toMatchObject({ code: 'device-rejected', final: { kind: 'cme', code: 513 } });
    expect(!r.ok && r.error.message).toMatch(/513 \(not found\)/);
  });

  it('normalises CRLF to LF, says so, and the receipt SHA is over the bytes sent', async () => {
    const { device: d, port } = await device(() => answer([]));
    const r = await d.credentials!.write(42, 'caCert', PEM.replace(/\n/g, '\r\n'));
    expect(r.ok && r.value).toEqual({
      secTag: 42,
      kind: 'caCert',
      sha256: await sha256Hex(PEM),
      bytes: PEM.length,
      lineEndingsNormalized: true,
    });
    expect(port.writtenText).toBe(`AT%CMNG=0,42,0,"${PEM}"\r`);
  });

  it.each([
    ['a quote in the content', 42, 'caCert', PEM.replace('MIIB', 'MI"B'), 'invalid-input', /double quote/],
    ['a sec_tag of the modem', 4294967290, 'caCert', PEM, 'invalid-input', /belongs to the modem/],
    ['a negative sec_tag', -1, 'caCert', PEM, 'invalid-input', /whole number/],
    ['a kind nRF91 has no slot for', 42, 'serverCert', PEM, 'invalid-input', /no credential type/],
    ['not PEM for a certificate', 42, 'clientCert', 'hello', 'invalid-input', /must be PEM/],
    ['a PSK that is not hex', 42, 'psk', 'xyz', 'invalid-input', /hex/],
    ['a PSK identity with a line break', 42, 'pskIdentity', 'a\nb', 'invalid-input', /line break/],
    ['empty content', 42, 'caCert', '', 'invalid-input', /empty/],
    [
      'content over the 4096-character command limit',
      42,
      'caCert',
      `-----BEGIN CERTIFICATE-----\n${'A'.repeat(4060)}\n-----END CERTIFICATE-----\n`,
      'too-long',
      /at most 4096/,
    ],
  ] as const)('refuses %s before sending anything', async (_name, secTag, kind, content, code, message) => {
    const { device: d, port } = await device(() => answer([]));
    const r = await d.credentials!.write(secTag, kind, content);
    expect(!r.ok && r.error.code).toBe(code);
    expect(!r.ok && r.error.message).toMatch(message);
    expect(port.writtenText).toBe('');
  });

  it('accepts a command of exactly 4096 characters', async () => {
    const prefix = 'AT%CMNG=0,42,0,"';
    const head = '-----BEGIN CERTIFICATE-----\n';
    const tail = '\n-----END CERTIFICATE-----\n';
    const body = 'A'.repeat(4096 - prefix.length - head.length - tail.length - 1);
    const { device: d } = await device(() => answer([]));
    const r = await d.credentials!.write(42, 'caCert', head + body + tail);
    expect(r.ok).toBe(true);
  });

  it('will not try to read a private key', async () => {
    const { device: d, port } = await device(() => answer([]));
    expect(d.credentials!.canRead('privateKey')).toBe(false);
    const r = await d.credentials!.read(42, 'privateKey');
    expect(!r.ok && r.error.code).toBe('unsupported');
    expect(port.writtenText).toBe('');
  });

  it('will not read a PSK either: it is a secret that would land on screen and in the session log', async () => {
    const { device: d, port } = await device(() => answer([]));
    expect(d.credentials!.canRead('psk')).toBe(false);
    const r = await d.credentials!.read(42, 'psk');
    expect(!r.ok && r.error.code).toBe('unsupported');
    expect(!r.ok && r.error.message).toMatch(/secret/);
    expect(port.writtenText).toBe('');
  });

  it('a write cancelled after it reached the modem returns the real answer, not "aborted"', async () => {
    const { device: d } = await device(() => ({ chunks: ['\r\nOK\r\n'], gapMs: 40 }));
    const controller = new AbortController();
    const write = d.credentials!.write(42, 'caCert', PEM, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const r = await write;
    expect(r.ok && r.value.sha256).toBe(await sha256Hex(PEM));
  });

  it('a delete cancelled while still queued is withdrawn: aborted, nothing sent', async () => {
    const { device: d, modem } = await device(() => ({ chunks: ['\r\nOK\r\n'], gapMs: 30 }));
    const controller = new AbortController();
    const first = d.credentials!.list();
    const del = d.credentials!.delete(42, 'clientCert', { signal: controller.signal });
    controller.abort();
    const r = await del;
    expect(!r.ok && r.error).toMatchObject({ code: 'aborted' });
    expect(!r.ok && r.error.onWire).toBeUndefined();
    await first;
    expect(modem.commands).toEqual(['AT%CMNG=1']);
  });
});

describe('nRF91 keys and attestation (scripted)', () => {
  it('returns the DER, the COSE bytes and the raw line of a real %KEYGEN answer', async () => {
    const line = nrf91Vectors.keygen_wire_lines[0]!;
    const { device: d, modem } = await device({ 'AT%KEYGEN=16842753,2,0,"CN=dev-1"': answer([line]) });
    const r = await d.keys!.generate({ secTag: 16842753, output: 'csr', subject: 'CN=dev-1' });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.raw).toBe(line);
      expect(r.value.der[0]).toBe(0x30);
      expect(r.value.cose![0]).toBe(0xd2);
    }
    expect(modem.commands).toEqual(['AT%KEYGEN=16842753,2,0,"CN=dev-1"']);
  });

  it.each([
    [{ secTag: 1, output: 'csr', subject: 'CN="x"' }, /quotes/],
    [{ secTag: 1, output: 'publicKey', subject: 'CN=x' }, /only apply to a CSR/],
    [{ secTag: 3000000000, output: 'csr' }, /sec_tag/],
  ] as const)('refuses a bad request %j before sending', async (request, message) => {
    const { device: d, port } = await device(() => answer([]));
    const r = await d.keys!.generate(request);
    expect(!r.ok && r.error.message).toMatch(message);
    expect(port.writtenText).toBe('');
  });

  it('a key generation cancelled after %KEYGEN reached the modem still returns its CSR', async () => {
    const line = nrf91Vectors.keygen_wire_lines[0]!;
    const { device: d, modem } = await device(() => ({ chunks: [`\r\n${line}\r\n`, '\r\nOK\r\n'], gapMs: 30 }));
    const controller = new AbortController();
    const gen = d.keys!.generate({ secTag: 7, output: 'csr' }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    const r = await gen;
    expect(r.ok && r.value.raw).toBe(line);
    expect(modem.commands).toEqual(['AT%KEYGEN=7,2,0']);
  });

  it('a %KEYGEN answer that is not two base64url parts is a protocol error', async () => {
    const { device: d } = await device(() => answer(['%KEYGEN: "garbage"']));
    const r = await d.keys!.generate({ secTag: 1, output: 'csr' });
    expect(!r.ok && r.error.code).toBe('protocol');
  });

  it('returns the attestation token parts of a real answer', async () => {
    const payload = nrf91Vectors.attesttoken.response_payload;
    const { device: d } = await device({ 'AT%ATTESTTOKEN': answer([`%ATTESTTOKEN: "${payload}"`]) });
    const r = await d.attestation!.token();
    expect(r.ok && r.value.raw).toBe(`%ATTESTTOKEN: "${payload}"`);
    expect(r.ok && r.value.message.length).toBeGreaterThan(16);
  });
});

describe('nRF91 functional mode (scripted)', () => {
  it('gets and sets +CFUN and refuses modes the modem does not have', async () => {
    const { device: d, modem } = await device({ 'AT+CFUN?': answer(['+CFUN: 1']), 'AT+CFUN=4': answer([]) });
    const fm = d.functionalMode!;
    expect(fm.offlineMode).toBe(4);
    expect(await fm.get()).toEqual({ ok: true, value: 1 });
    expect((await fm.set(4)).ok).toBe(true);
    const bad = await fm.set(3);
    expect(!bad.ok && bad.error.code).toBe('invalid-input');
    expect(modem.commands).toEqual(['AT+CFUN?', 'AT+CFUN=4']);
  });
});
