// checkBeforeWrite (src/pki/write-check.ts, tested there over every finding) as the worker API exposes it: one call,
// with argument checks at the boundary. Moved here from src/pki/write-check.test.ts so that nothing under src/pki
// imports the worker.
import { beforeAll, describe, expect, it } from 'vitest';
import { testCa, testCsr, testKey, testLeaf, type TestCa, type TestKey } from '../pki/test-certs.ts';
import type { WriteCheckRequest, WriteTarget } from '../pki/write-check-types.ts';
import { createCryptoApi } from './crypto-api.ts';
import { MemoryLabCaStore } from './lab-ca-store.ts';

const NRF91: WriteTarget = {
  maxCommandChars: 4096,
  commandOverheadChars: { clientCert: 'AT%CMNG=0,42,1,""'.length, caCert: 'AT%CMNG=0,42,0,""'.length },
  maxChainBytes: 4096,
  pemLineEnding: 'lf',
};

let root: TestCa;
let board: TestKey;
let csr: Uint8Array;
const CN = '50503041-3633-4261-803d-1e2b8f70c0c1';

beforeAll(async () => {
  root = await testCa('Test Root');
  board = await testKey();
  csr = await testCsr(board, CN);
});

async function request(over: Partial<WriteCheckRequest>): Promise<WriteCheckRequest> {
  return {
    certificates: [await testLeaf(root, board.spki, { cn: CN })],
    csr,
    caCertificates: [root.pem],
    expectedCommonName: CN,
    target: NRF91,
    writeCaCertificate: false,
    ...over,
  };
}

describe('checkBeforeWrite through the worker API', () => {
  it('is one call of the worker API, with argument checks at the boundary', async () => {
    const api = createCryptoApi(new MemoryLabCaStore());
    const good = await api.checkBeforeWrite(await request({}));
    expect(good.ok && good.value.writable).toBe(true);
    const bad = await api.checkBeforeWrite({ ...(await request({})), certificates: 'x' as never });
    expect(bad.ok ? null : bad.error.code).toBe('malformed');
    const noTarget = await api.checkBeforeWrite({ ...(await request({})), target: {} as never });
    expect(noTarget.ok ? null : noTarget.error.code).toBe('malformed');
  });
});
