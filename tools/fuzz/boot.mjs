// Fuzz harness: a worker thread's entry. Registers tsx so the worker can import the TypeScript sources, then runs
// the file it was given.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.file);
