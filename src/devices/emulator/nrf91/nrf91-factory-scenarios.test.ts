// The scenario boards' factory data is what the health check e2e relies on: check each defect (and the clean board's
// lack of one) on the stored bytes with the project's own certificate reader, Node's crypto and Debian's openssl, so
// a regenerated PEM that loses its defect fails here and not in a browser.
import { createPublicKey, createHash, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificatesIn } from '../../../pki/cert-material.ts';
import { OpensslLab } from '../../../pki/openssl-fixtures.ts';
import { factoryBoard, SCENARIO_SEC_TAG, type Nrf91Factory } from './nrf91-factory.ts';
import { FLEET_ROOT_CA_PEM, OTHER_FLEET_CA_PEM } from './nrf91-factory-scenario-pems.ts';

const YEAR = 365.25 * 86_400_000;

function board(id: string): Nrf91Factory {
  const b = factoryBoard(id);
  if (!b) throw new Error(`no factory board ${id}`);
  return b;
}

const content = (b: Nrf91Factory, type: number): string => {
  const c = b.credentials.find((x) => x.secTag === SCENARIO_SEC_TAG && x.type === type);
  if (!c) throw new Error(`${b.id} has nothing at ${SCENARIO_SEC_TAG}/${type}`);
  return c.content;
};

const spkiSha = (pem: string) =>
  createHash('sha256')
    .update(createPublicKey(pem).export({ type: 'spki', format: 'der' }))
    .digest('hex');

const certOf = (pem: string) => {
  const { certs } = certificatesIn(pem);
  expect(certs.length).toBeGreaterThan(0);
  return certs[0]!;
};

const keyMatches = (b: Nrf91Factory) => spkiSha(content(b, 1)) === spkiSha(content(b, 2));

describe('emulated scenario boards (factory data)', () => {
  const cases = [
    { id: 'nrf9160-expired', expired: true, keyMatches: true, issuer: FLEET_ROOT_CA_PEM },
    { id: 'nrf9160-other-ca', expired: false, keyMatches: true, issuer: OTHER_FLEET_CA_PEM },
    { id: 'nrf9160-other-key', expired: false, keyMatches: false, issuer: FLEET_ROOT_CA_PEM },
    { id: 'nrf9160-good', expired: false, keyMatches: true, issuer: FLEET_ROOT_CA_PEM },
  ];
  for (const c of cases) {
    it(`${c.id}: expired ${c.expired}, key matches ${c.keyMatches}, issued by the expected CA`, () => {
      const b = board(c.id);
      const leaf = certOf(content(b, 1));
      if (c.expired) expect(leaf.notAfter).toBeLessThan(Date.parse('2023-01-01T00:00:00Z'));
      else {
        expect(leaf.notBefore).toBeLessThan(Date.now());
        expect(leaf.notAfter).toBeGreaterThan(Date.now() + 40 * YEAR);
      }
      expect(keyMatches(b)).toBe(c.keyMatches);
      expect(new X509Certificate(content(b, 1)).checkIssued(new X509Certificate(c.issuer))).toBe(true);
      expect(leaf.subject.commonName).toBe(b.deviceUuid);
    });
  }

  it('the other-CA certificate is not issued by the CA stored at its tag', () => {
    const b = board('nrf9160-other-ca');
    expect(new X509Certificate(content(b, 1)).checkIssued(new X509Certificate(content(b, 0)))).toBe(false);
  });

  it('the large-CA board stores a CA chain over 4096 DER bytes and its certificate chains to it (openssl)', () => {
    const b = board('nrf9160-large-ca');
    const cas = certificatesIn(content(b, 0)).certs;
    expect(cas).toHaveLength(3);
    expect(cas.reduce((n, c) => n + c.der.length, 0)).toBeGreaterThan(4096);
    expect(content(b, 0).length + `AT%CMNG=0,${SCENARIO_SEC_TAG},0,""`.length).toBeGreaterThan(4096);
    expect(keyMatches(b)).toBe(true);
    const lab = new OpensslLab();
    try {
      expect(lab.verify(content(b, 1), [], [content(b, 0)]).ok).toBe(true);
    } finally {
      lab.cleanup();
    }
  });

  it('the clean board passes openssl verify against the CA at its tag for clientAuth', () => {
    const b = board('nrf9160-good');
    const lab = new OpensslLab();
    try {
      expect(lab.verify(content(b, 1), [], [content(b, 0)]).ok).toBe(true);
    } finally {
      lab.cleanup();
    }
  });

  it('labels say what each board is', () => {
    expect(board('nrf9160-expired').label).toBe('Emulated nRF9160 — expired certificate');
    expect(board('nrf9160-large-ca').label).toBe('Emulated nRF9160 — CA chain over 4 kB');
  });
});
