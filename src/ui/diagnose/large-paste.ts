// Layer: views (diagnose). What a paste into a text box would leave in it (the box's text with the selection
// replaced by the clipboard's), so a large paste can be taken out of the box before the browser inserts it.

export function textAfterPaste(e: ClipboardEvent, box: HTMLTextAreaElement): string | null {
  const pasted = e.clipboardData?.getData('text/plain');
  if (pasted === undefined || pasted === '') return null;
  return box.value.slice(0, box.selectionStart) + pasted + box.value.slice(box.selectionEnd);
}
