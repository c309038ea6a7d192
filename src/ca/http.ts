// Layer: CA clients. One HTTP exchange with a CA: fetch with a time limit and the caller's AbortSignal, no cookies,
// no cache, the body read with a size cap. Failures come back as CaError values with the explanation a technician
// needs ("the server must allow this origin: ..."); statuses are left to the caller except through `statusError`.
// A request that carries credentials goes over https only (plain http to this computer is allowed, it never leaves
// it) and never follows a redirect: custom headers would go along to wherever the redirect points.
import { ok, type Result } from '../lib/result.ts';
import { caError, hostOf, serverSays } from './errors.ts';
import { blockedByCsp, cspMessage } from './csp-blocked.ts';
import type { CaError } from './types.ts';

/** Answers above this are refused: a certificate bundle is a few kilobytes. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly contentType: string;
  readonly body: Uint8Array;
}

export interface HttpOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  /** The app's origin, named in the CORS explanation (browser: location.origin). */
  readonly origin?: string;
  readonly fetch?: typeof fetch;
}

const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** This computer: 127.0.0.0/8, ::1, localhost (URL.hostname form, IPv6 in brackets). */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK.test(hostname.toLowerCase());

/** Why credentials may not be sent to `url`, or null: https anywhere, plain http only to this computer. */
export function credentialsTransportProblem(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'The address is not a web address.';
  }
  if (u.protocol === 'https:' || (u.protocol === 'http:' && isLoopbackHost(u.hostname))) return null;
  return (
    `Credentials are never sent over plain http to another computer (${u.host}): anyone on the network could read ` +
    'them. Use the https:// address of the server (plain http is allowed to this computer only: localhost, ' +
    '127.x.x.x, ::1).'
  );
}

export function networkMessage(url: string, origin: string | undefined): string {
  const u = new URL(url);
  if (origin?.startsWith('https:') && u.protocol === 'http:' && !LOOPBACK.test(u.hostname))
    return (
      `The browser blocked the request to ${u.host}: this page is served over https and the CA address is plain ` +
      `http (mixed content). Use an https:// address for the CA.`
    );
  const cors = origin
    ? ` or it does not allow requests from this app (CORS): the server must allow this origin: ${origin}`
    : '';
  return `Could not reach ${u.host}: the server is down, the address or port is wrong, a firewall blocks it${cors}.`;
}

/** Host of a redirect's Location, never its path or query (which may carry a token). */
function redirectHost(location: string | null, base: string): string | null {
  if (!location) return null;
  try {
    return new URL(location, base).host;
  } catch {
    return null;
  }
}

export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** The headers hold a credential: https only (or loopback), and a redirect is refused instead of followed. */
  readonly credentials?: boolean;
}

export async function httpExchange(
  url: string,
  init: HttpRequest,
  o: HttpOptions,
): Promise<Result<HttpAnswer, CaError>> {
  if (o.signal?.aborted) return caError('aborted', 'Cancelled.');
  if (init.credentials) {
    const problem = credentialsTransportProblem(url);
    if (problem) return caError('not-configured', problem);
  }
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, o.timeoutMs);
  const seconds = Math.round(o.timeoutMs / 100) / 10;
  const failed = (e: unknown): Result<HttpAnswer, CaError> => {
    if (o.signal?.aborted) return caError('aborted', 'Cancelled.');
    if (timedOut) return caError('timeout', `No answer from ${hostOf(url)} within ${seconds} s.`);
    return caError('network', networkMessage(url, o.origin), {
      detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
    });
  };
  try {
    const res = await (o.fetch ?? fetch)(url, {
      method: init.method,
      headers: init.headers ?? {},
      ...(init.body !== undefined ? { body: init.body } : {}),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
      redirect: init.credentials ? 'manual' : 'follow',
    });
    // Browsers answer a manual redirect as an opaque response (status 0); Node shows the 3xx itself.
    if (init.credentials && (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400))) {
      controller.abort();
      const to = redirectHost(res.headers.get('location'), url);
      return caError(
        'http-status',
        `${hostOf(url)} answered with a redirect${to ? ` to ${to}` : ''}. KeyWire does not follow redirects ` +
          'with credentials (they would go along): enter the address the server redirects to.',
        { status: res.status || 302 },
      );
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > MAX_RESPONSE_BYTES) {
      controller.abort();
      return caError('bad-response', `${hostOf(url)} sent ${declared} bytes; a certificate answer is far smaller.`, {
        status: res.status,
      });
    }
    const body = new Uint8Array(await res.arrayBuffer());
    if (body.length > MAX_RESPONSE_BYTES)
      return caError('bad-response', `${hostOf(url)} sent ${body.length} bytes; a certificate answer is far smaller.`, {
        status: res.status,
      });
    return ok({ status: res.status, headers: res.headers, contentType: res.headers.get('content-type') ?? '', body });
  } catch (e) {
    if (!o.signal?.aborted && !timedOut && (await blockedByCsp(url)))
      return caError('network', cspMessage(url), {
        detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
      });
    return failed(e);
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}

export const bodyText = (a: HttpAnswer): string => new TextDecoder('utf-8', { fatal: false }).decode(a.body);

/** The CaError for a status the caller does not handle: 401/403 unauthorized, other 4xx rejected, else http-status. */
export function statusError(a: HttpAnswer, url: string): Result<never, CaError> {
  const said = serverSays(bodyText(a), a.contentType);
  const detail = said ? { detail: said } : {};
  const host = hostOf(url);
  if (a.status === 401)
    return caError(
      'unauthorized',
      `${host} asks for credentials or refused the ones given (401): check the user name and password or token.`,
      { status: 401, ...detail },
    );
  if (a.status === 403)
    return caError('unauthorized', `${host} refused access (403): these credentials may not request certificates.`, {
      status: 403,
      ...detail,
    });
  if (a.status === 404)
    return caError('http-status', `${host} has no such endpoint (404): check the address and the label.`, {
      status: 404,
      ...detail,
    });
  if (a.status >= 400 && a.status < 500)
    return caError('rejected', `${host} refused the request (${a.status})${said ? `: ${said}` : '.'}`, {
      status: a.status,
      ...detail,
    });
  return caError('http-status', `${host} answered HTTP ${a.status}${said ? `: ${said}` : '.'}`, {
    status: a.status,
    ...detail,
  });
}

/** Waits `ms`; false when the signal fired first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const done = (slept: boolean) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(slept);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
