// Layer: the adapters' contract. A board family's profile: everything family-specific the core (flows, app, ui,
// audit, diagnose) uses, provided by the family's adapter (`Device.profile`, and by family in the adapters' profile
// registry for views and scanners that have no board). Generic code asks the profile; it never compares a family
// name. Data and pure functions only: no I/O, so a profile can be used before a board is connected.
import type { CredentialKind, DeviceFamily, DeviceLimits } from './device.ts';

/** What a command typed in the console would do to the board, decided before anything is sent. */
export type ConsoleVerdict =
  | { readonly kind: 'read' }
  | { readonly kind: 'changing'; readonly change: ConsoleChange }
  | { readonly kind: 'refused'; readonly reason: string };

/** A board change a typed command makes, in the audit trail's words (the detail never holds the content). */
export interface ConsoleChange {
  readonly action: 'credential-write' | 'credential-delete' | 'keygen' | 'functional-mode' | 'x-console-command';
  readonly detail: {
    readonly secTag?: number;
    readonly deviceType?: string;
    readonly credentialKind?: CredentialKind;
    readonly functionalMode?: number;
    readonly message?: string;
  };
}

/** A console line that opens secret content: group 1 is the text up to the opening quote, group 2 the type. */
export interface SecretLineRule {
  readonly start: RegExp;
  /** The placeholder shown instead of `chars` characters of hidden content of this type. */
  placeholder(type: string, chars: number): string;
}

/** A pattern the audit trail's secret scanner refuses (a command that carries a secret in its text). */
export interface SecretPattern {
  /** Stable name for findings, e.g. `cmng-secret-write`. */
  readonly kind: string;
  /** Global regex. */
  readonly re: RegExp;
  /** What was found, in plain words ("a credential write of a private key or PSK"). */
  readonly text: string;
}

export interface FamilyProfile {
  readonly family: DeviceFamily;
  /** "nRF91 cellular modem (AT commands)". */
  readonly label: string;
  /** What the family calls a credential slot ("sec_tag"). */
  readonly slotWord: string;
  /** The board's own name for a credential kind's type, e.g. "1" (nRF91 types are numbers). */
  deviceType(kind: CredentialKind): string | null;
  /** Words for a functional mode ("offline", with the mode number), or null when the family has no words for it. */
  modeText(mode: number): string | null;
  /** The highest slot a user may write to (nRF91: 2147483647; higher sec_tags are the modem's). */
  readonly maxUserSlot: number;
  /** Why a slot belongs to the board itself (listed, never read, written or deleted), or null for a user slot. */
  reservedSlot(slot: number): string | null;
  /**
   * The identity the board carries from its factory and KeyWire never changes, but reads and checks (a secure
   * element's slot 0: the vendor's key and the vendor's certificate for it): its slot, what it is in words, and the
   * vendor root CAs (PEM) its certificate chains to. Absent: the board has none.
   */
  readonly factoryIdentity?: { readonly slot: number; readonly text: string; readonly vendorRoots: readonly string[] };
  /** Curves the board makes keys on, the first being what it makes by default. */
  readonly keyCurves: readonly ('P-256' | 'P-384')[];
  /** The inspect object kind of the attestation the board's key-generation answer carries (inspect reads the raw
   * answer, the CSR check requires that object, the UI lists it), or null when the answer carries none. */
  readonly keygenAttestation: string | null;
  /** The CN the board puts in its CSR when asked for none, from what identify said; null: not known. */
  defaultCsrCn(identity: { uuid?: string; imei?: string; serial?: string }): string | null;
  /** Limits of the family's TLS stack when no board is connected (broker check without a board). */
  readonly limits: DeviceLimits;
  /** Console: what a typed command may do, and which lines carry secret content to mask. */
  readonly console: {
    /** What the command line is called and an example command ("AT command", "AT+CGMI"; "Shell command" ...). */
    readonly commandLabel: string;
    readonly example: string;
    classify(command: string): ConsoleVerdict;
    readonly secretLines: readonly SecretLineRule[];
  };
  /** What the family's credential listing is called ("cred list"), for Inspect. */
  readonly credentialListName: string;
  /** What of this family's board output Inspect reads, in words ("cred list / cred get output"). */
  readonly inspectHint: string;
  /** A short example of such output for the paste box, or null. */
  readonly inspectExample: string | null;
  /** What a credential read answer is called ("cred get"), for Inspect. */
  readonly credentialReadName: string;
  /** The kind of a credential type as the board names it (nRF91 "1": clientCert), or null when unknown or when
   * the board's names are words already (Zephyr CA, SERV, PK). */
  kindOf(deviceType: string): CredentialKind | null;
  /** The time limit for a command the family knows to be slow (key generation, flash writes), in ms; undefined:
   * the protocol client's generic default. */
  timeLimitMs(command: string): number | undefined;
  /** Answers that look like base64 blobs but are public (a CSR with its attestation, a signed token): global
   * regexes a session log download leaves alone. */
  readonly publicAnswers: readonly RegExp[];
  /** Patterns the audit trail's secret scanner refuses, for this family's commands. */
  readonly secretPatterns: readonly SecretPattern[];
  /** What makes written credentials survive a reboot on this family (a build option), for the verify step's
   * "survives a reboot" check when they did not; absent: the family has nothing to say. */
  readonly rebootLossAdvice?: string;
  /** What a board of this family needs to make its own key when its firmware cannot (plain words; KeyWire never
   * offers to make the key on the computer); absent: the generic advice. */
  readonly noKeygenAdvice?: string;
  /** What the board's firmware must offer so KeyWire's commands reach it, in plain words, for the troubleshooting
   * of a failed step ("…needs modem firmware 1.3 or later and an application that passes AT commands through"). */
  readonly firmwareNeeds: string;
  /** Health-check readers: how the board's clock is read (`cclk`: 3GPP `AT+CCLK?`, network time), or null. */
  readonly boardClock: 'cclk' | null;
}
