// Mutation testing (issue 13 item 10): `npm run mutation`. Mutates the modules whose mistakes would write a bad
// certificate, misread a board or lose evidence, and runs only their unit tests (vitest.mutation.config.ts) on
// each mutant. Scores and the survivors accepted as equivalent are in docs/mutation.md. Not run in CI.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: [
    // the check before writing and its rules
    'src/pki/write-check.ts',
    'src/pki/write-check-rules.ts',
    'src/pki/write-check-root.ts',
    // the RFC 5280 chain checks
    'src/pki/chain-validate.ts',
    'src/pki/chain-checks.ts',
    'src/pki/chain-path.ts',
    // the AT result parsers
    'src/devices/protocols/at-result.ts',
    'src/devices/protocols/at-lines.ts',
    // the audit hash chain
    'src/audit/chain.ts',
    // the code-number reader
    'src/diagnose/decode/numbers.ts',
  ],
  coverageAnalysis: 'perTest',
  // The machine's 2 cores are shared with other work.
  concurrency: 2,
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
