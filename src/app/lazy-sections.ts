// Layer: app shell. The sections other than Provision, each loaded with import() when first opened (not with the first
// screen) and kept for the page's life; App.svelte shows them through LoadCue (slow-load cue, Try again on failure).
import type { Component } from 'svelte';
import { lazy, type Lazy } from '../ui/lazy.ts';
import type { SectionId } from './sections.ts';

/** A section view: a component that needs no props. */
type SectionView = Lazy<{ readonly default: Component }>;

export const LAZY_SECTIONS: Readonly<Record<Exclude<SectionId, 'provision'>, SectionView>> = {
  diagnose: lazy(() => import('../ui/diagnose/DiagnoseSection.svelte')),
  audit: lazy(() => import('../ui/audit/AuditSection.svelte')),
  settings: lazy(() => import('../ui/settings/SettingsSection.svelte')),
};
