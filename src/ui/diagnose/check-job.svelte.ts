// Layer: views, state shared by the "Board health check" and "Broker check" panels: one run at a time with its step,
// progress (0..1), report or plain-language error, and cancel. A cancelled or replaced run's late progress and answer
// are ignored; a cancelled run ends idle with a note, not as a failure.
import type { CheckError } from '../../flows/health-check-read.ts';
import type { Result } from '../../lib/result.ts';

export type CheckStatus = 'idle' | 'running' | 'done' | 'failed';

export interface CheckProblem {
  readonly message: string;
  readonly action: string;
}

export type CheckWork<R> = (
  signal: AbortSignal,
  onProgress: (step: string, fraction: number) => void,
) => Promise<Result<R, CheckError>>;

export class CheckJob<R> {
  status = $state.raw<CheckStatus>('idle');
  step = $state.raw('');
  /** 0..1 while running. */
  progress = $state.raw(0);
  report = $state.raw<R | null>(null);
  error = $state.raw<CheckProblem | null>(null);
  readonly #cancelledNote: string;
  #controller: AbortController | null = null;

  /** `cancelledNote`: what the panel says after Cancel ("The broker check was cancelled."). */
  constructor(cancelledNote: string) {
    this.#cancelledNote = cancelledNote;
  }

  get running(): boolean {
    return this.status === 'running';
  }

  cancel(): void {
    this.#controller?.abort();
  }

  protected async start(work: CheckWork<R>): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.status = 'running';
    this.progress = 0;
    this.step = 'Starting';
    this.error = null;
    this.report = null;
    const result = await work(controller.signal, (step, fraction) => {
      if (this.#controller !== controller) return;
      this.step = step;
      this.progress = fraction;
    });
    if (this.#controller !== controller) return;
    this.#controller = null;
    if (result.ok) {
      this.report = result.value;
      this.status = 'done';
      return;
    }
    const cancelled = result.error.code === 'aborted';
    this.status = cancelled ? 'idle' : 'failed';
    this.error = cancelled
      ? { message: this.#cancelledNote, action: '' }
      : { message: result.error.message, action: result.error.action };
  }
}
