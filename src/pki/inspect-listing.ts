// Layer: PKI codecs (the worker's `inspectListing`). The inspect report in the shape a paged view needs: each
// object as JSON text without its bytes. A structured clone of thousands of nested objects costs the receiving
// page hundreds of milliseconds in one task; a list of strings costs almost nothing, and the page parses a string
// only when it shows that object.
import type { InspectListing, InspectReport } from './inspect-types.ts';

const BYTES = new Set(['der', 'pem', 'spki']);

export function inspectListing(report: InspectReport): InspectListing {
  return {
    kinds: report.objects.map((o) => o.kind),
    objects: report.objects.map((o) =>
      JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => !BYTES.has(k)))),
    ),
    chains: report.chains,
    notes: report.notes,
  };
}
