// Layer: CA clients. EST (RFC 7030) behind CaSource: GET <base>/cacerts and POST <base>/simpleenroll with
// Content-Type application/pkcs10 and the CSR as base64 DER in 64-column lines; answers are base64 PKCS#7 certs-only
// (DER and PEM are accepted too). HTTP Basic or a bearer token from CaSecrets; /cacerts goes without credentials
// and retries with them only when the server asks (401). 202 + Retry-After is waited out with a status callback,
// within a total cap; every request has a time limit and honours the caller's AbortSignal.
import { ok, type Result } from '../lib/result.ts';
import { toBase64, utf8 } from '../lib/bytes.ts';
import { toPem } from '../pki/pem.ts';
import { readCertificates } from './certificate-input.ts';
import { caError, hostOf } from './errors.ts';
import { estEndpoint } from './est-url.ts';
import { bodyText, httpExchange, sleep, statusError, type HttpAnswer, type HttpOptions } from './http.ts';
import type { EstSettings } from './config.ts';
import type { CaSecrets } from './secrets.ts';
import type { CaError, CaSource, EnrollOptions, EnrollRequest, EnrollResponse } from './types.ts';

/** Used when a 202 comes without a usable Retry-After (RFC 7030 says it must have one). */
export const DEFAULT_RETRY_SECONDS = 10;
export const MAX_ATTEMPTS = 100;

export interface EstDeps {
  readonly secrets: CaSecrets;
  readonly origin?: string;
  readonly fetch?: typeof fetch;
  /** Clock for Retry-After dates and the pending cap (tests). */
  readonly now?: () => number;
}

/** Retry-After as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterSeconds(value: string | null, now: number): number | null {
  if (value === null || !value.trim()) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

const base64Lines = (der: Uint8Array) => `${(toBase64(der).match(/.{1,64}/g) ?? []).join('\r\n')}\r\n`;

export class EstSource implements CaSource {
  readonly kind = 'est' as const;
  readonly label: string;
  readonly #base: string;

  private constructor(
    base: string,
    readonly settings: EstSettings,
    readonly deps: EstDeps,
  ) {
    this.#base = base;
    this.label = `EST ${base}`;
  }

  static create(settings: EstSettings, deps: EstDeps): Result<EstSource, CaError> {
    const endpoint = estEndpoint(settings.url, settings.label);
    if (!endpoint.ok) return caError('not-configured', endpoint.error);
    if (settings.auth === 'basic' && !settings.username.trim())
      return caError('not-configured', 'Enter the EST user name (HTTP Basic), or choose "no authentication".');
    return ok(new EstSource(endpoint.value.base, settings, deps));
  }

  get base(): string {
    return this.#base;
  }

  #credentials(): Result<Record<string, string>, CaError> {
    const { auth, username } = this.settings;
    if (auth === 'none') return ok({});
    if (auth === 'basic') {
      const password = this.deps.secrets.get('est.password');
      if (!password)
        return caError('not-configured', 'Enter the EST password: it is kept in memory and is gone after a reload.');
      return ok({ Authorization: `Basic ${toBase64(utf8(`${username}:${password}`))}` });
    }
    const token = this.deps.secrets.get('est.token');
    if (!token) return caError('not-configured', 'Enter the EST access token: it is kept in memory only.');
    return ok({ Authorization: `Bearer ${token}` });
  }

  #http(signal: AbortSignal | undefined): HttpOptions {
    return {
      timeoutMs: this.settings.timeoutSeconds * 1000,
      ...(signal ? { signal } : {}),
      ...(this.deps.origin ? { origin: this.deps.origin } : {}),
      ...(this.deps.fetch ? { fetch: this.deps.fetch } : {}),
    };
  }

  #certificates(a: HttpAnswer, url: string): Result<Uint8Array[], CaError> {
    if (/text\/html/i.test(a.contentType))
      return caError(
        'bad-response',
        `${hostOf(url)} answered with a web page, not a PKCS#7 certificate bundle: check the EST address.`,
        { status: a.status, detail: bodyText(a).slice(0, 200) },
      );
    const r = readCertificates(a.body);
    if (!r.ok)
      return caError('bad-response', `${hostOf(url)} did not answer with certificates: ${r.error.message}`, {
        status: a.status,
      });
    return ok(r.value.certificates);
  }

  async caCertificates(opts: { signal?: AbortSignal } = {}): Promise<Result<string[], CaError>> {
    const url = `${this.#base}/cacerts`;
    const headers = { Accept: 'application/pkcs7-mime' };
    let r = await httpExchange(url, { method: 'GET', headers }, this.#http(opts.signal));
    if (r.ok && r.value.status === 401 && this.settings.auth !== 'none') {
      const creds = this.#credentials();
      if (!creds.ok) return creds;
      r = await httpExchange(url, { method: 'GET', headers: { ...headers, ...creds.value } }, this.#http(opts.signal));
    }
    if (!r.ok) return r;
    if (r.value.status !== 200) return statusError(r.value, url);
    const certs = this.#certificates(r.value, url);
    return certs.ok ? ok(certs.value.map((der) => toPem('CERTIFICATE', der))) : certs;
  }

  async enroll(request: EnrollRequest, opts: EnrollOptions = {}): Promise<Result<EnrollResponse, CaError>> {
    const creds = this.#credentials();
    if (!creds.ok) return creds;
    const url = `${this.#base}/simpleenroll`;
    const now = this.deps.now ?? Date.now;
    const started = now();
    const body = base64Lines(request.csrDer);
    const headers = { 'Content-Type': 'application/pkcs10', Accept: 'application/pkcs7-mime', ...creds.value };
    for (let attempt = 1; ; attempt++) {
      opts.onStatus?.({ kind: 'sending' });
      const r = await httpExchange(url, { method: 'POST', headers, body }, this.#http(opts.signal));
      if (!r.ok) return r;
      const a = r.value;
      if (a.status === 200) {
        const certs = this.#certificates(a, url);
        return certs.ok ? ok({ certificates: certs.value, format: 'pkcs7', caName: this.label }) : certs;
      }
      if (a.status !== 202) return statusError(a, url);
      const asked = retryAfterSeconds(a.headers.get('retry-after'), now());
      const wait = Math.max(1, asked ?? DEFAULT_RETRY_SECONDS);
      const waited = (now() - started) / 1000;
      const cap = this.settings.maxWaitSeconds;
      if (waited + wait > cap || attempt >= MAX_ATTEMPTS)
        return caError(
          'timeout',
          `${hostOf(url)} still holds the request (202 pending) and asks to come back in ${wait} s; KeyWire waits ` +
            `at most ${cap} s. Try again later: the same CSR is sent again and the CA finds it.`,
          { status: 202 },
        );
      opts.onStatus?.({ kind: 'waiting', retryAfterSeconds: wait, attempt });
      if (!(await sleep(wait * 1000, opts.signal))) return caError('aborted', 'Cancelled while the CA was pending.');
    }
  }
}
