// Layer: diagnostics. What the board health check takes (facts the flow gathered from the board, the crypto worker
// and the audit trail) and what it gives (a report of findings per sec_tag). Plain JSON, public facts only: no PEM
// bodies, no private material, so the report can embed it and a secret scan of it comes back clean.
import type { CredentialKind, DeviceFamily, DeviceIdentity, DeviceLimits } from '../../devices/device.ts';
import type { ChainReport, InspectedCertificate, KeyUsageName } from '../../pki/crypto-types.ts';
import type { Finding, HealthCode, Verdict } from './finding.ts';

/** The public facts of one certificate, as the worker's inspect read them. */
export interface CertSummary {
  readonly subject: string;
  readonly commonName: string | null;
  readonly issuer: string;
  readonly serialHex: string;
  /** ISO 8601. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
  readonly spkiSha256: string;
  readonly keyAlgorithm: string;
  readonly curve: string | null;
  readonly keyBits: number | null;
  readonly signatureAlgorithm: string;
  readonly signatureHash: string | null;
  readonly keyUsage: readonly KeyUsageName[] | null;
  /** Extended key usage purposes by name ('clientAuth', 'serverAuth', …); null when the extension is absent. */
  readonly extKeyUsage: readonly { readonly oid: string; readonly name: string }[] | null;
  readonly isCa: boolean;
  readonly selfIssued: boolean;
  readonly derBytes: number;
  readonly dnsNames: readonly string[];
}

export function summarizeCertificate(c: InspectedCertificate): CertSummary {
  return {
    subject: c.subject.text,
    commonName: c.subject.commonName,
    issuer: c.issuer.text,
    serialHex: c.serialHex,
    notBefore: c.notBefore,
    notAfter: c.notAfter,
    sha256: c.sha256,
    spkiSha256: c.key.spkiSha256,
    keyAlgorithm: c.key.algorithm,
    curve: c.key.curve,
    keyBits: c.key.bits,
    signatureAlgorithm: c.signature.name,
    signatureHash: c.signature.hash,
    keyUsage: c.extensions.keyUsage?.usages ?? null,
    extKeyUsage: c.extensions.extKeyUsage?.purposes ?? null,
    isCa: c.extensions.basicConstraints?.ca ?? false,
    selfIssued: c.selfIssued,
    derBytes: c.der.length,
    dnsNames: (c.extensions.subjectAltName?.names ?? []).filter((n) => n.type === 'dns').map((n) => n.value),
  };
}

/** What reading one stored credential gave. */
export type ReadOutcome =
  /** Read and parsed: the certificates it holds (a PEM may hold several) and the AT command it takes to write. */
  | {
      readonly status: 'read';
      readonly chars: number;
      readonly certificates: readonly CertSummary[];
      /** Length of the write command for this content, where the board declares its command overhead. */
      readonly commandChars: number | null;
      /** Why it is not a certificate, when the content held none. */
      readonly problem?: string;
    }
  /** Never readable (private keys, modem tags): listed only. */
  | { readonly status: 'not-readable'; readonly reason: string }
  /** Not a kind the health check reads (PSK, identities: their content is secret or not a certificate). */
  | { readonly status: 'skipped' }
  | { readonly status: 'failed'; readonly message: string };

export interface StoredItem {
  readonly secTag: number;
  readonly kind: CredentialKind;
  /** The type as the board names it (nRF91 `0`…`11`, Zephyr `CA`, `PK`…). */
  readonly deviceType: string;
  readonly sha256: string | null;
  readonly read: ReadOutcome;
}

/** The board's own clock. nRF91: AT+CCLK?, meaningful only once the network gave the modem time. */
export type BoardClock =
  | { readonly status: 'known'; readonly at: string; readonly raw: string; readonly source: string }
  | { readonly status: 'unknown'; readonly reason: string };

/** Whether the board holds the certificate's key, and how we know. */
export type KeyEvidence =
  /** The board signed a fresh random challenge with the key at that slot; the worker checked it with the certificate. */
  | { readonly kind: 'challenge'; readonly slot: number; readonly valid: boolean; readonly curve: string }
  /** The board exported the public key of that slot. */
  | { readonly kind: 'exported-key'; readonly slot: number; readonly spkiSha256: string }
  /** The audit trail's record of the key the board generated at that sec_tag. */
  | {
      readonly kind: 'audit';
      readonly seq: number;
      readonly time: string;
      readonly operator: string;
      readonly spkiSha256: string;
      /** The key slot SHA-256 recorded at generation and the one the board lists now (null: not available). */
      readonly keySlotRecorded: string | null;
      readonly keySlotNow: string | null;
      /** Set when the key was replaced after the record (slot digest changed, or a later write/delete). */
      readonly staleBecause: string | null;
    }
  | { readonly kind: 'none'; readonly tried: readonly string[] };

export interface ClientCertFacts {
  readonly secTag: number;
  readonly leaf: CertSummary;
  /** Further certificates stored with it (intermediates the board sends). */
  readonly extra: readonly CertSummary[];
  /** Validation against the CA credentials at the same sec_tag (null: none stored there, or not read). */
  readonly chainToTagCa: ChainReport | { readonly error: string } | null;
  /** Validation against the CA the user gave (null: none given). */
  readonly chainToUserCa: ChainReport | { readonly error: string } | null;
  /**
   * A factory certificate (the board's factory identity slot) validated against the board vendor's roots, with
   * those roots; absent for any other slot.
   */
  readonly chainToVendorRoot?: {
    readonly report: ChainReport | { readonly error: string };
    readonly anchors: readonly CertSummary[];
  };
  readonly keyEvidence: KeyEvidence;
}

export interface HealthFacts {
  readonly identity: DeviceIdentity;
  readonly family: DeviceFamily;
  readonly limits: DeviceLimits;
  /** The slot holding the board's factory identity (no CA of its own is expected there), if it has one. */
  readonly factorySlot?: number;
  /** Whether the board lists private keys at all (then a missing key is a finding). */
  readonly listsKeys: boolean;
  /** ms since the epoch: "now" on this computer. */
  readonly checkedAt: number;
  readonly clock: BoardClock;
  readonly items: readonly StoredItem[];
  readonly clientCerts: readonly ClientCertFacts[];
  /** The CA the user gave to check client certificates against, if any. */
  readonly userCa: readonly CertSummary[];
}

export interface TagReport {
  readonly secTag: number;
  readonly items: readonly StoredItem[];
  readonly findings: readonly Finding<HealthCode>[];
}

export interface HealthReport {
  readonly kind: 'health-check';
  readonly identity: DeviceIdentity;
  readonly family: DeviceFamily;
  readonly limits: DeviceLimits;
  /** ISO 8601. */
  readonly checkedAt: string;
  readonly clock: BoardClock;
  readonly verdict: Verdict;
  /** Findings about the board as a whole (its clock). */
  readonly boardFindings: readonly Finding<HealthCode>[];
  readonly tags: readonly TagReport[];
  readonly userCa: readonly CertSummary[];
}
