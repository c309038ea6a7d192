// Layer: diagnostics. Does a certificate name cover a host? RFC 6125 §6.4: case-insensitive, a wildcard only as
// the whole left-most label and matching exactly one label ("*.example.com" covers "a.example.com", not
// "example.com" nor "a.b.example.com"). A trailing dot on either side is ignored.

const clean = (name: string) => name.trim().toLowerCase().replace(/\.$/, '');

export function hostMatches(certName: string, host: string): boolean {
  const pattern = clean(certName);
  const target = clean(host);
  if (!pattern || !target) return false;
  if (!pattern.startsWith('*.')) return pattern === target;
  const suffix = pattern.slice(1); // ".example.com"
  if (!target.endsWith(suffix)) return false;
  const label = target.slice(0, -suffix.length);
  return label.length > 0 && !label.includes('.');
}

/** A host name as a user types it: scheme, port and path dropped ("mqtts://x.example.com:8883/" -> "x.example.com"). */
export function normalizeHost(input: string): string | null {
  const text = input.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  if (/\s/.test(text)) return null;
  const host = text.split(/[/:?#]/)[0] ?? '';
  return /^[a-z0-9*]([a-z0-9.*-]*[a-z0-9])?$/i.test(host) ? host.toLowerCase() : null;
}
