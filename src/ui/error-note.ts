// Layer: views, shared. What an error note says (ErrorNote.svelte): each section maps its own error codes to this
// (audit/messages.ts, ca/messages.ts, device/error-text.ts); the note only lays it out.
export interface ErrorNoteText {
  /** What went wrong, as a heading. */
  readonly title: string;
  /** The sentence that says what happened. */
  readonly message: string;
  /** What to do next, when the message does not already say it. */
  readonly action?: string;
  /** Folded detail for support (what a server answered, a cause code): `summary` is the disclosure line. */
  readonly details?: { readonly summary: string; readonly text: string } | null;
}
