// Yielding gives queued messages a turn: a message posted before a long loop is handled in the middle of it, not
// after it, when the loop yields; and a Yielder does not yield more often than asked.
import { describe, expect, it } from 'vitest';
import { nextTask, Yielder } from './yield.ts';

describe('nextTask and Yielder', () => {
  it('a message already queued is handled at the next task', async () => {
    const channel = new MessageChannel();
    let handled = false;
    channel.port1.onmessage = () => (handled = true);
    channel.port2.postMessage('cancel');
    expect(handled).toBe(false);
    await nextTask();
    await nextTask();
    expect(handled).toBe(true);
    channel.port1.close();
  });

  it('yields only when its interval has passed', async () => {
    let now = 1000;
    const y = new Yielder(50, () => now);
    await y.maybe();
    now += 49;
    await y.maybe();
    expect(y.yields).toBe(0);
    now += 1;
    await y.maybe();
    expect(y.yields).toBe(1);
    await y.maybe();
    expect(y.yields).toBe(1);
  });
});
