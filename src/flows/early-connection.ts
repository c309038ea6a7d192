// Layer: flows. A port's connection begun before its flow takes it: a batch opens its first board while it saves
// itself (opening a port and finding the board only read it). The flow takes it once, as the connector of its
// connectPort, with the action's signal: Cancel stops it as it stops deps.connect. One not taken is stopped and its
// board closed.
import type { DeviceSession } from '../devices/adapters/index.ts';
import type { DeviceError } from '../devices/errors.ts';
import type { SerialPortLike } from '../devices/transport/index.ts';
import type { Result } from '../lib/result.ts';
import type { Connector } from './deps.ts';

export class EarlyConnection {
  readonly #controller = new AbortController();
  readonly #result: Promise<Result<DeviceSession, DeviceError>>;
  #taken = false;

  constructor(
    readonly port: SerialPortLike,
    connect: Connector,
  ) {
    this.#result = connect(port, { signal: this.#controller.signal });
  }

  /** The connector that hands the connection begun to the flow on `port` (once; null when taken or another port). */
  take(port: SerialPortLike): Connector | null {
    if (this.#taken || port !== this.port) return null;
    this.#taken = true;
    return (_port, o) => {
      const stop = () => this.#controller.abort();
      if (o.signal?.aborted) stop();
      o.signal?.addEventListener('abort', stop, { once: true });
      return this.#result.finally(() => o.signal?.removeEventListener('abort', stop));
    };
  }

  /** Not taken: stops connecting and closes the board it found. */
  async drop(): Promise<void> {
    if (this.#taken) return;
    this.#taken = true;
    this.#controller.abort();
    const r = await this.#result;
    if (r.ok) await r.value.device.close();
  }
}
