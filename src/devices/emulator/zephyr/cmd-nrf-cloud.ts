// Layer: emulated Zephyr board, nRF Connect SDK's `nrf_cloud_cred` shell: a P-256 key made inside the emulated PSA
// store per sec tag, a CSR signed by it, and (only when the firmware enables CONFIG_NRF_CLOUD_CREDENTIALS_
// KEYGEN_VERIFY) its public key. Answers as protocols.md gives them from sdk-nrf: `Generated device key in sec tag
// <n>`, `CSR: <base64 DER>` + `CSR generation complete`, `PUBKEY: <base64 SEC1 point>` + `Public key export
// complete`; `keygen` on a tag with a key fails with `Key already exists ...` pointing to `delete`. Messages the
// brief does not give (delete, no key, bad tag) are chosen here and listed in the emulator README.
import { toBase64 } from '../../../lib/bytes.ts';
import { assembleCsr, buildCsrBody, parseSubject, type SubjectAttribute } from '../../../pki/csr-build.ts';
import { rawToDerSignature } from '../../../pki/ecdsa-signature.ts';
import { bitString, oid, sequence } from '../../../pki/der.ts';
import { OID } from '../../../pki/oids.ts';
import { sleep } from '../clock.ts';
import { error, normal, type CommandNode, type CommandTable, type OutLine, type ShellContext } from './shell-core.ts';

const spkiFromPoint = (point: Uint8Array): Uint8Array =>
  sequence(sequence(oid(OID.ecPublicKey), oid(OID.p256)), bitString(point));

function tagOf(argv: readonly string[], ctx: ShellContext): number | OutLine {
  const arg = argv[1];
  if (arg === undefined) return ctx.factory.nrfCloudSecTag;
  if (/^\d+$/.test(arg) && Number(arg) <= 0x7fffffff) return Number(arg);
  return error(`Invalid sec tag: ${arg}`);
}

const noKey = (tag: number) => error(`No device key in sec tag ${tag}. Run 'nrf_cloud_cred keygen ${tag}' first.`);

async function keygen(argv: readonly string[], ctx: ShellContext): Promise<OutLine[]> {
  const tag = tagOf(argv, ctx);
  if (typeof tag !== 'number') return [tag];
  if (ctx.stores.hasKey(tag))
    return [error(`Key already exists in sec tag ${tag}. Use 'nrf_cloud_cred delete ${tag}' to remove it first.`)];
  await sleep(ctx.clock, ctx.keygenMs, ctx.signal);
  ctx.stores.generateKey(tag);
  return [normal(`Generated device key in sec tag ${tag}`)];
}

async function csr(argv: readonly string[], ctx: ShellContext): Promise<OutLine[]> {
  const tag = tagOf(argv, ctx);
  if (typeof tag !== 'number') return [tag];
  const point = ctx.stores.publicKey(tag);
  if (!point) return [noKey(tag)];
  let subject: SubjectAttribute[] = [{ oid: OID.commonName, value: ctx.factory.hwid }];
  if (argv[2] !== undefined) {
    const parsed = parseSubject(argv[2]);
    if (!parsed.ok) return [error(`Invalid subject: ${argv[2]}`)];
    subject = parsed.value;
  }
  const body = buildCsrBody({ spki: spkiFromPoint(point), subject, extensions: [] });
  // PSA signs the hash: the store signs the body (hashing it with SHA-256) without handing out the key.
  const raw = ctx.stores.sign(tag, body)!;
  const der = assembleCsr(body, rawToDerSignature(raw), 'ecdsa-with-SHA256');
  return [normal(`CSR: ${toBase64(der)}`), normal('CSR generation complete')];
}

function pubkey(argv: readonly string[], ctx: ShellContext): OutLine[] {
  const tag = tagOf(argv, ctx);
  if (typeof tag !== 'number') return [tag];
  const point = ctx.stores.publicKey(tag);
  if (!point) return [noKey(tag)];
  return [normal(`PUBKEY: ${toBase64(point)}`), normal('Public key export complete')];
}

function remove(argv: readonly string[], ctx: ShellContext): OutLine[] {
  const tag = tagOf(argv, ctx);
  if (typeof tag !== 'number') return [tag];
  if (!ctx.stores.deleteKey(tag)) return [noKey(tag)];
  return [normal(`Deleted device key in sec tag ${tag}`)];
}

/** The nrf_cloud_cred table as the firmware builds it: `pubkey` only with KEYGEN_VERIFY. */
export function nrfCloudCommands(withPubkey: boolean): CommandTable {
  const sub: Record<string, CommandNode> = {
    keygen: { args: [1, 1], handler: keygen },
    csr: { args: [1, 2], handler: csr },
    delete: { args: [1, 1], handler: remove },
  };
  if (withPubkey) sub['pubkey'] = { args: [1, 1], handler: pubkey };
  return { nrf_cloud_cred: { sub } };
}
