// Layer: diagnostics, Inspect's words and views for board families' own answers (see README): the Inspect card and
// the report take them from here, so views name no family.
import type { InspectedView, ObjectSource } from '../../pki/crypto-types.ts';
import { NRF91_FORM_WORDS, nrf91ObjectView } from './nrf91-views.ts';
import type { InspectRow, InspectVerdict } from './types.ts';

export type { InspectRow, InspectVerdict } from './types.ts';

/** Words for the input forms that are a board family's own answers. */
export const FAMILY_FORM_WORDS: Partial<Record<ObjectSource['form'], string>> = { ...NRF91_FORM_WORDS };

/** Title, verdicts and rows of an object that is a board family's own answer, or null for any other object. */
export function familyObjectView(
  o: InspectedView,
): { title: string; verdicts: InspectVerdict[]; rows: InspectRow[] } | null {
  return o.kind === 'nrf91Keygen' || o.kind === 'nrf91Attestation' ? nrf91ObjectView(o) : null;
}
