// Layer: diagnostics, what Inspect shows for the nRF91 modem's own answers (%KEYGEN and %ATTESTTOKEN, their forms
// and the COSE digest verdict): rows and verdicts as data, so the Inspect card and the exported report say the same.
import type { InspectedView, ObjectSource } from '../../pki/crypto-types.ts';
import type { InspectRow, InspectVerdict } from './types.ts';

/** Words for the input forms that are nRF91 modem answers. */
export const NRF91_FORM_WORDS = {
  'nrf91-keygen': '%KEYGEN answer',
  'nrf91-attesttoken': '%ATTESTTOKEN answer',
  'nrf91-cmng-list': '%CMNG list answer',
} as const satisfies Partial<Record<ObjectSource['form'], string>>;

const DIGEST_TEXT = {
  match: 'COSE digest matches the bytes before the dot',
  'match-original-null-encoding':
    "COSE digest matches the modem's original encoding (with the NULL parameter): the CSR was re-encoded after signing",
  mismatch: 'COSE digest does NOT match the bytes before the dot',
} as const;

type Nrf91Object = Extract<InspectedView, { kind: 'nrf91Keygen' | 'nrf91Attestation' }>;

/** Title, verdicts and rows of a %KEYGEN or %ATTESTTOKEN object. */
export function nrf91ObjectView(o: Nrf91Object): {
  title: string;
  verdicts: InspectVerdict[];
  rows: InspectRow[];
} {
  switch (o.kind) {
    case 'nrf91Keygen':
      return {
        title: `nRF91 %KEYGEN answer (${o.messageTypeName === 'csr' ? 'CSR' : o.messageTypeName === 'publicKey' ? 'public key' : `message type ${o.messageType}`} + COSE)`,
        verdicts: [{ id: 'digest', ok: o.digest !== 'mismatch', text: DIGEST_TEXT[o.digest] }],
        rows: [
          { id: 'device-uuid', name: 'Device UUID', value: o.deviceUuid, mono: true },
          { id: 'sec-tag', name: 'sec_tag', value: String(o.secTag) },
          { id: 'key-id', name: 'COSE key id', value: o.keyIdHex ?? 'none', mono: true },
          {
            id: 'cose-alg',
            name: 'COSE algorithm',
            value: o.coseAlgorithm === -7 ? 'ES256 (-7)' : String(o.coseAlgorithm),
          },
          { id: 'digest', name: 'COSE digest (SHA-256)', value: o.digestHex, mono: true },
          { id: 'nonce', name: 'Nonce', value: o.nonceHex, mono: true },
        ],
      };
    case 'nrf91Attestation':
      return {
        title: 'nRF91 %ATTESTTOKEN (attestation message + COSE)',
        verdicts: [],
        rows: [
          { id: 'device-uuid', name: 'Device UUID', value: o.deviceUuid, mono: true },
          { id: 'device-type', name: 'Device type', value: o.deviceTypeName ?? String(o.deviceType) },
          { id: 'firmware-uuid', name: 'Modem firmware UUID', value: o.firmwareUuid, mono: true },
          { id: 'key-id', name: 'COSE key id', value: o.keyIdHex ?? 'none', mono: true },
          { id: 'nonce', name: 'Nonce', value: o.nonceHex, mono: true },
          {
            id: 'payload',
            name: 'COSE payload',
            value: o.payloadDetached ? 'detached (as the modem sends it)' : 'attached',
          },
        ],
      };
  }
}
