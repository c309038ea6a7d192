// The CA view states in real Chromium with the real crypto worker: the lab CA panel (create, use, delete only after
// confirming, import from files with the key dropped from the page), the config state (saved choice, credentials
// that follow "remember"), and the CA certificates check (lab fingerprints; a dead EST server explained).
import { afterAll, describe, expect, it } from 'vitest';
import { CryptoClient } from '../../workers/crypto-client.ts';
import { encodeName } from '../../pki/csr-build.ts';
import { certExtensions, keyIdentifier, randomSerial, signTbs, tbsCertificate } from '../../pki/cert-build.ts';
import { OID } from '../../pki/oids.ts';
import { toPem } from '../../pki/pem.ts';
import { CaSecrets, REMEMBERED_SECRETS_KEY } from '../../ca/secrets.ts';
import { memoryVault } from '../../ca/secret-vault.ts';
import { CA_CONFIG_KEY, DEFAULT_CA_CONFIG } from '../../ca/config.ts';
import { LabCaPanelState } from './lab-ca-panel.svelte.ts';
import { CaConfigState } from './ca-config.svelte.ts';
import { CaCheck, colonHex, pinStatus, type CaCertificateView } from './ca-check.svelte.ts';
import { caErrorNote } from './messages.ts';

const client = new CryptoClient();
afterAll(async () => {
  const list = await client.listCas();
  for (const ca of list.ok ? list.value : []) if (ca.name.startsWith('View ')) await client.deleteCa(ca.id);
  client.close();
});

class MemoryStorage implements Storage {
  readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear = () => this.map.clear();
  getItem = (k: string) => this.map.get(k) ?? null;
  key = (i: number) => [...this.map.keys()][i] ?? null;
  removeItem = (k: string) => void this.map.delete(k);
  setItem = (k: string, v: string) => void this.map.set(k, v);
}

describe('lab CA panel state', () => {
  it('creates, switches, and deletes only after confirming', async () => {
    const panel = new LabCaPanelState(client);
    await panel.refresh();
    panel.name = 'View One';
    await panel.create();
    expect(panel.error).toBe('');
    panel.name = 'View Two';
    await panel.create();
    const two = panel.cas.find((c) => c.name === 'View Two')!;
    await panel.select(two.id);
    // (Which CA is selected right after is not asserted: other test files share the database and select too.)
    expect(panel.message).toBe('Provisioning now uses "View Two".');
    panel.askDelete(two.id);
    expect(panel.confirmingDelete).toBe(two.id);
    panel.keep();
    expect(panel.cas.some((c) => c.id === two.id)).toBe(true);
    await panel.remove(two.id);
    expect(panel.cas.some((c) => c.id === two.id)).toBe(false);
    expect(panel.message).toMatch(/"View Two" deleted/);
  });

  it('explains a bad name and keeps the list as it was', async () => {
    const panel = new LabCaPanelState(client);
    await panel.refresh();
    const before = panel.cas.length;
    panel.name = '   ';
    await panel.create();
    expect(panel.error).toMatch(/Check the fields: the CA name must be 1\.\.48 characters/);
    expect(panel.cas.length).toBe(before);
  });

  it('imports a CA from a certificate file and a PKCS#8 DER key file; the key is dropped from the page', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
    const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey));
    const name = encodeName([{ oid: OID.commonName, value: 'View Imported Root' }]);
    const now = Date.now();
    const cert = await signTbs(
      tbsCertificate({
        serial: randomSerial(),
        curve: 'P-256',
        issuerDer: name,
        subjectDer: name,
        spkiDer: spki,
        notBefore: now - 60_000,
        notAfter: now + 86_400_000 * 30,
        extensions: certExtensions({
          ca: true,
          keyUsage: ['keyCertSign', 'cRLSign'],
          subjectKeyId: keyIdentifier(spki.subarray(spki.length - 65)),
        }),
      }),
      'P-256',
      keys.privateKey,
    );
    const panel = new LabCaPanelState(client);
    await panel.refresh();
    await panel.readFile(new File([toPem('CERTIFICATE', cert)], 'ca.pem'), 'certificate');
    await panel.readFile(new File([pkcs8], 'ca.key.der'), 'key');
    expect(panel.importKey).toBeInstanceOf(Uint8Array);
    panel.importName = 'View Imported';
    await panel.importCa();
    expect(panel.error).toBe('');
    expect(panel.importKey).toBe('');
    expect(panel.message).toMatch(/imported; its key is now non-extractable/);
    expect(panel.cas.find((c) => c.name === 'View Imported')?.origin).toBe('imported');

    // A key of another CA: refused with the reason, and still dropped from the page.
    const other = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign']);
    await panel.readFile(new File([toPem('CERTIFICATE', cert)], 'ca.pem'), 'certificate');
    panel.importKey = toPem('PRIVATE KEY', new Uint8Array(await crypto.subtle.exportKey('pkcs8', other.privateKey)));
    await panel.importCa();
    expect(panel.error).toMatch(/The key does not fit this certificate/);
    expect(panel.importKey).toBe('');
  });
});

describe('CA config state', () => {
  it('saves the choice and settings; credentials follow "remember" (sealed in storage)', async () => {
    const storage = new MemoryStorage();
    const vault = memoryVault();
    const state = new CaConfigState(new CaSecrets(storage, vault), storage);
    state.setKind('est');
    state.updateEst({ url: 'http://127.0.0.1:7030', auth: 'basic', username: 'bench' });
    expect(state.estProblem).toBeNull();
    expect(state.estBase).toBe('http://127.0.0.1:7030/.well-known/est');
    state.setSecret('est.password', 'pw');
    expect(state.secret('est.password')).toBe('pw');
    await state.secrets.saved();
    expect(storage.getItem(REMEMBERED_SECRETS_KEY)).toBeNull();
    state.remember('est.password', true);
    expect(state.remembered('est.password')).toBe(true);
    await state.secrets.saved();
    expect(storage.getItem(REMEMBERED_SECRETS_KEY)).toContain('est.password');
    expect(storage.getItem(REMEMBERED_SECRETS_KEY)).not.toContain('"pw"');
    expect(storage.getItem(CA_CONFIG_KEY)).not.toContain('pw"');
    const again = new CaConfigState(new CaSecrets(storage, vault), storage);
    await again.secrets.ready;
    expect(again.current.kind).toBe('est');
    expect(again.secret('est.password')).toBe('pw');
    again.forget('est.password');
    await again.secrets.saved();
    expect(storage.getItem(REMEMBERED_SECRETS_KEY)).toBeNull();
    state.updateEst({ url: 'ftp://nope' });
    expect(state.estProblem).toMatch(/not ftp/);
    state.updateEst({ url: 'http://ca.example.com', auth: 'bearer' });
    expect(state.estProblem).toMatch(/never sent over plain http/);
  });

  it("EST: confirming the CA's fingerprints pins them to this address; another address needs its own", () => {
    const storage = new MemoryStorage();
    const state = new CaConfigState(new CaSecrets(storage), storage);
    state.setKind('est');
    state.updateEst({ url: 'http://127.0.0.1:7030' });
    expect(state.estPinned).toEqual([]);
    state.confirmEstCa([{ sha256: 'ab'.repeat(32), subject: 'CN=Root' }]);
    expect(state.estPinned).toEqual([{ sha256: 'AB'.repeat(32), subject: 'CN=Root' }]);
    expect(new CaConfigState(new CaSecrets(storage), storage).estPinned).toHaveLength(1);
    state.updateEst({ url: 'http://127.0.0.1:7031' });
    expect(state.estPinned).toEqual([]);
    state.updateEst({ url: 'http://127.0.0.1:7030/.well-known/est' });
    expect(state.estPinned).toHaveLength(1);
    state.forgetEstCa();
    expect(state.estPinned).toEqual([]);
  });
});

describe('pin status', () => {
  const view = (sha256: string): CaCertificateView => ({
    subject: 'CN=x',
    issuer: 'CN=x',
    sha256,
    fingerprint: colonHex(sha256),
    notAfter: '2099-01-01T00:00:00Z',
    isCa: true,
    expired: false,
  });
  const A = 'AA'.repeat(32);
  const B = 'BB'.repeat(32);
  it('none before confirming; confirmed when every offered one is known; changed otherwise', () => {
    expect(pinStatus([], [view(A)])).toBe('none');
    expect(
      pinStatus(
        [
          { sha256: A, subject: '' },
          { sha256: B, subject: '' },
        ],
        [view(A)],
      ),
    ).toBe('confirmed');
    expect(pinStatus([{ sha256: A, subject: '' }], [view(A), view(B)])).toBe('changed');
  });
});

describe('CA certificates check', () => {
  it('lab CA: shows the CA with its SHA-256 in colon form', async () => {
    const created = await client.createCa({ name: 'View Check', curve: 'P-256', withIntermediate: false });
    if (!created.ok) throw new Error(created.error.message);
    const check = new CaCheck();
    // Selection is shared by every test file using the lab CA database at the same time: retry select-then-check.
    const label = `Lab CA "View Check" (${created.value.rootFingerprint.slice(0, 8)})`;
    for (let i = 0; i < 5 && check.checkedLabel !== label; i++) {
      await client.selectCa(created.value.id);
      await check.run(DEFAULT_CA_CONFIG, new CaSecrets(null));
    }
    expect(check.checkedLabel).toBe(label);
    expect(check.error).toBeNull();
    expect(check.certificates).toHaveLength(1);
    expect(check.certificates[0]).toMatchObject({
      subject: 'O=KeyWire Lab, CN=View Check Root CA',
      fingerprint: colonHex(created.value.rootFingerprint),
      isCa: true,
      expired: false,
    });
  });

  it('EST server down: a "network" error, and settings problems are "not-configured"', async () => {
    const check = new CaCheck();
    await check.run(
      { ...DEFAULT_CA_CONFIG, kind: 'est', est: { ...DEFAULT_CA_CONFIG.est, url: 'http://127.0.0.1:9' } },
      new CaSecrets(null),
    );
    expect(check.error?.code).toBe('network');
    expect(check.busy).toBe(false);
    await check.run({ ...DEFAULT_CA_CONFIG, kind: 'manual' }, new CaSecrets(null));
    expect(check.error?.code).toBe('not-configured');
  });

  it('a CA client whose code is gone (the app was updated on the server) is shown as "reload the page"', async () => {
    const check = new CaCheck({
      backends: { est: () => import(/* @vite-ignore */ `/keywire-${'gone-after-redeploy'}.js`) },
    });
    await check.run(
      { ...DEFAULT_CA_CONFIG, kind: 'est', est: { ...DEFAULT_CA_CONFIG.est, url: 'http://127.0.0.1:9' } },
      new CaSecrets(null),
    );
    expect(check.busy).toBe(false);
    expect(check.error?.code).toBe('load-failed');
    expect(caErrorNote(check.error!)).toMatchObject({ action: 'Reload the page.' });
  });
});
