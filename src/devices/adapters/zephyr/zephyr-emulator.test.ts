// The Zephyr adapter against the emulated Zephyr board, wired byte to byte in-process through the real
// SerialConnection (a FakePort whose other end is the board's UART): detection (and leaving nRF91 boards alone,
// and the reverse), identify, the cred round trip with digests over PEM + NUL, refusals, key generation in PSA
// with the CSR checked by pkijs and the exported public key equal to the CSR's, the two backends across a reboot,
// log lines in answers, a reset in the middle of a write, and an unplug.
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { sha256Hex, toArrayBuffer } from '../../../lib/bytes.ts';
import { AMAZON_ROOT_CA_1_PEM } from '../../../pki/public-roots.ts';
import { ZephyrBoard } from '../../emulator/zephyr/board.ts';
import { zephyrFactory } from '../../emulator/zephyr/factory.ts';
import { createEmulatorLab, MemoryFlashStore, NRF91_FACTORY_BOARDS } from '../../emulator/index.ts';
import { SerialConnection } from '../../transport/connection.ts';
import { FakePort } from '../../transport/testing/fake-port.ts';
import { connectDevice } from '../connect.ts';
import { nrf91Driver } from '../nrf91/driver.ts';
import type { ZephyrDevice } from './device.ts';
import { zephyrDriver } from './driver.ts';

const PROBE = { probeTimeoutMs: 400 };

async function wired(id = 'nrf7002dk-a', chatter = false, open = true) {
  const board = new ZephyrBoard({ factory: zephyrFactory(id)!, flash: new MemoryFlashStore(), keygenMs: 0, chatter });
  const port = new FakePort({ usbVendorId: 0x1366, usbProductId: 0x1055 });
  port.onWrite = (chunk) => board.receive(chunk.slice());
  board.onOutput = (bytes) => port.send(bytes.slice());
  board.powerOn();
  if (!open) return { board, port };
  const opened = await SerialConnection.open(port);
  if (!opened.ok) throw new Error(opened.error.message);
  return { board, port, connection: opened.value };
}

async function detected(id = 'nrf7002dk-a', chatter = false) {
  const w = await wired(id, chatter);
  const r = await zephyrDriver.detect(w.connection!, PROBE);
  if (!r.ok || !r.value) throw new Error(`not detected: ${JSON.stringify(r)}`);
  return { ...w, device: r.value.device as ZephyrDevice };
}

const withNul = (pem: string) => new Uint8Array([...new TextEncoder().encode(pem), 0]);
const TAG = 4242;

describe('Zephyr adapter on the emulated nRF7002 DK: detection and identity', () => {
  it('claims the board, learns its prompt and finds what the firmware offers', async () => {
    const { device } = await detected();
    expect(device.family).toBe('zephyr-tls-shell');
    expect(device.shell.prompt).toBe('uart:~$ ');
    expect(device.capabilities).toEqual({ credentialsShell: true, keygenShell: true, publicKeyExport: true });
    expect(device.limits.maxCommandChars).toBe(255);
    expect(device.keys?.outputs).toEqual(['csr', 'publicKey']);
    await device.close();
  });

  it('identifies the board with hwinfo devid as the stable id and kernel version as firmware', async () => {
    const { device, board } = await detected();
    const r = await device.identify();
    expect(r).toEqual({
      ok: true,
      value: {
        family: 'zephyr-tls-shell',
        deviceId: board.factory.hwid,
        manufacturer: 'unknown',
        model: 'Zephyr board',
        firmware: 'Zephyr 3.7.99',
        serial: board.factory.hwid,
      },
    });
    await device.close();
  });

  it('leaves an nRF91 modem to its driver, and the nRF91 driver leaves the Zephyr board', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
    const modem = await SerialConnection.open(lab.port('nrf9160-a'));
    if (!modem.ok) throw new Error(modem.error.message);
    expect(await zephyrDriver.detect(modem.value, PROBE)).toEqual({ ok: true, value: null });
    const claimed = await nrf91Driver.detect(modem.value, PROBE);
    expect(claimed.ok && claimed.value?.device.family).toBe('nrf91');
    if (claimed.ok) await claimed.value?.device.close();

    const { connection } = await wired();
    expect(await nrf91Driver.detect(connection!, PROBE)).toEqual({ ok: true, value: null });
    const zephyr = await zephyrDriver.detect(connection!, PROBE);
    expect(zephyr.ok && zephyr.value?.device.family).toBe('zephyr-tls-shell');
    if (zephyr.ok) await zephyr.value?.device.close();
  });

  it('connectDevice with both drivers picks the right one for each board', async () => {
    const { port } = await wired('nrf7002dk-a', false, false);
    const r = await connectDevice(port, { families: [nrf91Driver, zephyrDriver], probeTimeoutMs: 400 });
    expect(r.ok && r.value.device.family).toBe('zephyr-tls-shell');
    if (r.ok) await r.value.device.close();
  });

  it('the default driver list claims a Zephyr board without waiting out the AT probe time limit', async () => {
    const { port } = await wired('nrf7002dk-a', false, false);
    // A probe time limit far beyond the test's own: had the AT probe waited it out, the test would time out.
    const r = await connectDevice(port, { probeTimeoutMs: 600_000 });
    expect(r.ok && r.value.device.family).toBe('zephyr-tls-shell');
    expect(port.writtenText.startsWith('AT\r')).toBe(true); // the nRF91 driver asked first, once
    expect(port.writtenText.match(/^AT\r/gm)?.length ?? 0).toBe(1);
    if (r.ok) await r.value.device.close();
  });

  it('the default driver list still claims an nRF91 with AT alone (the Zephyr probe never runs)', async () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, factories: NRF91_FACTORY_BOARDS });
    const port = lab.port('nrf9160-b');
    const sent: string[] = [];
    const r = await connectDevice(port, {
      baudRate: 115200,
      onTap: (e) => e.dir === 'tx' && sent.push(new TextDecoder().decode(e.bytes)),
    });
    expect(r.ok && r.value.device.family).toBe('nrf91');
    expect(sent.join('')).not.toMatch(/kernel|cred|^\r/m);
    if (r.ok) await r.value.device.close();
  });

  it('has no pubkey export on firmware without KEYGEN_VERIFY', async () => {
    const { device } = await detected('nrf7002dk-nopubkey');
    expect(device.capabilities.publicKeyExport).toBe(false);
    expect(device.keys?.outputs).toEqual(['csr']);
    expect(device.keys?.publicKey).toBeUndefined();
    const r = await device.keys!.generate({ secTag: TAG, output: 'publicKey' });
    expect(!r.ok && r.error.code).toBe('invalid-input');
    await device.close();
  });
});

describe('Zephyr adapter: credentials through the TLS credentials shell', () => {
  it('writes a CA as nrfcredstore does; the receipt, the list digest and the read-back agree', async () => {
    const { device, port } = await detected();
    const store = device.credentials!;
    const written = await store.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    if (!written.ok) throw new Error(written.error.message);
    const want = await sha256Hex(withNul(AMAZON_ROOT_CA_1_PEM));
    expect(written.value).toMatchObject({ sha256: want, backend: 'unknown', lineEndingsNormalized: false });
    expect(written.value.bytes).toBe(new TextEncoder().encode(AMAZON_ROOT_CA_1_PEM).length + 1);
    const sent = port.writtenText;
    expect(sent).toContain('cred buf clear\r');
    expect(sent).toContain(`cred add ${TAG} CA DEFAULT bint\r`);
    const chunks = [...sent.matchAll(/cred buf (\S+)\r/g)].map((m) => m[1]!).filter((c) => c !== 'clear');
    expect(chunks.slice(0, -1).every((c) => c.length === 48)).toBe(true);
    expect(atob(chunks.join(''))).toBe(AMAZON_ROOT_CA_1_PEM);
    const listed = await store.list({ secTag: TAG });
    expect(listed).toEqual({ ok: true, value: [{ secTag: TAG, kind: 'caCert', deviceType: 'CA', sha256: want }] });
    const read = await store.read(TAG, 'caCert');
    expect(read.ok && read.value.content).toBe(AMAZON_ROOT_CA_1_PEM);
    await device.close();
  });

  it('never overwrites: a second write is credential-exists; delete then write works', async () => {
    const { device } = await detected();
    const store = device.credentials!;
    expect((await store.write(TAG, 'clientCert', AMAZON_ROOT_CA_1_PEM)).ok).toBe(true);
    const again = await store.write(TAG, 'clientCert', AMAZON_ROOT_CA_1_PEM);
    expect(!again.ok && again.error).toMatchObject({ code: 'device-rejected', rejection: 'credential-exists' });
    expect((await store.delete(TAG, 'clientCert')).ok).toBe(true);
    const gone = await store.delete(TAG, 'clientCert');
    expect(!gone.ok && gone.error).toMatchObject({ code: 'device-rejected', rejection: 'no-credential' });
    expect((await store.write(TAG, 'clientCert', AMAZON_ROOT_CA_1_PEM)).ok).toBe(true);
    await device.close();
  });

  it('normalises CRLF to LF and says so', async () => {
    const { device } = await detected();
    const r = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM.replace(/\n/g, '\r\n'));
    expect(r.ok && r.value.lineEndingsNormalized).toBe(true);
    expect(r.ok && r.value.sha256).toBe(await sha256Hex(withNul(AMAZON_ROOT_CA_1_PEM)));
    await device.close();
  });

  it('never reads or writes keys and PSKs', async () => {
    const { device, port } = await detected();
    const before = port.writtenText.length;
    expect(await device.credentials!.read(TAG, 'privateKey')).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
    expect(await device.credentials!.write(TAG, 'privateKey', '-----BEGIN EC PRIVATE KEY-----\nx\n')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect(port.writtenText.length).toBe(before);
    await device.close();
  });

  it('clears a half-filled buffer left by an interrupted run instead of adding it', async () => {
    const { device } = await detected();
    expect((await device.shell.send('cred buf QUJDREVG')).ok).toBe(true);
    const r = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    const listed = await device.credentials!.list({ secTag: TAG, kind: 'caCert' });
    expect(listed.ok && listed.value[0]?.sha256).toBe(r.ok && r.value.sha256);
    await device.close();
  });

  it('keeps working with log lines printed in the middle of answers', async () => {
    const { device } = await detected('nrf7002dk-a', true);
    const heard: string[] = [];
    device.shell.onUnsolicited(({ line }) => heard.push(line));
    expect((await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM)).ok).toBe(true);
    const listed = await device.credentials!.list();
    expect(listed.ok && listed.value).toHaveLength(1);
    expect(heard.some((l) => /<inf> wifi_mgmt:/.test(l))).toBe(true);
    await device.close();
  });

  it('a reset in the middle of a write is restarted, not a refusal; the next write stores the whole credential', async () => {
    const { device, board } = await detected();
    let commands = 0;
    board.beforeCommand = () => (++commands === 4 ? { kind: 'reset' } : null);
    const broken = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    expect(broken).toMatchObject({ ok: false, error: { code: 'restarted', onWire: true } });
    expect(!broken.ok && broken.error.message).toMatch(/^The board restarted during cred buf /);
    const listed = await device.credentials!.list();
    expect(listed.ok && listed.value).toEqual([]);
    const r = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    expect(r.ok).toBe(true);
    await device.close();
  });

  it('a boot banner in place of the answer to cred add is restarted, never the board refusing', async () => {
    const { device, board } = await detected();
    board.beforeCommand = (command) => (command.startsWith('cred add') ? { kind: 'reset' } : null);
    const r = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    expect(r).toMatchObject({ ok: false, error: { code: 'restarted', onWire: true } });
    expect(!r.ok && r.error.message).toContain(`The board restarted during cred add ${TAG} CA DEFAULT bint`);
    board.beforeCommand = () => null;
    expect((await device.identify()).ok).toBe(true);
    await device.close();
  });

  it('a garbled "Added TLS credential" is a garbled answer (outcome unknown), never the board refusing', async () => {
    const { device, board, port } = await detected();
    board.onOutput = (bytes) => {
      const text = new TextDecoder('latin1').decode(bytes).replace('Added TLS', 'Ad\u00e4ed TLS');
      port.send(Uint8Array.from(text, (c) => c.charCodeAt(0)));
    };
    const r = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    expect(r).toMatchObject({ ok: false, error: { code: 'protocol', onWire: true } });
    expect(!r.ok && r.error.message).toMatch(/^The board's answer to cred add 4242 CA DEFAULT bint was garbled/);
    board.onOutput = (bytes) => port.send(bytes.slice());
    // It was stored after all: the list shows it (the flow's resume finds it by its digest).
    const listed = await device.credentials!.list({ secTag: TAG });
    expect(listed.ok && listed.value.map((c) => c.kind)).toEqual(['caCert']);
    await device.close();
  });

  it('a credential larger than the shell buffer is buffer-full, naming the Kconfig option, and nothing is added', async () => {
    const { device } = await detected();
    const big = `-----BEGIN CERTIFICATE-----\n${'QUJD'.repeat(800)}\n-----END CERTIFICATE-----\n`;
    const r = await device.credentials!.write(TAG, 'caCert', big);
    expect(!r.ok && r.error).toMatchObject({ code: 'device-rejected', rejection: 'buffer-full' });
    expect(!r.ok && r.error.message).toMatch(/CONFIG_TLS_CREDENTIALS_SHELL_CRED_BUF_SIZE/);
    expect(await device.credentials!.list()).toEqual({ ok: true, value: [] });
    await device.close();
  });

  it('volatile backend: the receipt says so and the credential is gone after a reboot', async () => {
    const { device } = await detected('nrf7002dk-volatile');
    const r = await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM);
    expect(r.ok && r.value.backend).toBe('volatile');
    expect(device.credentials!.backendSeen).toBe('volatile');
    expect((await device.reboot()).ok).toBe(true);
    expect(device.banner.ncsVersion).toBe('v2.9.0');
    expect(await device.credentials!.list()).toEqual({ ok: true, value: [] });
    await device.close();
  });

  it('persistent backend: the credential survives a reboot', async () => {
    const { device } = await detected();
    expect((await device.credentials!.write(TAG, 'caCert', AMAZON_ROOT_CA_1_PEM)).ok).toBe(true);
    expect((await device.reboot()).ok).toBe(true);
    const listed = await device.credentials!.list();
    expect(listed.ok && listed.value.map((c) => c.secTag)).toEqual([TAG]);
    await device.close();
  });

  it('reports an unplug as disconnected', async () => {
    const { device, port } = await detected();
    port.unplug();
    expect(await device.identify()).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    await device.close();
  });
});

describe('Zephyr adapter: keys made in PSA through nrf_cloud_cred', () => {
  it('generates a key and a CSR pkijs verifies; the exported public key equals the CSR’s', async () => {
    const { device } = await detected();
    const r = await device.keys!.generate({ secTag: TAG, output: 'csr', subject: 'CN=kw-zephyr-1' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.keyReused).toBe(false);
    const csr = pkijs.CertificationRequest.fromBER(toArrayBuffer(r.value.der));
    expect(await csr.verify()).toBe(true);
    expect((csr.subject.typesAndValues[0]!.value.valueBlock as { value: string }).value).toBe('kw-zephyr-1');
    const spki = await device.keys!.publicKey!(TAG);
    if (!spki.ok) throw new Error(spki.error.message);
    expect(spki.value).toEqual(new Uint8Array(csr.subjectPublicKeyInfo.toSchema().toBER()));
    await device.close();
  });

  it('reuses a key the tag already has (never replaced without consent); deleteKey makes room for a new one', async () => {
    const { device } = await detected();
    const first = await device.keys!.generate({ secTag: TAG, output: 'publicKey' });
    const second = await device.keys!.generate({ secTag: TAG, output: 'publicKey' });
    expect(second.ok && second.value.keyReused).toBe(true);
    expect(first.ok && second.ok && second.value.der).toEqual(first.ok && first.value.der);
    expect((await device.keys!.deleteKey(TAG)).ok).toBe(true);
    const third = await device.keys!.generate({ secTag: TAG, output: 'publicKey' });
    expect(third.ok && third.value.keyReused).toBe(false);
    expect(third.ok && first.ok && third.value.der).not.toEqual(first.ok && first.value.der);
    await device.close();
  });

  it('refuses a subject with spaces before sending (the shell would split it)', async () => {
    const { device } = await detected();
    const r = await device.keys!.generate({ secTag: TAG, output: 'csr', subject: 'CN=a b' });
    expect(!r.ok && r.error.code).toBe('invalid-input');
    await device.close();
  });
});
