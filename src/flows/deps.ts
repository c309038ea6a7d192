// Layer: flows. The interfaces a flow talks through (crypto worker, audit trail, its own store, the device stack,
// CA sources), so that the same flow runs on the app's worker and stores or on in-page ones in tests, and how to
// build them from the app's pieces.
import type { AuditStore } from '../audit/store.ts';
import type { CaSource } from '../ca/types.ts';
import { connectDevice, type ConnectOptions, type DeviceSession } from '../devices/adapters/index.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { PortSource, SerialPortLike } from '../devices/transport/index.ts';
import type { Result } from '../lib/result.ts';
import type { CryptoApiShape } from '../workers/crypto-api.ts';
import type { CryptoClient } from '../workers/crypto-client.ts';
import type {
  AssembledCsr,
  ChallengeReport,
  CryptoResult,
  CsrBody,
  CsrBodyRequest,
  InspectReport,
  SameKeyReport,
  KeyMaterial,
  WriteCheckReport,
  WriteCheckRequest,
} from '../pki/crypto-types.ts';
import type { FlowStore } from './flow-store.ts';
import type { CaRef } from './types.ts';

export interface SignalOption {
  readonly signal?: AbortSignal;
}

/** The worker calls a flow needs: parse the board's answer, decide before writing, build a CSR around a board's
 * key (signer-only boards), and the board's own key proofs (a signed challenge, an exported public key). */
export interface FlowCrypto {
  inspect(input: KeyMaterial, o?: SignalOption): Promise<CryptoResult<InspectReport>>;
  checkBeforeWrite(request: WriteCheckRequest, o?: SignalOption): Promise<CryptoResult<WriteCheckReport>>;
  buildCsr(request: CsrBodyRequest, o?: SignalOption): Promise<CryptoResult<CsrBody>>;
  assembleCsr(body: Uint8Array, signature: Uint8Array, o?: SignalOption): Promise<CryptoResult<AssembledCsr>>;
  verifyChallenge(
    key: KeyMaterial,
    challenge: Uint8Array,
    signature: Uint8Array,
    o?: SignalOption,
  ): Promise<CryptoResult<ChallengeReport>>;
  sameKey(a: KeyMaterial, b: KeyMaterial, o?: SignalOption): Promise<CryptoResult<SameKeyReport>>;
}

/** The audit trail as a flow uses it: facts (several in one transaction: a board's arrival), intents around board changes, and open intents on resume; with
 * `connection`, the board's history too (the write step asks whether a damaged credential is its own write cut
 * short). */
export type FlowAudit = Pick<
  AuditStore,
  'append' | 'appendBatch' | 'beginIntent' | 'complete' | 'openIntents' | 'closeIntent'
> &
  Partial<Pick<AuditStore, 'connection'>>;

export type Connector = (
  port: SerialPortLike,
  o: { readonly signal?: AbortSignal },
) => Promise<Result<DeviceSession, DeviceError>>;

export interface FlowDeps {
  readonly crypto: FlowCrypto;
  readonly audit: FlowAudit;
  readonly store: FlowStore;
  /** Opens a port and finds the board (default: connectDevice at 115200). */
  readonly connect?: Connector;
  /** Where the board comes back from after an unplug (the app's port source); absent: the user reconnects. */
  readonly ports?: PortSource | null;
  /** The CA source a stored flow used, configured again after a reload; null when it no longer exists. */
  readonly resolveCa?: (ref: CaRef) => CaSource | null;
  readonly now?: () => number;
  /** How long to wait for an unplugged board to come back before asking the user. Default 120 s. */
  readonly reconnectTimeoutMs?: number;
  /** Upper limit for on-board key generation. Default 120 s. */
  readonly keygenTimeoutMs?: number;
  /** What key generation usually takes, for the progress bar. Default 3 s. */
  readonly expectedKeygenMs?: number;
}

export const defaultConnector =
  (options: ConnectOptions = {}): Connector =>
  (port, o) =>
    connectDevice(port, { ...options, ...(o.signal ? { signal: o.signal } : {}) });

/** The app's worker through its client: abort stops the worker call (cooperatively, see crypto-client.ts). */
export function cryptoFromClient(client: CryptoClient): FlowCrypto {
  return {
    inspect: (input, o = {}) => client.inspect(input, o),
    checkBeforeWrite: (request, o = {}) => client.call((api) => api.checkBeforeWrite(request), o),
    buildCsr: (request, o = {}) => client.buildCsr(request, o),
    assembleCsr: (body, signature, o = {}) => client.assembleCsr(body, signature, o),
    verifyChallenge: (key, challenge, signature, o = {}) => client.verifyChallenge(key, challenge, signature, o),
    sameKey: (a, b, o = {}) => client.sameKey(a, b, o),
  };
}

const aborted = <T>(): CryptoResult<T> => ({ ok: false, error: { code: 'aborted', message: 'cancelled' } });

/** The same API in this thread (tests, tools): the signal is honoured before and after the call. */
export function cryptoFromApi(api: CryptoApiShape): FlowCrypto {
  const guarded = <T>(o: SignalOption, call: () => Promise<CryptoResult<T>>): Promise<CryptoResult<T>> =>
    (async () => {
      if (o.signal?.aborted) return aborted<T>();
      const r = await call();
      return o.signal?.aborted ? aborted<T>() : r;
    })();
  return {
    inspect: (input, o = {}) => guarded(o, () => api.inspect(input)),
    checkBeforeWrite: (request, o = {}) => guarded(o, () => api.checkBeforeWrite(request)),
    buildCsr: (request, o = {}) => guarded(o, async () => api.buildCsr(request)),
    assembleCsr: (body, signature, o = {}) => guarded(o, () => api.assembleCsr(body, signature)),
    verifyChallenge: (key, challenge, signature, o = {}) =>
      guarded(o, () => api.verifyChallenge(key, challenge, signature)),
    sameKey: (a, b, o = {}) => guarded(o, async () => api.sameKey(a, b)),
  };
}
