// The nRF91 adapter against the emulated nRF9160 (same bytes as a real modem, unpaced): identify, the %CMNG round
// trip with SHA-256 over the exact content, the 518 rule, key generation that pkijs parses, attestation, unplug.
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { sha256, sha256Hex, toArrayBuffer } from '../../../lib/bytes.ts';
import { decodeAttestationMessage, decodeCoseSign1, decodeKeygenPayload } from '../../../pki/nrf91-cose.ts';
import { createEmulatorLab, factsOf, MemoryFlashStore } from '../../emulator/index.ts';
import { AMAZON_ROOT_CA_1_PEM } from '../../../pki/public-roots.ts';
import { emulatedSource } from '../../transport/emulated-source.ts';
import { waitForReconnect } from '../../transport/reconnect.ts';
import { connectDevice } from '../connect.ts';
import { whileOffline } from '../offline.ts';

async function connected(boardId = 'nrf9160-a') {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const r = await connectDevice(lab.port(boardId));
  if (!r.ok) throw new Error(`connect failed: ${r.error.code} ${r.error.message}`);
  return { lab, control: lab.control(boardId), ...r.value };
}

const TAG = 4242;

describe('nRF91 adapter on the emulated nRF9160', () => {
  it('identifies the board with the fields its factory data has', async () => {
    const { device, control } = await connected();
    const r = await device.identify();
    if (!r.ok) throw new Error(r.error.message);
    const f = control.factsOf('nrf91');
    expect(r.value).toMatchObject({
      family: 'nrf91',
      deviceId: f.deviceUuid.toLowerCase(),
      manufacturer: f.manufacturer,
      model: f.model,
      firmware: f.firmware,
      hardware: f.hardwareVersion,
      imei: f.imei,
      uuid: f.deviceUuid.toLowerCase(),
      modemFirmwareUuid: f.modemFirmwareUuid.toLowerCase(),
    });
    expect(r.value.imei).toMatch(/^\d{15}$/);
    expect(r.value.functionalMode).toBe(0);
    expect(r.value.iccid).toBeUndefined();
    await device.close();
  });

  it('connects at the right baud rate first time after an attempt at the wrong one left garbage in the modem', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
    const wrong = await connectDevice(lab.port('nrf9160-b'), { baudRate: 9600 });
    expect(wrong.ok).toBe(false);
    const right = await connectDevice(lab.port('nrf9160-b'), { baudRate: 115200 });
    if (!right.ok) throw new Error(`second connect failed: ${right.error.code} ${right.error.message}`);
    await right.value.device.close();
  });

  it('tells size checks how many characters the %CMNG write command adds around the content', async () => {
    const { device } = await connected();
    const store = device.credentials!;
    expect(store.writeOverheadChars!(TAG, 'clientCert')).toBe(`AT%CMNG=0,${TAG},1,""`.length);
    expect(store.writeOverheadChars!(16842753, 'caCert')).toBe('AT%CMNG=0,16842753,0,""'.length);
    await device.close();
  });

  it('reports the ICCID once the SIM is powered', async () => {
    const { device, control } = await connected();
    expect((await device.functionalMode!.set(41)).ok).toBe(true);
    const r = await device.identify();
    expect(r.ok && r.value.iccid).toBe(control.factsOf('nrf91').iccid);
    await device.close();
  });

  it('lists the factory credentials with SHA-256 equal to that of the content read back', async () => {
    const { device } = await connected();
    const store = device.credentials!;
    const list = await store.list();
    if (!list.ok) throw new Error(list.error.message);
    const ca = list.value.find((c) => c.secTag === 16842753 && c.kind === 'caCert');
    expect(ca?.sha256).toMatch(/^[0-9A-F]{64}$/);
    const read = await store.read(16842753, 'caCert');
    if (!read.ok) throw new Error(read.error.message);
    expect(await sha256Hex(read.value.content)).toBe(ca!.sha256);
    expect(read.value.content).toContain('-----BEGIN CERTIFICATE-----');
    await device.close();
  });

  it('writes, lists, reads and deletes a certificate; SHA equals SHA-256 of the content', async () => {
    const { device } = await connected();
    const store = device.credentials!;
    const written = await store.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    if (!written.ok) throw new Error(written.error.message);
    const want = await sha256Hex(AMAZON_ROOT_CA_1_PEM);
    expect(written.value.sha256).toBe(want);
    expect(written.value.lineEndingsNormalized).toBe(false);
    const listed = await store.list({ secTag: TAG });
    expect(listed.ok && listed.value).toEqual([{ secTag: TAG, kind: 'caCert', deviceType: '0', sha256: want }]);
    const read = await store.read(TAG, 'caCert');
    expect(read.ok && read.value.content).toBe(AMAZON_ROOT_CA_1_PEM);
    expect((await store.delete(TAG, 'caCert')).ok).toBe(true);
    const after = await store.list({ secTag: TAG });
    expect(after.ok && after.value).toEqual([]);
    const gone = await store.read(TAG, 'caCert');
    expect(!gone.ok && gone.error.final).toEqual({ kind: 'cme', code: 513 });
    await device.close();
  });

  it('normalises a CRLF PEM so the modem stores and hashes the LF bytes', async () => {
    const { device } = await connected();
    const crlf = AMAZON_ROOT_CA_1_PEM.replace(/\n/g, '\r\n');
    const written = await device.credentials!.write(TAG, 'clientCert', crlf);
    expect(written.ok && written.value.lineEndingsNormalized).toBe(true);
    const listed = await device.credentials!.list({ secTag: TAG, kind: 'clientCert' });
    expect(listed.ok && listed.value[0]?.sha256).toBe(await sha256Hex(AMAZON_ROOT_CA_1_PEM));
    await device.close();
  });

  it('is refused with 518 while online, and whileOffline writes and restores the mode', async () => {
    const { device } = await connected();
    expect((await device.functionalMode!.set(1)).ok).toBe(true);
    const refused = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    expect(!refused.ok && refused.error).toMatchObject({ code: 'device-rejected', final: { kind: 'cme', code: 518 } });
    expect(!refused.ok && refused.error.message).toMatch(/AT\+CFUN=4/);
    const offline = await whileOffline(device, () => device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM));
    expect(offline.ok && offline.value).toMatchObject({ modeBefore: 1, restored: true });
    expect(await device.functionalMode!.get()).toEqual({ ok: true, value: 1 });
    await device.close();
  });

  it('generates a key: a CSR pkijs parses, signed by the key, CN = device UUID, COSE over its digest', async () => {
    const { device, control } = await connected();
    const r = await device.keys!.generate({ secTag: TAG, output: 'csr' });
    if (!r.ok) throw new Error(r.error.message);
    const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(r.value.der));
    const cn = csr.subject.typesAndValues.find((tv) => tv.type === '2.5.4.3');
    expect((cn?.value.valueBlock as { value: string }).value).toBe(control.factsOf('nrf91').deviceUuid.toLowerCase());
    expect(await csr.verify()).toBe(true);
    const cose = decodeCoseSign1(r.value.cose!);
    const payload = decodeKeygenPayload(cose!.payload!);
    expect(payload?.secTag).toBe(TAG);
    expect(payload?.digest).toEqual(await sha256(r.value.der));
    expect(r.value.raw.startsWith('%KEYGEN: "')).toBe(true);
    const stored = await device.credentials!.list({ secTag: TAG, kind: 'privateKey' });
    expect(stored.ok && stored.value.length).toBe(1);
    await device.close();
  });

  it('passes subject attributes through and returns an SPKI for publicKey output', async () => {
    const { device } = await connected();
    const csr = await device.keys!.generate({ secTag: TAG, output: 'csr', subject: 'CN=kw-test-1' });
    if (!csr.ok) throw new Error(csr.error.message);
    const parsed = pkijs.CertificationRequest.fromBER(toArrayBuffer(csr.value.der));
    expect(parsed.subject.typesAndValues.map((tv) => (tv.value.valueBlock as { value: string }).value)).toContain(
      'kw-test-1',
    );
    const spki = await device.keys!.generate({ secTag: TAG + 1, output: 'publicKey' });
    if (!spki.ok) throw new Error(spki.error.message);
    const info = new pkijs.PublicKeyInfo({ schema: asn1js.fromBER(toArrayBuffer(spki.value.der)).result });
    expect(info.algorithm.algorithmId).toBe('1.2.840.10045.2.1');
    await device.close();
  });

  it('returns an attestation token whose message names the device', async () => {
    const { device, control } = await connected();
    const r = await device.attestation!.token();
    if (!r.ok) throw new Error(r.error.message);
    expect(decodeAttestationMessage(r.value.message)?.deviceUuid).toBe(
      control.factsOf('nrf91').deviceUuid.toLowerCase(),
    );
    expect(decodeCoseSign1(r.value.cose)?.signature.length).toBe(64);
    await device.close();
  });

  it('reports an unplug as disconnected and connects again after the replug', async () => {
    const { device, control, connection, lab } = await connected();
    const notices: string[] = [];
    connection.onDisconnect((e) => notices.push(e.code));
    const identity = connection.identity;
    control.unplug();
    const r = await device.identify();
    expect(!r.ok && r.error.code).toBe('disconnected');
    expect(notices).toEqual(['disconnected']);
    await device.close();
    const source = emulatedSource(lab);
    const waiting = waitForReconnect(source, identity, { timeoutMs: 2000 });
    control.replug();
    const back = await waiting;
    if (!back.ok) throw new Error(back.error.message);
    expect(back.value.port).toBe(identity.port);
    const again = await connectDevice(back.value.port);
    expect(again.ok).toBe(true);
    if (again.ok) await again.value.device.close();
  });

  it('gives port-busy when another program holds the emulated port', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
    lab.control('nrf9160-a').busy = true;
    const r = await connectDevice(lab.port('nrf9160-a'));
    expect(!r.ok && r.error.code).toBe('port-busy');
  });
});
