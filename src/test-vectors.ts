// Real nRF91 modem outputs (test-data/nrf91-modem-vectors.json, from nRFCloud/utils' public test suite), typed.
import vectors from '../test-data/nrf91-modem-vectors.json' with { type: 'json' };

export interface KeygenVector {
  readonly response_payload: string;
  readonly expect: { device_uuid: string; sec_tag: number; subject_cn?: string; key?: string; note?: string };
  readonly public_key_pem: string;
}

export const nrf91Vectors = vectors as unknown as {
  keygen_csr_uuid_cn: KeygenVector;
  keygen_csr_normalized: KeygenVector;
  attesttoken: { response_payload: string; expect: { device_uuid: string } };
  keygen_wire_lines: string[];
};
