// Test support (browser tests only, never bundled into the app): a worker that speaks the crypto API's shape through
// comlink but misbehaves the ways the client's last resort is for. `parseLog` ignores cancel and never reports
// progress (it answers after `holdMs`, default 10 s); `createCa` takes 600 ms and succeeds; `sameKey` answers at
// once. The real worker always honours cancel, so only a stand-in can show what the client does when one does not.
import { expose } from 'comlink';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const api = {
  async cancel(): Promise<boolean> {
    return false; // heard, ignored
  },
  async parseLog(_input: unknown, _onProgress?: unknown, _jobId?: number, holdMs = 10_000) {
    await wait(holdMs);
    return { ok: true as const, value: { stubborn: true } };
  },
  async createCa(o: { name: string }) {
    await wait(600);
    return { ok: true as const, value: { id: `stub-${o.name}`, name: o.name } };
  },
  async sameKey() {
    return { ok: true as const, value: { same: true } };
  },
};

expose(api);
