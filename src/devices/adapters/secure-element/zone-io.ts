// Layer: secure-element adapter, zone I/O in bounded pieces. A zone holds DER certificates back to back, then erased
// bytes (0xFF): reading walks the DER headers and reads each certificate in pieces of at most the board's chunk;
// every piece must come back with exactly the bytes asked for (a cut line is a 'protocol' error, never short data),
// and each certificate must parse (a write cut short is reported, never returned as a certificate).
import { concatBytes, fromHex, toHex } from '../../../lib/bytes.ts';
import { err, ok } from '../../../lib/result.ts';
import type { CallOptions, DeviceResult } from '../../device.ts';
import { readCertificate } from '../../../pki/x509-cert.ts';
import { deviceError } from '../../errors.ts';
import type { SeClient } from '../../protocols/se-client.ts';

export interface ZoneInfo {
  readonly index: number;
  readonly size: number;
  readonly access: 'ro' | 'rw';
}

export async function listZones(client: SeClient, opts: CallOptions = {}): DeviceResult<ZoneInfo[]> {
  const r = await client.request('ZONES', [], opts);
  if (!r.ok) return r;
  const zones: ZoneInfo[] = [];
  for (const entry of (r.value.fields.zones ?? '').split(',')) {
    const m = /^(\d+):(\d+):(ro|rw)$/.exec(entry);
    if (!m) return err(deviceError('protocol', `Cannot read the zone list entry "${entry}".`));
    zones.push({ index: Number(m[1]), size: Number(m[2]), access: m[3] as 'ro' | 'rw' });
  }
  return ok(zones);
}

export async function readPiece(
  client: SeClient,
  zone: number,
  offset: number,
  length: number,
  opts: CallOptions,
): DeviceResult<Uint8Array> {
  const r = await client.request('ZREAD', [String(zone), String(offset), String(length)], opts);
  if (!r.ok) return r;
  const data = fromHex(r.value.fields.data ?? '');
  if (!data || data.length !== length)
    return err(
      deviceError(
        'protocol',
        `Zone ${zone} at ${offset}: asked for ${length} bytes, the answer carried ${data?.length ?? 'unreadable'}.`,
      ),
    );
  return ok(data);
}

async function readRange(
  client: SeClient,
  zone: number,
  from: number,
  length: number,
  chunk: number,
  opts: CallOptions,
): DeviceResult<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let at = from; at < from + length; at += chunk) {
    const piece = await readPiece(client, zone, at, Math.min(chunk, from + length - at), opts);
    if (!piece.ok) return piece;
    parts.push(piece.value);
  }
  return ok(concatBytes(...parts));
}

/** Length of the DER element whose header starts `head` (SEQUENCE only); null when it is not one. */
function derLength(head: Uint8Array): number | null {
  if (head[0] !== 0x30) return null;
  const first = head[1]!;
  if (first < 0x80) return 2 + first;
  if (first === 0x81) return 3 + head[2]!;
  if (first === 0x82) return 4 + ((head[2]! << 8) | head[3]!);
  return null;
}

/** The certificates stored in a zone, DER each, in order; [] when the zone is erased. A damaged zone (a write cut
 * short) is a 'protocol' error. */
export async function readCertificates(
  client: SeClient,
  zone: ZoneInfo,
  chunk: number,
  opts: CallOptions = {},
): DeviceResult<Uint8Array[]> {
  const r = await readZone(client, zone, chunk, opts);
  if (!r.ok) return r;
  if (r.value.damaged !== null) return err(deviceError('protocol', `${r.value.damaged}: write it again.`));
  return ok(r.value.certs);
}

/**
 * A zone's certificates, or why its content is not certificates (`damaged`: a write cut short by a reset or unplug
 * leaves a header whose body is erased bytes). Bytes lost on the line are still errors, never `damaged`.
 */
export async function readZone(
  client: SeClient,
  zone: ZoneInfo,
  chunk: number,
  opts: CallOptions = {},
): DeviceResult<{ certs: Uint8Array[]; damaged: string | null }> {
  const certs: Uint8Array[] = [];
  for (let at = 0; at + 4 <= zone.size;) {
    const head = await readPiece(client, zone.index, at, 4, opts);
    if (!head.ok) return head;
    const length = derLength(head.value);
    if (length === null) break;
    if (at + length > zone.size)
      return ok({ certs, damaged: `Zone ${zone.index} holds a certificate header that runs past its end` });
    const body = await readRange(client, zone.index, at + 4, length - 4, chunk, opts);
    if (!body.ok) return body;
    const cert = concatBytes(head.value, body.value);
    // A write cut short (reset, unplug) leaves a header whose body is erased bytes: that is not a certificate.
    const parsed = readCertificate(cert);
    if (!parsed.ok) return ok({ certs, damaged: `Zone ${zone.index} holds a damaged certificate (${parsed.reason})` });
    certs.push(cert);
    at += length;
  }
  return ok({ certs, damaged: null });
}

/** Erases the zone, then writes `bytes` from offset 0 in pieces of at most `chunk`. */
export async function writeZone(
  client: SeClient,
  zone: number,
  bytes: Uint8Array,
  chunk: number,
  opts: CallOptions = {},
): DeviceResult<void> {
  const finish = { ...opts, abortOnWire: 'finish' as const };
  const erased = await client.request('ZERASE', [String(zone)], finish);
  if (!erased.ok) return erased;
  for (let at = 0; at < bytes.length; at += chunk) {
    if (opts.signal?.aborted)
      return err(
        deviceError(
          'aborted',
          `Stopped writing zone ${zone} after ${at} of ${bytes.length} bytes: the zone is incomplete.`,
          { onWire: true },
        ),
      );
    const piece = bytes.subarray(at, Math.min(bytes.length, at + chunk));
    const r = await client.request('ZWRITE', [String(zone), String(at), toHex(piece, true)], finish);
    if (!r.ok) return r;
    if (r.value.fields.n !== String(piece.length))
      return err(
        deviceError(
          'protocol',
          `Zone ${zone} at ${at}: wrote ${piece.length} bytes, the board says ${r.value.fields.n ?? 'nothing'}.`,
        ),
      );
    opts.onProgress?.(Math.min(1, (at + piece.length) / bytes.length));
  }
  return ok(undefined);
}
