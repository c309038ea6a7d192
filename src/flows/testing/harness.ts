// Test support for src/flows/*.browser.test.ts (never imported by the app). Real pieces only: an emulated
// lab (unpaced, short key generation), a real AuditStore and FlowStore on fresh IndexedDB databases, the real crypto
// worker through CryptoClient, the lab CA source from src/ca on the worker's lab CA, and a byte tap that records
// every command sent to each board and, with the audit store's clock, one timeline of both.
import { deleteDB } from 'idb';
import { ACTOR, testStore } from '../../audit/test-db.ts';
import type { AuditActor, AuditRecord } from '../../audit/types.ts';
import { LabCaSource } from '../../ca/lab.ts';
import { connectDevice } from '../../devices/adapters/index.ts';
import {
  createEmulatorLab,
  MemoryFlashStore,
  type EmulatedFactoryBoard,
  type Lab,
} from '../../devices/emulator/index.ts';
import { emulatedSource } from '../../devices/transport/index.ts';
import { CryptoClient } from '../../workers/crypto-client.ts';
import { cryptoFromClient, type Connector, type FlowDeps } from '../deps.ts';
import { FlowStore } from '../flow-store.ts';
import { ProvisionFlow, type ProvisionFlowOptions } from '../provision-flow.ts';
import type { CaRef, FlowSnapshot } from '../types.ts';
import type { CaSource } from '../../ca/types.ts';

export type TimelineEntry =
  { readonly kind: 'audit' } | { readonly kind: 'tx'; readonly board: string; readonly text: string };

export interface HarnessOptions {
  readonly keygenMs?: number;
  /** Who records; called at every audit write (a test can make it fail part-way). */
  readonly actor?: () => AuditActor;
  /** The boards on the bench (default: every factory board, scenario boards included). */
  readonly factories?: readonly EmulatedFactoryBoard[];
  /** Family options for the lab's boards (e.g. an STSAFE board's `stsafeSeed`). */
  readonly boardOptions?: Readonly<Record<string, unknown>>;
}

const client = new CryptoClient({ idleMs: 60_000 });

export async function flowHarness(o: HarnessOptions = {}) {
  const lab: Lab = createEmulatorLab({
    flash: new MemoryFlashStore(),
    pacing: false,
    keygenMs: o.keygenMs ?? 30,
    ...(o.factories ? { factories: o.factories } : {}),
    ...(o.boardOptions ? { boardOptions: o.boardOptions } : {}),
  });
  const timeline: TimelineEntry[] = [];
  const audit = testStore({
    actor: o.actor ?? (() => ACTOR),
    now: () => {
      timeline.push({ kind: 'audit' });
      return new Date();
    },
  });
  const store = new FlowStore({ dbName: `kw-flows-test-${crypto.randomUUID()}` });
  const sent = new Map<string, string>();
  const boardOf = (port: unknown) => lab.boards().find((b) => lab.port(b.id) === port)?.id ?? 'unknown';
  const decoder = new TextDecoder('latin1');
  const connect: Connector = (port, c) => {
    const board = boardOf(port);
    return connectDevice(port, {
      ...(c.signal ? { signal: c.signal } : {}),
      serialNumber: board,
      onTap: (e) => {
        if (e.dir !== 'tx') return;
        const text = decoder.decode(e.bytes);
        sent.set(board, (sent.get(board) ?? '') + text);
        timeline.push({ kind: 'tx', board, text });
      },
    });
  };
  const cas: string[] = [];
  const sources: CaSource[] = [];
  const deps = (extra: Partial<FlowDeps> = {}): FlowDeps => ({
    crypto: cryptoFromClient(client),
    audit: audit.store,
    store,
    connect,
    ports: emulatedSource(lab),
    resolveCa: (ref: CaRef) => sources.find((s) => s.label === ref.label) ?? null,
    keygenTimeoutMs: 20_000,
    reconnectTimeoutMs: 10_000,
    ...extra,
  });
  const flows: ProvisionFlow[] = [];
  return {
    lab,
    client,
    audit: audit.store,
    store,
    timeline,
    deps,
    /** Every command text sent to the board so far. */
    sent: (board: string) => sent.get(board) ?? '',
    count: (board: string, command: string) => (sent.get(board) ?? '').split(command).length - 1,
    flow(options: ProvisionFlowOptions = {}, extra: Partial<FlowDeps> = {}) {
      const flow = new ProvisionFlow(deps(extra), options);
      flows.push(flow);
      return flow;
    },
    /** A lab CA in the real worker and the src/ca source on it; resolveCa finds it again after a "reload". */
    async labCa(withIntermediate = false): Promise<LabCaSource> {
      const ca = await client.createCa({ name: `Flow test ${cas.length + 1}`, curve: 'P-256', withIntermediate });
      if (!ca.ok) throw new Error(ca.error.message);
      cas.push(ca.value.id);
      const src = await LabCaSource.open(client, { caId: ca.value.id });
      if (!src.ok) throw new Error(src.error.message);
      sources.push(src.value);
      return src.value;
    },
    /** Makes `source` the one resolveCa finds for its label (ahead of a source it wraps). */
    register<S extends CaSource>(source: S): S {
      sources.unshift(source);
      return source;
    },
    /** All audit records, oldest first. */
    async records(): Promise<AuditRecord[]> {
      const n = await audit.store.count();
      if (!n.ok) throw new Error(n.error.message);
      const all = await audit.store.getMany(Array.from({ length: n.value }, (_, i) => i + 1));
      if (!all.ok) throw new Error(all.error.message);
      return all.value;
    },
    async cleanup() {
      for (const f of flows) await f.dispose();
      for (const id of cas) await client.deleteCa(id);
      await store.close();
      await deleteDB(store.dbName);
      await audit.cleanup();
    },
  };
}

export type FlowHarness = Awaited<ReturnType<typeof flowHarness>>;

/** Resolves with the first snapshot that satisfies `predicate` (including the current one). */
export function until(
  flow: { subscribe(l: (s: FlowSnapshot) => void): () => void },
  predicate: (s: FlowSnapshot) => boolean,
  timeoutMs = 20_000,
): Promise<FlowSnapshot> {
  return new Promise((resolve, reject) => {
    let stop: (() => void) | null = null;
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      stop?.();
      reject(new Error(`timed out waiting for the flow (last step: ${last?.step.name})`));
    }, timeoutMs);
    let last: FlowSnapshot | null = null;
    stop = flow.subscribe((s) => {
      last = s;
      if (settled || !predicate(s)) return;
      settled = true;
      clearTimeout(timer);
      queueMicrotask(() => stop?.());
      resolve(s);
    });
  });
}
