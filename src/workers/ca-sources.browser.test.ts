// CA sources in real Chromium. The lab CA source end to end through the real crypto worker (IndexedDB, a
// non-extractable WebCrypto key): a CSR made here around a WebCrypto key is issued, and the worker itself says the
// chain is valid and the key is the CSR's. A cancelled issue still answers the certificate it made. Manual exchange takes a real
// File and a real DataTransfer drop. An EST call to a dead port fails the way Chromium fails it, explained with this
// page's origin. (EST against the ca-server across origins runs in e2e/ca.spec.ts: vitest browser mode has no
// hook here to start a server process.)
import { afterAll, describe, expect, it } from 'vitest';
import { flushSync } from 'svelte';
import { CryptoClient } from './crypto-client.ts';
import { assembleCsr, buildCsrBody, keyUsageExtension } from '../pki/csr-build.ts';
import { rawToDerSignature } from '../pki/ecdsa-signature.ts';
import { OID } from '../pki/oids.ts';
import { toPem } from '../pki/pem.ts';
import { toArrayBuffer } from '../lib/bytes.ts';
import { LabCaSource } from '../ca/lab.ts';
import { openCaSource } from '../ca/factory.ts';
import { DEFAULT_CA_CONFIG } from '../ca/config.ts';
import { CaSecrets } from '../ca/secrets.ts';
import { ManualSource } from '../ca/manual.ts';
import { EstSource } from '../ca/est.ts';
import { ManualExchangeView } from '../ui/ca/manual-exchange.svelte.ts';
import type { EnrollRequest } from '../ca/types.ts';

const client = new CryptoClient();
const made: string[] = [];
afterAll(async () => {
  for (const id of made) await client.deleteCa(id);
  client.close();
});

/** A CSR around a fresh WebCrypto P-256 key, built with src/pki as a sign-only board would have it built. */
async function browserCsr(cn: string): Promise<EnrollRequest> {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const body = buildCsrBody({
    spki,
    subject: [{ oid: OID.commonName, value: cn }],
    extensions: [keyUsageExtension(['digitalSignature'], true)],
  });
  const raw = new Uint8Array(
    await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, toArrayBuffer(body)),
  );
  const der = assembleCsr(body, rawToDerSignature(raw), 'ecdsa-with-SHA256');
  return {
    csrDer: der,
    csrPem: toPem('CERTIFICATE REQUEST', der),
    device: { id: cn },
    profile: { validityDays: 30, commonName: { mode: 'keep' } },
  };
}

async function newCa(name: string, withIntermediate: boolean): Promise<string> {
  const r = await client.createCa({ name, curve: 'P-256', withIntermediate });
  if (!r.ok) throw new Error(r.error.message);
  made.push(r.value.id);
  return r.value.id;
}

describe('lab CA source through the real worker (Chromium)', () => {
  it('issues for a browser-made CSR; the worker validates the chain and matches the key', async () => {
    const id = await newCa('Browser Source', true);
    const source = await LabCaSource.open(client, { caId: id });
    if (!source.ok) throw new Error(source.error.message);
    const anchors = await source.value.caCertificates();
    if (!anchors.ok) throw new Error(anchors.error.message);
    expect(anchors.value).toHaveLength(2);
    const request = await browserCsr('browser-board-1');
    const r = await source.value.enroll(request);
    if (!r.ok) throw new Error(r.error.message);
    const [leaf, ...chain] = r.value.certificates;
    const report = await client.validateChain(leaf!, chain.slice(0, -1), anchors.value.slice(-1));
    expect(report.ok && report.value.valid).toBe(true);
    const same = await client.sameKey(request.csrDer, leaf!);
    expect(same.ok && same.value.same).toBe(true);
  });

  it('openCaSource opens the selected lab CA; a cancelled enroll still answers the certificate the CA issued', async () => {
    const id = await newCa('Browser Selected', false);
    // The selection lives in the one shared IndexedDB: another test file running at the same time may change it
    // between our select and open, so select-then-open is retried a few times.
    let opened = await openCaSource(DEFAULT_CA_CONFIG, { crypto: client, secrets: new CaSecrets(null) });
    const isIt = (r: typeof opened) => r.ok && (r.value as LabCaSource).ca.id === id;
    for (let i = 0; i < 5 && !isIt(opened); i++) {
      expect((await client.selectCa(id)).ok).toBe(true);
      opened = await openCaSource(DEFAULT_CA_CONFIG, { crypto: client, secrets: new CaSecrets(null) });
    }
    if (!opened.ok) throw new Error(opened.error.message);
    expect(opened.value.label).toMatch(/^Lab CA "Browser Selected" \([0-9A-F]{8}\)$/);
    // Issuing is a lab CA change: once sent it is never cut off or answered "aborted", so the caller learns about
    // the certificate that exists (the flow keeps it rather than issue a second one).
    const controller = new AbortController();
    const pending = opened.value.enroll(await browserCsr('cancelled-board'), { signal: controller.signal });
    controller.abort();
    expect(await pending).toMatchObject({ ok: true, value: { format: 'der' } });
    // A signal that fired before the call: nothing is sent, "aborted".
    expect(await opened.value.enroll(await browserCsr('not-sent'), { signal: controller.signal })).toMatchObject({
      ok: false,
      error: { code: 'aborted' },
    });
    expect((await opened.value.enroll(await browserCsr('after-cancel'))).ok).toBe(true);
  });
});

describe('manual exchange in Chromium', () => {
  it('takes the certificate from a File and from a DataTransfer drop; a dropped private key is refused', async () => {
    const id = await newCa('Browser Manual', false);
    const source = new ManualSource({ caPem: '' });
    const view = new ManualExchangeView(source);
    const stop = view.connect();
    try {
      const request = await browserCsr('manual-board');
      const done = source.enroll(request);
      flushSync();
      expect(view.pending?.csrFileName).toBe('keywire-manual-board.csr.pem');
      const issued = await client.issueCertificate(id, request.csrDer, request.profile);
      if (!issued.ok) throw new Error(issued.error.message);

      const drop = new DataTransfer();
      drop.setData(
        'text/plain',
        '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n',
      );
      await view.drop(drop);
      expect(view.error).toMatch(/private key.*not stored/i);
      expect(source.pending).not.toBeNull();

      await view.submitFile(new File([issued.value.leafDer.slice()], 'manual-board.der'));
      const r = await done;
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.format).toBe('der');
      expect(view.accepted).toMatch(/Received 1 certificate from manual-board\.der/);

      const second = source.enroll(request);
      const files = new DataTransfer();
      files.items.add(new File([issued.value.leafPem], 'cert.pem', { type: 'application/x-pem-file' }));
      await view.drop(files);
      expect((await second).ok).toBe(true);
    } finally {
      stop();
    }
  });
});

describe('EST in Chromium without a server', () => {
  it('a refused connection is "network", naming this page\'s origin for the CORS case', async () => {
    const r = EstSource.create(
      { ...DEFAULT_CA_CONFIG.est, url: 'http://127.0.0.1:9', timeoutSeconds: 5 },
      { secrets: new CaSecrets(null), origin: location.origin },
    );
    if (!r.ok) throw new Error(r.error.message);
    const answer = await r.value.offered();
    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('network');
    expect(answer.error.message).toContain(`the server must allow this origin: ${location.origin}`);
    expect(answer.error.detail).toMatch(/TypeError/);
  });
});
