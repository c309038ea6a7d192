// Layer: PKI result types. What `inspect` says about each object in the input. Types only: no runtime code.
import type { KeyUsageName } from './key-usage.ts';

export type { KeyUsageName };

export interface NameInfo {
  /** RFC 4514-style text, most significant RDN first as encoded (`CN=dev-1, O=Acme`). */
  readonly text: string;
  readonly attributes: readonly { readonly oid: string; readonly name: string; readonly value: string }[];
  readonly commonName: string | null;
}

export interface KeyInfo {
  readonly algorithm: 'EC' | 'RSA' | 'Ed25519' | 'Ed448' | 'unknown';
  readonly algorithmOid: string;
  /** 'P-256', 'P-384', 'P-521', or the curve OID when it is not one of those. */
  readonly curve: string | null;
  /** Key size in bits (RSA modulus, EC field). */
  readonly bits: number | null;
  /** SHA-256 of the SubjectPublicKeyInfo DER: the key's identity across CSR, certificate and device. */
  readonly spkiSha256: string;
  readonly spkiPem: string;
  /** Unusual or weak key (RSA < 2048, curves outside P-256/384/521). */
  readonly warnings: readonly string[];
}

export interface SignatureAlgorithmInfo {
  readonly oid: string;
  /** e.g. 'ecdsa-with-SHA256', 'sha256WithRSAEncryption'. */
  readonly name: string;
  readonly hash: 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512' | 'MD5' | null;
  /** How the AlgorithmIdentifier's parameters are encoded. */
  readonly parameters: 'absent' | 'null' | 'other';
  /** Set when the encoding departs from the standard (explicit NULL in ECDSA, RFC 5758 §3.2). */
  readonly nonStandard: string | null;
  readonly weak: boolean;
}

export interface GeneralNameInfo {
  readonly type: 'dns' | 'ip' | 'email' | 'uri' | 'dirName' | 'other';
  readonly value: string;
}

export interface ExtensionsInfo {
  readonly keyUsage?: { readonly critical: boolean; readonly usages: readonly KeyUsageName[] };
  readonly extKeyUsage?: {
    readonly critical: boolean;
    readonly purposes: readonly { readonly oid: string; readonly name: string }[];
  };
  readonly basicConstraints?: { readonly critical: boolean; readonly ca: boolean; readonly pathLength: number | null };
  readonly subjectAltName?: { readonly critical: boolean; readonly names: readonly GeneralNameInfo[] };
  readonly subjectKeyId?: string;
  readonly authorityKeyId?: { readonly keyId: string | null; readonly issuerSerial: string | null };
  readonly crlDistributionPoints?: readonly string[];
  readonly authorityInfoAccess?: readonly { readonly method: string; readonly location: string }[];
  /** Extensions we do not decode, and any that failed to decode. */
  readonly other: readonly {
    readonly oid: string;
    readonly name: string;
    readonly critical: boolean;
    readonly note: string;
  }[];
}

/** Where an object came from in the input, so the UI can point at it. */
export interface ObjectSource {
  /** 0-based order in the input. */
  readonly index: number;
  readonly form:
    | 'pem'
    | 'der'
    | 'base64'
    | 'hex'
    | 'pkcs7'
    | 'nrf91-keygen'
    | 'nrf91-attesttoken'
    | 'zephyr-csr-line'
    | 'zephyr-pubkey-line'
    | 'sec1-point'
    | 'nrf91-cmng-list'
    | 'zephyr-cred-list';
  /** PEM label (`CERTIFICATE`, `CERTIFICATE REQUEST`...) when there was one. */
  readonly label: string | null;
  /** Index of the PKCS#7 / %KEYGEN object this one was found inside. */
  readonly container: number | null;
  /** The board's storage slot when the object came out of a `%CMNG` read answer. */
  /** Where a credential read answer says it came from (nRF91 `%CMNG` read: sec_tag and type number). */
  readonly stored?: { readonly family: 'nrf91'; readonly secTag: number; readonly cmngType: number };
}

interface ObjectBase {
  readonly source: ObjectSource;
  /** Plain-language remarks a support engineer should see (non-standard encodings, weak algorithms...). */
  readonly notes: readonly string[];
}

export interface InspectedCertificate extends ObjectBase {
  readonly kind: 'certificate';
  readonly version: number;
  readonly subject: NameInfo;
  readonly issuer: NameInfo;
  readonly serialHex: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly key: KeyInfo;
  readonly signature: SignatureAlgorithmInfo;
  readonly extensions: ExtensionsInfo;
  readonly sha256: string;
  readonly sha1: string;
  readonly selfIssued: boolean;
  /** For self-issued certificates: does the signature verify with its own key (null: not checked / unsupported). */
  readonly selfSignatureValid: boolean | null;
  readonly der: Uint8Array;
  readonly pem: string;
}

export interface InspectedCsr extends ObjectBase {
  readonly kind: 'csr';
  readonly subject: NameInfo;
  readonly key: KeyInfo;
  readonly signature: SignatureAlgorithmInfo;
  /** Extensions requested through the extensionRequest attribute. */
  readonly extensions: ExtensionsInfo;
  /** Proof of possession: the CSR's signature verifies with the key it carries. */
  readonly signatureValid: boolean | null;
  readonly der: Uint8Array;
  readonly pem: string;
}

export interface InspectedPublicKey extends ObjectBase {
  readonly kind: 'publicKey';
  readonly key: KeyInfo;
  /** The raw SEC1 point was wrapped into an SPKI by us. */
  readonly wrappedFromPoint: boolean;
  readonly spki: Uint8Array;
}

export interface InspectedPkcs7 extends ObjectBase {
  readonly kind: 'pkcs7';
  readonly contentType: string;
  readonly certificateCount: number;
  readonly crlCount: number;
}

export type DigestVerdict =
  /** SHA-256 of the bytes before the dot equals the COSE digest. */
  | 'match'
  /** No match, but it matches the same CSR re-encoded with the explicit NULL the modem emits: re-encoded later. */
  | 'match-original-null-encoding'
  | 'mismatch';

export interface InspectedNrf91Keygen extends ObjectBase {
  readonly kind: 'nrf91Keygen';
  readonly messageType: number;
  readonly messageTypeName: 'csr' | 'publicKey' | 'unknown';
  readonly deviceUuid: string;
  readonly secTag: number;
  readonly digestHex: string;
  readonly digest: DigestVerdict;
  readonly nonceHex: string;
  readonly keyIdHex: string | null;
  readonly coseAlgorithm: number | null;
}

export interface InspectedNrf91Attestation extends ObjectBase {
  readonly kind: 'nrf91Attestation';
  readonly version: number;
  readonly deviceUuid: string;
  readonly deviceType: number;
  readonly deviceTypeName: string | null;
  readonly firmwareUuid: string;
  readonly nonceHex: string;
  readonly keyIdHex: string | null;
  readonly coseAlgorithm: number | null;
  /** The signature covers the message (detached payload); it needs the device's attestation key to verify. */
  readonly payloadDetached: boolean;
}

export interface InspectedPrivateKey extends ObjectBase {
  readonly kind: 'privateKey';
  /** 'PKCS#8', 'SEC1 EC', 'PKCS#1 RSA', 'encrypted PKCS#8'. Nothing of the key is kept or shown. */
  readonly format: string;
}

/** One line of a credential listing: a slot on the board and the digest of what it holds (no content). */
export interface CredentialListEntry {
  readonly secTag: number;
  /** `%CMNG` type number as text (`"1"`), or the Zephyr TYPE keyword (`"CA_CERT"`). */
  readonly type: string;
  /** As printed: 64 hex digits (`%CMNG`), base64 SHA-256 (Zephyr `cred list`). */
  readonly digest: string;
  /** Zephyr's status column (0, or a negative error code); null for `%CMNG`. */
  readonly status: number | null;
}

/** A `%CMNG` list answer or Zephyr `cred list` output: what the board stores, by digest only. */
export interface InspectedCredentialList extends ObjectBase {
  readonly kind: 'credentialList';
  /** The board family whose listing this is (the same ids as `DeviceFamily`). */
  readonly family: 'nrf91' | 'zephyr-tls-shell';
  readonly entries: readonly CredentialListEntry[];
}

export interface InspectedUnknown extends ObjectBase {
  readonly kind: 'unknown';
  readonly byteLength: number;
  /** Why it could not be read, in plain language. */
  readonly reason: string;
}

export type InspectedObject =
  | InspectedCertificate
  | InspectedCsr
  | InspectedPublicKey
  | InspectedPkcs7
  | InspectedNrf91Keygen
  | InspectedNrf91Attestation
  | InspectedPrivateKey
  | InspectedCredentialList
  | InspectedUnknown;

export type InspectedKind = InspectedObject['kind'];

/** How one certificate of a pasted chain is joined to the next one up. */
export interface ChainLinkInfo {
  /** The issuer's signature on the child, checked with the issuer's key. */
  readonly signature: 'valid' | 'invalid' | 'unsupported';
  /** Authority key id of the child against the subject key id of the issuer. */
  readonly keyId: 'match' | 'absent';
}

export type ChainEnd =
  /** The top certificate is self-issued: a root (its own signature checked when possible). */
  | { readonly kind: 'root'; readonly selfSignatureValid: boolean | null }
  /** The top certificate's issuer is not in the input. */
  | { readonly kind: 'missing'; readonly issuer: string; readonly authorityKeyId: string | null }
  /** Issuer links loop or run past the depth limit. */
  | { readonly kind: 'loop' };

/** A path through the certificates of the input, from a leaf (a certificate that issued none of the others) up. */
export interface InspectChain {
  /** Object indexes (`ObjectSource.index`), leaf first. */
  readonly members: readonly number[];
  /** `links[i]` joins `members[i]` to `members[i + 1]`. */
  readonly links: readonly ChainLinkInfo[];
  readonly end: ChainEnd;
}

export interface InspectReport {
  readonly objects: readonly InspectedObject[];
  /** The chains the certificates form, when the input holds two or more certificates. */
  readonly chains: readonly InspectChain[];
  /** Remarks about the input as a whole (e.g. text around the PEM blocks that was ignored). */
  readonly notes: readonly string[];
}

/** An inspected object without its bytes (`der`, `pem`, `spki`): what a view shows. */
export type InspectedView = InspectedObject extends infer O
  ? O extends InspectedObject
    ? Omit<O, 'der' | 'pem' | 'spki'>
    : never
  : never;

/**
 * The inspect report for a view that shows a page at a time: every object as JSON (an `InspectedView`), UTF-8, all
 * in one byte array, so thousands of objects cross from the worker as one copy of bytes (no strings for the page to
 * build, no GC) and the page decodes and parses only those it shows (`listingText` in `inspect-listing.ts`).
 */
export interface InspectListing {
  readonly kinds: readonly InspectedKind[];
  /** The objects' JSON texts, UTF-8, one after another. */
  readonly json: Uint8Array;
  /** `ends[i]`: where object i's bytes end in `json` (they start where object i - 1's end). */
  readonly ends: readonly number[];
  readonly chains: readonly InspectChain[];
  readonly notes: readonly string[];
}
