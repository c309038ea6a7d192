// The broker check flow in Node: server chains made with openssl at test time, served by s_server and pasted as
// s_client -showcerts printed them; the board's CA store read from an emulated nRF9160 where the test wrote one of
// the roots. The chain under the stored root is anchored; the chain under another root is not, and the missing
// root is named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice } from '../devices/adapters/index.ts';
import { createEmulatorLab, MemoryFlashStore } from '../devices/emulator/index.ts';
import { brokerProfile } from '../diagnose/broker/index.ts';
import { OpensslLab } from '../pki/openssl-fixtures.ts';
import { runBrokerCheck } from './health-check-broker.ts';
import { checkCryptoInThread } from './testing/check-crypto.ts';
import { makeServerChain, sClientShowcerts, type ServerChain } from './testing/server-chain.ts';

const TAG = 43;
let lab: OpensslLab;
let anchored: ServerChain;
let foreign: ServerChain;
let anchoredText: string;
let foreignText: string;

beforeAll(async () => {
  lab = new OpensslLab();
  anchored = makeServerChain(lab, 'Stored', 'mqtt.stored.example');
  foreign = makeServerChain(lab, 'Foreign', 'mqtt.foreign.example');
  anchoredText = await sClientShowcerts(lab, anchored);
  foreignText = await sClientShowcerts(lab, foreign);
}, 60_000);
afterAll(() => lab.cleanup());

async function boardWithRoot(rootPem: string) {
  const emulators = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const r = await connectDevice(emulators.port('nrf9160-b'));
  if (!r.ok) throw new Error(r.error.message);
  const written = await r.value.device.credentials!.write(TAG, 'caCert', rootPem);
  if (!written.ok) throw new Error(written.error.message);
  const who = await r.value.device.identify();
  if (!who.ok) throw new Error(who.error.message);
  return { device: r.value.device, identity: who.value };
}

describe('broker check with a pasted s_client chain', () => {
  it('the raw s_client output holds the leaf and the intermediate, not the root', () => {
    expect(anchoredText.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(anchoredText).toContain('Certificate chain');
  });

  it('anchored: the board stores the root the chain ends at', async () => {
    const b = await boardWithRoot(anchored.root.pem);
    const r = await runBrokerCheck(
      {
        profile: brokerProfile('generic-mqtt'),
        board: { ...b, secTag: TAG },
        chainText: anchoredText,
        host: 'mqtt.stored.example',
      },
      { crypto: checkCryptoInThread() },
    );
    await b.device.close();
    if (!r.ok) throw new Error(r.error.message);
    const report = r.value;
    expect(report.findings.find((f) => f.code === 'anchor-ok')?.title).toBe('Anchored by Stored Test Root CA');
    expect(report.diagram.end).toMatchObject({ status: 'anchored', name: 'Stored Test Root CA' });
    expect(report.diagram.nodes.map((n) => [n.from, n.anchor])).toEqual([
      ['server', false],
      ['server', false],
      ['board', true],
    ]);
    expect(report.findings.find((f) => f.code === 'chain-hostname')?.severity).toBe('ok');
    expect(report.findings.find((f) => f.code === 'server-chain-size-ok')?.severity).toBe('ok');
    expect(report.findings.find((f) => f.code === 'client-cert-missing')?.severity).toBe('warning');
  });

  it('not anchored: the chain under another root names the missing root and what to store', async () => {
    const b = await boardWithRoot(anchored.root.pem);
    const r = await runBrokerCheck(
      { profile: brokerProfile('generic-mqtt'), board: { ...b, secTag: TAG }, chainText: foreignText },
      { crypto: checkCryptoInThread() },
    );
    await b.device.close();
    if (!r.ok) throw new Error(r.error.message);
    const f = r.value.findings.find((x) => x.code === 'anchor-missing')!;
    expect(f.severity).toBe('error');
    expect(f.explanation).toContain('Foreign Test Root CA');
    expect(f.explanation).toContain('-0x2700');
    expect(f.action).toContain(`at sec_tag ${TAG}`);
    expect(r.value.diagram.end).toMatchObject({ status: 'missing' });
    expect(r.value.verdict).toBe('failed');
  });

  it('a pasted CA store works without a board; text without certificates is refused', async () => {
    const r = await runBrokerCheck(
      { profile: brokerProfile('generic-mqtt'), board: null, pastedCa: foreign.root.pem, chainText: foreignText },
      { crypto: checkCryptoInThread() },
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.some((f) => f.code === 'anchor-ok')).toBe(true);
    expect(r.value.caSource).toBe('pasted');
    const bad = await runBrokerCheck(
      {
        profile: brokerProfile('generic-mqtt'),
        board: null,
        pastedCa: foreign.root.pem,
        chainText: 'CONNECTED(00000003)',
      },
      { crypto: checkCryptoInThread() },
    );
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.error).toMatchObject({ code: 'input', message: 'No certificate was found in the pasted text.' });
  });

  it('on a secure element (Mosquitto-style generic MQTT): the CA in slot 1 (zone 2) anchors the chain', async () => {
    const emulators = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false });
    const r = await connectDevice(emulators.port('stsafe-a'), { probeTimeoutMs: 300 });
    if (!r.ok) throw new Error(r.error.message);
    const device = r.value.device;
    const written = await device.credentials!.write(1, 'caCert', anchored.root.pem);
    if (!written.ok) throw new Error(written.error.message);
    const who = await device.identify();
    if (!who.ok) throw new Error(who.error.message);
    const b = await runBrokerCheck(
      {
        profile: brokerProfile('generic-mqtt'),
        board: { device, identity: who.value, secTag: 1 },
        chainText: anchoredText,
        host: 'mqtt.stored.example',
      },
      { crypto: checkCryptoInThread() },
    );
    await device.close();
    if (!b.ok) throw new Error(b.error.message);
    expect(b.value.findings.find((f) => f.code === 'anchor-ok')?.title).toBe('Anchored by Stored Test Root CA');
    expect(b.value.diagram.end).toMatchObject({ status: 'anchored', name: 'Stored Test Root CA' });
  });
});
