// Layer: diagnostics. Turns the events of one handshake attempt into a diagnosis: the decisive line and what it
// means, in this order of evidence: the board's own verify result, an alert the server sent, an alert the board
// sent, a known fatal message, the first error code, a completed handshake.
import type { Decoded, DecodedTlsAlert, DecodedX509Flags } from '../types.ts';
import { NOTE_RULES } from './notes.ts';
import type { Attempt, Diagnosis, TimelineEvent } from './timeline.ts';

type Found<K extends TimelineEvent['kind']> = {
  readonly event: Extract<TimelineEvent, { kind: K }>;
  readonly index: number;
};

function find<K extends TimelineEvent['kind']>(
  events: readonly TimelineEvent[],
  kind: K,
  test: (e: Extract<TimelineEvent, { kind: K }>) => boolean = () => true,
): Found<K> | undefined {
  const index = events.findIndex((e) => e.kind === kind && test(e as Extract<TimelineEvent, { kind: K }>));
  return index === -1 ? undefined : { event: events[index] as Extract<TimelineEvent, { kind: K }>, index };
}

const decisive = (attempt: number, found: { event: TimelineEvent; index: number }) => ({
  attempt,
  event: found.index,
  line: found.event.line,
  text: found.event.text,
});

function caStoreText(events: readonly TimelineEvent[], secTags: readonly number[]): string {
  const peers = events.filter(
    (e): e is Extract<TimelineEvent, { kind: 'certificate' }> => e.kind === 'certificate' && e.role === 'peer',
  );
  const top = peers.at(-1);
  const where = secTags.length
    ? `check the CA at sec_tag ${secTags.join(', ')}`
    : 'check the root CA stored at the sec_tag the TLS socket uses';
  return top?.issuer
    ? `${where}; the server chain ends with a certificate issued by "${top.issuer}", so the board needs that root.`
    : `${where}.`;
}

function verifyTitle(
  flags: DecodedX509Flags,
  events: readonly TimelineEvent[],
  secTags: readonly number[],
): { title: string; summary: string } {
  const has = (bit: number): boolean => (flags.mask & bit) !== 0;
  const hello = find(events, 'client-hello')?.event;
  if (has(0x08))
    return {
      title: "Server certificate not trusted: the board's CA store does not anchor the server chain",
      summary: `The board rejected the server (flags 0x08 NOT_TRUSTED); ${caStoreText(events, secTags)}`,
    };
  if (has(0x01) || has(0x200))
    return {
      title: has(0x200)
        ? 'Board clock is behind: a server certificate is not valid yet'
        : 'A server certificate is expired by the board clock',
      summary: `${flags.meaning} Check the board time before suspecting the certificates.`,
    };
  if (has(0x04))
    return {
      title: 'Host name mismatch: the server certificate is not for the name the board checks',
      summary: `${flags.meaning}${hello?.serverName ? ` The board asked for "${hello.serverName}".` : ' No server name (SNI) appears in the log.'}`,
    };
  if (has(0x4000) || has(0x8000) || has(0x10000))
    return { title: "The server chain uses a key or hash the board's profile refuses", summary: flags.meaning };
  return { title: `Server certificate rejected by the board (${flags.name})`, summary: flags.meaning };
}

function alertReceivedTitle(
  alert: DecodedTlsAlert,
  events: readonly TimelineEvent[],
): { title: string; summary: string } {
  const sawServerHello = !!find(events, 'server-hello');
  const hello = find(events, 'client-hello')?.event;
  switch (alert.description) {
    case 40:
      return sawServerHello
        ? {
            title: 'The server refused the handshake after its hello (handshake_failure)',
            summary: `${alert.meaning} It happened after the server hello: suspect the client certificate or key type.`,
          }
        : {
            title:
              'The server refused the client hello: no shared cipher suite, signature algorithm or SNI (handshake_failure)',
            summary: `${alert.meaning} The board offered ${hello?.suites.length ?? 'an unknown number of'} suites${hello?.serverName ? ` for "${hello.serverName}"` : ' and no server name (SNI) appears in the log'}.`,
          };
    case 48:
      return {
        title: "The broker does not trust the board's certificate (unknown_ca)",
        summary: `${alert.meaning} Register the CA that issued the board certificate at the broker, or send the full chain.`,
      };
    case 51:
      return {
        title: "The board's private key does not match its certificate (decrypt_error)",
        summary: `${alert.meaning} The server could not verify the board's CertificateVerify signature.`,
      };
    case 112:
      return {
        title: 'The server does not know the host name the board asked for (unrecognized_name)',
        summary: alert.meaning,
      };
    case 116:
      return { title: 'The board sent no client certificate (certificate_required)', summary: alert.meaning };
    case 42:
    case 43:
    case 44:
    case 45:
    case 46:
    case 49:
      return { title: `The broker rejected the board's client certificate (${alert.name})`, summary: alert.meaning };
    default:
      return { title: `The server ended the handshake with alert ${alert.name}`, summary: alert.meaning };
  }
}

function fromCode(code: Decoded): { title: string; summary: string } {
  return { title: `${code.canonical}: ${code.name}`, summary: code.meaning };
}

export function diagnoseAttempt(
  events: readonly TimelineEvent[],
  attempt: number,
  secTags: readonly number[],
): Diagnosis {
  const verify = find(events, 'verify', (e) => e.flags.mask !== 0);
  if (verify) {
    const { title, summary } = verifyTitle(verify.event.flags, events, secTags);
    return {
      status: 'failed',
      title,
      summary,
      causes: verify.event.flags.causes,
      checks: verify.event.flags.checks,
      decisive: decisive(attempt, verify),
    };
  }
  const received = find(
    events,
    'alert',
    (e) => e.alert.direction === 'received' && e.alert.level !== 1 && e.alert.description !== 0,
  );
  if (received) {
    const { title, summary } = alertReceivedTitle(received.event.alert, events);
    return {
      status: 'failed',
      title,
      summary,
      causes: received.event.alert.causes,
      checks: received.event.alert.checks,
      decisive: decisive(attempt, received),
    };
  }
  const sent = find(events, 'alert', (e) => e.alert.direction === 'sent' && e.alert.level === 2);
  if (sent) {
    const a = sent.event.alert;
    return {
      status: 'failed',
      title: `The board aborted the handshake (${a.name})`,
      summary: a.meaning,
      causes: a.causes,
      checks: a.checks,
      decisive: decisive(attempt, sent),
    };
  }
  const note = find(events, 'note', (e) => e.severity === 'error');
  if (note) {
    const rule = NOTE_RULES.find((r) => r.id === note.event.id);
    return {
      status: 'failed',
      title: rule?.title ?? note.event.note,
      summary: note.event.note,
      causes: rule?.causes ?? [],
      checks: rule?.checks ?? [],
      decisive: decisive(attempt, note),
    };
  }
  const error = find(events, 'error');
  if (error) {
    const code = error.event.codes[0]!;
    return {
      status: 'failed',
      ...fromCode(code),
      causes: code.causes,
      checks: code.checks,
      decisive: decisive(attempt, error),
    };
  }
  const done = find(events, 'handshake-done');
  if (done) {
    const suite = find(events, 'server-hello')?.event.suite;
    return {
      status: 'succeeded',
      title: 'Handshake completed',
      summary: suite
        ? `The board and the server agreed on ${suite.name}.`
        : 'The TLS handshake finished without an error.',
      causes: [],
      checks: [],
      decisive: decisive(attempt, done),
    };
  }
  return {
    status: 'unknown',
    title: 'No failure found in this attempt',
    summary: 'The log shows the start of a handshake but neither an error nor its end.',
    causes: [],
    checks: ['Capture more of the log after this point, or raise the mbedTLS debug level to 2-3.'],
  };
}

export function diagnoseTimeline(attempts: readonly Attempt[], hadLines: boolean): Diagnosis {
  const failed = attempts.filter((a) => a.diagnosis.status === 'failed');
  const chosen = failed.at(-1) ?? attempts.at(-1);
  if (chosen) {
    // A retry logged without debug output repeats only the final code: explain it with the last attempt that shows
    // the same code with better evidence (verify flags, an alert, a known message).
    const decidedBy = (a: Attempt) => a.events[a.diagnosis.decisive?.event ?? -1];
    const code = (a: Attempt) => {
      const e = decidedBy(a);
      return e?.kind === 'error' ? e.codes[0]?.canonical : undefined;
    };
    const repeated = code(chosen);
    if (repeated) {
      const richer = failed.findLast(
        (a) =>
          decidedBy(a)?.kind !== 'error' &&
          a.events.some((e) => e.kind === 'error' && e.codes.some((c) => c.canonical === repeated)),
      );
      if (richer) {
        return {
          ...richer.diagnosis,
          summary: `${richer.diagnosis.summary} Later attempts end with the same ${repeated}.`,
        };
      }
    }
    return chosen.diagnosis;
  }
  return {
    status: 'unknown',
    title: hadLines ? 'No TLS handshake or error code found in this log' : 'The log is empty',
    summary: hadLines
      ? 'None of the lines matched the Zephyr, mbedTLS debug, ESP-IDF or modem formats KeyWire reads.'
      : 'Nothing to read.',
    causes: [],
    checks: [
      'Enable mbedTLS debug output (Zephyr: CONFIG_MBEDTLS_DEBUG and CONFIG_MBEDTLS_DEBUG_LEVEL=2; ESP-IDF: CONFIG_MBEDTLS_DEBUG) and capture the whole connection attempt.',
    ],
  };
}
