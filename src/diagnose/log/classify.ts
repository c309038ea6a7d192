// Layer: diagnostics. Reads what one log message says about a handshake: a fact such as "offered suite c02b",
// "peer certificate #1", "subject name: ...", "verify flags 0x08", "alert [2:48] received", or an error code. Pure and
// per line; the parser keeps the state (which attempt, which certificate block) between lines.
import type { Decoded, DecodedTlsAlert, DecodedX509Flags } from '../types.ts';
import { scanLine } from '../decode/scan.ts';
import { decodeX509Flags } from '../decode/kinds.ts';
import { suiteById, suiteByName } from '../tables/index.ts';
import type { ParsedLine } from './line-format.ts';
import { NOTE_RULES, type NoteRule } from './notes.ts';
import type { Memo } from './memo.ts';

export type CertField = 'subject' | 'issuer' | 'validFrom' | 'validTo' | 'signedUsing' | 'key';

export type LineFact =
  | { readonly t: 'skip' }
  | { readonly t: 'handshake-start' }
  | { readonly t: 'handshake-done' }
  | { readonly t: 'write-client-hello' }
  | { readonly t: 'suite'; readonly id: number; readonly name: string }
  | { readonly t: 'sni'; readonly name: string }
  | { readonly t: 'max-version'; readonly version: string }
  | { readonly t: 'server-suite'; readonly id?: number; readonly name: string }
  | { readonly t: 'cert-start'; readonly role: 'peer' | 'own'; readonly index: number }
  | { readonly t: 'cert-field'; readonly field: CertField; readonly value: string }
  | { readonly t: 'cert-other' }
  | { readonly t: 'verify'; readonly flags: DecodedX509Flags; readonly fromText: boolean }
  | { readonly t: 'alert'; readonly alert: DecodedTlsAlert }
  | { readonly t: 'note'; readonly rule: NoteRule }
  | { readonly t: 'error'; readonly codes: readonly Decoded[]; readonly terminal: boolean }
  | { readonly t: 'none' };

const HEX_DUMP = /^[0-9a-f]{4}: {1,2}[0-9a-f]{2} /;
const SUITE_ADD = /^client hello, add ciphersuite: (?:0x)?([0-9a-fA-F]{1,4})\b(?:,? \(?([\w-]+)\)?)?/;
const SERVER_SUITE_ID = /^server hello, chosen ciphersuite: (?:\( )?([0-9a-fA-F]{4})(?: \) - ([\w-]+))?$/;
const SERVER_SUITE_NAME = /^server hello, chosen ciphersuite: ([A-Z][\w-]+)$/;
const CERT_START = /^(peer|own) certificate #(\d+):?$/;
const CERT_FIELD =
  /^(subject name|issuer name|issued {1,2}on|expires on|signed using|(?:RSA|EC|ECDSA|EC_DH|ECKEY|EC_KEY) key size)\s*: (.*)$/;
const CERT_OTHER =
  /^(cert\. version|serial number|basic constraints|subject alt name|key usage|ext key usage|certificate policies|cert\. type|cert policies)\s*:|^\s+(dNSName|iPAddress|URI|otherName|rfc822Name|directoryName)\s*:|^value of 'crt->|^ {0,2}[0-9a-f]{2}( [0-9a-f]{2})+$/;
const FIELD_NAMES: Readonly<Record<string, CertField>> = {
  'subject name': 'subject',
  'issuer name': 'issuer',
  'issued on': 'validFrom',
  'issued  on': 'validFrom',
  'expires on': 'validTo',
  'signed using': 'signedUsing',
};
/** The words (case-folded) of the prefilter below, besides the note rules; plain text, no regex syntax. */
const PREFILTER_WORDS = [
  'handshake',
  'client hello',
  'server hello',
  'ertificate',
  'error',
  'fail',
  'returned',
  'errno',
  'refused',
  'abort',
  '+CME',
  'ERR_',
  'PSA_',
  'alert',
  'flags',
  'CRL',
  'Usage does not',
  'sec_tag',
  'sec tag',
  'sectag',
];

/**
 * Whether every match of a note rule's pattern contains one of the words: apart from escaped punctuation and
 * single-character classes (`\(`, `\d`, ...), the pattern is plain text, with no alternation, optional or
 * repeated-zero part, class or look-around, so all of its text is in every match; and one of the words is in that
 * text. Such a rule adds nothing to the prefilter but work for the regex engine at every character of a log.
 */
function impliedByWords(rule: NoteRule): boolean {
  const plain = rule.pattern.source.replace(/\\[().!dDwWsS]/g, '\0');
  if (/[|?*{[\\]/.test(plain)) return false;
  const folded = plain.toLowerCase();
  return PREFILTER_WORDS.some((word) => folded.includes(word.toLowerCase()));
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The parser's prefilter, a cheap superset test on the raw line: a message outside a certificate block can be
 * anything but skip or none, or name a sec_tag, only if its line matches this. It lists, case-folded, every literal
 * classify() looks for (the mbedTLS facts, ERRORISH and its companions below, the note rules; a note rule whose
 * every match holds one of these words is left out, see impliedByWords). Nothing here carries an anchor, so what
 * matches the message matches the whole line. (A line with ANSI colour codes, which could split a word, always takes
 * the full path.)
 */
export const MAY_MATTER = new RegExp(
  [
    ...PREFILTER_WORDS.map(escapeRegex),
    ...NOTE_RULES.filter((rule) => !impliedByWords(rule)).map((rule) => `(?:${rule.pattern.source})`),
  ].join('|'),
  'i',
);

// One test for "could any note rule match" (case-folded, so a superset); the rules are then tried in order.
const ANY_NOTE = new RegExp(NOTE_RULES.map((rule) => `(?:${rule.pattern.source})`).join('|'), 'i');

const TERMINAL = /TLS handshake error|mbedtls_ssl_handshake(?:\(\))? returned|TLS handshake timeout/;
const ERRORISH = /error|fail|returned|errno|refused|abort|\+CME|ERR_|PSA_/i;
// Return values that only mean "call again": they fill mbedTLS debug logs of healthy non-blocking handshakes.
const BENIGN = new Set([-0x6900, -0x6880, -0x6500, -0x7000, -0x6a80, -0x6b00]);

function suiteName(id: number, logged?: string): string {
  return (
    suiteById.get(id)?.iana ??
    (logged && suiteByName.get(logged)?.iana) ??
    logged ??
    `unknown suite 0x${id.toString(16).padStart(4, '0')}`
  );
}

function mbedtlsFact(msg: string): LineFact | null {
  if (msg === '=> handshake') return { t: 'handshake-start' };
  if (msg === '<= handshake') return { t: 'handshake-done' };
  if (msg === '=> write client hello') return { t: 'write-client-hello' };
  let m = SUITE_ADD.exec(msg);
  if (m) {
    const id = Number.parseInt(m[1] ?? '', 16);
    return { t: 'suite', id, name: suiteName(id, m[2]) };
  }
  if (msg.startsWith('client hello, adding server name extension: ')) return { t: 'sni', name: msg.slice(44).trim() };
  m = /^client hello, max version: \[(\d):(\d)\]/.exec(msg);
  if (m)
    return { t: 'max-version', version: m[2] === '4' ? 'TLS 1.3' : m[2] === '3' ? 'TLS 1.2' : `[${m[1]}:${m[2]}]` };
  m = SERVER_SUITE_ID.exec(msg);
  if (m) {
    const id = Number.parseInt(m[1] ?? '', 16);
    return { t: 'server-suite', id, name: suiteName(id, m[2]) };
  }
  m = SERVER_SUITE_NAME.exec(msg);
  if (m) {
    const row = suiteByName.get(m[1] ?? '');
    return row ? { t: 'server-suite', id: row.id, name: row.iana } : { t: 'server-suite', name: m[1] ?? '' };
  }
  m = CERT_START.exec(msg);
  if (m) return { t: 'cert-start', role: m[1] === 'own' ? 'own' : 'peer', index: Number(m[2]) };
  if (msg === 'Certificate verification flags clear') {
    return {
      t: 'verify',
      flags: decodeX509Flags(0, { read: '', span: [0, 0], form: 'flags clear', confidence: 'certain' })!,
      fromText: false,
    };
  }
  return null;
}

/**
 * What `parsed` says; `inCert` tells whether the previous line belonged to a certificate block. `memo`: what
 * messages said, kept by their text for one log (the parser's; the same answer, faster on repeated messages: the
 * code scan is the costly part of a line). messageFact is pure in the message text.
 */
export function classify(parsed: ParsedLine, inCert: boolean, memo?: Memo<LineFact>): LineFact {
  const msg = parsed.message;
  if (msg === '' || HEX_DUMP.test(msg) || msg.startsWith("dumping '")) return { t: 'skip' };
  if (inCert) {
    const field = CERT_FIELD.exec(msg);
    if (field) {
      const key = field[1] ?? '';
      return { t: 'cert-field', field: FIELD_NAMES[key] ?? 'key', value: (field[2] ?? '').trim() };
    }
    if (CERT_OTHER.test(msg)) return { t: 'cert-other' };
  }
  return memo ? memo.get(msg, messageFact) : messageFact(msg);
}

/** What a message says outside a certificate block (it is not blank, a hex dump or a dump header). */
function messageFact(msg: string): LineFact {
  const specific = mbedtlsFact(msg);
  if (specific) return specific;
  if (ANY_NOTE.test(msg)) for (const rule of NOTE_RULES) if (rule.pattern.test(msg)) return { t: 'note', rule };
  if (!ERRORISH.test(msg) && !/alert|ertificate|flags|CRL|Usage does not/.test(msg)) return { t: 'none' };
  const found = scanLine(msg, 0, true).filter((d) => d.confidence !== 'possible');
  const verify = found.find((d): d is DecodedX509Flags => d.kind === 'x509-flags');
  if (verify) return { t: 'verify', flags: verify, fromText: verify.form.includes('sentence') };
  const alert = found.find((d): d is DecodedTlsAlert => d.kind === 'tls-alert');
  if (alert && alert.direction) return { t: 'alert', alert };
  const codes = found.filter((d) => d.kind !== 'tls-alert' && !(d.kind === 'mbedtls' && BENIGN.has(d.value)));
  if (codes.length === 0) return { t: 'none' };
  return { t: 'error', codes, terminal: TERMINAL.test(msg) };
}
