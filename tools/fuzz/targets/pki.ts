// Fuzz target for certificate material (src/pki and src/ca's certificate input): PEM, DER, PKCS#7 and CSRs, real
// ones mutated, through inspect, chain validation, the key reader and the CA answer reader. None may throw or answer
// `internal` (an unexpected exception caught at the boundary).
import { inspectInput } from '../../../src/pki/inspect.ts';
import { validateChain } from '../../../src/pki/chain-validate.ts';
import { keyOf } from '../../../src/pki/key-material.ts';
import { readCertificates } from '../../../src/ca/certificate-input.ts';
import { explicit, oid, sequence, set, smallInteger, tlv } from '../../../src/pki/der.ts';
import { OID_MORE } from '../../../src/pki/oids.ts';
import { defineTarget, invariant } from '../target.ts';
import { mutateBytes, mutateText } from '../mutate.ts';
import { nrf91Halves, nrf91Payloads, rootDers, rootPems } from './samples.ts';

const pkcs7Of = (certs: Uint8Array[]) =>
  sequence(
    oid(OID_MORE.pkcs7SignedData),
    explicit(0, sequence(smallInteger(1), set(), sequence(oid('1.2.840.113549.1.7.1')), tlv(0xa0, ...certs), set())),
  );

export const pki = defineTarget({
  name: 'pki-material',
  inputs: 4_000,
  capMs: 1_000,
  setup() {
    const roots = rootDers();
    return {
      bytes: [...roots, pkcs7Of(roots.slice(0, 2)), ...nrf91Halves().first],
      text: [...rootPems(), rootPems().slice(0, 2).join(''), ...nrf91Payloads()],
      anchor: rootPems()[0]!,
    };
  },
  generate: (rng, s) => (rng() < 0.3 ? mutateText(rng, s.text) : mutateBytes(rng, s.bytes)),
  async run(input, s) {
    const inspected = await inspectInput(input);
    if (!inspected.ok) invariant(inspected.error.code !== 'internal', `inspect: ${inspected.error.message}`);
    const chain = await validateChain({ leaf: input, anchors: [s.anchor] });
    if (!chain.ok) invariant(chain.error.code !== 'internal', `validateChain: ${chain.error.message}`);
    const key = keyOf(input);
    if (!key.ok) invariant(key.reason !== 'unreadable key material', 'keyOf hit an unexpected exception');
    readCertificates(input);
  },
});
