// Layer: flows, "done". The summary a technician and a support engineer need afterwards: who the board is, what was
// written where, the files to download (CSR, certificate, chain) and the data for a printable label (device id and
// certificate fingerprint; the UI renders the QR code from `qrText`).
import type { DeviceIdentity } from '../devices/device.ts';
import { boardField } from '../lib/board-text.ts';
import type { FlowRecord } from './record.ts';
import type { DoneSummary, DownloadFile, LabelData } from './types.ts';

const safeName = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '_');

/** The label's data. Board text (id, IMEI, model) is escaped again here (`boardField`: control and bidi characters
 * as visible escapes, cut to a label line) whatever the adapter did, since a label is printed and stuck on a board. */
export function labelFor(device: DeviceIdentity, secTag: number, sha256: string, notAfter: string): LabelData {
  const fingerprint = sha256.toUpperCase();
  const deviceId = boardField(device.deviceId, 120);
  return {
    deviceId,
    imei: device.imei === undefined ? null : boardField(device.imei, 40),
    model: boardField(device.model, 80),
    secTag,
    fingerprint,
    fingerprintShort: fingerprint.slice(0, 16).replace(/(.{4})(?=.)/g, '$1 '),
    notAfter,
    qrText: `keywire:v1;id=${deviceId};sha256=${fingerprint}`,
  };
}

export function doneSummary(record: FlowRecord, completedAt: string): DoneSummary {
  const check = record.check!;
  const leaf = check.leaf;
  const d = record.device;
  const base = safeName(d.deviceId);
  const file = (kind: DownloadFile['kind'], name: string, content: string): DownloadFile => ({
    kind,
    name,
    mime: 'application/x-pem-file',
    content,
  });
  const chain = [leaf.pem, ...check.intermediatesPem, ...(check.anchorPem ? [check.anchorPem] : [])].join('');
  return {
    device: {
      deviceId: d.deviceId,
      family: d.family,
      model: d.model,
      firmware: d.firmware,
      imei: d.imei ?? null,
      uuid: d.uuid ?? null,
    },
    secTag: record.profile.secTag,
    certificate: {
      subject: leaf.subject,
      issuer: leaf.issuer,
      serialHex: leaf.serialHex,
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
      sha256: leaf.sha256,
    },
    ca: { ...record.ca, name: check.caName },
    wroteCaCertificate: check.writes.some((w) => w.kind === 'caCert'),
    modemRestored: record.modemRestored,
    files: [
      file('csr', `${base}.csr.pem`, record.keygen!.csrPem),
      file('certificate', `${base}.crt.pem`, leaf.pem),
      file('chain', `${base}.chain.pem`, chain),
    ],
    label: labelFor(d, record.profile.secTag, leaf.sha256, leaf.notAfter),
    completedAt,
  };
}
