// Errors as values. Every boundary that crosses a worker, a wire or a store returns one of these: comlink drops
// error classes, and a code the UI can switch on beats a message it has to parse.

export interface CodedError<C extends string = string> {
  readonly code: C;
  /** Plain-language sentence for logs and the UI's fallback; the UI maps codes to its own text. */
  readonly message: string;
}

export type Ok<T> = { readonly ok: true; readonly value: T };
export type Err<E> = { readonly ok: false; readonly error: E };
export type Result<T, E = CodedError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });
