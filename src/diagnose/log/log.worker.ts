// Layer: diagnostics worker entry. Runs parseLog off the main thread so a 10 MB log never blocks the page. Exposed
// with comlink; the main-thread side (log-client.ts) cancels by terminating this worker.
import { expose } from 'comlink';
import { parseLog } from './parse-log.ts';

const api = {
  parseLog(input: Blob | string, onProgress?: (done: number, total: number) => void) {
    return parseLog(input, {
      onProgress: (done, total) => {
        // a closed progress proxy must not break the parse
        Promise.resolve(onProgress?.(done, total)).catch(() => undefined);
      },
    });
  },
};

export type LogWorkerApi = typeof api;
expose(api);
