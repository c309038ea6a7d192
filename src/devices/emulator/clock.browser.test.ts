// The real clock's timers in Chromium, where they run through scheduler.postTask (no nesting clamp): they fire, in
// the order they are due, a cleared one never fires, and a callback that throws is reported as a timer's would be.
import { describe, expect, it } from 'vitest';
import { realClock, sleep } from './clock.ts';

describe('realClock in Chromium', () => {
  it('runs on scheduler.postTask here', () => {
    expect(typeof (globalThis as { scheduler?: { postTask?: unknown } }).scheduler?.postTask).toBe('function');
  });

  it('fires timers in the order they are due, nested ones too', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      realClock.setTimeout(() => order.push('late'), 8);
      realClock.setTimeout(() => {
        order.push('early');
        // A chain of timers set from timer callbacks, deeper than the five levels setTimeout clamps at.
        let depth = 0;
        const next = () => {
          order.push(`nested ${++depth}`);
          if (depth < 8) realClock.setTimeout(next, 0);
        };
        realClock.setTimeout(next, 0);
      }, 1);
      realClock.setTimeout(resolve, 40);
    });
    expect(order[0]).toBe('early');
    expect(order.filter((o) => o.startsWith('nested'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((d) => `nested ${d}`));
    expect(order).toContain('late');
  });

  it('a cleared timer never fires; clearing twice or an unknown id is harmless', async () => {
    let fired = false;
    const id = realClock.setTimeout(() => (fired = true), 1);
    realClock.clearTimeout(id);
    realClock.clearTimeout(id);
    realClock.clearTimeout(123456789);
    await sleep(realClock, 20);
    expect(fired).toBe(false);
  });

  it('a callback that throws is reported to the page, and later timers still run', async () => {
    const reported = new Promise<unknown>((resolve) =>
      window.addEventListener(
        'error',
        (e) => {
          e.preventDefault();
          resolve(e.error);
        },
        { once: true },
      ),
    );
    const boom = new Error('timer boom');
    realClock.setTimeout(() => {
      throw boom;
    }, 0);
    expect(await reported).toBe(boom);
    await sleep(realClock, 1);
  });

  it("keeps a page's replaced setTimeout (a test's fake clock drives the boards with the rest of the page)", async () => {
    const native = globalThis.setTimeout;
    const calls: number[] = [];
    const fake = ((fn: () => void, ms?: number) => {
      calls.push(ms ?? 0);
      return native(fn, ms);
    }) as typeof setTimeout;
    globalThis.setTimeout = fake;
    try {
      // A fresh instance of the module (its timers are chosen when it loads), under the replaced setTimeout.
      const url = `./clock.ts?fresh=${Date.now()}`;
      const fresh = (await import(/* @vite-ignore */ url)) as typeof import('./clock.ts');
      await new Promise<void>((resolve) => fresh.realClock.setTimeout(resolve, 3));
      expect(calls).toContain(3);
    } finally {
      globalThis.setTimeout = native;
    }
  });
});
