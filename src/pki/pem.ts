// Layer: PKI codecs. PEM armour (RFC 7468): 64-column base64 between BEGIN/END lines.
import { toBase64 } from '../lib/bytes.ts';

export function toPem(label: string, der: Uint8Array): string {
  const b64 = toBase64(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
