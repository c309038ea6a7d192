// The CA certificate the board stores, chosen up a CA source's own certificates (write-check-root.ts): a CA
// hierarchy deeper than the path the validator built. Key rollovers: write-check-rollover.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { testCa, type TestCa } from './test-certs.ts';
import { checkBeforeWrite } from './write-check.ts';
import { leaf, request, setUpWriteCheckLab } from './testing/write-check-lab.ts';

setUpWriteCheckLab();

describe('the root the board stores, up a deep CA hierarchy', () => {
  // deep[i] (Deep CA i + 1) is issued by deep[i + 1]; deep[9] is a self-signed root.
  const deep: TestCa[] = [];
  beforeAll(async () => {
    let above = await testCa('Deep CA 10');
    deep.unshift(above);
    for (let i = 9; i >= 1; i--) deep.unshift((above = await testCa(`Deep CA ${i}`, above)));
  });

  async function written(issuer: TestCa, pool: readonly TestCa[]) {
    const r = await checkBeforeWrite(
      await request({
        certificates: [await leaf({}, () => issuer)],
        caCertificates: pool.map((c) => c.pem),
        writeCaCertificate: true,
      }),
    );
    if (!r.ok) throw new Error(r.error.message);
    return { caCert: r.value.writes.find((w) => w.kind === 'caCert')?.content, above: r.value.intermediatesPem };
  }

  it('climbs eight CA certificates above the issuing CA to the self-signed root, and writes that root', async () => {
    // the leaf from Deep CA 2: the root is eight steps above it
    const r = await written(deep[1]!, deep.slice(1));
    expect(r.caCert).toBe(deep[9]!.pem);
    expect(r.above).toEqual(deep.slice(1, 9).map((c) => c.pem));
  });

  it('stops climbing after eight steps: one CA deeper, the ninth certificate is written, not the root', async () => {
    const r = await written(deep[0]!, deep);
    expect(r.caCert).toBe(deep[8]!.pem);
    expect(r.above).toEqual(deep.slice(0, 8).map((c) => c.pem));
  });
});
