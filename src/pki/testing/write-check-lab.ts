// The CA keys, board key and CSR the check-before-write tests share (real WebCrypto keys, made once per test file),
// and the request a board would send for a leaf from the test root. A test file calls setUpWriteCheckLab() once;
// the exported bindings are filled before its tests run.
import { beforeAll } from 'vitest';
import { DAY, testCa, testCsr, testKey, testLeaf, type TestCa, type TestKey } from '../test-certs.ts';
import type { WriteCheckRequest, WriteTarget } from '../write-check-types.ts';

export const NRF91: WriteTarget = {
  maxCommandChars: 4096,
  commandOverheadChars: { clientCert: 'AT%CMNG=0,42,1,""'.length, caCert: 'AT%CMNG=0,42,0,""'.length },
  maxChainBytes: 4096,
  pemLineEnding: 'lf',
};

export let root: TestCa;
export let issuing: TestCa;
export let expiredIssuing: TestCa;
export let otherRoot: TestCa;
export let board: TestKey;
export let other: TestKey;
export let csr: Uint8Array;
export const CN = '50503041-3633-4261-803d-1e2b8f70c0c1';

export function setUpWriteCheckLab(): void {
  beforeAll(async () => {
    root = await testCa('Test Root');
    issuing = await testCa('Test Issuing', root);
    expiredIssuing = await testCa('Expired Issuing', root, Date.now() - 3700 * DAY); // ended 50 days ago
    otherRoot = await testCa('Other Root');
    board = await testKey();
    other = await testKey();
    csr = await testCsr(board, CN);
  });
}

/** A leaf for the board's key (or another), from the test root (or another CA). */
export const leaf = (
  o: Partial<Parameters<typeof testLeaf>[2]> = {},
  ca: () => TestCa = () => root,
  key = () => board,
) => testLeaf(ca(), key().spki, { cn: CN, ...o });

/** The request the flow sends for `leaf()`, with `over` replacing any of its parts. */
export async function request(over: Partial<WriteCheckRequest>): Promise<WriteCheckRequest> {
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
