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
  CryptoResult,
  InspectReport,
  KeyMaterial,
  WriteCheckReport,
  WriteCheckRequest,
} from '../pki/crypto-types.ts';
import type { FlowStore } from './flow-store.ts';
import type { CaRef } from './types.ts';

export interface SignalOption {
  readonly signal?: AbortSignal;
}

/** The two worker calls a flow needs: parse the board's answer, and decide before writing. */
export interface FlowCrypto {
  inspect(input: KeyMaterial, o?: SignalOption): Promise<CryptoResult<InspectReport>>;
  checkBeforeWrite(request: WriteCheckRequest, o?: SignalOption): Promise<CryptoResult<WriteCheckReport>>;
}

/** The audit trail as a flow uses it: facts, intents around board changes, and open intents on resume. */
export type FlowAudit = Pick<AuditStore, 'append' | 'beginIntent' | 'complete' | 'openIntents' | 'closeIntent'>;

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
  };
}

const aborted = <T>(): CryptoResult<T> => ({ ok: false, error: { code: 'aborted', message: 'cancelled' } });

/** The same API in this thread (tests, tools): the signal is honoured before and after the call. */
export function cryptoFromApi(api: CryptoApiShape): FlowCrypto {
  return {
    async inspect(input, o = {}) {
      if (o.signal?.aborted) return aborted();
      const r = await api.inspect(input);
      return o.signal?.aborted ? aborted() : r;
    },
    async checkBeforeWrite(request, o = {}) {
      if (o.signal?.aborted) return aborted();
      const r = await api.checkBeforeWrite(request);
      return o.signal?.aborted ? aborted() : r;
    },
  };
}
