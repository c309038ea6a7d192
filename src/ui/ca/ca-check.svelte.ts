// Layer: views (CA). "Fetch CA certificates": asks the configured source for the CA certificates it offers (EST:
// /cacerts as it answers, unverified) and has the crypto worker describe them (subject, SHA-256, validity, CA flag)
// so the technician can compare fingerprints with what the CA operator published and, for EST, confirm them
// (`pinStatus` says whether they are the confirmed ones). Cancellable; errors are CaError values, including a back
// end that cannot be loaded ('load-failed'), shown as caErrorNote(error).
import { appCrypto as cryptoClient } from '../../app/wiring.ts';
import { offeredCaCertificates, pageOrigin, type CaBackends } from '../../ca/factory.ts';
import type { CaConfig, PinnedCa } from '../../ca/config.ts';
import type { CaSecrets } from '../../ca/secrets.ts';
import type { CaError, CaSourceKind } from '../../ca/types.ts';

export interface CaCertificateView {
  readonly subject: string;
  readonly issuer: string;
  /** 64 upper-case hex digits. */
  readonly sha256: string;
  /** Colon-separated upper-case SHA-256, as openssl prints it. */
  readonly fingerprint: string;
  readonly notAfter: string;
  readonly isCa: boolean;
  readonly expired: boolean;
}

export const colonHex = (hex: string) => (hex.match(/../g) ?? []).join(':').toUpperCase();

/**
 * How what the server offers relates to what the user confirmed: 'none' nothing confirmed yet, 'confirmed' every
 * certificate offered is a confirmed one, 'changed' some are not (the CA changed, or something else answers).
 */
export type PinStatus = 'none' | 'confirmed' | 'changed';

export function pinStatus(pinned: readonly PinnedCa[], offered: readonly CaCertificateView[]): PinStatus {
  if (pinned.length === 0) return 'none';
  const known = new Set(pinned.map((p) => p.sha256));
  return offered.every((c) => known.has(c.sha256)) ? 'confirmed' : 'changed';
}

export class CaCheck {
  busy = $state.raw(false);
  error = $state.raw<CaError | null>(null);
  certificates = $state.raw<readonly CaCertificateView[]>([]);
  checkedLabel = $state.raw('');
  /** The kind of source the certificates came from (only EST's are confirmed by the user). */
  checkedKind = $state.raw<CaSourceKind | null>(null);
  #controller: AbortController | null = null;
  readonly #backends: Partial<CaBackends>;

  /** `backends`: where the CA clients load from (tests: a module that is gone, as after a redeploy). */
  constructor(o: { backends?: Partial<CaBackends> } = {}) {
    this.#backends = o.backends ?? {};
  }

  async run(config: CaConfig, secrets: CaSecrets): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.busy = true;
    this.error = null;
    this.certificates = [];
    this.checkedKind = null;
    try {
      const crypto = cryptoClient();
      const origin = pageOrigin();
      const offered = await offeredCaCertificates(
        config,
        { crypto, secrets, backends: this.#backends, ...(origin ? { origin } : {}) },
        { signal: controller.signal },
      );
      if (controller.signal.aborted) return;
      if (!offered.ok) return void (this.error = offered.error);
      const report = await crypto.inspect(offered.value.pems.join(''), { signal: controller.signal });
      if (controller.signal.aborted) return;
      if (!report.ok) {
        this.error = {
          code: 'bad-response',
          message: `The CA certificates could not be read: ${report.error.message}`,
        };
        return;
      }
      const now = Date.now();
      this.certificates = report.value.objects.flatMap((o) =>
        o.kind === 'certificate'
          ? [
              {
                subject: o.subject.text,
                issuer: o.issuer.text,
                sha256: o.sha256.toUpperCase(),
                fingerprint: colonHex(o.sha256),
                notAfter: o.notAfter,
                isCa: o.extensions.basicConstraints?.ca === true,
                expired: Date.parse(o.notAfter) < now,
              },
            ]
          : [],
      );
      this.checkedLabel = offered.value.label;
      this.checkedKind = config.kind;
    } finally {
      if (this.#controller === controller) {
        this.#controller = null;
        this.busy = false;
      }
    }
  }

  cancel(): void {
    this.#controller?.abort();
    this.#controller = null;
    this.busy = false;
  }
}
