// Key evidence on a board that can sign (a secure element behind the `signer` facet). KeyWire has no secure-element
// adapter or emulator yet, so the board is scripted here around a real P-256 key made with openssl: it signs the
// digest it is given with noble (as the chip would), exports its public key, or refuses. The worker API checks the
// signature in this thread. Strongest evidence first: challenge, then exported key, then the audit trail.
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileFor } from '../devices/adapters/index.ts';
import type { Device, StoredCredential } from '../devices/device.ts';
import { deviceError } from '../devices/errors.ts';
import { fromBase64 } from '../lib/bytes.ts';
import { err, ok } from '../lib/result.ts';
import { OpensslLab, type Issued } from '../pki/openssl-fixtures.ts';
import { runHealthCheck } from './health-check.ts';
import { checkCryptoInThread } from './testing/check-crypto.ts';

const SLOT = 1;
let lab: OpensslLab;
let ca: Issued;
let leaf: Issued;
let other: Issued;

beforeAll(() => {
  lab = new OpensslLab();
  ca = lab.root('se-ca', { cn: 'Secure Element Test CA' });
  leaf = lab.issue('se-leaf', ca, { cn: 'se-device-1' });
  other = lab.issue('se-other', ca, { cn: 'se-device-2' });
});
afterAll(() => lab.cleanup());

const secretOf = (issued: Issued) => {
  const jwk = createPrivateKey(lab.run(['pkey', '-in', issued.keyPath])).export({ format: 'jwk' });
  return fromBase64(jwk.d!)!;
};
const spkiOf = (issued: Issued) =>
  new Uint8Array(createPublicKey(lab.run(['pkey', '-in', issued.keyPath])).export({ type: 'spki', format: 'der' }));

interface Script {
  readonly signWith: Issued | 'refuse';
  readonly exportKey: Issued | 'refuse';
}

function secureElement(s: Script): Device {
  const stored: StoredCredential[] = [
    { secTag: SLOT, kind: 'caCert', deviceType: 'CA' },
    { secTag: SLOT, kind: 'clientCert', deviceType: 'CERT' },
    { secTag: SLOT, kind: 'privateKey', deviceType: 'KEY' },
  ];
  return {
    family: 'secure-element',
    profile: profileFor('secure-element'),
    limits: { pemLineEnding: 'lf' },
    identify: async () => err(deviceError('unsupported', 'not scripted')),
    close: async () => {},
    credentials: {
      kinds: ['caCert', 'clientCert', 'privateKey'],
      canRead: (kind) => kind !== 'privateKey',
      list: async () => ok(stored),
      read: async (secTag, kind) =>
        ok({ secTag, kind, deviceType: kind, content: kind === 'caCert' ? ca.pem : leaf.pem }),
      write: async () => err(deviceError('unsupported', 'read-only script')),
      delete: async () => err(deviceError('unsupported', 'read-only script')),
    },
    signer: {
      curves: ['P-256'],
      publicKey: async () =>
        s.exportKey === 'refuse' ? err(deviceError('device-rejected', 'no such slot')) : ok(spkiOf(s.exportKey)),
      sign: async (_slot, digest) =>
        s.signWith === 'refuse'
          ? err(deviceError('device-rejected', 'signing is locked'))
          : ok(p256.sign(digest, secretOf(s.signWith), { prehash: false })),
    },
  };
}

async function keyFinding(s: Script) {
  const device = secureElement(s);
  const identity = {
    family: 'secure-element' as const,
    deviceId: 'se-1',
    manufacturer: 'ST',
    model: 'STSAFE-A110',
    firmware: '1',
  };
  const r = await runHealthCheck({ device, identity }, { crypto: checkCryptoInThread() });
  if (!r.ok) throw new Error(r.error.message);
  return r.value.tags[0]!.findings.find((f) => f.code.startsWith('key-'))!;
}

describe('key evidence from a board that can sign', () => {
  it('a challenge signed with the certificate key: match, evidence is the challenge', async () => {
    const f = await keyFinding({ signWith: leaf, exportKey: 'refuse' });
    expect([f.code, f.severity]).toEqual(['key-match', 'ok']);
    expect(f.evidence).toContain(`signed a fresh random 32-byte challenge with the key in slot ${SLOT}`);
  });

  it('a challenge signed with another key: mismatch on the same evidence', async () => {
    const f = await keyFinding({ signWith: other, exportKey: leaf });
    expect([f.code, f.severity]).toEqual(['key-mismatch', 'error']);
    expect(f.evidence).toContain('challenge');
  });

  it('a board that will not sign: its exported public key is the evidence', async () => {
    const matching = await keyFinding({ signWith: 'refuse', exportKey: leaf });
    expect([matching.code, matching.evidence]).toEqual([
      'key-match',
      expect.stringContaining(`The public key the board exported for slot ${SLOT}`),
    ]);
    const wrong = await keyFinding({ signWith: 'refuse', exportKey: other });
    expect(wrong.code).toBe('key-mismatch');
  });

  it('neither: no evidence, with what was tried', async () => {
    const f = await keyFinding({ signWith: 'refuse', exportKey: 'refuse' });
    expect(f.code).toBe('key-no-evidence');
    expect(f.evidence).toContain('signing is locked');
    expect(f.evidence).toContain('no such slot');
    expect(f.evidence).toContain('no audit trail is available here');
  });
});
