// The CSR check on real inspect reports: the nRF91 %KEYGEN answers in test-data (real modems) and answers the
// emulated modem makes with chosen subject, sec_tag and UUID, each judged against what the flow expects.
import { describe, expect, it } from 'vitest';
import { identityKey, generateKey, MODEM_KEY_USAGE } from '../devices/emulator/nrf91/nrf91-keygen.ts';
import { splitDottedPayload } from '../pki/nrf91-cose.ts';
import { inspectInput } from '../pki/inspect.ts';
import { OID } from '../pki/oids.ts';
import { toPem } from '../pki/pem.ts';
import { toBase64Url } from '../lib/bytes.ts';
import { nrf91Vectors as v } from '../test-vectors.ts';
import { checkCsr, type CsrExpectations } from './csr-rules.ts';
import { profileFor } from '../devices/adapters/index.ts';
import { NRF91_PROFILE } from '../devices/adapters/nrf91/profile.ts';

const UUID = '3d2b5e2a-0b7f-4a43-9d1c-2f6f4b1d7a10';

async function keygenLine(o: { cn?: string; secTag?: number; uuid?: string } = {}): Promise<string> {
  const out = await generateKey({
    deviceUuid: o.uuid ?? UUID,
    secTag: o.secTag ?? 42,
    output: 'csr',
    subject: [{ oid: OID.commonName, value: o.cn ?? UUID }],
    keyUsage: MODEM_KEY_USAGE,
    identityKey: identityKey('11'.repeat(32)),
  });
  return `%KEYGEN: "${out.payload}"`;
}

/** The same answer with one byte of the CSR changed (a corrupted transfer). */
function tampered(line: string): string {
  const payload = /"(.*)"/.exec(line)![1]!;
  const parts = splitDottedPayload(payload)!;
  const der = parts.first.slice();
  const at = der.length - 80;
  der[at] = der[at]! ^ 0x01;
  return `%KEYGEN: "${toBase64Url(der)}.${toBase64Url(parts.cose)}"`;
}

const nrf91 = (o: Partial<CsrExpectations> = {}): CsrExpectations => ({
  profile: NRF91_PROFILE,
  secTag: 42,
  deviceUuid: UUID,
  commonName: UUID,
  ...o,
});

interface Row {
  name: string;
  input: () => Promise<string>;
  want: CsrExpectations;
  errors: string[];
  warnings?: string[];
}

const real = v.keygen_csr_uuid_cn;
const ROWS: Row[] = [
  { name: 'a fresh answer from the board as expected', input: () => keygenLine(), want: nrf91(), errors: [] },
  {
    name: 'the real nRF9160 answer (explicit NULL parameter) with its UUID and sec_tag',
    input: async () => `%KEYGEN: "${real.response_payload}"`,
    want: nrf91({
      secTag: real.expect.sec_tag,
      deviceUuid: real.expect.device_uuid,
      commonName: real.expect.subject_cn!,
    }),
    errors: [],
  },
  {
    name: 'a CSR made by another board',
    input: () => keygenLine({ uuid: '00000000-1111-4222-8333-444444444444' }),
    want: nrf91(),
    errors: ['attestation-uuid'],
  },
  {
    name: 'a key at another sec_tag',
    input: () => keygenLine({ secTag: 7 }),
    want: nrf91(),
    errors: ['attestation-sec-tag'],
  },
  {
    name: 'a subject other than the profile',
    input: () => keygenLine({ cn: 'other' }),
    want: nrf91(),
    errors: ['subject'],
  },
  {
    name: 'a CSR altered on the line',
    input: async () => tampered(await keygenLine()),
    want: nrf91(),
    errors: ['no-proof-of-possession', 'attestation-digest'],
  },
  {
    name: 'a bare CSR from an nRF91 (no COSE)',
    input: async () => toPem('CERTIFICATE REQUEST', splitDottedPayload(/"(.*)"/.exec(await keygenLine())![1]!)!.first),
    want: nrf91(),
    errors: ['attestation-missing'],
  },
  {
    name: 'a bare CSR from a board family without attestation',
    input: async () => toPem('CERTIFICATE REQUEST', splitDottedPayload(/"(.*)"/.exec(await keygenLine())![1]!)!.first),
    want: nrf91({ profile: profileFor('zephyr-tls-shell') }),
    errors: [],
  },
  {
    name: 'a board that reported no UUID',
    input: () => keygenLine(),
    want: nrf91({ deviceUuid: null }),
    errors: [],
    warnings: ['attestation-uuid'],
  },
  {
    name: 'no CN expected (board default unknown)',
    input: () => keygenLine({ cn: 'x' }),
    want: nrf91({ commonName: null }),
    errors: [],
  },
];

describe('CSR check rules on real inspect reports', () => {
  it.each(ROWS)('$name', async (row) => {
    const report = await inspectInput(await row.input());
    if (!report.ok) throw new Error(report.error.message);
    const verdict = checkCsr(report.value, row.want);
    expect(verdict.findings.filter((f) => f.severity === 'error').map((f) => f.code)).toEqual(row.errors);
    expect(verdict.findings.filter((f) => f.severity === 'warning').map((f) => f.code)).toEqual(row.warnings ?? []);
    for (const f of verdict.findings) expect(f.action.length).toBeGreaterThan(10);
  });

  it('an answer without any CSR is unreadable', async () => {
    const report = await inspectInput(
      v.attesttoken.response_payload.startsWith('%')
        ? v.attesttoken.response_payload
        : `%ATTESTTOKEN: "${v.attesttoken.response_payload}"`,
    );
    if (!report.ok) throw new Error(report.error.message);
    expect(checkCsr(report.value, nrf91()).findings.map((f) => f.code)).toEqual(['unreadable']);
  });
});
