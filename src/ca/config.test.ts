import { describe, expect, it } from 'vitest';
import { CA_CONFIG_KEY, DEFAULT_CA_CONFIG, loadCaConfig, parseCaConfig, saveCaConfig } from './config.ts';
import { CaSecrets, REMEMBERED_SECRETS_KEY } from './secrets.ts';

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
  it('keeps a credential in memory only by default', () => {
    const s = new MemoryStorage();
    const secrets = new CaSecrets(s);
    secrets.set('est.password', 'hunter2');
    expect(secrets.get('est.password')).toBe('hunter2');
    expect(s.map.size).toBe(0);
    expect(new CaSecrets(s).get('est.password')).toBe('');
  });

  it('"remember" writes it under one named key; a new page gets it back; "forget" removes it everywhere', () => {
    const s = new MemoryStorage();
    const secrets = new CaSecrets(s);
    secrets.set('est.token', 'tok-1');
    secrets.remember('est.token', true);
    expect(JSON.parse(s.getItem(REMEMBERED_SECRETS_KEY)!)).toEqual({ 'est.token': 'tok-1' });
    const reloaded = new CaSecrets(s);
    expect(reloaded.get('est.token')).toBe('tok-1');
    expect(reloaded.isRemembered('est.token')).toBe(true);
    reloaded.forget('est.token');
    expect(reloaded.get('est.token')).toBe('');
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).toBeNull();
  });

  it('turning "remember" off removes it from storage but keeps it for this session', () => {
    const s = new MemoryStorage();
    const secrets = new CaSecrets(s);
    secrets.remember('signer.header', true);
    secrets.set('signer.header', 'Bearer abc');
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).toContain('Bearer abc');
    secrets.remember('signer.header', false);
    expect(s.getItem(REMEMBERED_SECRETS_KEY)).toBeNull();
    expect(secrets.get('signer.header')).toBe('Bearer abc');
  });

  it('ignores unknown names and damaged storage', () => {
    const s = new MemoryStorage();
    s.setItem(REMEMBERED_SECRETS_KEY, JSON.stringify({ 'est.password': 'p', other: 'x', 'est.token': 5 }));
    const secrets = new CaSecrets(s);
    expect(secrets.get('est.password')).toBe('p');
    expect(secrets.get('est.token')).toBe('');
    s.setItem(REMEMBERED_SECRETS_KEY, '[[[');
    expect(new CaSecrets(s).get('est.password')).toBe('');
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
