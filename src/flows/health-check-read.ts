// Layer: flows, diagnostics. The board-talking part of the health and broker checks, kept thin: list the board's
// credentials, read the certificates it will give (never keys: the adapters refuse them anyway; never modem tags),
// and have the crypto worker read each one. Errors are values with what to do; a cancelled check says so.
import type { CredentialKind, Device, StoredCredential } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import { utf8 } from '../lib/bytes.ts';
import { err, ok, type CodedError, type Result } from '../lib/result.ts';
import { summarizeCertificate, type CertSummary, type ReadOutcome, type StoredItem } from '../diagnose/health/index.ts';
import type {
  ChainOptions,
  ChainReport,
  ChallengeReport,
  CryptoError,
  CryptoResult,
  InspectedCertificate,
  InspectReport,
  KeyMaterial,
  SameKeyReport,
} from '../pki/crypto-types.ts';

export interface SignalOption {
  readonly signal?: AbortSignal;
}

/** The worker calls the checks need (the app passes `cryptoClient()`; tests the API in this thread). */
export interface CheckCrypto {
  inspect(input: KeyMaterial, o?: SignalOption): Promise<CryptoResult<InspectReport>>;
  validateChain(
    leaf: KeyMaterial,
    intermediates: readonly KeyMaterial[],
    anchors: readonly KeyMaterial[],
    opts?: ChainOptions,
    o?: SignalOption,
  ): Promise<CryptoResult<ChainReport>>;
  sameKey(a: KeyMaterial, b: KeyMaterial, o?: SignalOption): Promise<CryptoResult<SameKeyReport>>;
  verifyChallenge(
    key: KeyMaterial,
    challenge: Uint8Array,
    signature: Uint8Array,
    o?: SignalOption,
  ): Promise<CryptoResult<ChallengeReport>>;
}

export type CheckErrorCode =
  /** the user cancelled: not shown as an error */
  | 'aborted'
  /** the board has no credential store KeyWire can read */
  | 'unsupported'
  /** the board refused or stopped answering (see `cause`) */
  | 'device'
  /** the crypto worker failed (see `cause`) */
  | 'worker'
  /** what the user gave cannot be used (a CA or chain without a certificate) */
  | 'input';

export interface CheckError extends CodedError<CheckErrorCode> {
  /** What to do, in plain words. */
  readonly action: string;
  readonly cause?: DeviceError | CryptoError;
}

export const aborted = (): CheckError => ({ code: 'aborted', message: 'The check was cancelled.', action: '' });

export function fromDevice(doing: string, e: DeviceError): CheckError {
  if (e.code === 'aborted') return aborted();
  const action =
    e.code === 'disconnected' || e.code === 'not-open'
      ? 'Reconnect the board and run the check again.'
      : e.code === 'timeout'
        ? 'Check the cable and that nothing else uses the port, then run the check again.'
        : 'Look at the console for what the board answered, then run the check again.';
  return { code: 'device', message: `${doing} failed: ${e.message}`, action, cause: e };
}

export function fromCrypto(doing: string, e: CryptoError): CheckError {
  if (e.code === 'aborted') return aborted();
  return {
    code: 'worker',
    message: `${doing} failed: ${e.message}`,
    action: 'Run the check again; if it repeats, reload the page.',
    cause: e,
  };
}

/** Kinds whose content the checks read: certificates only. Keys and PSKs are secret or unreadable. */
const READ_KINDS = new Set<CredentialKind>(['caCert', 'clientCert', 'serverCert']);

export interface ReadItem {
  readonly item: StoredItem;
  /** The content as read (PEM), for the worker's chain and key calls; never put into a report. */
  readonly content: string | null;
}

export function certificatesOf(report: InspectReport): CertSummary[] {
  return report.objects
    .filter((o): o is InspectedCertificate => o.kind === 'certificate')
    .map((c) => summarizeCertificate(c));
}

/**
 * CA certificates the user pasted, read in the worker. A cancel stays a cancel; text that does not read, or holds no
 * certificate, is an input error that names it (`what`: "The CA you gave") and says what to paste (`action`).
 */
export async function pastedCertificates(
  crypto: CheckCrypto,
  text: string,
  o: SignalOption,
  words: { readonly what: string; readonly action: string },
): Promise<Result<CertSummary[], CheckError>> {
  const r = await crypto.inspect(text, o);
  if (!r.ok) {
    if (r.error.code === 'aborted') return err(aborted());
    return err({ code: 'input', message: `${words.what} could not be read: ${r.error.message}`, action: words.action });
  }
  const certificates = certificatesOf(r.value);
  if (certificates.length === 0)
    return err({ code: 'input', message: `${words.what} holds no certificate.`, action: words.action });
  return ok(certificates);
}

async function readOne(
  device: Device,
  c: StoredCredential,
  crypto: CheckCrypto,
  signal: AbortSignal | undefined,
): Promise<Result<ReadItem, CheckError>> {
  const base = { secTag: c.secTag, kind: c.kind, deviceType: c.deviceType, sha256: c.sha256 ?? null };
  const store = device.credentials!;
  const skip = (read: ReadOutcome): Result<ReadItem, CheckError> => ok({ item: { ...base, read }, content: null });
  const reserved = device.profile.reservedSlot(c.secTag);
  if (reserved) return skip({ status: 'not-readable', reason: `${reserved}: listed, never read` });
  if (!READ_KINDS.has(c.kind))
    return skip(
      store.canRead(c.kind) ? { status: 'skipped' } : { status: 'not-readable', reason: 'never leaves the board' },
    );
  if (!store.canRead(c.kind)) return skip({ status: 'not-readable', reason: 'this board does not give it out' });
  const read = await store.read(c.secTag, c.kind, { signal });
  if (!read.ok) {
    if (read.error.code === 'aborted') return err(aborted());
    if (read.error.code === 'disconnected' || read.error.code === 'not-open')
      return err(fromDevice(`Reading sec_tag ${c.secTag}`, read.error));
    return skip({ status: 'failed', message: read.error.message });
  }
  const content = read.value.content;
  const inspected = await crypto.inspect(content, { signal });
  if (!inspected.ok) {
    if (
      inspected.error.code === 'aborted' ||
      inspected.error.code === 'worker-crashed' ||
      inspected.error.code === 'timeout'
    )
      return err(fromCrypto(`Reading the certificate at sec_tag ${c.secTag}`, inspected.error));
    return ok({
      item: {
        ...base,
        read: {
          status: 'read',
          chars: content.length,
          certificates: [],
          commandChars: null,
          problem: inspected.error.message,
        },
      },
      content,
    });
  }
  const overhead = store.writeOverheadChars?.(c.secTag, c.kind);
  const certificates = certificatesOf(inspected.value);
  return ok({
    item: {
      ...base,
      read: {
        status: 'read',
        chars: content.length,
        certificates,
        commandChars: overhead === undefined ? null : overhead + utf8(content).length,
        ...(certificates.length === 0
          ? { problem: inspected.value.objects.map((o) => o.kind).join(', ') || 'nothing recognised' }
          : {}),
      },
    },
    content,
  });
}

/** Lists the board's credentials (optionally one sec_tag) and reads every certificate among them. */
export async function readBoard(
  device: Device,
  crypto: CheckCrypto,
  o: { signal?: AbortSignal; secTag?: number; onItem?: (done: number, total: number) => void },
): Promise<Result<ReadItem[], CheckError>> {
  const store = device.credentials;
  if (!store)
    return err({
      code: 'unsupported',
      message: 'This board has no credential store KeyWire can read.',
      action: 'Nothing to check here; the health check needs a board that lists its credentials.',
    });
  const list = await store.list(o.secTag === undefined ? {} : { secTag: o.secTag }, { signal: o.signal });
  if (!list.ok) return err(fromDevice('Listing the credentials', list.error));
  const out: ReadItem[] = [];
  for (const [i, c] of list.value.entries()) {
    if (o.signal?.aborted) return err(aborted());
    const one = await readOne(device, c, crypto, o.signal);
    if (!one.ok) return one;
    out.push(one.value);
    o.onItem?.(i + 1, list.value.length);
  }
  return ok(out);
}
