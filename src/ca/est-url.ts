// Layer: CA clients. The EST base URL (RFC 7030 §3.2.2) from what a user types: `https://ca.example`,
// `https://ca.example/.well-known/est`, with an optional label segment (`/.well-known/est/<label>`), or a full
// operation URL pasted by mistake (`.../cacerts`). Credentials in the URL are refused: they belong in the fields.
// `estSettingsProblem` is the one check of EST settings the source and the settings form share.
import { err, ok, type Result } from '../lib/result.ts';
import type { EstSettings, PinnedCa } from './config.ts';
import { credentialsTransportProblem } from './http.ts';

export interface EstEndpoint {
  /** `https://host[:port][/prefix]/.well-known/est[/label]`, no trailing slash. */
  readonly base: string;
  readonly label: string | null;
}

export const EST_LABEL = /^[A-Za-z0-9._~-]{1,64}$/;
const WELL_KNOWN = '/.well-known/est';
const OPERATIONS = /\/(cacerts|simpleenroll|simplereenroll|csrattrs|serverkeygen|fullcmc)$/;

export function estEndpoint(url: string, label = ''): Result<EstEndpoint, string> {
  const text = url.trim();
  if (!text) return err('Enter the EST server address, e.g. https://ca.example.com or http://127.0.0.1:7030.');
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return err(`"${text.slice(0, 80)}" is not a web address.`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return err(`EST runs over https (or http on a lab network), not ${u.protocol.replace(':', '')}.`);
  if (u.username || u.password)
    return err('Do not put a user name or password in the address: use the credential fields below.');
  if (u.search || u.hash) return err('The EST address takes no query (?...) or fragment (#...).');
  let path = u.pathname.replace(/\/+$/, '').replace(OPERATIONS, '');
  const at = path.indexOf(WELL_KNOWN);
  let found: string | null = null;
  if (at < 0) path = `${path}${WELL_KNOWN}`;
  else {
    const rest = path.slice(at + WELL_KNOWN.length);
    if (rest) {
      const seg = rest.replace(/^\//, '');
      if (!EST_LABEL.test(seg))
        return err(`After ${WELL_KNOWN} only one label segment may follow, got "${rest.slice(0, 64)}".`);
      found = seg;
    }
  }
  const wanted = label.trim();
  if (wanted && !EST_LABEL.test(wanted))
    return err('The label may hold letters, digits and . _ ~ - only (one path segment, up to 64 characters).');
  if (wanted && found && wanted !== found)
    return err(`The address already names the label "${found}"; clear the label field or the address part.`);
  if (wanted && !found) {
    path = `${path}/${wanted}`;
    found = wanted;
  }
  return ok({ base: `${u.origin}${path}`, label: found });
}

/** What keeps EST settings from working, in the words the form shows, or null. Credentials need https (or loopback). */
export function estSettingsProblem(settings: EstSettings): string | null {
  const endpoint = estEndpoint(settings.url, settings.label);
  if (!endpoint.ok) return endpoint.error;
  if (settings.auth === 'basic' && !settings.username.trim())
    return 'Enter the EST user name (HTTP Basic), or choose "no authentication".';
  if (settings.auth !== 'none') return credentialsTransportProblem(endpoint.value.base);
  return null;
}

/** The CA certificates confirmed for the address these settings name now (none when the address changed since). */
export function confirmedPins(settings: EstSettings): readonly PinnedCa[] {
  const endpoint = estEndpoint(settings.url, settings.label);
  return endpoint.ok && settings.pinnedFor === endpoint.value.base ? settings.pinned : [];
}
