// The chains Debian's openssl builds at test time for the validateChain tests (one per defect, RFC 5280 §6 and the
// TLS purpose rules), shared by chain-validate.test.ts (compared with openssl verify) and chain-rules.test.ts (each
// rule on its own). A test file calls setUpChainLab() once; `c` and `lab` are filled before its tests run.
import { afterAll, beforeAll } from 'vitest';
import { CA_EXT, LEAF_EXT, OpensslLab, opensslDate, type Issued } from '../openssl-fixtures.ts';

export const DAY = 86_400_000;
const KEY_IDS = ['subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'];
/** A private-enterprise OID no validator knows. */
export const UNKNOWN_OID = '1.3.6.1.4.1.55555.1';
export let lab: OpensslLab;
export const c: Record<string, Issued> = {};

export function setUpChainLab(): void {
  beforeAll(() => {
    lab = new OpensslLab();
    const now = Date.now();
    c.root = lab.root('root256');
    c.inter = lab.issue('inter256', c.root, { ext: CA_EXT(0) });
    c.leaf = lab.issue('leaf256', c.inter);
    c.root384 = lab.root('root384', { key: 'p384', md: 'sha384' });
    c.leaf384 = lab.issue('leaf384', c.root384, { key: 'p384', md: 'sha384' });
    c.rootRsa = lab.root('rootRsa', { key: 'rsa2048' });
    c.interRsa = lab.issue('interRsa', c.rootRsa, { key: 'rsa2048', ext: CA_EXT() });
    c.leafRsa = lab.issue('leafRsa', c.interRsa, { key: 'rsa2048' });
    c.otherRoot = lab.root('otherRoot');
    c.expired = lab.issue('expired', c.inter, {
      startDate: opensslDate(now - 400 * DAY),
      endDate: opensslDate(now - 30 * DAY),
    });
    c.future = lab.issue('future', c.inter, {
      startDate: opensslDate(now + 30 * DAY),
      endDate: opensslDate(now + 400 * DAY),
    });
    c.notCa = lab.issue('notCa', c.root, {
      ext: ['basicConstraints=critical,CA:FALSE', 'subjectKeyIdentifier=hash', 'authorityKeyIdentifier=keyid'],
    });
    c.underNotCa = lab.issue('underNotCa', c.notCa);
    c.rootPl0 = lab.root('rootPl0', { ext: CA_EXT(0) });
    c.plInter1 = lab.issue('plInter1', c.rootPl0, { ext: CA_EXT() });
    c.plInter2 = lab.issue('plInter2', c.plInter1, { ext: CA_EXT() });
    c.plLeaf = lab.issue('plLeaf', c.plInter2);
    c.kuUnfit = lab.issue('kuUnfit', c.inter, {
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyEncipherment', 'extendedKeyUsage=clientAuth'],
    });
    c.ekuUnfit = lab.issue('ekuUnfit', c.inter, {
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth'],
    });
    c.sha1 = lab.issue('sha1Leaf', c.inter, { md: 'sha1' });
    c.rsa1024 = lab.issue('rsa1024Leaf', c.inter, { key: 'rsa1024' });
    c.expiredInter = lab.issue('expiredInter', c.root, {
      ext: CA_EXT(0),
      startDate: opensslDate(now - 400 * DAY),
      endDate: opensslDate(now - 30 * DAY),
    });
    c.underExpiredInter = lab.issue('underExpiredInter', c.expiredInter);
    c.noCertSign = lab.issue('noCertSign', c.root, {
      ext: ['basicConstraints=critical,CA:TRUE', 'keyUsage=critical,cRLSign', ...KEY_IDS],
    });
    c.underNoCertSign = lab.issue('underNoCertSign', c.noCertSign);
    c.critUnknown = lab.issue('critUnknown', c.inter, { ext: [...LEAF_EXT, `${UNKNOWN_OID}=critical,ASN1:NULL`] });
    c.interCritUnknown = lab.issue('interCritUnknown', c.root, {
      ext: [...CA_EXT(0), `${UNKNOWN_OID}=critical,ASN1:NULL`],
    });
    c.underInterCritUnknown = lab.issue('underInterCritUnknown', c.interCritUnknown);
    c.nonCritUnknown = lab.issue('nonCritUnknown', c.inter, { ext: [...LEAF_EXT, `${UNKNOWN_OID}=ASN1:NULL`] });
    c.critPolicies = lab.issue('critPolicies', c.inter, {
      ext: [...LEAF_EXT, 'certificatePolicies=critical,2.23.140.1.2.1'],
    });
    c.rootSha1 = lab.root('rootSha1', { md: 'sha1' });
    c.leafUnderSha1Root = lab.issue('leafUnderSha1Root', c.rootSha1);
    c.interSha1 = lab.issue('interSha1', c.root, { ext: CA_EXT(0), md: 'sha1' });
    c.underInterSha1 = lab.issue('underInterSha1', c.interSha1);
    c.leafK256 = lab.issue('leafK256', c.inter, { key: 'k256' });
    c.leafEd25519 = lab.issue('leafEd25519', c.inter, { key: 'ed25519' });
    c.interServerOnly = lab.issue('interServerOnly', c.root, { ext: [...CA_EXT(0), 'extendedKeyUsage=serverAuth'] });
    c.underInterServerOnly = lab.issue('underInterServerOnly', c.interServerOnly);
    // A self-issued CA certificate (the root's name, another key) between a pathlen:0 root and the leaf.
    c.selfIssuedInter = lab.issue('selfIssuedInter', c.rootPl0, { cn: 'rootPl0', ext: CA_EXT() });
    c.underSelfIssued = lab.issue('underSelfIssued', c.selfIssuedInter);
    c.serverKeyEnc = lab.issue('serverKeyEnc', c.inter, {
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyEncipherment', 'extendedKeyUsage=serverAuth'],
    });
    c.serverKeyAgree = lab.issue('serverKeyAgree', c.inter, {
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,keyAgreement', 'extendedKeyUsage=serverAuth'],
    });
    c.serverNonRep = lab.issue('serverNonRep', c.inter, {
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,nonRepudiation', 'extendedKeyUsage=serverAuth'],
    });
    c.anyEku = lab.issue('anyEku', c.inter, {
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=anyExtendedKeyUsage'],
    });
    c.leafBp256 = lab.issue('leafBp256', c.inter, { key: 'bp256' });
    c.leafEd448 = lab.issue('leafEd448', c.inter, { key: 'ed448' });
    // an issuing CA whose signatures WebCrypto cannot check (ECDSA on brainpoolP256r1)
    c.interBp256 = lab.issue('interBp256', c.root, { key: 'bp256', ext: CA_EXT(0) });
    c.underInterBp256 = lab.issue('underInterBp256', c.interBp256);
    c.ekuTwo = lab.issue('ekuTwo', c.inter, {
      ext: [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth,clientAuth',
      ],
    });
    c.ekuTwoUnfit = lab.issue('ekuTwoUnfit', c.inter, {
      ext: [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature',
        'extendedKeyUsage=serverAuth,codeSigning',
      ],
    });
    c.kuTwoUnfit = lab.issue('kuTwoUnfit', c.inter, {
      ext: [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,keyEncipherment,keyAgreement',
        'extendedKeyUsage=clientAuth',
      ],
    });
    c.noKu = lab.issue('noKu', c.inter, { ext: ['basicConstraints=CA:FALSE', 'extendedKeyUsage=clientAuth'] });
    c.interNoBc = lab.issue('interNoBc', c.root, { ext: ['keyUsage=critical,keyCertSign', ...KEY_IDS] });
    c.underNoBc = lab.issue('underNoBc', c.interNoBc);
    // two issuing CAs of one name and the leaf without an authority key identifier: only signatures tell them apart
    c.sameNameA = lab.issue('sameNameA', c.root, { cn: 'sameName', ext: CA_EXT(0) });
    c.sameNameB = lab.issue('sameNameB', c.root, { cn: 'sameName', ext: CA_EXT(0) });
    c.noAki = lab.issue('noAki', c.sameNameB, {
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'],
    });
    // Several defects at once: expired, SHA-1, serverAuth-only, under a CA without the CA flag.
    c.multi = lab.issue('multi', c.notCa, {
      md: 'sha1',
      startDate: opensslDate(now - 400 * DAY),
      endDate: opensslDate(now - 1 * DAY),
      ext: ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature', 'extendedKeyUsage=serverAuth'],
    });
  }, 120_000); // dozens of openssl runs on a shared machine

  afterAll(() => lab?.cleanup());
}
