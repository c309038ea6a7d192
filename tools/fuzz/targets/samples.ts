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

const PROMPT = '\x1b[1;32muart:~$ \x1b[m';

/**
 * What a Zephyr shell sends back for a command (nRF Connect SDK, TLS credentials and nrf_cloud_cred shells): the
 * echo, answer lines, coloured refusals, log lines in the middle, cursor moves, the boot banner, the prompt. The first
 * line is the command the shell-client target sends.
 */
export const SHELL_TRANSCRIPTS: readonly string[] = [
  `cred list\r\n42,CA,0Yd8nN5CkqGr/Bv9wAdx3p7uSyZAd5Dlx2PvYKcfs6o=,0\r\n1 credentials found.\r\n${PROMPT}`,
  `cred list\r\n[00:00:12.345,678] \x1b[0m<inf> wifi_mgmt: connected\x1b[0m\r\n0 credentials found.\r\n${PROMPT}`,
  `cred add 42 CA DEFAULT bint\r\nAdded TLS credential of type CA with sectag 42.\r\n${PROMPT}`,
  `cred add 42 CA DEFAULT bint\r\n\x1b[1;31mFailed to add TLS credential with sectag 42 and type CA. Error: -12\x1b[m\r\n${PROMPT}`,
  `cred buf TUlJQmZqQ0NBU1NnQXdJQkFnSVVE\r\nStored 28 bytes.\r\n${PROMPT}`,
  `frob\r\n\x1b[1;31mfrob: command not found\x1b[m\r\n${PROMPT}`,
  `cred\r\n\x1b[1;31mcred: wrong parameter count\x1b[m\r\n${PROMPT}`,
  `nrf_cloud_cred keygen 42\r\n\x1b[1;33mGenerating key, this may take a while\x1b[m\r\nDevice key generated in sec tag 42.\r\n${PROMPT}`,
  `hwinfo devid\r\nLength: 8\r\nID: 0x5f1d2a3b4c5d6e7f\r\n${PROMPT}`,
  `kernel version\r\n\x1b[8D\x1b[JZephyr version 3.7.99\r\n${PROMPT}`,
  `kernel reboot cold\r\n*** Booting nRF Connect SDK v2.9.0-7787b2649840 ***\r\n*** Using Zephyr OS v3.7.99-1f8f3dc29142 ***\r\n${PROMPT}`,
];

/** What a KWSE secure-element board sends back (docs/secure-element-protocol.md): answers to request 1, errors,
 * events, noise. */
export const SE_TRANSCRIPTS: readonly string[] = [
  '1 OK proto=1 line=600 chunk=256\r\n',
  '1 ERR VERSION 00 this firmware speaks version 1\r\n',
  '1 OK model=STSAFE-A110 serial=0209203A5C1E8B4F71 fw=kwse-ref%201.0.0%20(STM32L4) proto=1 slots=2 curves=P-256,P-384,BP-256,BP-384 caps=KEYGEN,SIGN,ZONES\r\n',
  '1 OK echo=4B5753\r\n',
  '1 OK slot=1 curve=P-256 pub=041158E2FE11669BFF83997BAEA3F3CD0443E0F2F1E96F14983622818ACD83C2F25DF16FFA8C8FE8391FDDAD9441E5804C4BC1CB3549DCB956E5305FF8CE1D0B09\r\n',
  '1 ERR LOCKED 11 slot 0 holds the factory key\r\n',
  '1 ERR EMPTY 0A slot 1 holds no key\r\n',
  '1 OK sig=77D8890EBF55BAEF87AC42D2E6E3CF96621AFD9690F6802478B68FC5B0D7E855A5A90B46EB323F9A08771E8B367B2BE4B71012D7D7C85BCA7C5A6CBC80332851\r\n',
  '1 OK zones=0:1024:ro,1:1536:rw,2:1536:rw,3:1024:rw,4:512:rw,5:512:rw\r\n',
  '* BOOT reason=power\r\n',
  '* EVENT tamper=0\r\n1 OK n=256\r\n',
  'stm32 boot log: clock 80 MHz\r\n? ERR SYNTAX 00 unknown verb\r\n',
];

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
