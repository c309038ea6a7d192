// Layer: diagnostics. The log timeline: what a device log says happened in each handshake attempt, as plain data
// (events, not lines) so a 10 MB log becomes a few kilobytes, crosses the worker boundary by structured clone and
// can be embedded in a report.
import type { Decoded, DecodedTlsAlert, DecodedX509Flags } from '../types.ts';

export type LogSource = 'zephyr' | 'esp-idf' | 'mbedtls' | 'modem' | 'plain';
export type Severity = 'info' | 'warn' | 'error';

export interface SuiteRef {
  readonly id: number;
  readonly name: string;
}

interface EventBase {
  /** 1-based line number in the log. */
  readonly line: number;
  /** The raw line (prefix included), cut to a few hundred characters. */
  readonly text: string;
  readonly time?: string;
  readonly source: LogSource;
  readonly severity: Severity;
}

export type TimelineEvent = EventBase &
  (
    | { readonly kind: 'handshake-start' }
    | { readonly kind: 'handshake-done' }
    | {
        readonly kind: 'client-hello';
        readonly suites: readonly SuiteRef[];
        readonly suitesDropped: number;
        readonly serverName?: string;
        readonly maxVersion?: string;
      }
    | { readonly kind: 'server-hello'; readonly suite?: SuiteRef }
    | {
        readonly kind: 'certificate';
        readonly role: 'peer' | 'own';
        readonly index: number;
        readonly subject?: string;
        readonly issuer?: string;
        readonly validFrom?: string;
        readonly validTo?: string;
        readonly signedUsing?: string;
        readonly key?: string;
      }
    | { readonly kind: 'verify'; readonly flags: DecodedX509Flags }
    | { readonly kind: 'alert'; readonly alert: DecodedTlsAlert }
    | { readonly kind: 'error'; readonly codes: readonly Decoded[]; readonly terminal: boolean }
    | { readonly kind: 'note'; readonly id: string; readonly note: string }
  );

export type TimelineEventKind = TimelineEvent['kind'];

export interface Diagnosis {
  readonly status: 'failed' | 'succeeded' | 'unknown';
  readonly title: string;
  readonly summary: string;
  readonly causes: readonly string[];
  readonly checks: readonly string[];
  /** The line that decides it: attempt number, index into that attempt's events, and the line itself. */
  readonly decisive?: {
    readonly attempt: number;
    readonly event: number;
    readonly line: number;
    readonly text: string;
  };
}

export interface Attempt {
  /** 1-based count of attempts in the whole log (dropped ones included). */
  readonly number: number;
  readonly firstLine: number;
  readonly lastLine: number;
  readonly events: readonly TimelineEvent[];
  readonly droppedEvents: number;
  readonly diagnosis: Diagnosis;
}

export interface Timeline {
  readonly lines: number;
  readonly bytes: number;
  readonly sources: Readonly<Record<LogSource, number>>;
  /** Kept attempts in log order: the first few and the most recent ones. */
  readonly attempts: readonly Attempt[];
  readonly droppedAttempts: number;
  readonly failedAttempts: number;
  /** The diagnosis of the attempt that matters (the last failed one, else the last one). */
  readonly diagnosis: Diagnosis;
  readonly secTags: readonly number[];
  /** The last lines of the log, for when no event was recognised. */
  readonly tail: readonly string[];
}
