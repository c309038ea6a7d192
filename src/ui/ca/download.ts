// Layer: views (CA). Saves text as a file through the browser's download (CSRs, CA certificates).
export function downloadText(fileName: string, text: string, type = 'application/x-pem-file'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name part from a free-text name ("Bench CA" -> "Bench-CA"). */
export const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-|-$/g, '') || 'ca';
