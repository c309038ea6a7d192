// In real Chromium: first load's parts run in tasks of their own, in order, each once.
import { describe, expect, it } from 'vitest';
import { afterFirstLoad, afterNextFrame, afterPageLoad } from './first-load.ts';

const ran = (register: (fn: () => void) => void): Promise<string[]> =>
  new Promise((resolve) => {
    const order: string[] = [];
    let frames = 0;
    requestAnimationFrame(() => {
      frames++;
      order.push('frame');
    });
    register(() => {
      order.push(`fn after ${frames} frame(s)`);
      // A microtask queued before fn's task ends runs before anything else: fn had a task of its own.
      queueMicrotask(() => order.push('microtask'));
      setTimeout(() => resolve(order), 300);
    });
    order.push('registered');
    void Promise.resolve().then(() => order.push('same task'));
  });

describe('first load in short tasks', () => {
  it('afterNextFrame runs its function once, in a task after the next frame', async () => {
    expect(await ran(afterNextFrame)).toEqual(['registered', 'same task', 'frame', 'fn after 1 frame(s)', 'microtask']);
  });

  it('afterPageLoad runs its function once, in a later task, when the page has loaded', async () => {
    expect(document.readyState).toBe('complete');
    const order = await ran(afterPageLoad);
    expect(order.slice(0, 2)).toEqual(['registered', 'same task']);
    expect(order.filter((o) => o.startsWith('fn'))).toHaveLength(1);
  });

  it('afterFirstLoad runs its function once, in a task of its own, the given time after the page has loaded', async () => {
    expect(document.readyState).toBe('complete');
    const t0 = performance.now();
    const order = await ran((fn) => afterFirstLoad(fn, 200));
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200 + 300);
    expect(order.slice(0, 2)).toEqual(['registered', 'same task']);
    expect(order.filter((o) => o.startsWith('fn'))).toHaveLength(1);
    expect(order.at(-1)).toBe('microtask');
  });
});
