// Layer: CA clients. A generic HTTP signer behind CaSource: POST the CSR as PEM (application/pkcs10 or text/plain)
// or JSON ({"<csrField>": "<PEM>", ...static extra fields}), with an optional credential header whose value comes
// from CaSecrets; accept PEM (one or many), JSON (configured fields, or PEM strings found anywhere) or PKCS#7 (DER
// or base64). The trust anchors are the CA certificates pasted in the settings, never taken from the answer.
// Credentials go in the header field only: an address whose query looks like it carries one is refused (it would
// reach logs and the audit trail), the label is the address without its query, and the header value goes over
// https only (plain http to this computer) and never follows a redirect.
import { ok, type Result } from '../lib/result.ts';
import { readCertificates, type CertificateBundle } from './certificate-input.ts';
import { caPemIdentity, pastedCaCertificates } from './ca-pem.ts';
import { caError, hostOf } from './errors.ts';
import { bodyText, httpExchange, statusError, type HttpAnswer } from './http.ts';
import { urlLabel } from './label.ts';
import { certificatesInJson } from './json-certificates.ts';
import type { HttpSignerSettings } from './config.ts';
import type { CaSecrets } from './secrets.ts';
import type { CaError, CaSource, EnrollOptions, EnrollRequest, EnrollResponse } from './types.ts';

export interface HttpSignerDeps {
  readonly secrets: CaSecrets;
  readonly origin?: string;
  readonly fetch?: typeof fetch;
}

import { signerProblems } from './signer-settings.ts';

export { credentialParams, signerProblems } from './signer-settings.ts';

export class HttpSignerSource implements CaSource {
  readonly kind = 'http-signer' as const;
  readonly id: string;
  readonly label: string;

  private constructor(
    readonly settings: HttpSignerSettings,
    readonly deps: HttpSignerDeps,
  ) {
    const where = urlLabel(settings.url);
    this.label = `HTTP signer ${where}`;
    this.id = `http-signer:${where}#${caPemIdentity(settings.caPem)}`;
  }

  static create(settings: HttpSignerSettings, deps: HttpSignerDeps): Result<HttpSignerSource, CaError> {
    const problems = signerProblems(settings);
    if (problems.length) return caError('not-configured', problems.join(' '));
    return ok(new HttpSignerSource(settings, deps));
  }

  async caCertificates(): Promise<Result<string[], CaError>> {
    return pastedCaCertificates(this.settings.caPem, 'the HTTP signer');
  }

  #request(request: EnrollRequest): { headers: Record<string, string>; body: string } {
    const s = this.settings;
    if (s.request === 'json') {
      const extra = s.extraJson.trim() ? (JSON.parse(s.extraJson) as Record<string, unknown>) : {};
      return {
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/x-pem-file, */*' },
        body: JSON.stringify({ ...extra, [s.csrField.trim()]: request.csrPem }),
      };
    }
    return {
      headers: { 'Content-Type': s.request === 'pkcs10-pem' ? 'application/pkcs10' : 'text/plain', Accept: '*/*' },
      body: request.csrPem,
    };
  }

  #read(a: HttpAnswer, url: string): Result<CertificateBundle & { json: boolean }, CaError> {
    const s = this.settings;
    const text = bodyText(a);
    const looksJson = /json/i.test(a.contentType) || /^\s*[{[]/.test(text);
    const bad = (why: string) => caError('bad-response', `${hostOf(url)}: ${why}`, { status: a.status });
    if (s.response === 'json' || (s.response === 'auto' && looksJson)) {
      const found = certificatesInJson(text, { certificate: s.certificateField, chain: s.chainField });
      if (!found.ok) return bad(found.message);
      const certificates: Uint8Array[] = [];
      for (const t of found.texts) {
        const r = readCertificates(t);
        if (!r.ok) return bad(`a certificate field of the JSON answer is not usable: ${r.error.message}`);
        certificates.push(...r.value.certificates);
      }
      return ok({ certificates, format: 'pem', json: true });
    }
    if (/text\/html/i.test(a.contentType))
      return bad('the answer is a web page, not a certificate: check the signer address.');
    const r = readCertificates(a.body);
    if (!r.ok) return bad(`the answer holds no certificate: ${r.error.message}`);
    if (s.response === 'pem' && r.value.format !== 'pem')
      return bad(`expected PEM but the answer is ${r.value.format.toUpperCase()}; set the answer format to automatic.`);
    if (s.response === 'pkcs7' && r.value.format !== 'pkcs7')
      return bad(
        `expected PKCS#7 but the answer is ${r.value.format.toUpperCase()}; set the answer format to automatic.`,
      );
    return ok({ ...r.value, json: false });
  }

  async enroll(request: EnrollRequest, opts: EnrollOptions = {}): Promise<Result<EnrollResponse, CaError>> {
    const header = this.settings.authHeader.trim();
    const secret = this.deps.secrets.get('signer.header');
    if (header && !secret)
      return caError('not-configured', `Enter the value of the ${header} header: it is kept in memory only.`);
    const url = this.settings.url.trim();
    const { headers, body } = this.#request(request);
    opts.onStatus?.({ kind: 'sending' });
    const r = await httpExchange(
      url,
      { method: 'POST', headers: header ? { ...headers, [header]: secret } : headers, body, credentials: !!header },
      {
        timeoutMs: this.settings.timeoutSeconds * 1000,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(this.deps.origin ? { origin: this.deps.origin } : {}),
        ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
      },
    );
    if (!r.ok) return r;
    if (r.value.status === 202)
      return caError(
        'http-status',
        `${hostOf(url)} accepted the request for later (202). A generic signer must answer with the certificate; ` +
          'for CAs that hold requests, use EST.',
        { status: 202 },
      );
    if (r.value.status < 200 || r.value.status > 299) return statusError(r.value, url);
    const read = this.#read(r.value, url);
    if (!read.ok) return read;
    return ok({
      certificates: read.value.certificates,
      format: read.value.json ? 'json' : read.value.format,
      caName: this.label,
    });
  }
}
