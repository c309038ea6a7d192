// Test support (never imported by the app). CaSource implementations that really return certificates, made with
// the lab CA in the worker or with the pki code in this page: a counting/gating wrapper around a real source, and
// the three wrong answers a flow must refuse (a certificate for another key, an expired one, a wrong chain).
import { caError } from '../../ca/errors.ts';
import type { CaSource, EnrollOptions, EnrollRequest, EnrollResponse, CaError } from '../../ca/types.ts';
import { ok, type Result } from '../../lib/result.ts';
import { issueCertificate, type IssuingCa } from '../../pki/issue-certificate.ts';
import { DAY, testCa, testCsr, testKey } from '../../pki/test-certs.ts';
import { readCertificate } from '../../pki/x509-cert.ts';
import { createCryptoApi } from '../../workers/crypto-api.ts';
import type { CryptoClient } from '../../workers/crypto-client.ts';
import { MemoryLabCaStore } from '../../workers/lab-ca-store.ts';

const waitOrAbort = (gate: Promise<void>, signal?: AbortSignal): Promise<boolean> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    signal?.addEventListener('abort', () => resolve(false), { once: true });
    void gate.then(() => resolve(true));
  });

/** A real source, counted: how often the flow asked, and how many certificates were actually issued. */
export class CountingSource implements CaSource {
  enrollCalls = 0;
  issued = 0;
  caCertCalls = 0;
  /** While set, enroll waits for it (or for the abort signal) before asking the real CA. */
  holdEnroll: Promise<void> | null = null;
  holdCaCertificates: Promise<void> | null = null;
  constructor(readonly inner: CaSource) {}
  get kind() {
    return this.inner.kind;
  }
  get label() {
    return this.inner.label;
  }
  async caCertificates(opts: { signal?: AbortSignal } = {}): Promise<Result<string[], CaError>> {
    this.caCertCalls++;
    if (this.holdCaCertificates && !(await waitOrAbort(this.holdCaCertificates, opts.signal)))
      return caError('aborted', 'Cancelled.');
    return this.inner.caCertificates(opts);
  }
  async enroll(request: EnrollRequest, opts: EnrollOptions = {}): Promise<Result<EnrollResponse, CaError>> {
    this.enrollCalls++;
    if (this.holdEnroll && !(await waitOrAbort(this.holdEnroll, opts.signal))) return caError('aborted', 'Cancelled.');
    const r = await this.inner.enroll(request, opts);
    if (r.ok) this.issued++;
    return r;
  }
}

/** Answers with a certificate the lab CA really issued, but for another key than the board's. */
export function otherKeySource(client: CryptoClient, lab: CaSource & { ca: { id: string } }): CaSource {
  return {
    kind: 'lab',
    label: `${lab.label} (answers for another key)`,
    caCertificates: (o) => lab.caCertificates(o),
    async enroll(request) {
      const other = await testCsr(await testKey(), 'somebody-else');
      const r = await client.issueCertificate(lab.ca.id, other, request.profile);
      if (!r.ok) return caError('lab-ca-failed', r.error.message);
      return ok({ certificates: [r.value.leafDer, ...r.value.chainDer], format: 'der', caName: 'Other-key CA' });
    },
  };
}

/** A CA in this page (pki code, WebCrypto key) that the tests can make issue anything. */
export async function pageCa(
  name: string,
): Promise<{ pem: string; issuing: IssuingCa; api: ReturnType<typeof createCryptoApi> }> {
  const store = new MemoryLabCaStore();
  const api = createCryptoApi(store);
  const made = await api.createCa({ name, curve: 'P-256', withIntermediate: false });
  if (!made.ok) throw new Error(made.error.message);
  const record = (await store.list())[0]!;
  const chain = record.chainDer.map((der) => {
    const c = readCertificate(der);
    if (!c.ok) throw new Error(c.reason);
    return c.value;
  });
  const exported = await api.exportCa(made.value.id);
  if (!exported.ok) throw new Error(exported.error.message);
  return { pem: exported.value.pem, issuing: { curve: 'P-256', chain, key: record.key }, api };
}

/** Issues for the board's CSR from a CA that existed a month ago, backdated so it expired two days ago. */
export async function expiredSource(): Promise<CaSource> {
  const monthAgo = Date.now() - 30 * DAY;
  const root = await testCa('Expired Test CA', undefined, monthAgo);
  const cert = readCertificate(root.der);
  if (!cert.ok) throw new Error(cert.reason);
  const issuing: IssuingCa = { curve: 'P-256', chain: [cert.value], key: root.keys.privateKey };
  return {
    kind: 'lab',
    label: 'Expiring CA',
    caCertificates: async () => ok([root.pem]),
    async enroll(request) {
      const threeDaysAgo = Date.now() - 3 * DAY;
      const r = await issueCertificate(issuing, request.csrDer, { ...request.profile, validityDays: 1 }, threeDaysAgo);
      if (!r.ok) return caError('lab-ca-failed', r.error.message);
      return ok({ certificates: [r.value.leafDer], format: 'der', caName: 'Expiring CA' });
    },
  };
}

/** Issues a good certificate for the board's key from CA "B", while the chosen CA is "A". */
export async function wrongChainSource(): Promise<CaSource> {
  const chosen = await pageCa('Chosen Test CA');
  const other = await pageCa('Other Test CA');
  return {
    kind: 'lab',
    label: 'Wrong-chain CA',
    caCertificates: async () => ok([chosen.pem]),
    async enroll(request) {
      const r = await issueCertificate(other.issuing, request.csrDer, request.profile);
      if (!r.ok) return caError('lab-ca-failed', r.error.message);
      return ok({ certificates: [r.value.leafDer, ...r.value.chainDer], format: 'der', caName: 'Other Test CA' });
    },
  };
}
