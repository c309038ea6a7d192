// Layer: CA clients. The HTTP signer's settings check, on its own so the Settings and Prepare forms can say what to
// fix without loading the signer client itself (http-signer.ts, loaded by factory.ts when a signer is used).
// Credentials go in the header field only: an address whose query looks like it carries one is refused.
import { isSecretName } from '../audit/secrets.ts';
import type { HttpSignerSettings } from './config.ts';
import { credentialsTransportProblem } from './http.ts';

// Headers a page may not set (the browser drops them silently, so say it up front).
const FORBIDDEN_HEADER =
  /^(host|cookie|cookie2|origin|referer|content-length|connection|keep-alive|te|trailer|transfer-encoding|upgrade|via|date|expect|dnt|accept-charset|accept-encoding|access-control-request-.*|proxy-.*|sec-.*)$/i;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;

// Query parameter names that carry credentials in the wild (Azure's sig/code, AWS's X-Amz-Signature, api keys ...),
// beside everything isSecretName knows (password, token, secret, apikey ...).
const CREDENTIAL_PARAM =
  /^(key|code|sig|signature|auth|authorization|credentials?|session|sessionid|jwt|access[_-]?key|client[_-]?secret|x-amz-(signature|credential|security-token))$/i;

/** Query parameter names of `u` that look like credentials. */
export function credentialParams(u: URL): string[] {
  return [...new Set(u.searchParams.keys())].filter((k) => CREDENTIAL_PARAM.test(k) || isSecretName(k));
}

/** Checks the settings a signer needs; the returned strings are what to fix, in order. */
export function signerProblems(s: HttpSignerSettings): string[] {
  const problems: string[] = [];
  let u: URL | null = null;
  try {
    u = new URL(s.url.trim());
  } catch {
    problems.push('Enter the signer address (https://...).');
  }
  if (u && u.protocol !== 'https:' && u.protocol !== 'http:') problems.push('The signer address must be http(s).');
  if (u && (u.username || u.password)) problems.push('Put credentials in the header field, not in the address.');
  const inQuery = u ? credentialParams(u) : [];
  if (inQuery.length)
    problems.push(
      `The address carries ${inQuery.map((k) => `"${k.slice(0, 40)}"`).join(', ')} in its query, which looks like a ` +
        'credential: an address ends up in logs and the audit trail. Remove it from the address and enter the ' +
        'value in the credential header field below (e.g. Authorization or X-API-Key).',
    );
  if (s.request === 'json') {
    if (!s.csrField.trim()) problems.push('Name the JSON field that carries the CSR (e.g. "csr").');
    if (s.extraJson.trim()) {
      try {
        const extra: unknown = JSON.parse(s.extraJson);
        if (!extra || typeof extra !== 'object' || Array.isArray(extra))
          problems.push('Extra JSON fields must be a JSON object, e.g. {"profile": "device"}.');
        else if (s.csrField.trim() in (extra as object))
          problems.push(`Extra JSON fields must not contain the CSR field "${s.csrField.trim()}".`);
      } catch {
        problems.push('Extra JSON fields are not valid JSON.');
      }
    }
  }
  const header = s.authHeader.trim();
  if (header && !TOKEN.test(header)) problems.push(`"${header.slice(0, 40)}" is not a valid header name.`);
  if (header && FORBIDDEN_HEADER.test(header))
    problems.push(`Browsers do not let a page set the "${header}" header; use Authorization or an X- header.`);
  const transport = header && u ? credentialsTransportProblem(u.href) : null;
  if (transport) problems.push(`${transport} If this signer needs no credential, clear the header field.`);
  return problems;
}
