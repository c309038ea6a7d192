// Layer: nRF91 adapter, the keys facet over %KEYGEN. The modem makes a P-256 key at the sec_tag (stored as type 2,
// never leaving the modem) and answers `%KEYGEN: "<base64url CSR or SPKI DER>.<base64url COSE_Sign1>"`. The DER and
// the COSE bytes are returned as received, with the raw line; checking them is the crypto worker's job. A cancel
// after the command reached the modem waits for its answer: the key is made anyway, so its CSR must not be lost.
import { err, ok } from '../../../lib/result.ts';
import { splitDottedPayload } from '../../../pki/nrf91-cose.ts';
import type { CallOptions, DeviceResult, KeyGenRequest, KeyGenResult, KeyMaker } from '../../device.ts';
import { deviceError } from '../../errors.ts';
import type { AtClient } from '../../protocols/at-client.ts';
import { parseInfoLine } from '../../protocols/at-result.ts';
import { run, unexpected } from './commands.ts';
import { MAX_USER_SEC_TAG } from './credential-types.ts';

/** %KEYGEN key type for a client private key, and the response content selectors. */
const KEY_TYPE_CLIENT = 2;
const CONTENT = { csr: 0, publicKey: 1 } as const;

export function keygenCommand({ secTag, output, subject }: KeyGenRequest): string {
  return `AT%KEYGEN=${secTag},${KEY_TYPE_CLIENT},${CONTENT[output]}${subject ? `,"${subject}"` : ''}`;
}

function checkRequest(request: KeyGenRequest): string | null {
  const { secTag, output, subject } = request;
  if (!Number.isInteger(secTag) || secTag < 0 || secTag > MAX_USER_SEC_TAG)
    return `sec_tag must be a whole number from 0 to ${MAX_USER_SEC_TAG}, got ${secTag}.`;
  if (output !== 'csr' && output !== 'publicKey') return `output must be 'csr' or 'publicKey', got ${String(output)}.`;
  if (subject !== undefined) {
    if (/["\r\n]/.test(subject)) return 'Subject attributes cannot contain quotes or line breaks.';
    if (!/^[A-Za-z.0-9]+=/.test(subject.trim()))
      return `Subject attributes look like CN=my-device,O=Acme; got "${subject}".`;
    if (output === 'publicKey') return 'Subject attributes only apply to a CSR, not to a public key.';
  }
  return null;
}

export function nrf91Keys(at: AtClient): KeyMaker {
  return {
    outputs: ['csr', 'publicKey'],
    async generate(request: KeyGenRequest, opts: CallOptions = {}): DeviceResult<KeyGenResult> {
      const problem = checkRequest(request);
      if (problem) return err(deviceError('invalid-input', problem));
      const command = keygenCommand(request);
      const r = await run(at, command, { ...opts, abortOnWire: 'finish' });
      if (!r.ok) return r;
      const raw = r.value.lines.find((l) => parseInfoLine(l)?.prefix === '%KEYGEN');
      const parts = raw ? splitDottedPayload(raw) : null;
      if (!raw || !parts || parts.first[0] !== 0x30)
        return err(unexpected(command, '%KEYGEN: "<base64url DER>.<base64url COSE>"', r.value));
      return ok({ output: request.output, der: parts.first, cose: parts.cose, raw });
    },
  };
}
