// Mutation testing (issue 13 item 10): `npm run mutation` (tools/mutation.mjs) runs Stryker once per group of
// tools/mutation-groups.mjs; KEYWIRE_MUTATION_GROUP names the group. Each group mutates the modules whose mistakes
// would write a bad certificate, misread a board or lose evidence, and runs only their unit tests
// (vitest.mutation.config.ts) on each mutant. Scores and the survivors accepted as equivalent: docs/mutation.md.
import { mutationGroup } from './tools/mutation-groups.mjs';

const group = mutationGroup();

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: group.mutate,
  coverageAnalysis: 'perTest',
  // The machine's 2 cores are shared with other work.
  concurrency: 2,
  timeoutMS: 30_000,
  // `npm run mutation -- <group> --incremental` reuses earlier results while iterating; Stryker 9 then also reuses
  // "survived" for static mutants (module-level constants) that new tests would kill, so scores come from full runs.
  incrementalFile: `reports/mutation/${group.name}.incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  clearTextReporter: { allowColor: false, logTests: false },
  htmlReporter: { fileName: `reports/mutation/${group.name}.html` },
  jsonReporter: { fileName: `reports/mutation/${group.name}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
