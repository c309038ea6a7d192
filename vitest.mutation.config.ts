// The unit tests `npm run mutation` (stryker.config.mjs) runs against each mutant: the same settings as the `unit`
// project in vite.config.ts, limited to the tests of the mutated modules. Not used by `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'unit',
    environment: 'node',
    include: [
      'src/pki/write-check*.test.ts',
      'src/pki/chain*.test.ts',
      'src/workers/write-check-api.test.ts',
      'src/devices/protocols/at-*.test.ts',
      'src/audit/chain*.test.ts',
      'src/audit/verify.test.ts',
      'src/diagnose/decode/*.test.ts',
    ],
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 30_000,
  },
});
