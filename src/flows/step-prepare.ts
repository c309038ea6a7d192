// Layer: flows, the prepare step. Shows what the board stores at the chosen sec_tag and what provisioning would
// replace; after the user confirmed, backs up the readable certificates that would be overwritten: their content to
// a downloadable bundle, and one `backup` audit record each with its SHA-256 (never content in the trail). Runs
// before anything is written, and nothing is written if the backup cannot be recorded.
import type { CallOptions, Device, StoredCredential } from '../devices/device.ts';
import type { DeviceError } from '../devices/errors.ts';
import { sha256Hex, utf8 } from '../lib/bytes.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { AuditDevice } from '../audit/types.ts';
import type { FlowAudit } from './deps.ts';
import { replacedKinds } from './profile.ts';
import { fromAudit, fromDevice, type StepOutcome } from './step-context.ts';
import type { BackupBundle, BackupItem, ExistingCredential, ProvisionProfile } from './types.ts';

export async function listTag(
  device: Device,
  secTag: number,
  profile: ProvisionProfile | null,
  opts: CallOptions,
  /** Hears the board's listing as it answered (the key generation's "key slot before" is in it). */
  onListed?: (listed: StoredCredential[]) => void,
): Promise<Result<ExistingCredential[], DeviceError>> {
  const store = device.credentials!;
  const listed = await store.list({ secTag }, opts);
  if (!listed.ok) return listed;
  onListed?.(listed.value);
  const replaced: readonly string[] = profile ? replacedKinds(profile) : [];
  return ok(
    listed.value.map((c: StoredCredential) => ({
      secTag: c.secTag,
      kind: c.kind,
      deviceType: c.deviceType,
      sha256: c.sha256 ?? null,
      readable: store.canRead(c.kind),
      overwritten: replaced.includes(c.kind),
    })),
  );
}

const KIND_TEXT: Record<string, string> = {
  caCert: 'root CA certificate',
  clientCert: 'client certificate',
  privateKey: 'private key',
};

export const kindText = (kind: string): string => KIND_TEXT[kind] ?? kind;

export interface BackupInput {
  readonly device: Device;
  readonly audit: FlowAudit;
  readonly who: AuditDevice;
  readonly secTag: number;
  readonly overwrites: readonly ExistingCredential[];
  readonly at: string;
  readonly opts: CallOptions;
}

export async function backupExisting(i: BackupInput): Promise<Result<BackupBundle, StepOutcome>> {
  const items: BackupItem[] = [];
  const blocks: string[] = [];
  const notReadable: string[] = [];
  for (const c of i.overwrites) {
    if (!c.readable) {
      notReadable.push(`sec_tag ${c.secTag} ${kindText(c.kind)} (type ${c.deviceType})`);
      continue;
    }
    const read = await i.device.credentials!.read(c.secTag, c.kind, i.opts);
    if (!read.ok) return err(fromDevice('prepare', read.error));
    const content = read.value.content;
    const sha256 = read.value.sha256 ?? (await sha256Hex(content));
    items.push({ secTag: c.secTag, kind: c.kind, deviceType: c.deviceType, sha256, bytes: utf8(content).length });
    blocks.push(
      `# sec_tag ${c.secTag}, ${kindText(c.kind)} (type ${c.deviceType}), SHA-256 ${sha256}\n${content.trimEnd()}\n`,
    );
  }
  for (const item of items) {
    const r = await i.audit.append({
      device: i.who,
      action: 'backup',
      outcome: 'success',
      detail: {
        secTag: item.secTag,
        credentialKind: item.kind,
        deviceType: item.deviceType,
        contentSha256: item.sha256,
        sizeBytes: item.bytes,
        message: `Backed up before overwriting; content in the downloadable backup file.`,
      },
    });
    if (!r.ok) return err(fromAudit('prepare', r.error));
  }
  const header = [
    `# KeyWire backup of board ${i.who.id} (${i.who.model}), sec_tag ${i.secTag}, ${i.at}`,
    ...notReadable.map((n) => `# Not readable, replaced without a copy: ${n}`),
    '',
  ].join('\n');
  return ok({
    items,
    notReadable,
    file: {
      kind: 'backup',
      name: `${i.who.id}-sec_tag-${i.secTag}-backup-${i.at.replace(/[:.]/g, '-')}.pem`,
      mime: 'application/x-pem-file',
      content: header + blocks.join('\n'),
    },
    createdAt: i.at,
  });
}
