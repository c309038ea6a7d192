// One long operation at a time per panel (verify, export, search): its label, progress and a cancel button.
import type { Result } from '../../lib/result.ts';
import type { AuditError } from '../../audit/types.ts';
import type { JobOptions } from '../../audit/query.ts';

export class JobState {
  label = $state.raw('');
  progress = $state.raw(0);
  running = $state.raw(false);
  #controller: AbortController | null = null;

  /** Runs `work`, cancelling any job still running here first. Resolves to null when cancelled. */
  async run<T>(
    label: string,
    work: (opts: JobOptions) => Promise<Result<T, AuditError>>,
  ): Promise<Result<T, AuditError> | null> {
    this.cancel();
    const controller = new AbortController();
    this.#controller = controller;
    this.label = label;
    this.progress = 0;
    this.running = true;
    try {
      const result = await work({ signal: controller.signal, onProgress: (f) => (this.progress = f) });
      if (!result.ok && result.error.code === 'aborted') return null;
      return result;
    } finally {
      if (this.#controller === controller) {
        this.running = false;
        this.#controller = null;
      }
    }
  }

  cancel(): void {
    this.#controller?.abort();
  }
}
