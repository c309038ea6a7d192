// Layer: diagnostics, report. Everything a board, a log or a user supplied goes into the HTML report through here:
// the five characters that can end a text node or an attribute value become entities, and control characters
// (other than tab and newline) become U+FFFD so a hostile log line cannot smuggle markup or terminal junk.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\ufffd')
    .replace(/[&<>"']/g, (ch) => ENTITIES[ch]!);
}
