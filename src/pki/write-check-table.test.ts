// Check before writing, table-driven: each row is a CA answer a board could receive (real certificates signed by
// real WebCrypto CA keys), and what the worker must decide about it, finding by finding and check by check.
import { describe, expect, it } from 'vitest';
import { OID, OID_MORE } from './oids.ts';
import { DAY, notACertificate } from './test-certs.ts';
import { checkBeforeWrite } from './write-check.ts';
import {
  board,
  CN,
  expiredIssuing,
  issuing,
  leaf,
  NRF91,
  other,
  otherRoot,
  request,
  root,
  setUpWriteCheckLab,
} from './testing/write-check-lab.ts';

import type { WriteCheckCode, WriteCheckRequest } from './write-check-types.ts';

setUpWriteCheckLab();

interface Row {
  name: string;
  make: () => Promise<Partial<WriteCheckRequest>>;
  errors: WriteCheckCode[];
  warnings?: WriteCheckCode[];
}

const ROWS: Row[] = [
  { name: 'a certificate for the board key from the chosen root', make: async () => ({}), errors: [] },
  {
    name: 'issued by an intermediate the CA sends along',
    make: async () => ({ certificates: [await leaf({}, () => issuing), issuing.der] }),
    errors: [],
    warnings: ['intermediate-not-on-board'],
  },
  {
    name: 'a valid certificate under an expired intermediate',
    make: async () => ({ certificates: [await leaf({}, () => expiredIssuing), expiredIssuing.der] }),
    errors: ['chain'],
    warnings: ['intermediate-not-on-board'],
  },
  {
    name: 'a certificate for another key',
    make: async () => ({
      certificates: [
        await leaf(
          {},
          () => root,
          () => other,
        ),
      ],
    }),
    errors: ['key-mismatch'],
  },
  {
    name: 'an expired certificate',
    make: async () => ({
      certificates: [await leaf({ notBefore: Date.now() - 30 * DAY, notAfter: Date.now() - DAY })],
    }),
    errors: ['expired'],
  },
  {
    name: 'a certificate not valid yet',
    make: async () => ({ certificates: [await leaf({ notBefore: Date.now() + DAY })] }),
    errors: ['not-yet-valid'],
  },
  {
    name: 'a certificate from another CA (wrong chain)',
    make: async () => ({ certificates: [await leaf({}, () => otherRoot), otherRoot.der] }),
    errors: ['chain'],
  },
  {
    name: 'an intermediate-issued certificate with its intermediate, from another CA',
    make: async () => ({ certificates: [await leaf({}, () => issuing), issuing.der], caCertificates: [otherRoot.pem] }),
    errors: ['chain'],
  },
  {
    name: 'an intermediate-issued certificate without its intermediate',
    make: async () => ({ certificates: [await leaf({}, () => issuing)] }),
    errors: ['chain'],
  },
  {
    name: 'extended key usage serverAuth only',
    make: async () => ({ certificates: [await leaf({ eku: [OID.serverAuth] })] }),
    errors: ['ext-key-usage'],
  },
  {
    name: 'no extended key usage',
    make: async () => ({ certificates: [await leaf({ eku: null })] }),
    errors: [],
    warnings: ['no-ext-key-usage'],
  },
  {
    name: 'extended key usage anyExtendedKeyUsage',
    make: async () => ({ certificates: [await leaf({ eku: [OID.serverAuth, OID_MORE.anyExtendedKeyUsage] })] }),
    errors: [],
  },
  {
    name: 'key usage with no bit set',
    make: async () => ({ certificates: [await leaf({ keyUsage: [] })] }),
    errors: ['key-usage'],
  },
  {
    name: 'key usage keyAgreement only',
    make: async () => ({ certificates: [await leaf({ keyUsage: ['keyAgreement'] })] }),
    errors: ['key-usage'],
  },
  {
    name: 'a CA certificate for the board key',
    make: async () => ({ certificates: [await leaf({ ca: true, keyUsage: ['digitalSignature', 'keyCertSign'] })] }),
    errors: ['key-usage'],
  },
  {
    name: 'a CN other than the profile asks for',
    make: async () => ({ certificates: [await leaf({ cn: 'somebody-else' })], expectedCommonName: CN }),
    errors: ['common-name'],
  },
  {
    name: 'profile "keep": the CN must stay the CSR CN',
    make: async () => ({ certificates: [await leaf({ cn: 'renamed' })], expectedCommonName: null }),
    errors: ['common-name'],
  },
  {
    name: 'a board that takes 600-character commands',
    make: async () => ({ target: { ...NRF91, maxCommandChars: 600 } }),
    errors: ['too-long'],
  },
  {
    name: 'a board whose TLS stack takes 200 bytes of chain',
    make: async () => ({ target: { ...NRF91, maxChainBytes: 200 } }),
    errors: ['chain-too-large'],
  },
  {
    name: 'a board whose TLS stack takes the leaf but not leaf and intermediate',
    make: async () => {
      const der = await leaf({}, () => issuing);
      return { certificates: [der, issuing.der], target: { ...NRF91, maxChainBytes: der.length + 1 } };
    },
    errors: ['chain-too-large'],
    warnings: ['intermediate-not-on-board'],
  },
  {
    name: 'an answer with no certificate',
    make: async () => ({ certificates: [notACertificate()] }),
    errors: ['no-certificate'],
  },
  {
    name: 'a CA source without CA certificates',
    make: async () => ({ caCertificates: [] }),
    errors: ['no-ca-certificates'],
  },
];

describe('checkBeforeWrite decides each table row, with every finding', () => {
  it.each(ROWS)('$name', async (row) => {
    const r = await checkBeforeWrite(await request(await row.make()));
    if (!r.ok) throw new Error(r.error.message);
    const errors = r.value.findings.filter((f) => f.severity === 'error').map((f) => f.code);
    const warnings = r.value.findings.filter((f) => f.severity === 'warning').map((f) => f.code);
    expect([...new Set(errors)]).toEqual(row.errors);
    expect(warnings).toEqual(row.warnings ?? []);
    expect(r.value.writable).toBe(row.errors.length === 0);
    for (const f of r.value.findings) {
      expect(f.message.length).toBeGreaterThan(20);
      expect(f.action.length).toBeGreaterThan(10);
    }
    expect(r.value.checks.map((c) => c.id)).toEqual([
      'certificate-key',
      'chain',
      'validity',
      'usage',
      'common-name',
      'size',
    ]);
    for (const c of r.value.checks) {
      const mine = r.value.findings.filter((f) => f.check === c.id);
      const want = mine.some((f) => f.severity === 'error') ? 'failed' : mine.length ? 'warning' : 'passed';
      expect(c.verdict, c.id).toBe(want);
    }
    const failed = r.value.checks.filter((c) => c.verdict === 'failed').map((c) => c.id);
    expect(failed).toEqual(
      [...new Set(r.value.findings.filter((f) => f.severity === 'error').map((f) => f.check))].sort(
        (a, b) => r.value.checks.findIndex((c) => c.id === a) - r.value.checks.findIndex((c) => c.id === b),
      ),
    );
  });
});
