// "Check before writing" (the worker's checkBeforeWrite), table-driven over real certificates signed by real
// WebCrypto CA keys: each row is a CA answer a board could receive, and what the worker must decide about it.
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../lib/bytes.ts';
import { OID, OID_MORE } from './oids.ts';
import { toPem } from './pem.ts';
import { DAY, notACertificate, testCa, testCsr, testKey, testLeaf, type TestCa, type TestKey } from './test-certs.ts';
import { checkBeforeWrite } from './write-check.ts';
import type { WriteCheckCode, WriteCheckRequest, WriteTarget } from './write-check-types.ts';

const NRF91: WriteTarget = {
  maxCommandChars: 4096,
  commandOverheadChars: { clientCert: 'AT%CMNG=0,42,1,""'.length, caCert: 'AT%CMNG=0,42,0,""'.length },
  maxChainBytes: 4096,
  pemLineEnding: 'lf',
};

let root: TestCa;
let issuing: TestCa;
let expiredIssuing: TestCa;
let otherRoot: TestCa;
let board: TestKey;
let other: TestKey;
let csr: Uint8Array;
const CN = '50503041-3633-4261-803d-1e2b8f70c0c1';

beforeAll(async () => {
  root = await testCa('Test Root');
  issuing = await testCa('Test Issuing', root);
  expiredIssuing = await testCa('Expired Issuing', root, Date.now() - 3700 * DAY); // ended 50 days ago
  otherRoot = await testCa('Other Root');
  board = await testKey();
  other = await testKey();
  csr = await testCsr(board, CN);
});

interface Row {
  name: string;
  make: () => Promise<Partial<WriteCheckRequest>>;
  errors: WriteCheckCode[];
  warnings?: WriteCheckCode[];
}

const leaf = (o: Partial<Parameters<typeof testLeaf>[2]> = {}, ca: () => TestCa = () => root, key = () => board) =>
  testLeaf(ca(), key().spki, { cn: CN, ...o });

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

async function request(over: Partial<WriteCheckRequest>): Promise<WriteCheckRequest> {
  return {
    certificates: [await leaf()],
    csr,
    caCertificates: [root.pem],
    expectedCommonName: CN,
    target: NRF91,
    writeCaCertificate: false,
    ...over,
  };
}

describe('checkBeforeWrite decides, with every finding', () => {
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

  it('approves exact PEM content with the SHA-256 and command length the board will see', async () => {
    const der = await leaf();
    const r = await checkBeforeWrite(await request({ certificates: [der], writeCaCertificate: true }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writes.map((w) => w.kind)).toEqual(['caCert', 'clientCert']);
    const [ca, client] = r.value.writes;
    expect(client!.content).toBe(toPem('CERTIFICATE', der));
    expect(ca!.content).toBe(root.pem);
    expect(client!.sha256).toBe(await sha256Hex(client!.content));
    expect(client!.commandChars).toBe(client!.content.length + NRF91.commandOverheadChars!.clientCert);
    expect(client!.content).not.toContain('\r');
    expect(r.value.leaf).toMatchObject({ commonName: CN, keyMatchesCsr: true, sha256: await sha256Hex(der) });
    expect(r.value.anchorPem).toBe(root.pem);
  });

  it('reports the leaf it checked, field by field, and when it checked', async () => {
    const der = await leaf({}, () => issuing);
    const at = Date.now();
    const r = await checkBeforeWrite(await request({ certificates: [issuing.der, der], at }));
    if (!r.ok) throw new Error(r.error.message);
    const l = r.value.leaf!;
    expect(l.pem).toBe(toPem('CERTIFICATE', der));
    expect(l.sha256).toBe(await sha256Hex(der));
    expect(l.serialHex).toMatch(/^[0-9A-F]+$/i);
    expect(l.subject).toBe(`CN=${CN}`);
    expect(l.commonName).toBe(CN);
    expect(l.issuer).toBe('O=KeyWire Tests, CN=Test Issuing');
    expect(Date.parse(l.notBefore)).toBeLessThan(at);
    expect(Date.parse(l.notAfter)).toBeGreaterThan(at + 300 * DAY);
    expect(l.notAfter).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(l.spkiSha256).toMatch(/^[0-9a-f:]{64,}$/i);
    expect(l.keyMatchesCsr).toBe(true);
    expect(r.value.at).toBe(new Date(at).toISOString());
    expect(r.value.chainReport?.valid).toBe(true);
    expect(r.value.chainReport?.path.map((p) => p.role)).toEqual(['leaf', 'intermediate', 'anchor']);
  });

  it('for another key, explains the mismatch on the end-entity certificate, not on a CA certificate sent first', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [
          issuing.der,
          await leaf(
            { cn: 'other-board' },
            () => issuing,
            () => other,
          ),
        ],
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.leaf).toMatchObject({ commonName: 'other-board', keyMatchesCsr: false });
    expect(r.value.findings.find((f) => f.code === 'key-mismatch')?.certificate).toBe('CN=other-board');
  });

  it('names the empty key usage and the missing client purpose in plain words', async () => {
    const noBits = await checkBeforeWrite(await request({ certificates: [await leaf({ keyUsage: [] })] }));
    if (!noBits.ok) throw new Error(noBits.error.message);
    expect(noBits.value.findings.map((f) => f.message)).toEqual([
      'The key usage is empty; a TLS client needs digitalSignature.',
    ]);
    const server = await checkBeforeWrite(
      await request({ certificates: [await leaf({ eku: [OID.serverAuth, OID_MORE.codeSigning] })] }),
    );
    if (!server.ok) throw new Error(server.error.message);
    expect(server.value.findings.map((f) => f.message)).toEqual([
      'The certificate allows serverAuth, codeSigning, not TLS client authentication.',
    ]);
  });

  it('names which certificate, CA or client, takes too long a write command', async () => {
    const der = await leaf();
    const first = await checkBeforeWrite(await request({ certificates: [der], writeCaCertificate: true }));
    if (!first.ok) throw new Error(first.error.message);
    const shortest = Math.min(...first.value.writes.map((w) => w.commandChars!));
    const r = await checkBeforeWrite(
      await request({
        certificates: [der],
        writeCaCertificate: true,
        target: { ...NRF91, maxCommandChars: shortest - 1 },
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    const tooLong = r.value.findings.filter((f) => f.code === 'too-long');
    expect(tooLong.map((f) => [f.message.slice(0, 34), f.certificate])).toEqual([
      ['Writing the CA certificate takes a', 'O=KeyWire Tests, CN=Test Root'],
      ['Writing the client certificate tak', `CN=${CN}`],
    ]);
  });

  it('files the intermediate warning under the chain check and the missing EKU under usage', async () => {
    const verdicts = async (over: Partial<WriteCheckRequest>) => {
      const r = await checkBeforeWrite(await request(over));
      if (!r.ok) throw new Error(r.error.message);
      return Object.fromEntries(r.value.checks.map((c) => [c.id, c.verdict]));
    };
    expect(await verdicts({ certificates: [await leaf({}, () => issuing), issuing.der] })).toMatchObject({
      chain: 'warning',
      usage: 'passed',
    });
    expect(await verdicts({ certificates: [await leaf({ eku: null })] })).toMatchObject({
      chain: 'passed',
      usage: 'warning',
    });
  });

  it('with no certificate in the answer, plans no write and lists no chain', async () => {
    const r = await checkBeforeWrite(await request({ certificates: [notACertificate()], writeCaCertificate: true }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ writable: false, leaf: null, writes: [], intermediatesPem: [], anchorPem: null });
  });

  it('writes no CA certificate when the path reached no trust anchor', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => issuing), issuing.der],
        caCertificates: [otherRoot.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.anchorPem).toBeNull();
    expect(r.value.writes.map((w) => w.kind)).toEqual(['clientCert']);
    expect(r.value.findings.map((f) => f.code)).toEqual(['chain']);
  });

  it('writes no CA certificate when the certificate is itself the chosen CA certificate', async () => {
    const self = await testCa('Board Self', undefined, Date.now(), board);
    const r = await checkBeforeWrite(
      await request({ certificates: [self.der], caCertificates: [self.pem], writeCaCertificate: true }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.anchorPem).toBeNull();
    expect(r.value.writes.map((w) => w.kind)).toEqual(['clientCert']);
  });

  it('climbs as far as the CA certificates go when the root is not among them', async () => {
    const sub = await testCa('Test Sub Issuing', issuing);
    const der = await leaf({}, () => sub);
    const onlyIssuing = await checkBeforeWrite(
      await request({ certificates: [der], caCertificates: [sub.pem, issuing.pem], writeCaCertificate: true }),
    );
    if (!onlyIssuing.ok) throw new Error(onlyIssuing.error.message);
    expect(onlyIssuing.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(issuing.pem);
    expect(onlyIssuing.value.intermediatesPem).toEqual([sub.pem]);
    const onlySub = await checkBeforeWrite(
      await request({ certificates: [der], caCertificates: [sub.pem], writeCaCertificate: true }),
    );
    if (!onlySub.ok) throw new Error(onlySub.error.message);
    expect(onlySub.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(sub.pem);
    expect(onlySub.value.anchorPem).toBe(sub.pem);
  });

  it('climbs by name and key together: a self-signed certificate with a CA key but another name is not its root', async () => {
    const renamedIssuing = await testCa('Renamed Issuing', undefined, Date.now(), issuing); // issuing's key
    const renamedRoot = await testCa('Renamed Root', undefined, Date.now(), root); // root's key
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => issuing)],
        caCertificates: [issuing.pem, renamedIssuing.pem, renamedRoot.pem, root.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(root.pem);
    expect(r.value.anchorPem).toBe(root.pem);
    expect(r.value.intermediatesPem).toEqual([issuing.pem]);
  });

  it('checks the chain at the time asked, not now', async () => {
    const at = Date.now() + 4000 * DAY; // the leaf and both CAs have expired by then
    const r = await checkBeforeWrite(await request({ certificates: [await leaf({}, () => issuing), issuing.der], at }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.findings.filter((f) => f.code === 'chain').map((f) => f.chainProblem)).toEqual([
      'expired',
      'expired',
    ]);
    expect(r.value.findings.map((f) => f.code)).toContain('expired');
  });

  it('finds the CSR among other PEM blocks, and refuses a broken one or a bad time as values', async () => {
    const both = await checkBeforeWrite(await request({ csr: root.pem + toPem('CERTIFICATE REQUEST', csr) }));
    expect(both.ok && both.value.writable).toBe(true);
    const broken = await checkBeforeWrite(await request({ csr: toPem('CERTIFICATE REQUEST', notACertificate()) }));
    expect(broken.ok ? null : broken.error).toEqual({
      code: 'malformed',
      message: 'the CSR could not be read: it is needed to check the key',
    });
    const nan = await checkBeforeWrite(await request({ at: Number.NaN }));
    expect(nan.ok ? null : nan.error.code).toBe('malformed');
  });

  it('turns anything unexpected into an internal error value, never a throw', async () => {
    const r = await checkBeforeWrite({ ...(await request({})), certificates: null as never });
    expect(r.ok ? null : r.error.code).toBe('internal');
    expect(r.ok ? '' : r.error.message).toMatch(/^the check before writing failed unexpectedly \(/);
  });

  it('writes no CA certificate when the user chose not to, and only then', async () => {
    for (const writeCaCertificate of [false, true]) {
      const r = await checkBeforeWrite(
        await request({ certificates: [await leaf({}, () => issuing), issuing.der], writeCaCertificate }),
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.writes.map((w) => w.kind)).toEqual(writeCaCertificate ? ['caCert', 'clientCert'] : ['clientCert']);
      expect(r.value.anchorPem).toBe(root.pem); // reported either way; written only when chosen
    }
  });

  it('names the expired intermediate, and what to do, when the leaf itself is valid', async () => {
    const r = await checkBeforeWrite(
      await request({ certificates: [await leaf({}, () => expiredIssuing), expiredIssuing.der] }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(false);
    const chain = r.value.findings.find((f) => f.code === 'chain');
    expect(chain).toMatchObject({ chainProblem: 'expired', certificate: 'O=KeyWire Tests, CN=Expired Issuing' });
    expect(chain?.action).toMatch(/renew the CA/);
    expect(r.value.checks.find((c) => c.id === 'validity')?.verdict).toBe('passed');
    expect(r.value.checks.find((c) => c.id === 'chain')?.verdict).toBe('failed');
  });

  it('counts leaf and intermediates, not the root, against the chain size limit, up to the byte', async () => {
    const der = await leaf({}, () => issuing);
    const chainBytes = der.length + issuing.der.length;
    const sized = async (maxChainBytes: number) => {
      const r = await checkBeforeWrite(
        await request({ certificates: [der, issuing.der, root.der], target: { ...NRF91, maxChainBytes } }),
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.value.findings.filter((f) => f.check === 'size');
    };
    expect(await sized(chainBytes)).toEqual([]);
    const over = await sized(chainBytes - 1);
    expect(over.map((f) => f.code)).toEqual(['chain-too-large']);
    expect(over[0]!.message).toContain(`${chainBytes} bytes`);
  });

  it('refuses a write command one character over the board limit, and allows one exactly at it', async () => {
    const der = await leaf();
    const first = await checkBeforeWrite(await request({ certificates: [der], writeCaCertificate: true }));
    if (!first.ok) throw new Error(first.error.message);
    const [ca, client] = first.value.writes;
    const longest = Math.max(ca!.commandChars!, client!.commandChars!);
    const at = async (maxCommandChars: number) => {
      const r = await checkBeforeWrite(
        await request({ certificates: [der], writeCaCertificate: true, target: { ...NRF91, maxCommandChars } }),
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.value.findings.filter((f) => f.code === 'too-long');
    };
    expect(await at(longest)).toEqual([]);
    const over = await at(longest - 1);
    expect(over).toHaveLength(1);
    expect(over[0]!.message).toContain(`${longest}-character command`);
    expect(over[0]!.message).toContain(`at most ${longest - 1}`);
    // a board without a command limit takes any length
    const { maxCommandChars: _, ...unlimited } = NRF91;
    const r = await checkBeforeWrite(
      await request({ certificates: [der], writeCaCertificate: true, target: unlimited }),
    );
    expect(r.ok && r.value.findings).toEqual([]);
  });

  it('writes CRLF PEM for boards that need it, hashed as sent', async () => {
    const r = await checkBeforeWrite(await request({ target: { pemLineEnding: 'crlf' } }));
    if (!r.ok) throw new Error(r.error.message);
    const w = r.value.writes[0]!;
    expect(w.content).toMatch(/-----BEGIN CERTIFICATE-----\r\n/);
    expect(w.content.replace(/\r\n/g, '')).not.toContain('\n');
    expect(w.sha256).toBe(await sha256Hex(w.content));
    expect(w.commandChars).toBeNull();
  });

  it('plans the digest and size of what a board that stores text + NUL lists (Zephyr bint)', async () => {
    const r = await checkBeforeWrite(await request({ target: { pemLineEnding: 'lf', storesNul: true } }));
    if (!r.ok) throw new Error(r.error.message);
    const w = r.value.writes[0]!;
    expect(w.content).not.toContain('\0');
    expect(w.sha256).toBe(await sha256Hex(`${w.content}\0`));
    expect(w.sha256).not.toBe(await sha256Hex(w.content));
    expect(w.bytes).toBe(new TextEncoder().encode(w.content).length + 1);
  });

  it('writes the root the path reached, not the intermediate, as the CA certificate', async () => {
    const r = await checkBeforeWrite(
      await request({ certificates: [await leaf({}, () => issuing), issuing.pem], writeCaCertificate: true }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(root.pem);
    expect(r.value.intermediatesPem).toEqual([issuing.pem]);
  });

  it('writes the root, not an issuing CA the source lists among its CA certificates', async () => {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => issuing)],
        caCertificates: [issuing.pem, root.pem],
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(true);
    expect(r.value.writes.find((w) => w.kind === 'caCert')?.content).toBe(root.pem);
    expect(r.value.findings.map((f) => f.code)).toEqual(['intermediate-not-on-board']);
    expect(r.value.intermediatesPem).toEqual([issuing.pem]);
    expect(r.value.anchorPem).toBe(root.pem);
  });

  describe('during a CA key rollover (old root, new root and link certificates share one name)', () => {
    let oldRoot: TestCa;
    let newRoot: TestCa;
    let newWithOld: TestCa;
    let oldWithNew: TestCa;
    let newIssuing: TestCa;
    beforeAll(async () => {
      oldRoot = await testCa('Rollover Root');
      newRoot = await testCa('Rollover Root');
      newWithOld = await testCa('Rollover Root', oldRoot, Date.now(), newRoot); // new key, signed by the old one
      oldWithNew = await testCa('Rollover Root', newRoot, Date.now(), oldRoot); // old key, signed by the new one
      newIssuing = await testCa('Rollover Issuing', newRoot);
    });
    const caCert = (r: { ok: true; value: { writes: readonly { kind: string; content: string }[] } }) =>
      r.value.writes.find((w) => w.kind === 'caCert')?.content;

    it('writes the self-signed root whose key signed the issuing CA, not a link certificate or the old root', async () => {
      const r = await checkBeforeWrite(
        await request({
          certificates: [await leaf({}, () => newIssuing), newIssuing.der],
          caCertificates: [oldWithNew.pem, oldRoot.pem, newWithOld.pem, newRoot.pem],
          writeCaCertificate: true,
        }),
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.writable).toBe(true);
      expect(caCert(r)).toBe(newRoot.pem);
      expect(r.value.anchorPem).toBe(newRoot.pem);
    });

    it('replaces a link certificate the path ended at with the self-signed root of the same key', async () => {
      const r = await checkBeforeWrite(
        await request({
          certificates: [await leaf({}, () => newRoot)],
          caCertificates: [newWithOld.pem, oldWithNew.pem, oldRoot.pem, newRoot.pem],
          writeCaCertificate: true,
        }),
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.writable).toBe(true);
      expect(caCert(r)).toBe(newRoot.pem);
      expect(r.value.intermediatesPem).toEqual([]);
    });

    it('with an issuing CA among the CA certificates, climbs by key to the root that signed it', async () => {
      const r = await checkBeforeWrite(
        await request({
          certificates: [await leaf({}, () => newIssuing)],
          caCertificates: [newIssuing.pem, oldWithNew.pem, newWithOld.pem, oldRoot.pem, newRoot.pem],
          writeCaCertificate: true,
        }),
      );
      if (!r.ok) throw new Error(r.error.message);
      expect(caCert(r)).toBe(newRoot.pem);
      expect(r.value.intermediatesPem).toEqual([newIssuing.pem]);
    });
  });

  it('names the key proofs it used: the CSR signature and the certificate key', async () => {
    const r = await checkBeforeWrite(await request({}));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.proofs.map((p) => [p.id, p.passed])).toEqual([
      ['csr-signature', true],
      ['certificate-key', true],
    ]);
  });

  it('refuses a CSR whose signature does not verify with its own key (no proof of possession)', async () => {
    const broken = csr.slice();
    broken[broken.length - 5] = broken[broken.length - 5]! ^ 0x01; // inside the signature's last INTEGER
    const r = await checkBeforeWrite(await request({ csr: broken }));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.writable).toBe(false);
    expect(r.value.proofs.find((p) => p.id === 'csr-signature')?.passed).toBe(false);
    expect(r.value.findings.map((f) => f.code)).toContain('no-proof-of-possession');
  });

  it('refuses a CSR it cannot read, as a value', async () => {
    const r = await checkBeforeWrite(await request({ csr: 'not a csr' }));
    expect(r.ok ? null : r.error.code).toBe('malformed');
  });
});
