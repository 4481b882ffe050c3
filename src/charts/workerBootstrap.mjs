// Runs the chart worker from the TypeScript sources (tsx, vitest); the built bot runs dist/chartWorker.js instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
