// The unit tests `npm run mutation` runs against each mutant: the settings of the `unit` project in vite.config.ts,
// limited to the tests of the group being mutated (tools/mutation-groups.mjs). Not used by `npm test`.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
// A plain ES module shared with stryker.config.mjs and tools/mutation.mjs (this file is outside the tsconfig).
import { mutationGroup } from './tools/mutation-groups.mjs';

const group = mutationGroup() as { tests: string[] };

export default defineConfig({
  test: {
    name: 'unit',
    environment: 'node',
    include: group.tests,
    setupFiles: ['src/test-setup.ts'],
    testTimeout: 30_000,
    // The mutants are in KeyWire's code, not openssl's: build each test chain once per day and reuse it.
    env: { KEYWIRE_OPENSSL_CACHE: join(tmpdir(), `keywire-mutation-openssl-${new Date().toISOString().slice(0, 10)}`) },
  },
});
