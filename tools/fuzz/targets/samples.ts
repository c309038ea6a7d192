// Fuzz harness: the real samples targets mutate (nRF91 modem vectors, AT transcripts, public root certificates,
// device logs), read once per worker. Deterministic: no keys made at run time, so a seed replays exactly.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromBase64 } from '../../../src/lib/bytes.ts';
import { nrf91Vectors as v } from '../../../src/test-vectors.ts';
import { PUBLIC_ROOTS } from '../../../src/pki/public-roots.ts';
import { splitDottedPayload } from '../../../src/pki/nrf91-cose.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
export const derOfPem = (pem: string): Uint8Array => fromBase64(pem.replace(/-----[^-]+-----/g, ''))!;

export const rootDers = (): Uint8Array[] => PUBLIC_ROOTS.slice(0, 6).map((r) => derOfPem(r.pem));
export const rootPems = (): string[] => PUBLIC_ROOTS.slice(0, 6).map((r) => r.pem);

/** The dotted %KEYGEN / %ATTESTTOKEN payloads of real modems, and their two halves. */
export const nrf91Payloads = (): string[] => [
  v.keygen_csr_uuid_cn.response_payload,
  v.keygen_csr_normalized.response_payload,
  v.attesttoken.response_payload,
];
export const nrf91Halves = (): { first: Uint8Array[]; cose: Uint8Array[] } => {
  const parts = nrf91Payloads().map((p) => splitDottedPayload(p)!);
  return { first: parts.map((p) => p.first), cose: parts.map((p) => p.cose) };
};

/** What a modem sends back: information lines, quoted PEM, URCs, every final result. */
export const AT_TRANSCRIPTS: readonly string[] = [
  '\r\nOK\r\n',
  '\r\nERROR\r\n',
  '\r\n+CME ERROR: 518\r\n',
  '\r\n+CMS ERROR: 304\r\n',
  '\r\nNordic Semiconductor ASA\r\n\r\nOK\r\n',
  '\r\n352656100402182\r\n\r\nOK\r\n',
  '\r\n+CFUN: 1\r\n\r\nOK\r\n',
  '\r\n%CMNG: 16842753,0,"2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD54F05BD1"\r\n%CMNG: 42,1,"0000"\r\nOK\r\n',
  '\r\n%CMNG: 42,0,"0000","-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"\r\nOK\r\n',
  '\r\n+CEREG: 5,"0A0B","01234567",7\r\n',
  '\r\n%XMODEMUUID: 50503041-3633-4261-803d-1e2b8f70111a\r\nOK\r\n',
  ...v.keygen_wire_lines.map((l) => `\r\n${l}\r\n\r\nOK\r\n`),
];

export const AT_LINES: readonly string[] = AT_TRANSCRIPTS.flatMap((t) => t.split(/\r\n/).filter(Boolean));

/** Device logs KeyWire diagnoses (Zephyr, ESP-IDF, mbedTLS, nRF91 AT). */
export function deviceLogs(): string[] {
  const dir = join(ROOT, 'src', 'diagnose', 'fixtures');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

export const CODE_TEXTS: readonly string[] = [
  '-0x7780',
  '-0x2180',
  '-0x21E0',
  '-116',
  '9984',
  '-9984',
  'errno 53',
  '[2:40]',
  'handshake_failure',
  '! Certificate verification flags 00000209',
  'got an alert message, type: [2:40]\nTLS handshake error: -0x7780\n+CME ERROR: 514',
  'mbedtls_ssl_handshake returned -0x2700',
  'PSA_ERROR_INVALID_SIGNATURE -149',
];
