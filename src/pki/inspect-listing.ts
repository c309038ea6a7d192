// Layer: PKI codecs (the worker's `inspectListing`). The inspect report in the shape a paged view needs: every
// object as JSON without its bytes, all of them UTF-8 encoded in ONE byte array, with where each ends. What crosses
// from the worker is deserialized by the page in one task, and strings are the costly part of that: thousands of
// nested objects cost it hundreds of milliseconds; 3000 separate JSON strings (4.4 MB, the 3000-certificate drop)
// 27 ms of CPU with two young-generation GCs; even those as one string 17-24 ms (V8 builds a big string piece by
// piece). A byte array is one copy (well under a millisecond). The page decodes and parses an object only when it
// shows it.
import type { InspectListing, InspectReport } from './inspect-types.ts';

const BYTES = new Set(['der', 'pem', 'spki']);

export function inspectListing(report: InspectReport): InspectListing {
  const encoder = new TextEncoder();
  const pieces = report.objects.map((o) =>
    encoder.encode(JSON.stringify(Object.fromEntries(Object.entries(o).filter(([k]) => !BYTES.has(k))))),
  );
  const json = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const p of pieces) {
    json.set(p, at);
    ends.push((at += p.length));
  }
  return { kinds: report.objects.map((o) => o.kind), json, ends, chains: report.chains, notes: report.notes };
}

/** Object `index` of a listing as its JSON text (an `InspectedView`); undefined past either end. */
export function listingText(l: InspectListing, index: number): string | undefined {
  if (!Number.isInteger(index) || index < 0 || index >= l.ends.length) return undefined;
  return new TextDecoder().decode(l.json.subarray(index === 0 ? 0 : l.ends[index - 1]!, l.ends[index]!));
}
