// Layer: flows, diagnostics. The board health check as a flow: read what the board holds (health-check-read.ts),
// have the crypto worker validate each client certificate's chain to the CA at its sec_tag (and to a CA the user
// gave), gather key evidence (health-check-evidence.ts), read the board's clock, then hand the facts to the pure
// check in src/diagnose/health. Reads only: nothing is written to the board. Progress and cancel throughout.
import type { Device, DeviceIdentity } from '../devices/device.ts';
import { err, ok, type CodedError, type Result } from '../lib/result.ts';
import {
  checkHealth,
  type BoardClock,
  type CertSummary,
  type ClientCertFacts,
  type HealthReport,
  type KeyRecord,
} from '../diagnose/health/index.ts';
import type { ChainReport, CryptoResult } from '../pki/crypto-types.ts';
import { gatherKeyEvidence, type EvidenceContext } from './health-check-evidence.ts';
import {
  aborted,
  fromCrypto,
  pastedCertificates,
  readBoard,
  type CheckCrypto,
  type CheckError,
  type ReadItem,
  type SignalOption,
} from './health-check-read.ts';

export interface HealthCheckDeps {
  readonly crypto: CheckCrypto;
  /** This board's audit records (any order), for key evidence; absent: there is no audit trail to ask. */
  readonly auditRecords?: (deviceId: string, o: SignalOption) => Promise<Result<KeyRecord[], CodedError>>;
  /** Reads the board's clock (nRF91: AT+CCLK?); absent: unknown. */
  readonly readClock?: (o: SignalOption) => Promise<BoardClock>;
  readonly now?: () => number;
  readonly random?: (bytes: number) => Uint8Array;
}

export interface HealthCheckInput {
  readonly device: Device;
  readonly identity: DeviceIdentity;
  /** A CA certificate (PEM, any form inspect reads) to check client certificates against, besides the tag's CA. */
  readonly userCa?: string;
  readonly signal?: AbortSignal;
  /** What is happening and how far along (0..1). */
  readonly onProgress?: (step: string, fraction: number) => void;
}

const chainOrError = (r: CryptoResult<ChainReport>): ChainReport | { error: string } =>
  r.ok ? r.value : { error: r.error.message };

async function userCaOf(input: HealthCheckInput, crypto: CheckCrypto): Promise<Result<CertSummary[], CheckError>> {
  if (!input.userCa?.trim()) return ok([]);
  return pastedCertificates(
    crypto,
    input.userCa,
    { signal: input.signal },
    { what: 'The CA you gave', action: 'Paste the CA certificate as PEM (-----BEGIN CERTIFICATE-----).' },
  );
}

async function recordsOf(input: HealthCheckInput, deps: HealthCheckDeps): Promise<EvidenceContext['records']> {
  if (!deps.auditRecords) return { ok: false, why: 'no audit trail is available here' };
  const r = await deps.auditRecords(input.identity.deviceId, { signal: input.signal });
  return r.ok
    ? { ok: true, value: r.value }
    : { ok: false, why: `the audit trail could not be read (${r.error.message})` };
}

export async function runHealthCheck(
  input: HealthCheckInput,
  deps: HealthCheckDeps,
): Promise<Result<HealthReport, CheckError>> {
  const { device, identity, signal } = input;
  const progress = (step: string, fraction: number) => input.onProgress?.(step, fraction);
  const now = deps.now ?? Date.now;
  progress("Reading the board's credentials", 0.05);
  const userCa = await userCaOf(input, deps.crypto);
  if (!userCa.ok) return userCa;
  const read = await readBoard(device, deps.crypto, {
    ...(signal ? { signal } : {}),
    onItem: (done, total) => progress(`Reading credential ${done} of ${total}`, 0.05 + (0.5 * done) / total),
  });
  if (!read.ok) return read;
  if (signal?.aborted) return err(aborted());
  progress("Reading the board's clock", 0.6);
  const clock: BoardClock = deps.readClock
    ? await deps.readClock({ ...(signal ? { signal } : {}) })
    : { status: 'unknown', reason: `KeyWire has no clock command for ${device.family} boards` };
  if (signal?.aborted) return err(aborted());
  const checkedAt = now();
  const records = await recordsOf(input, deps);
  const ctx: EvidenceContext = {
    device,
    crypto: deps.crypto,
    ...(signal ? { signal } : {}),
    records,
    random: deps.random ?? ((n) => crypto.getRandomValues(new Uint8Array(n))),
  };
  const clients = read.value.filter((r) => r.item.kind === 'clientCert' && r.content && r.item.read.status === 'read');
  const clientCerts: ClientCertFacts[] = [];
  for (const [i, client] of clients.entries()) {
    progress(`Checking the client certificate at sec_tag ${client.item.secTag}`, 0.65 + (0.3 * i) / clients.length);
    const facts = await clientFacts(client, read.value, userCa.value, input, deps, ctx, checkedAt);
    if (!facts.ok) return facts;
    if (facts.value) clientCerts.push(facts.value);
  }
  if (signal?.aborted) return err(aborted());
  progress('Done', 1);
  return ok(
    checkHealth({
      identity,
      family: device.family,
      limits: device.limits,
      ...(device.profile.factoryIdentity ? { factorySlot: device.profile.factoryIdentity.slot } : {}),
      listsKeys: (device.credentials?.kinds.includes('privateKey') ?? false) && device.keys?.listed !== false,
      checkedAt,
      clock,
      items: read.value.map((r) => r.item),
      clientCerts,
      userCa: userCa.value,
    }),
  );
}

async function clientFacts(
  client: ReadItem,
  all: readonly ReadItem[],
  userCa: readonly CertSummary[],
  input: HealthCheckInput,
  deps: HealthCheckDeps,
  ctx: EvidenceContext,
  at: number,
): Promise<Result<ClientCertFacts | null, CheckError>> {
  const { secTag } = client.item;
  const certs = client.item.read.status === 'read' ? client.item.read.certificates : [];
  const [leaf, ...extra] = certs;
  if (!leaf || !client.content) return ok(null);
  const o = { signal: input.signal };
  const cas = all.filter((r) => r.item.secTag === secTag && r.item.kind === 'caCert' && r.content);
  const caCerts = cas.flatMap((r) => (r.item.read.status === 'read' ? r.item.read.certificates : []));
  const chainToTagCa = caCerts.length
    ? await deps.crypto.validateChain(
        client.content,
        [],
        cas.map((r) => r.content!),
        { purpose: 'clientAuth', at },
        o,
      )
    : null;
  if (chainToTagCa && !chainToTagCa.ok && chainToTagCa.error.code === 'aborted') return err(aborted());
  if (chainToTagCa && !chainToTagCa.ok && chainToTagCa.error.code === 'worker-crashed')
    return err(fromCrypto('Checking the chain', chainToTagCa.error));
  const chainToUserCa =
    userCa.length && input.userCa
      ? await deps.crypto.validateChain(client.content, [], [input.userCa], { purpose: 'clientAuth', at }, o)
      : null;
  if (chainToUserCa && !chainToUserCa.ok && chainToUserCa.error.code === 'aborted') return err(aborted());
  // The factory identity's certificate is checked against the board vendor's roots (the profile names them).
  const factory = input.device.profile.factoryIdentity;
  let chainToVendorRoot: ClientCertFacts['chainToVendorRoot'];
  if (factory?.slot === secTag && factory.vendorRoots.length) {
    const anchors = await pastedCertificates(deps.crypto, factory.vendorRoots.join(''), o, {
      what: "The board vendor's root",
      action: 'Report this: the vendor roots KeyWire knows (src/pki/vendor-roots.ts) cannot be read.',
    });
    if (!anchors.ok) return anchors;
    const report = await deps.crypto.validateChain(
      client.content,
      [],
      factory.vendorRoots,
      { purpose: 'clientAuth', at },
      o,
    );
    if (!report.ok && report.error.code === 'aborted') return err(aborted());
    chainToVendorRoot = { report: chainOrError(report), anchors: anchors.value };
  }
  const keySlot = all.find((r) => r.item.secTag === secTag && r.item.kind === 'privateKey');
  const keyEvidence = await gatherKeyEvidence(ctx, secTag, client.content, leaf, keySlot?.item.sha256 ?? null);
  if (input.signal?.aborted) return err(aborted());
  return ok({
    secTag,
    leaf,
    extra,
    chainToTagCa: chainToTagCa ? chainOrError(chainToTagCa) : null,
    chainToUserCa: chainToUserCa ? chainOrError(chainToUserCa) : null,
    ...(chainToVendorRoot ? { chainToVendorRoot } : {}),
    keyEvidence,
  });
}
