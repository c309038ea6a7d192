// Fuzz harness: the messages and shared-memory layout between the runner (run.ts) and a worker (worker.ts).

export interface WireInput {
  readonly kind: 'text' | 'bytes';
  readonly base64: string;
}

export type FuzzJob =
  | { readonly mode: 'range'; readonly target: string; readonly seed: number; readonly count: number }
  | { readonly mode: 'list'; readonly target: string; readonly inputs: readonly WireInput[] };

export type WorkerMessage =
  | { readonly type: 'failure'; readonly index: number; readonly input: WireInput; readonly error: string }
  | { readonly type: 'done'; readonly ran: number; readonly slowestMs: number; readonly ms: number }
  | { readonly type: 'crash'; readonly error: string };

/** Int32 slots at the start of the shared buffer; the input's bytes follow them. */
export const SLOT = { index: 0, kind: 1, length: 2, headerInts: 4 } as const;
/** Inputs above this are kept cut in shared memory (a hang report shows their first 4 MB). */
export const SHARED_INPUT_BYTES = 4 * 1024 * 1024;
