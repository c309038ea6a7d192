// The rules of "check before writing" on their own, over a real certificate with one field changed per case: the
// boundaries and wordings the end-to-end table in write-check.test.ts does not reach.
import { beforeAll, describe, expect, it } from 'vitest';
import { certificatesIn } from './cert-material.ts';
import type { ChainProblem, ChainReport } from './chain-types.ts';
import { OID } from './oids.ts';
import { testCa, testKey, testLeaf } from './test-certs.ts';
import {
  chainFindings,
  commonNameFindings,
  sizeFindings,
  usageFindings,
  validityFindings,
} from './write-check-rules.ts';
import type { PlannedWrite } from './write-check-types.ts';
import type { Certificate } from './x509-cert.ts';

let leaf: Certificate;

beforeAll(async () => {
  const root = await testCa('Rules Root');
  const der = await testLeaf(root, (await testKey()).spki, { cn: 'board-1' });
  leaf = certificatesIn(der).certs[0]!;
});

const withExtensions = (e: Partial<Certificate['extensions']>): Certificate => ({
  ...leaf,
  extensions: { ...leaf.extensions, ...e },
});

describe('validityFindings', () => {
  it('takes notBefore and notAfter as valid instants (RFC 5280 §4.1.2.5) and names the date', () => {
    expect(validityFindings(leaf, leaf.notAfter)).toEqual([]);
    expect(validityFindings(leaf, leaf.notBefore)).toEqual([]);
    const [expired] = validityFindings(leaf, leaf.notAfter + 1);
    expect(expired).toMatchObject({ code: 'expired', check: 'validity', severity: 'error', certificate: 'CN=board-1' });
    expect(expired!.message).toContain(`expired on ${new Date(leaf.notAfter).toISOString()}`);
    const [early] = validityFindings(leaf, leaf.notBefore - 1);
    expect(early).toMatchObject({ code: 'not-yet-valid', severity: 'error' });
    expect(early!.message).toContain(`not valid before ${new Date(leaf.notBefore).toISOString()}`);
  });
});

describe('usageFindings', () => {
  it('refuses a certificate that may sign certificates even without the CA flag', () => {
    const ku = { ...leaf.extensions.keyUsage!, usages: ['digitalSignature', 'keyCertSign'] as const };
    const found = usageFindings(withExtensions({ keyUsage: ku as never }));
    expect(found.map((f) => [f.code, f.severity])).toEqual([['key-usage', 'error']]);
    expect(found[0]!.message).toMatch(/a CA certificate, not a device certificate/);
  });

  it('reads a certificate without basicConstraints or keyUsage (X.509 v1 style) without failing', () => {
    const found = usageFindings(withExtensions({ basicConstraints: undefined, keyUsage: undefined }));
    expect(found).toEqual([]);
  });

  it('lists the usages it found, comma separated', () => {
    const ku = { ...leaf.extensions.keyUsage!, usages: ['keyEncipherment', 'keyAgreement'] as const };
    const [f] = usageFindings(withExtensions({ keyUsage: ku as never }));
    expect(f!.message).toBe('The key usage is keyEncipherment, keyAgreement; a TLS client needs digitalSignature.');
  });

  it('warns, under the usage check, when there is no extended key usage; names an empty one', () => {
    const [none] = usageFindings(withExtensions({ extKeyUsage: undefined }));
    expect(none).toMatchObject({ code: 'no-ext-key-usage', check: 'usage', severity: 'warning' });
    const eku = { ...leaf.extensions.extKeyUsage!, purposes: [] };
    const [empty] = usageFindings(withExtensions({ extKeyUsage: eku }));
    expect(empty!.message).toBe('The certificate allows no purpose, not TLS client authentication.');
    expect(leaf.extensions.extKeyUsage!.purposes.map((p) => p.oid)).toEqual([OID.clientAuth]);
  });
});

describe('commonNameFindings', () => {
  it('passes the expected CN and any CN when none is expected', () => {
    expect(commonNameFindings(leaf, 'board-1')).toEqual([]);
    expect(commonNameFindings(leaf, null)).toEqual([]);
  });

  it('quotes a wrong CN and says "missing" for none', () => {
    expect(commonNameFindings(leaf, 'board-2')[0]!.message).toBe(
      'The certificate\'s CN is "board-1"; the profile asks for "board-2".',
    );
    const noCn = { ...leaf, subject: { ...leaf.subject, commonName: null } };
    expect(commonNameFindings(noCn, 'board-2')[0]!.message).toBe(
      'The certificate\'s CN is missing; the profile asks for "board-2".',
    );
  });
});

describe('chainFindings', () => {
  const ref = (pathIndex: number) => ({
    pathIndex,
    role: 'intermediate' as const,
    inputIndex: 0,
    subject: 'CN=X',
    sha256: 'AA',
  });
  const report = (problems: ChainProblem[]): ChainReport =>
    ({ valid: false, path: [], problems, at: '', purpose: 'clientAuth' }) as ChainReport;

  it('leaves leaf problems to the leaf rules, keeps the same problems on a CA, and gives each code its action', () => {
    const problems: ChainProblem[] = [
      { code: 'expired', severity: 'error', message: 'leaf expired', cert: ref(0) },
      { code: 'expired', severity: 'error', message: 'CA expired', cert: ref(1) },
      { code: 'not-yet-valid', severity: 'error', message: 'CA early', cert: ref(1) },
      { code: 'bad-signature', severity: 'error', message: 'bad', cert: ref(0) },
      { code: 'weak-algorithm', severity: 'warning', message: 'weak', cert: ref(2) },
      { code: 'unparseable', severity: 'warning', message: 'junk', cert: null },
    ];
    const found = chainFindings(report(problems));
    expect(found.map((f) => [f.chainProblem, f.severity, f.certificate ?? null])).toEqual([
      ['expired', 'error', 'CN=X'],
      ['not-yet-valid', 'error', 'CN=X'],
      ['bad-signature', 'error', 'CN=X'],
      ['weak-algorithm', 'warning', 'CN=X'],
      ['unparseable', 'warning', null],
    ]);
    expect(found.map((f) => f.action)).toEqual([
      'A CA certificate in the chain has expired: renew the CA.',
      "A CA certificate is not valid yet: check this computer's clock.",
      'The certificate was not signed by the chosen CA: check the CA source configuration.',
      'Use a CA that signs with SHA-256 or better.',
      'Check the CA source and the chosen CA certificates.',
    ]);
    expect(found[0]!.message).toBe('The chain to the chosen CA does not hold: CA expired.');
  });
});

describe('sizeFindings', () => {
  const write = (commandChars: number | null): PlannedWrite => ({
    kind: 'clientCert',
    content: '',
    sha256: '',
    bytes: 0,
    commandChars,
    subject: 'CN=board-1',
  });

  it('checks only writes whose command length is known, and only against a declared limit', () => {
    expect(sizeFindings([write(null)], 10, { pemLineEnding: 'lf', maxCommandChars: 5 })).toEqual([]);
    expect(sizeFindings([write(500)], 10_000, { pemLineEnding: 'lf' })).toEqual([]);
    expect(sizeFindings([write(5)], 10, { pemLineEnding: 'lf', maxCommandChars: 5, maxChainBytes: 10 })).toEqual([]);
    const over = sizeFindings([write(6)], 11, { pemLineEnding: 'lf', maxCommandChars: 5, maxChainBytes: 10 });
    expect(over.map((f) => f.code)).toEqual(['too-long', 'chain-too-large']);
    expect(over[1]!.message).toBe("The certificate chain is 11 bytes; the board's TLS stack takes about 10.");
  });
});
