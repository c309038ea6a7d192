// Layer: views (CA). "Fetch CA certificates": opens the configured source, asks for its CA certificates, and has
// the crypto worker describe them (subject, SHA-256, validity, CA flag) so the technician can compare fingerprints
// with what the CA operator published. Cancellable; errors are CaError values shown as caErrorNote(error).
import { cryptoClient } from '../../workers/crypto-client.ts';
import { openCaSource, pageOrigin } from '../../ca/factory.ts';
import type { CaConfig } from '../../ca/config.ts';
import type { CaSecrets } from '../../ca/secrets.ts';
import type { CaError } from '../../ca/types.ts';

export interface CaCertificateView {
  readonly subject: string;
  readonly issuer: string;
  /** Colon-separated upper-case SHA-256, as openssl prints it. */
  readonly fingerprint: string;
  readonly notAfter: string;
  readonly isCa: boolean;
  readonly expired: boolean;
}

export const colonHex = (hex: string) => (hex.match(/../g) ?? []).join(':').toUpperCase();

export class CaCheck {
  busy = $state.raw(false);
  error = $state.raw<CaError | null>(null);
  certificates = $state.raw<readonly CaCertificateView[]>([]);
  checkedLabel = $state.raw('');
  #controller: AbortController | null = null;

  async run(config: CaConfig, secrets: CaSecrets): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.busy = true;
    this.error = null;
    this.certificates = [];
    try {
      const crypto = cryptoClient();
      const origin = pageOrigin();
      const source = await openCaSource(config, { crypto, secrets, ...(origin ? { origin } : {}) });
      if (!source.ok) return void (this.error = source.error);
      const pems = await source.value.caCertificates({ signal: controller.signal });
      if (controller.signal.aborted) return;
      if (!pems.ok) return void (this.error = pems.error);
      const report = await crypto.inspect(pems.value.join(''), { signal: controller.signal });
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
                fingerprint: colonHex(o.sha256),
                notAfter: o.notAfter,
                isCa: o.extensions.basicConstraints?.ca === true,
                expired: Date.parse(o.notAfter) < now,
              },
            ]
          : [],
      );
      this.checkedLabel = source.value.label;
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
