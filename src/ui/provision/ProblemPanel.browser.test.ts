// Refusals with findings that share a code (the write check emits two key-usage errors for one certificate; every
// chain problem is code 'chain') render every finding instead of Svelte throwing each_key_duplicate.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowStep } from '../../flows/index.ts';
import type { WriteCheckFinding, WriteCheckReport } from '../../pki/crypto-types.ts';
import ProblemPanel from './ProblemPanel.svelte';
import WriteCheckPanel from './WriteCheckPanel.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

const finding = (
  code: WriteCheckFinding['code'],
  check: WriteCheckFinding['check'],
  n: number,
  severity: WriteCheckFinding['severity'] = 'error',
): WriteCheckFinding => ({
  code,
  check,
  severity,
  message: `Problem ${n} with ${code}.`,
  action: `Fix ${n}.`,
});

const report = (findings: WriteCheckFinding[]): WriteCheckReport => ({
  writable: !findings.some((f) => f.severity === 'error'),
  proofs: [],
  findings,
  checks: [
    { id: 'usage', verdict: 'failed' },
    { id: 'chain', verdict: 'warning' },
  ],
  leaf: null,
  intermediatesPem: [],
  anchorPem: null,
  chainReport: null,
  writes: [],
  at: '2026-01-01T00:00:00.000Z',
});

describe('findings that share a code', () => {
  it('ProblemPanel lists both key-usage errors of a refused certificate', () => {
    const findings = [finding('key-usage', 'usage', 1), finding('key-usage', 'usage', 2)];
    const step: FlowStep = { name: 'blocked', at: 'check-before-write', findings, report: report(findings) };
    mounted = mount(ProblemPanel, { target: document.body, props: { step } });
    flushSync();
    const items = [...document.querySelectorAll('[role="alert"] li')].map((li) => li.textContent?.trim());
    expect(items).toEqual(['Problem 1 with key-usage. Fix 1.', 'Problem 2 with key-usage. Fix 2.']);
  });

  it('WriteCheckPanel shows every chain warning', () => {
    const findings = [
      finding('chain', 'chain', 1, 'warning'),
      finding('chain', 'chain', 2, 'warning'),
      finding('key-usage', 'usage', 3),
    ];
    mounted = mount(WriteCheckPanel, { target: document.body, props: { report: report(findings), secTag: 42 } });
    flushSync();
    const warnings = [...document.querySelectorAll('p.warn')].map((p) => p.textContent?.trim());
    expect(warnings).toEqual(['Problem 1 with chain. Fix 1.', 'Problem 2 with chain. Fix 2.']);
    expect(document.body.textContent).toContain('The certificate is refused');
  });
});
