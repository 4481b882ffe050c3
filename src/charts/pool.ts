/**
 * Chart rendering off the event loop: a small pool of worker threads (ECharts SVG, resvg text
 * layout and PNG encoding took 100-200 ms of the bot's one thread per chart). Workers start on
 * the first chart and stop after a quiet spell, so an idle bot holds none. If a worker cannot
 * start (e.g. its file is missing), charts render in-process as before, with a warning.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
// Types only: ECharts and resvg (tasks.ts) load in the worker, or here only if workers can't run.
import type { ChartResult, ChartTask } from './tasks';
import type { Clock } from '../clock';
import type { IsoWeek } from '../domain/time';
import type { Team } from '../repositories/teams';
import type { DigestFiguresTask } from './digestFiguresTask';
import type { ExportTask } from './exportTask';
import type { PrivacyExportTask } from './privacyExportTask';

/** The in-process fallback, loading the chart modules on first use. */
async function renderHere(task: ChartTask): Promise<ChartResult> {
  const { runChartTask } = await import('./tasks');
  return runChartTask(task);
}

function settleHere(job: Job): void {
  renderHere(job.task).then(
    (result) => job.resolve(result),
    (err: unknown) => job.reject(err),
  );
}

interface Job {
  id: number;
  task: ChartTask;
  resolve(result: ChartResult): void;
  reject(err: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  ready: boolean;
}

/** One thread on a 2-core machine (the other is the bot's), at most two. */
export const DEFAULT_CHART_WORKERS = Math.max(1, Math.min(2, availableParallelism() - 1));
const IDLE_STOP_MS = 60_000;

function workerFile(): { url: URL; workerData?: unknown } {
  // From dist/ (npm start) the worker is its own bundle next to this chunk; from src/ it runs through tsx.
  if (import.meta.url.endsWith('.js')) return { url: new URL('./chartWorker.js', import.meta.url) };
  return { url: new URL('./workerBootstrap.mjs', import.meta.url), workerData: { entry: new URL('./worker.ts', import.meta.url).href } };
}

export class ChartPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private broken: unknown;

  constructor(
    private readonly size: number = DEFAULT_CHART_WORKERS,
    private readonly onWarning: (message: string, err: unknown) => void = () => undefined,
  ) {}

  /** Renders the task on a worker; resolves with the PNGs (and any chart that failed). */
  render(task: ChartTask): Promise<ChartResult> {
    if (this.broken !== undefined) return renderHere(task);
    return new Promise<ChartResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.pump();
    });
  }

  /** Stops every worker (bot shutdown); queued charts render in-process. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.job) this.queue.unshift(s.job);
    await Promise.all(slots.map((s) => s.worker.terminate()));
    for (const job of this.queue.splice(0)) settleHere(job);
  }

  get threads(): number {
    return this.slots.length;
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    while (this.queue.length > 0) {
      const slot = this.slots.find((s) => s.ready && !s.job);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        if (!this.spawn()) return;
        continue;
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
    if (this.slots.every((s) => !s.job)) {
      this.idleTimer = setTimeout(() => void this.stopIdle(), IDLE_STOP_MS);
      this.idleTimer.unref();
    }
  }

  private spawn(): boolean {
    let worker: Worker;
    try {
      const file = workerFile();
      worker = new Worker(file.url, file.workerData === undefined ? {} : { workerData: file.workerData });
    } catch (err) {
      this.fallBack(err);
      return false;
    }
    const slot: Slot = { worker, job: undefined, ready: false };
    this.slots.push(slot);
    worker.unref();
    worker.on('message', (m: { ready?: true; id?: number; result?: ChartResult }) => {
      if (m.ready) {
        slot.ready = true;
      } else if (slot.job && m.id === slot.job.id) {
        const job = slot.job;
        slot.job = undefined;
        worker.unref();
        job.resolve(m.result!);
      }
      this.pump();
    });
    worker.on('error', (err) => this.lost(slot, err));
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) this.lost(slot, new Error(`chart worker exited with code ${code}`));
    });
    return true;
  }

  /** A worker died: its chart renders in-process; a worker that never got ready means workers can't run here. */
  private lost(slot: Slot, err: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots.splice(i, 1);
    void slot.worker.terminate();
    if (slot.job) settleHere(slot.job);
    if (!slot.ready) this.fallBack(err);
    else this.pump();
  }

  private fallBack(err: unknown): void {
    if (this.broken !== undefined) return;
    this.broken = err;
    this.onWarning('chart workers unavailable: rendering charts in-process', err);
    for (const job of this.queue.splice(0)) settleHere(job);
  }

  private async stopIdle(): Promise<void> {
    if (this.queue.length > 0 || this.slots.some((s) => s.job)) return;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

let shared: ChartPool | undefined;

/** The process's chart pool, made on first use. */
export function chartPool(onWarning?: (message: string, err: unknown) => void): ChartPool {
  shared ??= new ChartPool(DEFAULT_CHART_WORKERS, onWarning);
  return shared;
}

/** Stops the shared pool's workers (bot shutdown). */
export async function closeChartPool(): Promise<void> {
  await shared?.close();
  shared = undefined;
}

/** PNG bytes from a worker as the Buffer discord.js attaches. */
export const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The services' heavy reads (a digest's figures, /export's files, an athlete's data export) as tasks
 * for the pool: the worker opens its own connection to `dbPath` and works at the bot's "now". Each
 * gives the result, or the workers' errors when it could not (the caller then works in-process).
 */
export function heavyReadsOnWorker(dbPath: string, clock: Clock) {
  // Each answers FromWorker (src/services/offThread.ts): the value, or the workers' errors.
  const run = async (task: DigestFiguresTask | ExportTask | PrivacyExportTask) => {
    const result = await chartPool().render(task);
    return { result, errors: result.errors.map((e) => e.message) };
  };
  const now = () => clock.now().toISOString();
  return {
    async figures(team: Team, week: IsoWeek, group: string | null) {
      const { result, errors } = await run({ type: 'digestFigures', dbPath, team, week, group, now: now() });
      return result.figures ? { value: result.figures } : { errors };
    },
    async exportCsv(team: Team, from: string | null, to: string | null) {
      const { result, errors } = await run({ type: 'export', dbPath, team, from, to, now: now() });
      const made = result.export;
      if (!made) return { errors };
      if (!made.ok) return { value: made };
      // Structured cloning hands the files back as Uint8Arrays.
      const x = made.value;
      const other = x.other ? { ...x.other, file: asBuffer(x.other.file) } : x.other;
      const readiness = x.readiness ? { ...x.readiness, file: asBuffer(x.readiness.file) } : x.readiness;
      return { value: { ...made, value: { ...x, file: asBuffer(x.file), other, readiness } } };
    },
    async privacyExport(guildId: string, userId: string) {
      const { result, errors } = await run({ type: 'privacyExport', dbPath, guildId, userId, now: now() });
      return result.privacyExport ? { value: result.privacyExport } : { errors };
    },
  };
}
