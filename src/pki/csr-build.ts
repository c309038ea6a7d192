// Builds PKCS#10 (RFC 2986) requests around a key we cannot touch: the body is made here, the board (or the
// emulator) signs its SHA-256/384 digest, and `assembleCsr` wraps body + signature. Used by the crypto worker for
// sign-only secure elements and by the emulated nRF91, which reproduces the modem's exact encoding.
import { err, ok, type Result } from '../lib/result.ts';
import {
  bitString,
  ia5String,
  implicitConstructed,
  nullValue,
  octetString,
  oid,
  printableString,
  sequence,
  set,
  smallInteger,
  utf8String,
  type Der,
} from './der.ts';
import { keyUsageBits, type KeyUsageName } from './key-usage.ts';
import { OID } from './oids.ts';

export interface SubjectAttribute {
  readonly oid: string;
  readonly value: string;
}

const SHORT_NAMES: Record<string, string> = {
  CN: OID.commonName,
  O: OID.organization,
  OU: OID.organizationalUnit,
  C: OID.country,
  L: OID.locality,
  ST: OID.state,
  SERIALNUMBER: OID.serialNumber,
  EMAILADDRESS: OID.emailAddress,
  E: OID.emailAddress,
};

/** Parses `CN=device-1,O=Acme` (commas inside values escaped as `\,`). */
export function parseSubject(text: string): Result<SubjectAttribute[]> {
  const attrs: SubjectAttribute[] = [];
  for (const part of text.split(/(?<!\\),/)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim().toUpperCase();
    const value = part
      .slice(eq + 1)
      .trim()
      .replace(/\\,/g, ',');
    const id = SHORT_NAMES[key];
    if (eq < 1 || !id) return err({ code: 'bad-subject', message: `unknown subject attribute "${part.trim()}"` });
    if (value.length === 0 || value.length > 64) {
      return err({ code: 'bad-subject', message: `${key} must be 1..64 characters, got ${value.length}` });
    }
    attrs.push({ oid: id, value });
  }
  return attrs.length ? ok(attrs) : err({ code: 'bad-subject', message: 'subject is empty' });
}

export function encodeName(attrs: readonly SubjectAttribute[]): Der {
  return sequence(
    ...attrs.map((a) => {
      const value =
        a.oid === OID.country || a.oid === OID.serialNumber
          ? printableString(a.value)
          : a.oid === OID.emailAddress
            ? ia5String(a.value)
            : utf8String(a.value);
      return set(sequence(oid(a.oid), value));
    }),
  );
}

export function extension(id: string, value: Der, critical = false): Der {
  return critical
    ? sequence(oid(id), Uint8Array.of(0x01, 0x01, 0xff), octetString(value))
    : sequence(oid(id), octetString(value));
}

/** KeyUsage extension with DER's minimal BIT STRING (trailing zero bits dropped). */
export function keyUsageExtension(usages: readonly KeyUsageName[], critical = false): Der {
  const { bytes, unused } = keyUsageBits(usages);
  return extension(OID.keyUsage, bitString(bytes, unused), critical);
}

export interface CsrBodyInput {
  /** SubjectPublicKeyInfo, DER. */
  readonly spki: Uint8Array;
  readonly subject: readonly SubjectAttribute[];
  /** Extension SEQUENCEs (see `extension`, `keyUsageExtension`); none -> no extensionRequest attribute. */
  readonly extensions: readonly Der[];
}

/** CertificationRequestInfo, DER: the bytes whose digest the key holder signs. */
export function buildCsrBody(input: CsrBodyInput): Der {
  const attributes = input.extensions.length
    ? implicitConstructed(0, sequence(oid(OID.extensionRequest), set(sequence(...input.extensions))))
    : implicitConstructed(0);
  return sequence(smallInteger(0), encodeName(input.subject), input.spki, attributes);
}

export type CsrSignatureAlgorithm = 'ecdsa-with-SHA256' | 'ecdsa-with-SHA384';

export interface AssembleOptions {
  /** Emit an explicit NULL parameter in the AlgorithmIdentifier, as nRF91 modems do (RFC 5758 says absent). */
  readonly nullParameter?: boolean;
}

export function signatureAlgorithmIdentifier(alg: CsrSignatureAlgorithm, opts: AssembleOptions = {}): Der {
  const id = alg === 'ecdsa-with-SHA256' ? OID.ecdsaWithSha256 : OID.ecdsaWithSha384;
  return opts.nullParameter ? sequence(oid(id), nullValue()) : sequence(oid(id));
}

/** CertificationRequest DER from a body and a DER ECDSA signature over it. */
export function assembleCsr(
  body: Uint8Array,
  signatureDer: Uint8Array,
  alg: CsrSignatureAlgorithm,
  opts: AssembleOptions = {},
): Der {
  return sequence(body, signatureAlgorithmIdentifier(alg, opts), bitString(signatureDer));
}
