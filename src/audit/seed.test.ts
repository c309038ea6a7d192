import { describe, expect, it } from 'vitest';
import { prepareEntry } from './guard.ts';
import { demoBatches, demoDevices } from './seed.ts';

describe('demo seed', () => {
  it('produces exactly the asked number of entries, in batches, with intents linked inside each batch', () => {
    const batches = demoBatches(2345, { batchSize: 500 });
    expect(batches.flat()).toHaveLength(2345);
    for (const batch of batches) {
      expect(batch.length).toBeLessThanOrEqual(500);
      batch.forEach((e, i) => {
        if (e.completes === undefined) return;
        expect(e.completes).toBeLessThan(i);
        expect(batch[e.completes]).toMatchObject({ outcome: 'intent', action: e.action, device: e.device });
      });
    }
  });

  it('is deterministic and passes the store guard (no secrets, valid detail)', () => {
    expect(demoBatches(100)).toEqual(demoBatches(100));
    for (const e of demoBatches(300).flat()) {
      const r = prepareEntry(e, { operator: 'Demo', site: 'Lab' });
      expect(r.ok ? 'ok' : r.error.message).toBe('ok');
    }
  });

  it('makes nRF91 devices with UUID ids', () => {
    const [d] = demoDevices(1);
    expect(d!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
