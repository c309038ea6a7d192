// Layer: CA clients. The lab CA behind CaSource: the crypto worker's CA (non-extractable key in IndexedDB) issues
// with the request's profile; works offline. Opened on the CA selected in the worker; refuses with 'not-configured'
// when there is none yet (the UI offers the one-click creation) or when it was deleted meanwhile.
import { ok, type Result } from '../lib/result.ts';
import { caError } from './errors.ts';
import { safeLabel, shortFingerprint } from './label.ts';
import type { CryptoError, CryptoResult, IssuedCertificate, IssueProfile } from '../pki/crypto-types.ts';
import type { LabCaSummary } from './lab-ca-types.ts';
import type { CaError, CaSource, EnrollOptions, EnrollRequest, EnrollResponse } from './types.ts';

/** What the lab source needs of the crypto worker client (`cryptoClient()` fits). */
export interface LabCaClient {
  listCas(o?: { signal?: AbortSignal }): Promise<CryptoResult<LabCaSummary[]>>;
  exportCa(
    id: string,
    o?: { signal?: AbortSignal },
  ): Promise<CryptoResult<{ pem: string; rootPem: string; chainDer: Uint8Array[] }>>;
  issueCertificate(
    caId: string,
    csr: string | Uint8Array,
    profile: IssueProfile,
    o?: { signal?: AbortSignal },
  ): Promise<CryptoResult<IssuedCertificate>>;
}

export const NO_LAB_CA = 'There is no lab CA yet: create one (one click) in Settings, Certificate authorities.';

function fromWorker(e: CryptoError, name: string): Result<never, CaError> {
  switch (e.code) {
    case 'aborted':
      return caError('aborted', 'Cancelled.');
    case 'timeout':
      return caError('timeout', `The lab CA did not answer in time (${e.message}).`);
    case 'ca-not-found':
      return caError('not-configured', `The lab CA "${name}" no longer exists: choose or create another.`);
    default:
      return caError('lab-ca-failed', `The lab CA "${name}" refused: ${e.message}`, { detail: e.code });
  }
}

/** 'Lab CA "Bench" (1A2B3C4D)': names are not unique, the root's short fingerprint tells two apart. */
export const labCaLabel = (ca: Pick<LabCaSummary, 'name' | 'rootFingerprint'>): string =>
  safeLabel(`Lab CA "${ca.name}" (${shortFingerprint(ca.rootFingerprint)})`);

export class LabCaSource implements CaSource {
  readonly kind = 'lab' as const;
  readonly id: string;
  readonly label: string;

  private constructor(
    readonly client: LabCaClient,
    readonly ca: LabCaSummary,
  ) {
    this.label = labCaLabel(ca);
    this.id = `lab:${ca.rootFingerprint}/${ca.fingerprint}`;
  }

  /** The selected lab CA (or the one with `caId`) as a source. */
  static async open(
    client: LabCaClient,
    o: { caId?: string; signal?: AbortSignal } = {},
  ): Promise<Result<LabCaSource, CaError>> {
    const list = await client.listCas(o.signal ? { signal: o.signal } : {});
    if (!list.ok) return fromWorker(list.error, 'lab');
    const ca = o.caId ? list.value.find((c) => c.id === o.caId) : list.value.find((c) => c.selected);
    if (!ca)
      return caError(
        'not-configured',
        o.caId ? 'That lab CA no longer exists.' : list.value.length ? 'Choose a lab CA.' : NO_LAB_CA,
      );
    return ok(new LabCaSource(client, ca));
  }

  async caCertificates(opts: { signal?: AbortSignal } = {}): Promise<Result<string[], CaError>> {
    const r = await this.client.exportCa(this.ca.id, opts.signal ? { signal: opts.signal } : {});
    if (!r.ok) return fromWorker(r.error, this.ca.name);
    const pems = r.value.pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
    return ok(pems.map((p) => (p.endsWith('\n') ? p : `${p}\n`)));
  }

  async enroll(request: EnrollRequest, opts: EnrollOptions = {}): Promise<Result<EnrollResponse, CaError>> {
    opts.onStatus?.({ kind: 'sending' });
    const r = await this.client.issueCertificate(
      this.ca.id,
      request.csrDer,
      request.profile,
      opts.signal ? { signal: opts.signal } : {},
    );
    if (!r.ok) return fromWorker(r.error, this.ca.name);
    return ok({
      certificates: [r.value.leafDer, ...r.value.chainDer],
      format: 'der',
      caName: this.label,
    });
  }
}
