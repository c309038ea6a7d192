// Layer: secure-element adapter, credentials in data zones (CredentialStore with secTag = key slot, each slot's
// certificates in its zones). KeyWire's zone layout (docs/secure-element-protocol.md): zone 0 the factory certificate
// (read-only, never written), zone 1 the device certificate (a chain may follow the leaf), zone 2 the CA
// certificate(s). A write is checked to fit
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
import { listZones, readCertificates, readZone, writeZone, type ZoneInfo } from './zone-io.ts';

/**
 * KeyWire's layout, as credential sets named by key slot (the flows' `secTag`): set 0 is the factory identity (slot 0's
 * key, its certificate in zone 0), never written or erased; set 1 is the user's (slot 1's key, the device certificate
 * and any chain in zone 1, the CA certificate(s) in zone 2). A private key is listed (the SHA-256 of its public key),
 * never read, written or deleted: it never leaves the chip.
 */
export const SE_ZONE_ROLES: readonly {
  readonly slot: number;
  readonly zone: number;
  readonly kind: CredentialKind;
  readonly factory: boolean;
}[] = [
  { slot: 0, zone: 0, kind: 'clientCert', factory: true },
  { slot: 1, zone: 1, kind: 'clientCert', factory: false },
  { slot: 1, zone: 2, kind: 'caCert', factory: false },
];

const roleOf = (slot: number, kind: CredentialKind) => SE_ZONE_ROLES.find((r) => r.slot === slot && r.kind === kind);
const zoneWord = (role: { zone: number; factory: boolean }) =>
  role.factory ? `zone ${role.zone} (factory)` : `zone ${role.zone}`;
/**
 * The SHA-256 KeyWire lists for a zone: over its certificates as PEM with LF line endings, the exact text the check
 * before writing approves and hashes (the zone itself holds DER, which carries no line endings to disagree about).
 */
const zoneSha256 = (certs: readonly Uint8Array[]) => sha256Hex(pemOf(certs));
const pemOf = (certs: readonly Uint8Array[]) => certs.map((der) => toPem('CERTIFICATE', der)).join('');

const notInLayout = (slot: number, kind: CredentialKind) =>
  `Slot ${slot} has no ${kind} in KeyWire's layout (slot 0: factory certificate; slot 1: device and CA certificates).`;
const KEY_SLOTS = [...new Set(SE_ZONE_ROLES.map((r) => r.slot))];

/** PEM CERTIFICATE blocks -> DER each; null when there are none or anything else is in the text. */
function certificatesOf(pem: string): Uint8Array[] | null {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)];
  const rest = pem.replace(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g, '').trim();
  if (blocks.length === 0 || rest !== '') return null;
  const ders = blocks.map((b) => fromBase64(b[1]!));
  return ders.every((d): d is Uint8Array => d !== null && d[0] === 0x30) ? ders : null;
}

/** The public key of a slot as SubjectPublicKeyInfo DER, or null when the slot is empty (SeKeys.publicKey). */
export type SlotPublicKey = (slot: number, opts: CallOptions) => DeviceResult<Uint8Array | null>;

export class ZoneCredentials implements CredentialStore {
  readonly kinds: readonly CredentialKind[] = ['clientCert', 'caCert', 'privateKey'];
  #zones: ZoneInfo[] | undefined;

  constructor(
    private readonly client: SeClient,
    private readonly chunk: number,
    private readonly publicKey: SlotPublicKey = async () => ok(null),
  ) {}

  canRead(kind: CredentialKind): boolean {
    return kind === 'clientCert' || kind === 'caCert';
  }

  /** Certificates can be erased from their zone; a key cannot be deleted (a new KEYGEN replaces it). */
  canDelete(kind: CredentialKind): boolean {
    return kind === 'clientCert' || kind === 'caCert';
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
    if (!filter.kind || filter.kind === 'privateKey')
      for (const slot of KEY_SLOTS) {
        if (filter.secTag !== undefined && filter.secTag !== slot) continue;
        const key = await this.publicKey(slot, opts);
        if (!key.ok) return key;
        if (key.value)
          out.push({
            secTag: slot,
            kind: 'privateKey',
            deviceType: `key slot ${slot}`,
            sha256: await sha256Hex(key.value),
          });
      }
    for (const role of SE_ZONE_ROLES) {
      if ((filter.secTag !== undefined && filter.secTag !== role.slot) || (filter.kind && filter.kind !== role.kind))
        continue;
      const zone = await this.#zone(role.zone, opts);
      if (!zone.ok) return zone;
      const read = await readZone(this.client, zone.value, this.chunk, opts);
      if (!read.ok) return read;
      const { certs, damaged } = read.value;
      // A write cut short is listed as damaged (no SHA-256), so a flow can see it and write the zone again.
      if (damaged !== null) out.push({ secTag: role.slot, kind: role.kind, deviceType: zoneWord(role), damaged });
      if (damaged !== null || certs.length === 0) continue;
      const sha256 = await zoneSha256(certs);
      out.push({ secTag: role.slot, kind: role.kind, deviceType: zoneWord(role), sha256 });
    }
    return ok(out);
  }

  async read(secTag: number, kind: CredentialKind, opts: CallOptions = {}): DeviceResult<CredentialContent> {
    if (kind === 'privateKey')
      return err(deviceError('unsupported', 'A private key never leaves the secure element: it cannot be read.'));
    const role = roleOf(secTag, kind);
    if (!role) return err(deviceError('invalid-input', notInLayout(secTag, kind)));
    const zone = await this.#zone(role.zone, opts);
    if (!zone.ok) return zone;
    const certs = await readCertificates(this.client, zone.value, this.chunk, opts);
    if (!certs.ok) return certs;
    if (certs.value.length === 0) return err(deviceError('device-rejected', `Zone ${role.zone} holds no certificate.`));
    return ok({
      secTag,
      kind,
      deviceType: zoneWord(role),
      sha256: await zoneSha256(certs.value),
      content: pemOf(certs.value),
    });
  }

  async write(
    secTag: number,
    kind: CredentialKind,
    content: string,
    opts: CallOptions = {},
  ): DeviceResult<CredentialWriteReceipt> {
    if (kind === 'privateKey')
      return err(deviceError('unsupported', 'A secure element never imports a private key: generate one in slot 1.'));
    const role = roleOf(secTag, kind);
    if (!role) return err(deviceError('invalid-input', notInLayout(secTag, kind)));
    if (role.factory)
      return err(deviceError('invalid-input', 'Zone 0 holds the factory certificate and is never overwritten.'));
    const index = role.zone;
    const certs = certificatesOf(content);
    if (!certs)
      return err(
        deviceError('invalid-input', 'Zones store certificates only: give one or more PEM CERTIFICATE blocks.'),
      );
    const zone = await this.#zone(index, opts);
    if (!zone.ok) return zone;
    const bytes = concatBytes(...certs);
    if (bytes.length > zone.value.size)
      return err(
        deviceError(
          'too-long',
          `The certificate${certs.length > 1 ? 's' : ''} take ${bytes.length} bytes; zone ${index} holds ${zone.value.size}. Nothing was written.`,
        ),
      );
    if (zone.value.access !== 'rw')
      return err(deviceError('invalid-input', `Zone ${index} is read-only on this board.`));
    const written = await writeZone(this.client, index, bytes, this.chunk, opts);
    if (!written.ok) return written;
    const back = await readCertificates(this.client, zone.value, this.chunk, opts);
    if (!back.ok) return back;
    if (!equalBytes(concatBytes(...back.value), bytes))
      return err(deviceError('protocol', `Zone ${index} reads back different from what was written: write it again.`));
    // The zone gets DER (`bytes` is what it holds); the SHA-256 is over the same certificates as LF PEM, as listed.
    return ok({ secTag, kind, sha256: await zoneSha256(certs), bytes: bytes.length, lineEndingsNormalized: false });
  }

  async delete(secTag: number, kind: CredentialKind, opts: CallOptions = {}): DeviceResult<void> {
    if (kind === 'privateKey')
      return err(deviceError('unsupported', 'The chip has no command to delete a key; a new KEYGEN replaces it.'));
    const role = roleOf(secTag, kind);
    if (!role) return err(deviceError('invalid-input', notInLayout(secTag, kind)));
    if (role.factory)
      return err(deviceError('invalid-input', 'Zone 0 holds the factory certificate and is never erased.'));
    const r = await this.client.request('ZERASE', [String(role.zone)], { ...opts, abortOnWire: 'finish' });
    return r.ok ? ok(undefined) : r;
  }
}
