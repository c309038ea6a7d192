// Layer: CA clients. EST (RFC 7030) behind CaSource: GET <base>/cacerts and POST <base>/simpleenroll with
// Content-Type application/pkcs10 and the CSR as base64 DER in 64-column lines; answers are base64 PKCS#7 certs-only
// (DER and PEM are accepted too). HTTP Basic or a bearer token from CaSecrets; /cacerts goes without credentials
// and retries with them only when the server asks (401). 202 + Retry-After is waited out with a status callback,
// within a total cap; every request has a time limit and honours the caller's AbortSignal.
// Trust (RFC 7030 §4.1.1): /cacerts is believed only when it answers certificates the user confirmed out of band
// (`settings.pinned`); caCertificates() and enroll() refuse with 'ca-not-trusted' otherwise, and nothing is sent to
// a CA that changed. `offered()` is the one unverified read, for the user to compare and confirm.
import { ok, type Result } from '../lib/result.ts';
import { toBase64, utf8 } from '../lib/bytes.ts';
import { toPem } from '../pki/pem.ts';
import { readCertificates } from './certificate-input.ts';
import { caError, hostOf } from './errors.ts';
import { confirmedPins, estEndpoint, estSettingsProblem } from './est-url.ts';
import { derSha256, shortFingerprint, urlLabel } from './label.ts';
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

export const NOT_PINNED =
  'The EST server\'s CA certificates have not been confirmed yet. Press "Fetch CA certificates", compare each ' +
  'SHA-256 fingerprint with the one your CA operator published, then press "These are my CA\'s fingerprints".';

/** What /cacerts answered, unverified: the certificates with their SHA-256, for review. */
export interface OfferedCa {
  readonly der: Uint8Array;
  readonly sha256: string;
}

export class EstSource implements CaSource {
  readonly kind = 'est' as const;
  readonly id: string;
  readonly label: string;
  readonly #base: string;
  readonly #pinned: ReadonlySet<string>;

  private constructor(
    base: string,
    readonly settings: EstSettings,
    readonly deps: EstDeps,
  ) {
    this.#base = base;
    this.label = `EST ${urlLabel(base)}`;
    const pins = confirmedPins(settings).map((p) => p.sha256);
    this.#pinned = new Set(pins);
    this.id = `est:${urlLabel(base)}#${[...pins].sort().join(',')}`;
  }

  /** A source for these settings; whether its CA is trusted is checked on every use (see `caCertificates`). */
  static create(settings: EstSettings, deps: EstDeps): Result<EstSource, CaError> {
    const problem = estSettingsProblem(settings);
    if (problem) return caError('not-configured', problem);
    const endpoint = estEndpoint(settings.url, settings.label);
    if (!endpoint.ok) return caError('not-configured', endpoint.error);
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

  /** GET /cacerts as it is, for the user to compare with the CA operator's fingerprints. Trusts nothing. */
  async offered(opts: { signal?: AbortSignal } = {}): Promise<Result<OfferedCa[], CaError>> {
    const url = `${this.#base}/cacerts`;
    const headers = { Accept: 'application/pkcs7-mime' };
    let r = await httpExchange(url, { method: 'GET', headers }, this.#http(opts.signal));
    if (r.ok && r.value.status === 401 && this.settings.auth !== 'none') {
      const creds = this.#credentials();
      if (!creds.ok) return creds;
      r = await httpExchange(
        url,
        { method: 'GET', headers: { ...headers, ...creds.value }, credentials: true },
        this.#http(opts.signal),
      );
    }
    if (!r.ok) return r;
    if (r.value.status !== 200) return statusError(r.value, url);
    const certs = this.#certificates(r.value, url);
    return certs.ok ? ok(certs.value.map((der) => ({ der, sha256: derSha256(der) }))) : certs;
  }

  /** The CA certificates, only when every one /cacerts answers is among those the user confirmed. */
  async caCertificates(opts: { signal?: AbortSignal } = {}): Promise<Result<string[], CaError>> {
    if (this.#pinned.size === 0) return caError('ca-not-trusted', NOT_PINNED);
    const offered = await this.offered(opts);
    if (!offered.ok) return offered;
    const pinned = this.#pinned;
    const unknown = offered.value.filter((c) => !pinned.has(c.sha256));
    if (unknown.length)
      return caError(
        'ca-not-trusted',
        `${hostOf(this.#base)} now presents CA certificate${unknown.length === 1 ? '' : 's'} you did not confirm ` +
          `(SHA-256 ${unknown.map((c) => `${shortFingerprint(c.sha256)}…`).join(', ')}): its CA changed, or ` +
          'something between you and the server answers in its place. Nothing was sent to it and nothing is ' +
          'written. Ask your CA operator; if they confirm the new CA, fetch and confirm its fingerprints again.',
        { detail: `confirmed: ${[...pinned].map(shortFingerprint).join(', ')}` },
      );
    return ok(offered.value.map((c) => toPem('CERTIFICATE', c.der)));
  }

  async enroll(request: EnrollRequest, opts: EnrollOptions = {}): Promise<Result<EnrollResponse, CaError>> {
    const creds = this.#credentials();
    if (!creds.ok) return creds;
    // The CSR (and the credentials) go only to a server that still presents the confirmed CA.
    const trusted = await this.caCertificates(opts.signal ? { signal: opts.signal } : {});
    if (!trusted.ok) return trusted;
    const url = `${this.#base}/simpleenroll`;
    const now = this.deps.now ?? Date.now;
    const started = now();
    const body = base64Lines(request.csrDer);
    const headers = { 'Content-Type': 'application/pkcs10', Accept: 'application/pkcs7-mime', ...creds.value };
    for (let attempt = 1; ; attempt++) {
      opts.onStatus?.({ kind: 'sending' });
      const r = await httpExchange(
        url,
        { method: 'POST', headers, body, credentials: this.settings.auth !== 'none' },
        this.#http(opts.signal),
      );
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
