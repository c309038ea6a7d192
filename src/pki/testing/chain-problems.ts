// Test support for the validateChain rule tests (chain-rules.test.ts, chain-rules-crafted.test.ts): one call and its
// verdict as plain values, problems as [code, severity, path index] with their messages beside.
import { validateChain } from '../chain-validate.ts';

export async function chainProblems(
  leaf: string | Uint8Array,
  intermediates: (string | Uint8Array)[],
  anchors: (string | Uint8Array)[],
  purpose: 'clientAuth' | 'serverAuth' | 'any' = 'clientAuth',
) {
  const r = await validateChain({ leaf, intermediates, anchors }, { purpose });
  if (!r.ok) throw new Error(r.error.message);
  return {
    valid: r.value.valid,
    problems: r.value.problems.map((p) => [p.code, p.severity, p.cert?.pathIndex ?? null]),
    messages: r.value.problems.map((p) => p.message),
  };
}
