// Layer: nRF91 adapter, the attestation facet over %ATTESTTOKEN:
// `%ATTESTTOKEN: "<base64url CBOR message>.<base64url COSE_Sign1>"`, returned as received with the raw line.
import { err, ok } from '../../../lib/result.ts';
import { splitDottedPayload } from '../../../pki/nrf91-cose.ts';
import type { Attester, AttestationToken, CallOptions, DeviceResult } from '../../device.ts';
import type { AtClient } from '../../protocols/at-client.ts';
import { parseInfoLine } from '../../protocols/at-result.ts';
import { run, unexpected } from './commands.ts';

const COMMAND = 'AT%ATTESTTOKEN';

export function nrf91Attestation(at: AtClient): Attester {
  return {
    async token(opts: CallOptions = {}): DeviceResult<AttestationToken> {
      const r = await run(at, COMMAND, opts);
      if (!r.ok) return r;
      const raw = r.value.lines.find((l) => parseInfoLine(l)?.prefix === '%ATTESTTOKEN');
      const parts = raw ? splitDottedPayload(raw) : null;
      if (!raw || !parts) return err(unexpected(COMMAND, '%ATTESTTOKEN: "<message>.<COSE>"', r.value));
      return ok({ raw, message: parts.first, cose: parts.cose });
    },
  };
}
