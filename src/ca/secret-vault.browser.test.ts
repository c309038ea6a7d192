// Remembered CA credentials in real Chromium: the AES-GCM key is a non-extractable CryptoKey kept in IndexedDB,
// localStorage holds only ciphertext, a reloaded page (a new vault over the same database) reads it back, plain-text
// entries of older versions are sealed and removed, and without the key nothing can be read.
import { afterEach, describe, expect, it } from 'vitest';
import { deleteDB, openDB } from 'idb';
import { indexedDbVault } from './secret-vault.ts';
import { CaSecrets, LEGACY_SECRETS_KEY, REMEMBERED_SECRETS_KEY } from './secrets.ts';

const dbs: string[] = [];
const dbName = () => {
  const name = `keywire-secrets-test-${crypto.randomUUID()}`;
  dbs.push(name);
  return name;
};
afterEach(async () => {
  for (const name of dbs.splice(0)) await deleteDB(name);
  localStorage.removeItem(REMEMBERED_SECRETS_KEY);
  localStorage.removeItem(LEGACY_SECRETS_KEY);
});

describe('the credential vault (IndexedDB + WebCrypto)', () => {
  it('keeps one non-extractable AES-GCM key in IndexedDB; its bytes cannot be exported', async () => {
    const name = dbName();
    const sealed = await indexedDbVault(name).seal('hunter2', 'est.password');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9+/=]{16}\.[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('hunter2');
    const db = await openDB(name);
    const key: unknown = await db.get('keys', 'ca-credentials');
    db.close();
    expect(key).toBeInstanceOf(CryptoKey);
    const k = key as CryptoKey;
    expect([k.extractable, k.algorithm.name, (k.algorithm as AesKeyAlgorithm).length]).toEqual([false, 'AES-GCM', 256]);
    await expect(crypto.subtle.exportKey('raw', k)).rejects.toThrow();
  });

  it('a new page (another vault over the same database) opens what the first sealed; other databases cannot', async () => {
    const name = dbName();
    const sealed = (await indexedDbVault(name).seal('Bearer abc', 'signer.header'))!;
    expect(await indexedDbVault(name).open(sealed, 'signer.header')).toBe('Bearer abc');
    expect(await indexedDbVault(name).open(sealed, 'est.password')).toBeNull();
    expect(await indexedDbVault(dbName()).open(sealed, 'signer.header')).toBeNull();
    const flipped = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(await indexedDbVault(name).open(flipped, 'signer.header')).toBeNull();
  });

  it('two tabs making the key at once end up with one key', async () => {
    const name = dbName();
    const [a, b] = [indexedDbVault(name), indexedDbVault(name)];
    const [sa, sb] = await Promise.all([a.seal('one', 'x'), b.seal('two', 'x')]);
    expect(await indexedDbVault(name).open(sa!, 'x')).toBe('one');
    expect(await indexedDbVault(name).open(sb!, 'x')).toBe('two');
  });
});

describe('remembered CA credentials in localStorage', () => {
  it('are stored sealed and come back after a reload', async () => {
    const name = dbName();
    const page = new CaSecrets(localStorage, indexedDbVault(name));
    await page.ready;
    page.set('est.password', 'correct horse');
    page.remember('est.password', true);
    await page.saved();
    const raw = localStorage.getItem(REMEMBERED_SECRETS_KEY)!;
    expect(raw).not.toContain('correct horse');
    expect(JSON.parse(raw)['est.password']).toMatch(/^v1\./);
    const reloaded = new CaSecrets(localStorage, indexedDbVault(name));
    await reloaded.ready;
    expect(reloaded.get('est.password')).toBe('correct horse');
    expect(page.stored).toBe(true);
  });

  it('plain-text entries of older versions are sealed and the plain text removed', async () => {
    const name = dbName();
    localStorage.setItem(LEGACY_SECRETS_KEY, JSON.stringify({ 'est.token': 'legacy-token' }));
    const page = new CaSecrets(localStorage, indexedDbVault(name));
    await page.ready;
    expect(page.get('est.token')).toBe('legacy-token');
    expect(localStorage.getItem(LEGACY_SECRETS_KEY)).toBeNull();
    expect(localStorage.getItem(REMEMBERED_SECRETS_KEY)).not.toContain('legacy-token');
    const reloaded = new CaSecrets(localStorage, indexedDbVault(name));
    await reloaded.ready;
    expect([reloaded.get('est.token'), reloaded.isRemembered('est.token')]).toEqual(['legacy-token', true]);
  });

  it('a copy of localStorage without the IndexedDB key reveals nothing', async () => {
    const page = new CaSecrets(localStorage, indexedDbVault(dbName()));
    page.set('signer.header', 'Bearer secret-value');
    page.remember('signer.header', true);
    await page.saved();
    const copied = new CaSecrets(localStorage, indexedDbVault(dbName()));
    await copied.ready;
    expect(copied.get('signer.header')).toBe('');
  });
});
