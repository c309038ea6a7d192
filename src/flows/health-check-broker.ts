// Layer: flows, diagnostics. The broker check as a flow: the board's CA store and client certificate at one sec_tag
// (read from the connected board, or CA certificates the user pasted instead), the server chain the user pasted
// (raw `openssl s_client -showcerts` output is fine: the worker's inspect finds every certificate in it) validated
// in the worker against that CA store for serverAuth, then the pure check in src/diagnose/broker.
import { DEFAULT_FAMILY, profileFor } from '../devices/adapters/index.ts';
import type { Device, DeviceFamily, DeviceIdentity, DeviceLimits } from '../devices/device.ts';
import { err, ok, type Result } from '../lib/result.ts';
import {
  checkBroker,
  stackFor,
  type BrokerProfile,
  type BrokerReport,
  type PastedChain,
} from '../diagnose/broker/index.ts';
import type { CertSummary } from '../diagnose/health/index.ts';
import {
  aborted,
  certificatesOf,
  fromCrypto,
  pastedCertificates,
  readBoard,
  type CheckCrypto,
  type CheckError,
} from './health-check-read.ts';

export interface BrokerCheckInput {
  readonly profile: BrokerProfile;
  /** The connected board and the sec_tag it connects with; null: use `pastedCa` and `family`. */
  readonly board: { readonly device: Device; readonly identity: DeviceIdentity; readonly secTag: number } | null;
  readonly pastedCa?: string;
  readonly family?: DeviceFamily;
  /** The server's chain as pasted (PEM blocks with any text around them). */
  readonly chainText?: string;
  readonly host?: string | null;
  readonly deviceId?: string | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (step: string, fraction: number) => void;
}

export interface BrokerCheckDeps {
  readonly crypto: CheckCrypto;
  readonly now?: () => number;
}

/** Without a board, the family's declared limits (its profile's). */
const familyLimits = (family: DeviceFamily): DeviceLimits => profileFor(family).limits;

const NO_CHAIN: CheckError = {
  code: 'input',
  message: 'No certificate was found in the pasted text.',
  action:
    'Run openssl s_client with -showcerts (without it only the leaf is printed, or none) and paste everything it printed.',
};

interface CaStore {
  readonly summaries: CertSummary[];
  readonly pems: string[];
  readonly client: CertSummary[];
}

async function boardStore(input: BrokerCheckInput, deps: BrokerCheckDeps): Promise<Result<CaStore, CheckError>> {
  const { board, signal } = input;
  if (board) {
    const read = await readBoard(board.device, deps.crypto, { ...(signal ? { signal } : {}), secTag: board.secTag });
    if (!read.ok) return read;
    const cas = read.value.filter((r) => r.item.kind === 'caCert' && r.content);
    const client = read.value.find((r) => r.item.kind === 'clientCert');
    const certsOf = (r: (typeof read.value)[number] | undefined) =>
      r && r.item.read.status === 'read' ? [...r.item.read.certificates] : [];
    return ok({ summaries: cas.flatMap(certsOf), pems: cas.map((r) => r.content!), client: certsOf(client) });
  }
  const text = input.pastedCa?.trim() ?? '';
  if (!text)
    return err({
      code: 'input',
      message: 'No board is connected and no CA certificate was pasted: there is no CA store to check.',
      action: 'Connect the board, or paste the CA certificate(s) the board stores.',
    });
  const summaries = await pastedCertificates(
    deps.crypto,
    text,
    { signal },
    { what: 'The pasted CA', action: 'Paste PEM certificates (-----BEGIN CERTIFICATE-----).' },
  );
  return summaries.ok ? ok({ summaries: summaries.value, pems: [text], client: [] }) : summaries;
}

async function pastedChain(
  input: BrokerCheckInput,
  store: CaStore,
  deps: BrokerCheckDeps,
  at: number,
): Promise<Result<PastedChain | null, CheckError>> {
  const text = input.chainText?.trim() ?? '';
  if (!text) return ok(null);
  const o = { signal: input.signal };
  const r = await deps.crypto.inspect(text, o);
  if (!r.ok && (r.error.code === 'unrecognised-input' || r.error.code === 'empty-input')) return err(NO_CHAIN);
  if (!r.ok) {
    if (r.error.code === 'aborted') return err(aborted());
    return err({
      code: 'input',
      message: `The pasted chain could not be read: ${r.error.message}`,
      action:
        'Paste the output of openssl s_client -showcerts -connect <host>:8883 (with its BEGIN/END CERTIFICATE blocks).',
    });
  }
  const certificates = certificatesOf(r.value);
  if (certificates.length === 0) return err(NO_CHAIN);
  const pems = r.value.objects.flatMap((x) => (x.kind === 'certificate' ? [x.pem] : []));
  const validation = await deps.crypto.validateChain(
    pems[0]!,
    pems.slice(1),
    store.pems,
    { purpose: 'serverAuth', at },
    o,
  );
  if (!validation.ok && validation.error.code === 'aborted') return err(aborted());
  if (!validation.ok && validation.error.code === 'worker-crashed')
    return err(fromCrypto('Validating the chain', validation.error));
  return ok({ certificates, validation: validation.ok ? validation.value : { error: validation.error.message } });
}

export async function runBrokerCheck(
  input: BrokerCheckInput,
  deps: BrokerCheckDeps,
): Promise<Result<BrokerReport, CheckError>> {
  const progress = (step: string, fraction: number) => input.onProgress?.(step, fraction);
  progress(input.board ? `Reading sec_tag ${input.board.secTag} from the board` : 'Reading the pasted CA', 0.1);
  const store = await boardStore(input, deps);
  if (!store.ok) return store;
  if (input.signal?.aborted) return err(aborted());
  const at = (deps.now ?? Date.now)();
  progress('Validating the server chain', 0.5);
  const pasted = await pastedChain(input, store.value, deps, at);
  if (!pasted.ok) return pasted;
  if (input.signal?.aborted) return err(aborted());
  const device = input.board?.device;
  const [clientCert, ...clientExtra] = store.value.client;
  progress('Done', 1);
  return ok(
    checkBroker({
      profile: input.profile,
      stack: stackFor(device?.family ?? input.family ?? DEFAULT_FAMILY),
      limits: device?.limits ?? familyLimits(input.family ?? DEFAULT_FAMILY),
      identity: input.board?.identity ?? null,
      secTag: input.board?.secTag ?? null,
      caSource: input.board ? 'board' : 'pasted',
      boardCas: store.value.summaries,
      clientCert: clientCert ?? null,
      clientExtra,
      pasted: pasted.value,
      host: input.host ?? null,
      deviceId: input.deviceId ?? null,
      checkedAt: at,
    }),
  );
}
