// Layer: views (provision). The panels of a run, from Prepare to Done (with the CA pickers, the certificate and
// write checks and the label's QR code): one chunk that FlowView loads once a board is connected, long before the
// Start click, so the first screen's JavaScript stays small (issue 14's budget, tools/bundle-budget.ts).
export { default as BatchPanel } from './BatchPanel.svelte';
export { default as CertificatePanel } from './CertificatePanel.svelte';
export { default as CsrPanel } from './CsrPanel.svelte';
export { default as DonePanel } from './DonePanel.svelte';
export { default as IntentsPanel } from './IntentsPanel.svelte';
export { default as PreparePanel } from './PreparePanel.svelte';
export { default as ProblemPanel } from './ProblemPanel.svelte';
export { default as WriteCheckPanel } from './WriteCheckPanel.svelte';
export { default as WritePanel } from './WritePanel.svelte';

export type RunPanels = typeof import('./run-panels.ts');
