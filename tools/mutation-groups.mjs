// The modules `npm run mutation` mutates, in groups, each with the unit tests that cover it (issue 13 item 10).
// Read by stryker.config.mjs and vitest.mutation.config.ts (KEYWIRE_MUTATION_GROUP picks the group) and by
// tools/mutation.mjs, which runs the groups one after another.
export const MUTATION_GROUPS = {
  // the check before writing and its rules
  'write-check': {
    mutate: ['src/pki/write-check.ts', 'src/pki/write-check-rules.ts', 'src/pki/write-check-root.ts'],
    tests: ['src/pki/write-check*.test.ts', 'src/workers/write-check-api.test.ts'],
  },
  // the RFC 5280 chain checks
  chain: {
    mutate: ['src/pki/chain-validate.ts', 'src/pki/chain-checks.ts', 'src/pki/chain-path.ts'],
    tests: [
      'src/pki/chain-validate.test.ts',
      'src/pki/chain-rules.test.ts',
      'src/pki/chain-rules-crafted.test.ts',
      'src/pki/chain-path.test.ts',
      'src/pki/strict-der.test.ts',
      'src/pki/write-check.test.ts',
      'src/pki/write-check-plan.test.ts',
      'src/pki/write-check-table.test.ts',
      'src/pki/write-check-rollover.test.ts',
    ],
  },
  // the AT result parsers
  'at-results': {
    mutate: ['src/devices/protocols/at-result.ts', 'src/devices/protocols/at-lines.ts'],
    tests: ['src/devices/protocols/at-result.test.ts', 'src/devices/protocols/at-lines.test.ts'],
  },
  // the Zephyr shell answer parser and the shell's conventions (refusals, log lines, time limits)
  shell: {
    mutate: ['src/devices/protocols/shell-answer.ts', 'src/devices/protocols/shell-grammar.ts'],
    tests: [
      'src/devices/protocols/shell-answer.test.ts',
      'src/devices/protocols/shell-grammar.test.ts',
      'src/devices/protocols/shell-lines.test.ts',
      'src/devices/protocols/shell-client.test.ts',
    ],
  },
  // the KWSE (secure-element board) line splitter and line parser
  'se-lines': {
    mutate: ['src/devices/protocols/se-lines.ts'],
    tests: ['src/devices/protocols/se-lines.test.ts', 'src/devices/protocols/se-client.test.ts'],
  },
  // the audit hash chain
  'audit-chain': {
    mutate: ['src/audit/chain.ts'],
    tests: ['src/audit/chain.test.ts', 'src/audit/verify.test.ts'],
  },
  // the code-number reader
  numbers: {
    mutate: ['src/diagnose/decode/numbers.ts'],
    tests: ['src/diagnose/decode/*.test.ts'],
  },
};

export function mutationGroup() {
  const name = process.env.KEYWIRE_MUTATION_GROUP ?? '';
  const group = MUTATION_GROUPS[name];
  if (!group) throw new Error(`KEYWIRE_MUTATION_GROUP must be one of ${Object.keys(MUTATION_GROUPS).join(', ')}`);
  return { name, ...group };
}
