// Layer: the adapters' contract. A line terminal over the connection: one command line out, the board's answer lines
// back, queued behind the adapter's own commands. The AT client is one (AT families); a shell client is another
// (Zephyr shell boards). The console sends typed commands through it and never assumes which protocol runs below.
import type { CallOptions, DeviceResult } from './device.ts';

export interface LineResponse {
  readonly command: string;
  /** The answer's lines, in order, without the final status line. */
  readonly lines: readonly string[];
  readonly durationMs: number;
}

export interface LineClient {
  send(command: string, opts?: CallOptions): DeviceResult<LineResponse>;
}
