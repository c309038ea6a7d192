// Layer: secure-element adapter, credentials in data zones (CredentialStore with secTag = zone number). KeyWire's
// zone layout (docs/secure-element-protocol.md): zone 0 the factory certificate (read-only, never written), zone 1
// the device certificate (a chain may follow the leaf), zone 2 the CA certificate(s). A write is checked to fit
// before anything is sent, then the zone is erased, written in pieces, read back and compared byte for byte.
import { concatBytes, equalBytes, fromBase64, sha256Hex } from '../../../lib/bytes.ts';
import { err, ok } from '../../../lib/result.ts';
import { toPem } from '../../../pki/pem.ts';
import type {
  CallOptions,
  CredentialContent,
  CredentialKind,
  CredentialStore,
  CredentialWriteReceipt,
  DeviceResult,
  StoredCredential,
} from '../../device.ts';
import { deviceError } from '../../errors.ts';
import type { SeClient } from '../../protocols/se-client.ts';
import { listZones, readCertificates, writeZone, type ZoneInfo } from './zone-io.ts';

/** Which zone holds what. Zone 0 is the factory's and is never written or erased. */
export const SE_ZONE_ROLES: readonly {
  readonly zone: number;
  readonly kind: CredentialKind;
  readonly factory: boolean;
}[] = [
  { zone: 0, kind: 'clientCert', factory: true },
  { zone: 1, kind: 'clientCert', factory: false },
  { zone: 2, kind: 'caCert', factory: false },
];

const roleOf = (zone: number, kind: CredentialKind) => SE_ZONE_ROLES.find((r) => r.zone === zone && r.kind === kind);

/** PEM CERTIFICATE blocks -> DER each; null when there are none or anything else is in the text. */
function certificatesOf(pem: string): Uint8Array[] | null {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  const rest = pem.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, '').trim();
  if (blocks.length === 0 || rest !== '') return null;
  const ders = blocks.map((b) => fromBase64(b[1]!));
  return ders.every((d): d is Uint8Array => d !== null && d[0] === 0x30) ? ders : null;
}

export class ZoneCredentials implements CredentialStore {
  readonly kinds: readonly CredentialKind[] = ['clientCert', 'caCert'];
  #zones: ZoneInfo[] | undefined;

  constructor(
    private readonly client: SeClient,
    private readonly chunk: number,
  ) {}

  canRead(kind: CredentialKind): boolean {
    return this.kinds.includes(kind);
  }

  async #zone(zone: number, opts: CallOptions): DeviceResult<ZoneInfo> {
    if (!this.#zones) {
      const listed = await listZones(this.client, opts);
      if (!listed.ok) return listed;
      this.#zones = listed.value;
    }
    const info = this.#zones.find((z) => z.index === zone);
    return info ? ok(info) : err(deviceError('invalid-input', `The board has no data zone ${zone}.`));
  }

  async list(
    filter: { secTag?: number; kind?: CredentialKind } = {},
    opts: CallOptions = {},
  ): DeviceResult<StoredCredential[]> {
    const out: StoredCredential[] = [];
    for (const role of SE_ZONE_ROLES) {
      if ((filter.secTag !== undefined && filter.secTag !== role.zone) || (filter.kind && filter.kind !== role.kind))
        continue;
      const zone = await this.#zone(role.zone, opts);
      if (!zone.ok) return zone;
      const certs = await readCertificates(this.client, zone.value, this.chunk, opts);
      if (!certs.ok) return certs;
      if (certs.value.length === 0) continue;
      const sha256 = await sha256Hex(concatBytes(...certs.value));
      out.push({
        secTag: role.zone,
        kind: role.kind,
        deviceType: role.factory ? 'zone 0 (factory)' : `zone ${role.zone}`,
        sha256,
      });
    }
    return ok(out);
  }

  async read(secTag: number, kind: CredentialKind, opts: CallOptions = {}): DeviceResult<CredentialContent> {
    const role = roleOf(secTag, kind);
    if (!role) return err(deviceError('invalid-input', `Zone ${secTag} does not hold a ${kind} in KeyWire's layout.`));
    const zone = await this.#zone(secTag, opts);
    if (!zone.ok) return zone;
    const certs = await readCertificates(this.client, zone.value, this.chunk, opts);
    if (!certs.ok) return certs;
    if (certs.value.length === 0) return err(deviceError('device-rejected', `Zone ${secTag} holds no certificate.`));
    return ok({
      secTag,
      kind,
      deviceType: role.factory ? 'zone 0 (factory)' : `zone ${secTag}`,
      sha256: await sha256Hex(concatBytes(...certs.value)),
      content: certs.value.map((der) => toPem('CERTIFICATE', der)).join(''),
    });
  }

  async write(
    secTag: number,
    kind: CredentialKind,
    content: string,
    opts: CallOptions = {},
  ): DeviceResult<CredentialWriteReceipt> {
    const role = roleOf(secTag, kind);
    if (!role) return err(deviceError('invalid-input', `Zone ${secTag} does not hold a ${kind} in KeyWire's layout.`));
    if (role.factory)
      return err(deviceError('invalid-input', 'Zone 0 holds the factory certificate and is never overwritten.'));
    const certs = certificatesOf(content);
    if (!certs)
      return err(
        deviceError('invalid-input', 'Zones store certificates only: give one or more PEM CERTIFICATE blocks.'),
      );
    const zone = await this.#zone(secTag, opts);
    if (!zone.ok) return zone;
    const bytes = concatBytes(...certs);
    if (bytes.length > zone.value.size)
      return err(
        deviceError(
          'too-long',
          `The certificate${certs.length > 1 ? 's' : ''} take ${bytes.length} bytes; zone ${secTag} holds ${zone.value.size}. Nothing was written.`,
        ),
      );
    if (zone.value.access !== 'rw')
      return err(deviceError('invalid-input', `Zone ${secTag} is read-only on this board.`));
    const written = await writeZone(this.client, secTag, bytes, this.chunk, opts);
    if (!written.ok) return written;
    const back = await readCertificates(this.client, zone.value, this.chunk, opts);
    if (!back.ok) return back;
    if (!equalBytes(concatBytes(...back.value), bytes))
      return err(deviceError('protocol', `Zone ${secTag} reads back different from what was written: write it again.`));
    // The zone gets DER, not PEM text: there are no line endings to normalise.
    return ok({ secTag, kind, sha256: await sha256Hex(bytes), bytes: bytes.length, lineEndingsNormalized: false });
  }

  async delete(secTag: number, kind: CredentialKind, opts: CallOptions = {}): DeviceResult<void> {
    const role = roleOf(secTag, kind);
    if (!role) return err(deviceError('invalid-input', `Zone ${secTag} does not hold a ${kind} in KeyWire's layout.`));
    if (role.factory)
      return err(deviceError('invalid-input', 'Zone 0 holds the factory certificate and is never erased.'));
    const r = await this.client.request('ZERASE', [String(secTag)], { ...opts, abortOnWire: 'finish' });
    return r.ok ? ok(undefined) : r;
  }
}
