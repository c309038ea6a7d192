// The public roots are the published bytes: every fingerprint recomputed from its PEM, and Amazon Root CA 1's PEM
// text is exactly what nRF Cloud-provisioned nRF91 boards store (the modem lists the SHA-256 of these bytes).
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AMAZON_ROOT_CA_1_PEM, PUBLIC_ROOTS, publicRootBySha, rootById } from './public-roots.ts';

const der = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex').toUpperCase();

describe('public roots: the published bytes', () => {
  for (const r of PUBLIC_ROOTS)
    it(`${r.name}: SHA-256 of the PEM's DER is ${r.sha256.slice(0, 8)}…`, () => {
      expect(sha256(der(r.pem))).toBe(r.sha256);
    });

  it('Amazon Root CA 1 as nRF Cloud boards store it: SHA-256 of the PEM text is 2C43952E…54F05BD1', () => {
    expect(AMAZON_ROOT_CA_1_PEM).toBe(rootById('amazon-root-ca-1').pem);
    expect(sha256(AMAZON_ROOT_CA_1_PEM)).toBe('2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD54F05BD1');
  });

  it('finds a root by its fingerprint in any case, and nothing for an unknown one', () => {
    expect(publicRootBySha(rootById('digicert-global-root-g2').sha256.toLowerCase())?.name).toBe(
      'DigiCert Global Root G2',
    );
    expect(publicRootBySha('00'.repeat(32))).toBeUndefined();
  });
});
