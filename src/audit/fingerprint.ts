// Layer: audit trail. How a station key fingerprint is shown: 64 hex digits in 16 groups of 4 (`ab12 cd34 …`), for
// reading aloud or writing down. Its own module with no imports, so the UI can show fingerprints without loading
// the signing code.
export const groupedFingerprint = (fingerprint: string): string => fingerprint.replace(/(.{4})(?=.)/g, '$1 ');
