import { describe, expect, it } from 'vitest';
import { CA_CONFIG_KEY, DEFAULT_CA_CONFIG, loadCaConfig, parseCaConfig, saveCaConfig } from './config.ts';
import { CaSecrets, LEGACY_SECRETS_KEY, REMEMBERED_SECRETS_KEY } from './secrets.ts';
import { memoryVault } from './secret-vault.ts';

class MemoryStorage {
  readonly map = new Map<string, string>();
  getItem = (k: string) => this.map.get(k) ?? null;
  setItem = (k: string, v: string) => void this.map.set(k, v);
  removeItem = (k: string) => void this.map.delete(k);
}

describe('CA config in localStorage', () => {
  it('defaults to the lab CA when nothing is stored or the value is not JSON', () => {
    const s = new MemoryStorage();
    expect(loadCaConfig(s)).toEqual(DEFAULT_CA_CONFIG);
    s.setItem(CA_CONFIG_KEY, '{not json');
    expect(loadCaConfig(s)).toEqual(DEFAULT_CA_CONFIG);
    expect(loadCaConfig(null)).toEqual(DEFAULT_CA_CONFIG);
  });

  it('round-trips every field', () => {
    const s = new MemoryStorage();
    const config = {
      kind: 'http-signer' as const,
      est: {
        url: 'https://ca',
        label: 'iot',
        auth: 'basic' as const,
        username: 'bench',
        timeoutSeconds: 10,
        maxWaitSeconds: 60,
        pinned: [{ sha256: 'AB'.repeat(32), subject: 'CN=Bench Root' }],
        pinnedFor: 'https://ca/.well-known/est/iot',
      },
      signer: {
        ...DEFAULT_CA_CONFIG.signer,
        url: 'https://signer/sign',
        request: 'pkcs10-pem' as const,
        response: 'pkcs7' as const,
        certificateField: 'data.cert',
        caPem: 'PEM',
      },
      manual: { caPem: 'MANUAL' },
    };
    saveCaConfig(config, s);
    expect(loadCaConfig(s)).toEqual(config);
  });

  it('validates field by field: a bad field falls back alone, the rest is kept', () => {
    const c = parseCaConfig({
      kind: 'acme',
      est: { url: 'https://ca', auth: 'kerberos', timeoutSeconds: 0, maxWaitSeconds: 1.5, username: 42 },
      signer: { request: 'xml', response: 'json', timeoutSeconds: 9999 },
      manual: 'nope',
    });
    expect(c.kind).toBe('lab');
    expect(c.est).toEqual({ ...DEFAULT_CA_CONFIG.est, url: 'https://ca' });
    expect(c.signer).toEqual({ ...DEFAULT_CA_CONFIG.signer, response: 'json' });
    expect(c.manual).toEqual(DEFAULT_CA_CONFIG.manual);
  });

  it('keeps only well-formed confirmed fingerprints (colons dropped, upper case, no duplicates)', () => {
    const c = parseCaConfig({
      est: {
        pinned: [
          { sha256: 'ab:'.repeat(31) + 'ab', subject: 'CN=Root' },
          { sha256: 'AB'.repeat(32), subject: 'CN=Root again' },
          { sha256: 'not hex', subject: 'CN=Bad' },
          'junk',
          { sha256: 'CD'.repeat(32) },
        ],
      },
    });
    expect(c.est.pinned).toEqual([
      { sha256: 'AB'.repeat(32), subject: 'CN=Root' },
      { sha256: 'CD'.repeat(32), subject: '' },
    ]);
    expect(parseCaConfig({ est: { pinned: 'AB' } }).est.pinned).toEqual([]);
  });

  it('never stores a credential: the config has no field for one', () => {
    const s = new MemoryStorage();
    saveCaConfig({ ...DEFAULT_CA_CONFIG, est: { ...DEFAULT_CA_CONFIG.est, password: 'hunter2' } as never }, s);
    expect(s.getItem(CA_CONFIG_KEY)).not.toContain('hunter2');
  });
});

describe('CA credentials: memory unless remembered', () => {
  it('keeps a credential in memory only by default', async () => {
    const s = new MemoryStorage();
    const secrets = new CaSecrets(s);
    secrets.set('est.password', 'hunter2');
    expect(secrets.get('est.password')).toBe('hunter2');
    await secrets.saved();
    expect(s.map.size).toBe(0);
    const again = new CaSecrets(s);
    await again.ready;
    expect(again.get('est.password')).toBe('');
  });

  it('"remember" writes it sealed under one named key; a new page gets it back; "forget" removes it everywhere', async () => {
    const s = new MemoryStorage();
    const vault = memoryVault();
    const secrets = new CaSecrets(s, vault);
    secrets.set('est.token', 'tok-1');
    secrets.remember('est.token', true);
    await secrets.saved();
    const stored = JSON.parse(s.getItem(REMEMBERED_SECRETS_KEY)!);
    expect(Object.keys(stored)).toEqual(['est.token']);
    expect(stored['est.token']).toMatch(/^v1\./);
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).not.toContain('tok-1');
    const reloaded = new CaSecrets(s, vault);
    await reloaded.ready;
    expect(reloaded.get('est.token')).toBe('tok-1');
    expect(reloaded.isRemembered('est.token')).toBe(true);
    reloaded.forget('est.token');
    expect(reloaded.get('est.token')).toBe('');
    await reloaded.saved();
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).toBeNull();
  });

  it('turning "remember" off removes it from storage but keeps it for this session', async () => {
    const s = new MemoryStorage();
    const secrets = new CaSecrets(s);
    secrets.remember('signer.header', true);
    secrets.set('signer.header', 'Bearer abc');
    await secrets.saved();
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).toContain('signer.header');
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).not.toContain('Bearer abc');
    secrets.remember('signer.header', false);
    await secrets.saved();
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).toBeNull();
    expect(secrets.get('signer.header')).toBe('Bearer abc');
  });

  it('ignores unknown names and damaged storage', async () => {
    const s = new MemoryStorage();
    s.setItem(LEGACY_SECRETS_KEY, JSON.stringify({ 'est.password': 'p', other: 'x', 'est.token': 5 }));
    const secrets = new CaSecrets(s);
    await secrets.ready;
    expect(secrets.get('est.password')).toBe('p');
    expect(secrets.get('est.token')).toBe('');
    s.setItem(REMEMBERED_SECRETS_KEY, '[[[');
    s.setItem(LEGACY_SECRETS_KEY, '[[[');
    const damaged = new CaSecrets(s);
    await damaged.ready;
    expect(damaged.get('est.password')).toBe('');
  });

  it('a sealed value from another key, another name or damaged is not read', async () => {
    const s = new MemoryStorage();
    const vault = memoryVault();
    const secrets = new CaSecrets(s, vault);
    secrets.set('est.password', 'pw');
    secrets.remember('est.password', true);
    await secrets.saved();
    const other = new CaSecrets(s, memoryVault());
    await other.ready;
    expect(other.get('est.password')).toBe('');
    const sealed = JSON.parse(s.getItem(REMEMBERED_SECRETS_KEY)!)['est.password'];
    s.setItem(REMEMBERED_SECRETS_KEY, JSON.stringify({ 'est.token': sealed }));
    const moved = new CaSecrets(s, vault);
    await moved.ready;
    expect(moved.get('est.token')).toBe('');
  });

  it('migrates plain-text credentials of older versions: sealed, then the plain text removed', async () => {
    const s = new MemoryStorage();
    s.setItem(LEGACY_SECRETS_KEY, JSON.stringify({ 'est.password': 'old-plain', 'signer.header': 'Bearer old' }));
    const vault = memoryVault();
    const secrets = new CaSecrets(s, vault);
    await secrets.ready;
    expect(secrets.get('est.password')).toBe('old-plain');
    expect(secrets.isRemembered('signer.header')).toBe(true);
    expect(s.getItem(LEGACY_SECRETS_KEY)).toBeNull();
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).not.toMatch(/old-plain|Bearer old/);
    const reloaded = new CaSecrets(s, vault);
    await reloaded.ready;
    expect(reloaded.get('signer.header')).toBe('Bearer old');
  });

  it('keeps the plain-text entry when it cannot be sealed, so nothing is lost', async () => {
    const s = new MemoryStorage();
    s.setItem(LEGACY_SECRETS_KEY, JSON.stringify({ 'est.password': 'old-plain' }));
    const secrets = new CaSecrets(s, { seal: async () => null, open: async () => null });
    await secrets.ready;
    expect(secrets.get('est.password')).toBe('old-plain');
    expect(secrets.stored).toBe(false);
    expect(s.getItem(LEGACY_SECRETS_KEY)).toContain('old-plain');
  });
});

describe('blocked or full storage', () => {
  const refusing = {
    getItem: () => null,
    setItem: () => {
      throw new DOMException('quota', 'QuotaExceededError');
    },
    removeItem: () => {
      throw new DOMException('blocked', 'SecurityError');
    },
  };

  it('saving the config says it failed instead of throwing', () => {
    expect(saveCaConfig(DEFAULT_CA_CONFIG, refusing)).toBe(false);
    expect(saveCaConfig(DEFAULT_CA_CONFIG, new MemoryStorage())).toBe(true);
  });

  it('credentials still work for the session when storage refuses them', () => {
    const secrets = new CaSecrets(refusing);
    let changes = 0;
    secrets.onChange(() => changes++);
    secrets.set('est.password', 'pw');
    secrets.remember('est.password', true);
    expect(secrets.get('est.password')).toBe('pw');
    expect(changes).toBe(2);
    secrets.forget('est.password');
    expect(secrets.get('est.password')).toBe('');
  });
});
