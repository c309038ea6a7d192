// Layer: PKI codecs. Signature and key algorithm facts: names, hashes, what counts as weak or unusual, and which
// parameter encodings are standard. One table; the inspector, CSR verifier and chain validator all read it.
import { OID, OID_MORE } from './oids.ts';
import { child, childrenOf, expectTag, oidOf, TAG, whole, type Der } from './der-values.ts';
import type { SignatureAlgorithmInfo } from './inspect-types.ts';

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5';
export type SignatureFamily = 'ecdsa' | 'rsa-pkcs1' | 'rsa-pss' | 'ed25519' | 'other';

interface SigAlgEntry {
  readonly name: string;
  readonly family: SignatureFamily;
  readonly hash: HashName | null;
}

const SIGNATURE_ALGORITHMS: Record<string, SigAlgEntry> = {
  [OID.ecdsaWithSha256]: { name: 'ecdsa-with-SHA256', family: 'ecdsa', hash: 'SHA-256' },
  [OID.ecdsaWithSha384]: { name: 'ecdsa-with-SHA384', family: 'ecdsa', hash: 'SHA-384' },
  [OID.ecdsaWithSha512]: { name: 'ecdsa-with-SHA512', family: 'ecdsa', hash: 'SHA-512' },
  [OID_MORE.ecdsaWithSha1]: { name: 'ecdsa-with-SHA1', family: 'ecdsa', hash: 'SHA-1' },
  [OID.sha256WithRsa]: { name: 'sha256WithRSAEncryption', family: 'rsa-pkcs1', hash: 'SHA-256' },
  [OID.sha384WithRsa]: { name: 'sha384WithRSAEncryption', family: 'rsa-pkcs1', hash: 'SHA-384' },
  [OID_MORE.sha512WithRsa]: { name: 'sha512WithRSAEncryption', family: 'rsa-pkcs1', hash: 'SHA-512' },
  [OID.sha1WithRsa]: { name: 'sha1WithRSAEncryption', family: 'rsa-pkcs1', hash: 'SHA-1' },
  [OID.md5WithRsa]: { name: 'md5WithRSAEncryption', family: 'rsa-pkcs1', hash: 'MD5' },
  [OID_MORE.md2WithRsa]: { name: 'md2WithRSAEncryption', family: 'other', hash: null },
  [OID_MORE.rsassaPss]: { name: 'RSASSA-PSS', family: 'rsa-pss', hash: null },
  [OID_MORE.ed25519]: { name: 'Ed25519', family: 'ed25519', hash: null },
  [OID_MORE.ed448]: { name: 'Ed448', family: 'other', hash: null },
  [OID_MORE.dsaWithSha1]: { name: 'dsa-with-SHA1', family: 'other', hash: 'SHA-1' },
};

export interface SignatureAlgorithm extends SignatureAlgorithmInfo {
  readonly family: SignatureFamily;
  /** The AlgorithmIdentifier DER, to compare the outer and the TBS copies. */
  readonly der: Uint8Array;
}

const WEAK_NAMES = new Set(['md2WithRSAEncryption', 'dsa-with-SHA1']);

export function signatureAlgorithmOf(d: Der): SignatureAlgorithm {
  expectTag(d, TAG.sequence, 'AlgorithmIdentifier');
  const oid = oidOf(child(d, 0, 'AlgorithmIdentifier'), 'algorithm');
  const params = childrenOf(d)[1];
  const parameters = !params ? 'absent' : params.node.tag === TAG.null ? 'null' : 'other';
  const entry = SIGNATURE_ALGORITHMS[oid] ?? { name: oid, family: 'other' as const, hash: null };
  let nonStandard: string | null = null;
  if (entry.family === 'ecdsa' && parameters !== 'absent') {
    nonStandard =
      parameters === 'null'
        ? 'explicit NULL parameter in the ECDSA AlgorithmIdentifier (RFC 5758 §3.2 says absent); real nRF91 modems emit it'
        : 'unexpected parameters in the ECDSA AlgorithmIdentifier';
  } else if (entry.family === 'rsa-pkcs1' && parameters !== 'null') {
    nonStandard =
      parameters === 'absent'
        ? 'NULL parameter missing from the RSA AlgorithmIdentifier (RFC 4055 §5 says NULL)'
        : 'unexpected parameters in the RSA AlgorithmIdentifier';
  }
  const weak = entry.hash === 'SHA-1' || entry.hash === 'MD5' || WEAK_NAMES.has(entry.name);
  return {
    oid,
    name: entry.name,
    hash: entry.hash,
    parameters,
    nonStandard,
    weak,
    family: entry.family,
    der: whole(d),
  };
}

export const CURVE_NAMES: Record<string, { name: string; bits: number; standard: boolean }> = {
  [OID.p256]: { name: 'P-256', bits: 256, standard: true },
  [OID.p384]: { name: 'P-384', bits: 384, standard: true },
  [OID.p521]: { name: 'P-521', bits: 521, standard: true },
  [OID_MORE.secp256k1]: { name: 'secp256k1', bits: 256, standard: false },
  [OID_MORE.brainpoolP256r1]: { name: 'brainpoolP256r1', bits: 256, standard: false },
  [OID_MORE.brainpoolP384r1]: { name: 'brainpoolP384r1', bits: 384, standard: false },
};

/** WebCrypto hash name for a signature hash; MD5 has none (it cannot be verified, and must not be trusted). */
export const webCryptoHash = (h: HashName | null): 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | null =>
  h === 'MD5' || h === null ? null : h;
