// Fuzz harness self-test target (run.test.ts only; no inputs in the seeded run): proves the runner reports a throw,
// an input over its cap and a hang (a busy loop only terminating the worker can stop), each with its input.
import { asText, defineTarget } from '../target.ts';

export const selftest = defineTarget({
  name: 'harness-selftest',
  inputs: 0,
  capMs: 200,
  // A seeded run of it fails now and then, so the test can see a seeded failure kept.
  generate: (rng) => (rng() < 0.5 ? 'pass' : 'throw'),
  run(input) {
    const text = asText(input);
    if (text === 'throw') throw new TypeError('thrown on purpose');
    const until = performance.now() + (text === 'slow' ? 400 : text === 'hang' ? 1e12 : 0);
    while (performance.now() < until) {
      // busy: a hang no timer inside the worker could interrupt
    }
  },
});
