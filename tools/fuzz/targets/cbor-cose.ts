// Fuzz targets for the CBOR codec (src/lib/cbor.ts) and the nRF91 COSE formats (src/pki/nrf91-cose.ts): whatever
// the decoder returns, the encoder takes and gives back equal; COSE_Sign1, %KEYGEN and %ATTESTTOKEN readers never
// throw, and what they read encodes again.
import { decodeCbor, encodeCbor } from '../../../src/lib/cbor.ts';
import { randomCborBytes } from '../../../src/lib/cbor-random.ts';
import { equalBytes } from '../../../src/lib/bytes.ts';
import {
  decodeAttestationMessage,
  decodeCoseSign1,
  decodeKeygenPayload,
  encodeAttestationMessage,
  encodeKeygenPayload,
  splitDottedPayload,
} from '../../../src/pki/nrf91-cose.ts';
import { asBytes, asText, defineTarget, invariant } from '../target.ts';
import { mutateBytes, mutateText, noise } from '../mutate.ts';
import { nrf91Halves, nrf91Payloads } from './samples.ts';

export const cbor = defineTarget({
  name: 'cbor',
  inputs: 20_000,
  generate(rng) {
    const samples = [Uint8Array.from(randomCborBytes(rng)), ...nrf91Halves().cose];
    return rng() < 0.1 ? noise(rng, 64) : mutateBytes(rng, samples);
  },
  run(input) {
    const value = decodeCbor(asBytes(input));
    if (value === null) return;
    const bytes = encodeCbor(value);
    const again = decodeCbor(bytes);
    invariant(again !== null || bytes[0] === 0xf6, 'the encoder wrote what the decoder refuses');
    invariant(equalBytes(encodeCbor(again!), bytes), 'decode(encode(value)) encodes differently');
  },
});

export const cose = defineTarget({
  name: 'cose',
  inputs: 10_000,
  setup: () => nrf91Halves(),
  generate(rng, halves) {
    if (rng() < 0.2) return mutateText(rng, nrf91Payloads());
    return mutateBytes(rng, rng() < 0.5 ? halves.cose : halves.first);
  },
  run(input) {
    if (typeof input === 'string') {
      const parts = splitDottedPayload(input);
      if (!parts) return;
      input = parts.cose;
    }
    const sign1 = decodeCoseSign1(asBytes(input));
    const payloads = [asBytes(input), ...(sign1?.payload ? [sign1.payload] : [])];
    for (const p of payloads) {
      const keygen = decodeKeygenPayload(p);
      if (keygen)
        invariant(
          decodeKeygenPayload(encodeKeygenPayload(keygen)) !== null,
          'a read %KEYGEN payload does not encode again',
        );
      const attest = decodeAttestationMessage(p);
      if (attest)
        invariant(
          decodeAttestationMessage(encodeAttestationMessage(attest)) !== null,
          'a read attestation does not encode again',
        );
    }
    asText(input);
  },
});
