// Layer: diagnostics. What the broker check takes and gives. Facts: the broker profile, the board's TLS stack, its CA
// store and client certificate at one sec_tag, and (optionally) a server chain the user pasted with the worker's
// validation of it against the board's CA store. Report: findings plus a chain diagram (where the anchor is, or
// which one is missing). Plain JSON, public facts only.
import type { DeviceIdentity, DeviceLimits } from '../../devices/device.ts';
import type { ChainReport } from '../../pki/crypto-types.ts';
import type { BrokerCode, Finding, Verdict } from '../health/finding.ts';
import type { CertSummary } from '../health/types.ts';
import type { BrokerProfile } from './profiles.ts';
import type { TlsStack } from './stacks.ts';

export interface PastedChain {
  /** Certificates in the order the server sent them (leaf first). */
  readonly certificates: readonly CertSummary[];
  /** The worker's validation of that chain for serverAuth against the board's CA store. */
  readonly validation: ChainReport | { readonly error: string };
}

export interface BrokerFacts {
  readonly profile: BrokerProfile;
  readonly stack: TlsStack;
  readonly limits: DeviceLimits;
  readonly identity: DeviceIdentity | null;
  /** The sec_tag the board would connect with; null when the CA store was pasted instead of read. */
  readonly secTag: number | null;
  /** Where the CA store came from, for the evidence lines. */
  readonly caSource: 'board' | 'pasted';
  /** The board's CA store (type 0 at the sec_tag). */
  readonly boardCas: readonly CertSummary[];
  /** The board's client certificate at the sec_tag (and what is stored with it), if any. */
  readonly clientCert: CertSummary | null;
  readonly clientExtra: readonly CertSummary[];
  readonly pasted: PastedChain | null;
  /** The host the board connects to, when the user gave it (checked against the server certificate). */
  readonly host: string | null;
  /** The device id the broker knows the board by, when the user gave it (Azure). */
  readonly deviceId: string | null;
  readonly checkedAt: number;
}

export interface DiagramNode {
  readonly subject: string;
  readonly issuer: string;
  readonly key: string;
  readonly signature: string;
  readonly derBytes: number;
  readonly sha256: string;
  /** Where the certificate is: sent by the server (pasted), or in the board's CA store. */
  readonly from: 'server' | 'board';
  /** This certificate is the trust anchor the path ended at. */
  readonly anchor: boolean;
}

export type DiagramEnd =
  /** The path reached a certificate in the board's CA store. */
  | { readonly status: 'anchored'; readonly name: string; readonly sha256: string }
  /** The path stopped: the board stores no certificate for this issuer. */
  | { readonly status: 'missing'; readonly issuer: string; readonly suggestion: string | null }
  /** No server chain to draw (profile only). */
  | { readonly status: 'no-chain' };

export interface ChainDiagram {
  readonly nodes: readonly DiagramNode[];
  readonly end: DiagramEnd;
  /** The profile's roots and whether the board's CA store holds each. */
  readonly profileRoots: readonly {
    readonly name: string;
    readonly sha256: string;
    readonly use: string;
    readonly onBoard: boolean;
  }[];
  /** The board's CA store, for the picture's right-hand side. */
  readonly boardStore: readonly { readonly name: string; readonly sha256: string }[];
}

export interface BrokerReport {
  readonly kind: 'broker-check';
  /** The board this check was made for (its CA store and client certificate); null when the CA store was pasted. */
  readonly board: DeviceIdentity | null;
  readonly profile: { readonly id: BrokerProfile['id']; readonly name: string };
  readonly stack: { readonly id: TlsStack['id']; readonly name: string };
  readonly secTag: number | null;
  readonly caSource: 'board' | 'pasted';
  readonly host: string | null;
  /** ISO 8601. */
  readonly checkedAt: string;
  readonly verdict: Verdict;
  readonly findings: readonly Finding<BrokerCode>[];
  readonly diagram: ChainDiagram;
}
