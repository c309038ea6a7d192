import { describe, expect, it } from 'vitest';
import { isSecretName, scanForSecrets, type SecretKind } from './secrets.ts';

// Shapes of real secrets; the key material is truncated and meaningless, the headers are the published ones.
const SECRETS: { name: string; text: string; kind: SecretKind }[] = [
  {
    name: 'PKCS#8 key',
    text: '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg',
    kind: 'pem-private-key',
  },
  { name: 'SEC1 EC key', text: 'x -----BEGIN EC PRIVATE KEY----- y', kind: 'pem-private-key' },
  { name: 'RSA key', text: '-----BEGIN RSA PRIVATE KEY-----', kind: 'pem-private-key' },
  { name: 'OpenSSH key', text: '-----BEGIN OPENSSH PRIVATE KEY-----', kind: 'pem-private-key' },
  { name: 'encrypted PKCS#8', text: '-----BEGIN ENCRYPTED PRIVATE KEY-----', kind: 'pem-private-key' },
  { name: 'PGP key block', text: '-----BEGIN PGP PRIVATE KEY BLOCK-----', kind: 'pem-private-key' },
  { name: 'other encrypted block', text: '-----BEGIN ENCRYPTED DATA-----', kind: 'pem-encrypted' },
  { name: 'nRF91 key write', text: 'AT%CMNG=0,16842753,2,"MIGHAgEA', kind: 'cmng-secret-write' },
  { name: 'nRF91 PSK write', text: 'at%cmng=0, 42, 3, "6d7973656372657470736b"', kind: 'cmng-secret-write' },
  {
    name: 'JWT',
    text: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    kind: 'jwt',
  },
  { name: 'password=', text: 'user=ana&password=hunter2', kind: 'credential-assignment' },
  { name: 'JSON token', text: '{"accessToken": "abc.def"}', kind: 'credential-assignment' },
  { name: 'api_key:', text: 'api_key: 1234', kind: 'credential-assignment' },
  { name: 'psk=', text: 'psk=000102030405', kind: 'credential-assignment' },
  { name: 'client_secret', text: 'client_secret=s3cr3t', kind: 'credential-assignment' },
  { name: 'Basic auth header', text: 'Authorization: Basic YW5hOmh1bnRlcjI=', kind: 'authorization-header' },
  { name: 'Bearer header', text: 'authorization: bearer abc', kind: 'authorization-header' },
  { name: 'bare Bearer token', text: 'sent Bearer 0123456789abcdefXYZ', kind: 'authorization-header' },
  { name: 'URL credentials', text: 'https://ana:hunter2@est.example.com/.well-known/est', kind: 'url-credentials' },
  {
    name: 'base64 key',
    text: 'key MHcCAQEEIBYr3Fz9Qp0kL4mTfWw7xJ8aN2cVb5eHdGtRuZyX1sO0oAoGCCqGSM49',
    kind: 'base64-blob',
  },
];

// Public facts records do hold; none may be flagged.
const CLEAN = [
  'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855e3b0c44298fc1c149afbf4c8996fb924',
  '{"credentialKind":"privateKey","secTag":16842753,"deviceType":"2"}',
  'CN=50503041-3633-4261-803d-1e2b8f70c0c1,O=Acme Fleet,OU=Field',
  '2030-01-31T23:59:59.000Z',
  '+CME ERROR: 514 (no access: private keys cannot be read back)',
  'https://est.example.com/.well-known/est/simpleenroll',
  'mfw_nrf91x1_2.0.2 nRF9151-LACA 352656100123456',
  'tokens: 3, secrets rotated: no',
  '-----BEGIN CERTIFICATE-----',
];

describe('scanForSecrets', () => {
  for (const { name, text, kind } of SECRETS) {
    it(`flags a ${name}`, () => {
      const findings = scanForSecrets(text);
      expect(findings.map((f) => f.kind)).toContain(kind);
      const hit = findings.find((f) => f.kind === kind)!;
      expect(hit.index).toBeGreaterThanOrEqual(0);
      expect(hit.index + hit.length).toBeLessThanOrEqual(text.length);
    });
  }
  for (const text of CLEAN) {
    it(`leaves public facts alone: ${text.slice(0, 40)}`, () => {
      expect(scanForSecrets(text)).toEqual([]);
    });
  }
  it('flags the base64 body lines of a pasted certificate too (records hold digests, not blobs)', () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2eJ7k8kF1xVq3n9pZlY0H5rTmIwCgYIKoZIzj0EAwIw\n';
    expect(scanForSecrets(pem).map((f) => f.kind)).toEqual(['base64-blob']);
  });
  it('reports findings in text order', () => {
    const text = 'password=x then -----BEGIN PRIVATE KEY-----';
    expect(scanForSecrets(text).map((f) => f.kind)).toEqual(['credential-assignment', 'pem-private-key']);
  });
});

describe('isSecretName', () => {
  it.each(['password', 'Passwd', 'apiToken', 'clientSecret', 'privateKey', 'private_key', 'psk', 'api_key'])(
    'names %s a secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );
  it.each(['secTag', 'credentialKind', 'certSha256', 'caName', 'keyType', 'pskIdentityLength'])(
    'lets %s through',
    (name) => expect(isSecretName(name)).toBe(false),
  );
});
