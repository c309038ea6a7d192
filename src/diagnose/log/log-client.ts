// Layer: diagnostics, main-thread side of the log worker. One worker per parse: started for the call, terminated
// when it ends or when the signal aborts (an AbortSignal cannot cross to a worker). Never throws.
import { proxy, wrap } from 'comlink';
import { err, type Result } from '../../lib/result.ts';
import type { LogWorkerApi } from './log.worker.ts';
import type { LogError, ParseLogOptions } from './parse-log.ts';
import type { Timeline } from './timeline.ts';

export type CreateLogWorker = () => Worker;

const defaultWorker: CreateLogWorker = () =>
  new Worker(new URL('./log.worker.ts', import.meta.url), { type: 'module', name: 'keywire-log' });

export async function parseLogInWorker(
  input: Blob | string,
  options: ParseLogOptions = {},
  createWorker: CreateLogWorker = defaultWorker,
): Promise<Result<Timeline, LogError>> {
  if (options.signal?.aborted) return err({ code: 'aborted', message: 'Reading the log was cancelled.' });
  let worker: Worker;
  try {
    worker = createWorker();
  } catch (e) {
    return err({
      code: 'internal',
      message: `The log reader could not start (${e instanceof Error ? e.message : String(e)}).`,
    });
  }
  const remote = wrap<LogWorkerApi>(worker);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Result<Timeline, LogError>) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      resolve(r);
    };
    const onAbort = () => finish(err({ code: 'aborted', message: 'Reading the log was cancelled.' }));
    options.signal?.addEventListener('abort', onAbort);
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      finish(err({ code: 'internal', message: `The log reader stopped (${e.message || 'script error'}).` }));
    });
    const progress = options.onProgress ? proxy(options.onProgress) : undefined;
    remote
      .parseLog(input, progress)
      .then(finish, (e: unknown) =>
        finish(
          err({ code: 'internal', message: `The log reader failed (${e instanceof Error ? e.message : String(e)}).` }),
        ),
      );
  });
}
