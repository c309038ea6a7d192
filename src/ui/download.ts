// Layer: views, shared. Saves a file through the browser's download: a temporary object URL on a hidden link, clicked
// once. Every view that offers a file (PEMs, CSRs, session logs, reports, audit exports, batch CSV) uses this one
// mechanism. The URL is revoked a minute later, not at once: the browser streams a large Blob from disk after the
// click returns, and revoking early can cut the saved file short.
const REVOKE_AFTER_MS = 60_000;

export function saveBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** Text as a UTF-8 file of this media type (`text/plain`, `application/x-pem-file`, `text/csv` ...). */
export function saveText(fileName: string, text: string, type = 'text/plain'): void {
  saveBlob(fileName, new Blob([text], { type: `${type};charset=utf-8` }));
}
