// Layer: CA clients. Certificates inside a JSON answer of a generic HTTP signer: taken from configured fields
// (dotted paths such as `data.certificate`; a string holding PEM or base64 DER, or a list of them), or, with no
// field configured, every string in the JSON that holds a PEM certificate. Returns text for readCertificates.

export type JsonCertificates =
  { readonly ok: true; readonly texts: string[] } | { readonly ok: false; readonly message: string };

const MAX_DEPTH = 8;
const MAX_STRINGS = 64;

export function fieldAt(root: unknown, path: string): unknown {
  let at: unknown = root;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Array.isArray(at) && /^\d+$/.test(key) ? at[Number(key)] : (at as Record<string, unknown>)[key];
  }
  return at;
}

function textsOf(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return null;
}

function pemStrings(value: unknown, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || out.length >= MAX_STRINGS) return;
  if (typeof value === 'string') {
    if (value.includes('-----BEGIN CERTIFICATE-----') || value.includes('-----BEGIN PKCS7-----')) out.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) pemStrings(v, depth + 1, out);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) pemStrings(v, depth + 1, out);
  }
}

const keysOf = (v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v).slice(0, 12).join(', ') || 'none' : 'none';

export function certificatesInJson(
  text: string,
  fields: { readonly certificate: string; readonly chain: string },
): JsonCertificates {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `the answer is not valid JSON (${e instanceof Error ? e.message : 'parse error'})` };
  }
  if (!fields.certificate.trim()) {
    const found: string[] = [];
    pemStrings(root, 0, found);
    if (found.length === 0)
      return {
        ok: false,
        message: `no PEM certificate in any field of the JSON answer (top-level fields: ${keysOf(root)})`,
      };
    return { ok: true, texts: found };
  }
  const texts: string[] = [];
  for (const [role, path] of [
    ['certificate', fields.certificate.trim()],
    ['chain', fields.chain.trim()],
  ] as const) {
    if (!path) continue;
    const value = fieldAt(root, path);
    if (value === undefined || value === null) {
      if (role === 'chain') continue;
      return {
        ok: false,
        message: `the JSON answer has no field "${path}" (top-level fields: ${keysOf(root)})`,
      };
    }
    const list = textsOf(value);
    if (!list) return { ok: false, message: `the JSON field "${path}" is not a string or a list of strings` };
    texts.push(...list);
  }
  return { ok: true, texts };
}
