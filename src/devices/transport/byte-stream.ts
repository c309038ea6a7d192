// Layer: transport. The only thing the protocol layer knows about a connection: bytes in, bytes out, a tap of both,
// and one disconnect notice. SerialConnection implements it; protocol tests implement it with scripted bytes.
import type { Result } from '../../lib/result.ts';
import type { DeviceError } from '../errors.ts';

/** One chunk on the wire, timestamped once where it crossed the port (ms since the epoch). */
export interface TapEvent {
  readonly t: number;
  readonly dir: 'rx' | 'tx';
  readonly bytes: Uint8Array;
}

export interface WriteOptions {
  readonly signal?: AbortSignal;
  /** Called with 0..1 as chunks are handed to the port. */
  readonly onProgress?: (fraction: number) => void;
}

export interface ByteStream {
  /** True between a successful open and close or disconnect. */
  readonly isOpen: boolean;
  write(bytes: Uint8Array, options?: WriteOptions): Promise<Result<void, DeviceError>>;
  /** Received chunks, in order. Returns unsubscribe. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Every byte in and out. Returns unsubscribe. */
  onTap(listener: (event: TapEvent) => void): () => void;
  /** Fires once when the port goes away without close() (unplug, reset, fatal read error). Returns unsubscribe. */
  onDisconnect(listener: (error: DeviceError) => void): () => void;
}
