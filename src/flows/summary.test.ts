// The done summary and the printable label: what a technician downloads and prints for a board.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROFILE } from './profile.ts';
import type { FlowRecord } from './record.ts';
import { doneSummary, labelFor } from './summary.ts';

const FP = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const device = {
  family: 'nrf91' as const,
  deviceId: '50363154-3931-44f0-8022-121b6401627d',
  manufacturer: 'Nordic Semiconductor ASA',
  model: 'nRF9160-SICA',
  firmware: 'mfw_nrf9160_1.3.5',
  imei: '352656100402182',
  uuid: '50363154-3931-44f0-8022-121b6401627d',
};

describe('label', () => {
  it('carries the device id and the certificate fingerprint, upper case, for the QR code', () => {
    const label = labelFor(device, 42, FP, '2031-01-01T00:00:00.000Z');
    expect(label.fingerprint).toBe(FP.toUpperCase());
    expect(label.fingerprintShort).toBe('A1B2 C3D4 E5F6 0718');
    expect(label.qrText).toBe(`keywire:v1;id=${device.deviceId};sha256=${FP.toUpperCase()}`);
    expect(label.imei).toBe(device.imei);
  });
});

describe('done summary', () => {
  const leafPem = '-----BEGIN CERTIFICATE-----\nLEAF\n-----END CERTIFICATE-----\n';
  const midPem = '-----BEGIN CERTIFICATE-----\nMID\n-----END CERTIFICATE-----\n';
  const rootPem = '-----BEGIN CERTIFICATE-----\nROOT\n-----END CERTIFICATE-----\n';
  const record: FlowRecord = {
    version: 1,
    deviceId: device.deviceId,
    device,
    profile: { ...DEFAULT_PROFILE, secTag: 42 },
    ca: { kind: 'lab', label: 'Lab CA "Bench"' },
    phase: 'verified',
    startedAt: 'a',
    updatedAt: 'b',
    backup: null,
    keygen: {
      secTag: 42,
      subject: null,
      raw: 'r',
      csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nCSR\n-----END CERTIFICATE REQUEST-----\n',
      csrSha256: 'C'.repeat(64),
      keySlotSha256: 'D'.repeat(64),
      generatedAt: 'c',
    },
    csr: null,
    check: {
      writes: [
        { kind: 'caCert', content: rootPem, sha256: 'E'.repeat(64), bytes: 1, commandChars: 1, subject: 'CN=Root' },
      ],
      leaf: {
        pem: leafPem,
        sha256: FP.toUpperCase(),
        serialHex: '4A1B',
        subject: `CN=${device.uuid}`,
        commonName: device.uuid,
        issuer: 'CN=Issuing',
        notBefore: '2030-01-01T00:00:00.000Z',
        notAfter: '2031-01-01T00:00:00.000Z',
        spkiSha256: 'F'.repeat(64),
        keyMatchesCsr: true,
      },
      intermediatesPem: [midPem],
      anchorPem: rootPem,
      caName: 'Lab CA "Bench"',
      checkedAt: 'd',
    },
    written: [],
    modemRestored: false,
    summary: null,
  };

  it('names the board, the certificate, the CA and offers CSR, certificate and full chain files', () => {
    const s = doneSummary(record, '2030-01-02T00:00:00.000Z');
    expect(s.device).toMatchObject({ deviceId: device.deviceId, imei: device.imei, model: device.model });
    expect(s.certificate).toMatchObject({
      serialHex: '4A1B',
      sha256: FP.toUpperCase(),
      notAfter: '2031-01-01T00:00:00.000Z',
    });
    expect(s.ca).toEqual({ kind: 'lab', label: 'Lab CA "Bench"', name: 'Lab CA "Bench"' });
    expect(s.wroteCaCertificate).toBe(true);
    expect(s.modemRestored).toBe(false);
    expect(s.files.map((f) => f.name)).toEqual([
      `${device.deviceId}.csr.pem`,
      `${device.deviceId}.crt.pem`,
      `${device.deviceId}.chain.pem`,
    ]);
    expect(s.files[2]!.content).toBe(leafPem + midPem + rootPem);
  });
});
