/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit
 * takes the write-ahead log past 1,000 pages: that commit then copies the pages into the database
 * file and syncs it, 5-10 ms instead of 0.3 ms, and an athlete's check-in waits behind it (the
 * bench measured 17 such commits in 1,500 check-ins, the p99). Here the bot's connection never
 * checkpoints; a worker thread with its own connection to the file does, every second while the
 * log grows (PASSIVE: it never blocks a writer or waits for a reader). Like the chart pool, the
 * thread starts when the log first passes SQLite's own threshold and stops after a quiet spell,
 * so an idle bot holds none. If the thread cannot run, SQLite's automatic checkpoint comes back.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger';
import type { Db } from './database';

/** SQLite's default: checkpoint once the log holds 1,000 pages. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

// CommonJS, evaluated in the worker: it only opens the file and checkpoints when asked.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
parentPort.on('message', (m) => {
  if (m !== 'checkpoint') return;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ busy: r.busy, log: r.log, checkpointed: r.checkpointed });
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
});
parentPort.postMessage({ ready: true });
`;

export interface CheckpointResult {
  /** 1 when another connection held the checkpoint lock (nothing copied this time). */
  busy: number;
  /** Frames in the log, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
}

export interface CheckpointerOptions {
  logger: Logger;
  /** How often the log is looked at (and, while the thread runs, checkpointed). */
  everyMs?: number;
  /** The log size that starts the thread (default: SQLite's own 1,000 pages). */
  startBytes?: number;
  /** The thread stops once the log has not grown for this long. */
  idleStopMs?: number;
  /** Monotonic milliseconds (tests move it). */
  now?: () => number;
  /** better-sqlite3's entry point for the worker (tests give a broken one to see the fallback). */
  sqliteModule?: string;
}

type Reply = Partial<CheckpointResult> & { ready?: boolean; error?: string };

export class WalCheckpointer {
  private readonly walPath: string;
  private readonly everyMs: number;
  private readonly startBytes: number;
  private readonly idleStopMs: number;
  private readonly now: () => number;
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  private waiting: ((reply: Reply) => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<CheckpointResult | undefined> | undefined;
  private lastLog = -1;
  private lastGrowth = 0;
  private stoppedAtMtime: number | undefined;
  private failed = false;

  constructor(
    private readonly db: Db,
    private readonly options: CheckpointerOptions,
  ) {
    this.walPath = `${db.name}-wal`;
    this.everyMs = options.everyMs ?? 1000;
    this.idleStopMs = options.idleStopMs ?? 60_000;
    this.now = options.now ?? (() => performance.now());
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    this.startBytes = options.startBytes ?? SQLITE_AUTOCHECKPOINT_PAGES * pageSize;
  }

  /** Whether a worker thread is running now. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Takes checkpoints over from SQLite's automatic ones (not for an in-memory database, which has no log). */
  start(): this {
    if (this.db.memory || this.timer) return this;
    this.db.pragma('wal_autocheckpoint = 0');
    this.timer = setInterval(() => void this.checkNow(), this.everyMs);
    this.timer.unref();
    return this;
  }

  /**
   * One look at the log: starts the thread when the log is big enough and was written since the
   * thread last stopped, checkpoints while it runs, stops it after a quiet spell. The interval
   * calls this; tests call it instead of waiting.
   */
  checkNow(): Promise<CheckpointResult | undefined> {
    this.checking ??= this.check().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** Stops the thread and gives checkpoints back to SQLite (closing the connection then checkpoints as usual). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.checking?.catch(() => undefined);
    await this.stopWorker();
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
  }

  private async check(): Promise<CheckpointResult | undefined> {
    if (this.failed || !this.db.open) return undefined;
    if (!this.worker) {
      const wal = this.walStat();
      if (!wal || wal.size < this.startBytes || wal.mtimeMs === this.stoppedAtMtime) return undefined;
      this.startWorker();
    }
    try {
      await this.ready;
      const reply = await this.ask();
      if (reply.error !== undefined) throw new Error(reply.error);
      const result: CheckpointResult = { busy: reply.busy ?? 0, log: reply.log ?? 0, checkpointed: reply.checkpointed ?? 0 };
      const at = this.now();
      if (result.log !== this.lastLog) {
        this.lastLog = result.log;
        this.lastGrowth = at;
      } else if (at - this.lastGrowth >= this.idleStopMs) {
        await this.stopWorker();
      }
      return result;
    } catch (err) {
      this.fallBack(err);
      return undefined;
    }
  }

  private startWorker(): void {
    const sqlite = this.options.sqliteModule ?? createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite, path: this.db.name } });
    worker.unref();
    this.worker = worker;
    this.lastLog = -1;
    this.lastGrowth = this.now();
    this.ready = new Promise<void>((resolve, reject) => {
      const onFirst = (m: Reply) => (m.ready ? resolve() : reject(new Error(m.error ?? 'checkpoint worker did not start')));
      worker.once('message', onFirst);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`checkpoint worker exited (${code})`)));
    });
    worker.on('message', (m: Reply) => {
      if (m.ready) return;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.(m);
    });
    worker.on('error', (err) => this.waiting?.({ error: err.message }));
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.waiting?.({ error: `checkpoint worker exited (${code})` });
      }
    });
  }

  private ask(): Promise<Reply> {
    return new Promise<Reply>((resolve) => {
      this.waiting = resolve;
      this.worker!.postMessage('checkpoint');
    });
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    this.stoppedAtMtime = this.walStat()?.mtimeMs;
    await worker.terminate();
  }

  private fallBack(err: unknown): void {
    this.failed = true;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
    this.options.logger.warn(
      { err: err instanceof Error ? err.message : String(err) },
      'WAL checkpoints could not run on their own thread; SQLite checkpoints in commits again',
    );
  }

  private walStat(): { size: number; mtimeMs: number } | undefined {
    try {
      const s = statSync(this.walPath);
      return { size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return undefined;
    }
  }
}
