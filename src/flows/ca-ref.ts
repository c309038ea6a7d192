// Layer: flows. A CA source as a flow stores it (CaRef) and how two are compared: by the source's id (fingerprints,
// see src/ca/types.ts) where both have one, so two CAs with the same name are never taken for each other; a ref
// stored before ids existed is compared by label and, having no id, never matches a source that has one.
import type { CaSource } from '../ca/types.ts';
import type { CaRef } from './types.ts';

export const caRefOf = (source: CaSource): CaRef => ({
  kind: source.kind,
  label: source.label,
  ...(source.id !== undefined ? { id: source.id } : {}),
});

export const sameCa = (a: CaRef, b: CaRef): boolean => a.kind === b.kind && (a.id ?? a.label) === (b.id ?? b.label);
