// Layer: secure-element adapter, the console's line terminal over the KWSE client: a typed `<VERB> <args...>` goes
// through the same SeClient as KeyWire's own requests (queued behind them, with a sequence number), and its answer
// line comes back as the one line of the response. A KWSE refusal is the client's `device-rejected` error.
import type { CallOptions, DeviceResult } from '../../device.ts';
import { deviceError } from '../../errors.ts';
import type { LineClient, LineResponse } from '../../line-client.ts';
import type { SeClient } from '../../protocols/se-client.ts';
import { SE_VERBS, type SeVerb } from '../../protocols/se-constants.ts';
import { err, ok } from '../../../lib/result.ts';

export class SeLineClient implements LineClient {
  constructor(private readonly client: SeClient) {}

  async send(command: string, opts: CallOptions = {}): DeviceResult<LineResponse> {
    const [word = '', ...args] = command.trim().split(/\s+/);
    const verb = word.toUpperCase() as SeVerb;
    if (!SE_VERBS.includes(verb))
      return err(deviceError('invalid-input', `"${word}" is not a KWSE request (${SE_VERBS.join(', ')}).`));
    const changes = verb === 'KEYGEN' || verb === 'ZWRITE' || verb === 'ZERASE';
    const r = await this.client.request(verb, args, { ...opts, abortOnWire: changes ? 'finish' : 'report' });
    if (!r.ok) return r;
    return ok({ command, lines: [r.value.line], durationMs: r.value.durationMs });
  }
}
