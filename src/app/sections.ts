// The app's sections, in navigation order. One table: the nav, the router and the e2e tests read it.
export const SECTIONS = [
  { id: 'provision', label: 'Provision' },
  { id: 'diagnose', label: 'Diagnose' },
  { id: 'audit', label: 'Audit' },
  { id: 'settings', label: 'Settings' },
] as const;

export type SectionId = (typeof SECTIONS)[number]['id'];

export function sectionFromHash(hash: string): SectionId {
  const id = hash.replace(/^#\/?/, '').split('/')[0];
  return SECTIONS.find((s) => s.id === id)?.id ?? 'provision';
}
