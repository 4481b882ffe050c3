/**
 * The scheduler runner. Each tick recomputes from the database what is due and decides, once per
 * notification key, what it owes:
 *
 *   decide  in one transaction: the key is recorded in the sent log (INSERT ... ON CONFLICT DO
 *           NOTHING, so exactly one process decides it) together with the job's state changes and
 *           the outbox rows it owes (src/outbox). Nothing here talks to Discord.
 *   deliver the outbox dispatcher sends those rows with their nonces, retries transient failures
 *           until each message's expiry, and records what could not be delivered.
 *
 * A crash before the commit leaves nothing decided (the next tick decides again); after it, the
 * messages are owed and the dispatcher delivers them. Missed notifications are caught up within
 * each kind's grace window after downtime, older ones recorded as skipped.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errorSummary } from '../outbox/dispatcher';
import { privacyUpkeepDue, runPrivacyUpkeep } from './privacy';
import cron, { type ScheduledTask } from 'node-cron';
import type { Runtime } from '../app';
import type { Clock } from '../clock';
import type { Dispatcher } from '../outbox/dispatcher';
import { notificationKey, type DueNotification, type ScheduledJob } from './job';
import { scheduledJobs } from './jobs';
import { dateWindow } from './jobs/common';
import { TickContext } from './tickContext';
import { SentLog } from './sentLog';

/** After a long downtime, missed notifications further back than this are not even recorded. */
export const DEFAULT_MAX_CATCH_UP_MS = 3 * 86_400_000;

/** The most days before a notification's own date that a job looks at its session (the pain follow-up: up to 3). */
const CANDIDATE_DAYS_BEFORE = 3;

/** A tick gives the event loop back at least this often while it decides (interactions wait at most about this long). */
const YIELD_AFTER_MS = 10;

/** Test hooks; a hook that throws aborts the tick as a crash of the process would. */
export interface SchedulerHooks {
  /** Inside the decision's transaction, after the job decided and before the commit. */
  beforeCommit?(n: DueNotification): void;
}

export interface SchedulerOptions {
  app: Runtime;
  jobs?: readonly ScheduledJob[];
  /** Defaults to the app's clock. */
  clock?: Clock;
  /** Identifies this process in logs; random by default. */
  owner?: string;
  maxCatchUpMs?: number;
  /** Kicked after each tick so what the tick owes goes out at once. */
  dispatcher?: Dispatcher;
  /** Wait for the dispatcher to deliver what is due before a tick returns (simulations that step a manual clock). */
  deliverInTick?: boolean;
  hooks?: SchedulerHooks;
}

/** 'owed': its messages were written to the outbox; 'held': another process decided it. */
export type TickStatus = 'owed' | 'skipped' | 'held';

export interface TickReport {
  at: Date;
  /** What happened to each notification this tick looked at ('held': another process has it). */
  results: { key: string; notification: DueNotification; status: TickStatus; detail?: string }[];
}

/** Thrown out of tick() when a hook aborts it (a simulated crash). */
export class TickAborted extends Error {
  override name = 'TickAborted';
  constructor(readonly reason: unknown) {
    super(`tick aborted: ${reason instanceof Error ? reason.message : String(reason)}`);
  }
}

/**
 * Runs the scheduled jobs: what is due is recomputed from the database on every tick, and every
 * notification goes claim -> send -> mark through the sent log, so restarts and a second process
 * never send one twice.
 */
export class Scheduler {
  readonly owner: string;
  readonly sentLog: SentLog;
  private readonly app: Runtime;
  private readonly jobs: readonly ScheduledJob[];
  private readonly clock: Clock;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly deliverInTick: boolean;
  private readonly maxCatchUpMs: number;
  private readonly hooks: SchedulerHooks;
  private task: ScheduledTask | undefined;
  private current: Promise<unknown> = Promise.resolve();
  private busy = false;
  private lastPrivacyUpkeep: Date | null = null;
  private stopped = false;

  constructor(options: SchedulerOptions) {
    this.app = options.app;
    this.jobs = options.jobs ?? scheduledJobs;
    this.clock = options.clock ?? options.app.clock;
    this.owner = options.owner ?? randomUUID();
    this.dispatcher = options.dispatcher;
    this.deliverInTick = options.deliverInTick ?? false;
    this.maxCatchUpMs = options.maxCatchUpMs ?? DEFAULT_MAX_CATCH_UP_MS;
    this.hooks = options.hooks ?? {};
    this.sentLog = new SentLog(options.app.db);
  }

  /** Runs one tick at `now` (default: the clock). Ticks never overlap: a second call waits for the first. */
  tick(now?: Date): Promise<TickReport> {
    const run = this.current.then(() => this.runTick(now ?? this.clock.now()));
    this.current = run.catch(() => undefined);
    return run;
  }

  /** A tick now (catching up what was missed while down), then one every minute. */
  start(): void {
    if (this.task || this.stopped) return;
    this.task = cron.schedule('* * * * *', () => this.scheduledTick(), { name: `backline-scheduler-${this.owner}`, noOverlap: true });
    this.scheduledTick();
  }

  /** Stops the minute timer and waits for a running tick to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    const task = this.task;
    this.task = undefined;
    if (task) await task.destroy();
    await this.current;
  }

  private scheduledTick(): void {
    // A slow tick (many DMs queued behind rate limits) makes the next minute's tick wait its turn, not pile up.
    if (this.busy || this.stopped) return;
    this.busy = true;
    this.tick()
      .catch((err: unknown) => this.app.logger.error({ err: errorSummary(err) }, 'scheduler tick failed'))
      .finally(() => {
        this.busy = false;
      });
  }

  private async runTick(now: Date): Promise<TickReport> {
    const started = Date.now();
    const report: TickReport = { at: now, results: [] };
    const lastTick = this.sentLog.lastTickAt();
    // What every job reads (teams, sessions, excusals, deload weeks), read once for all of them.
    const tick = new TickContext(this.app);
    const earliest = new Date(Math.min(...this.jobs.map((job) => this.sinceFor(job, now, lastTick).getTime())));
    await tick.primeSessions(dateWindow(earliest, now, CANDIDATE_DAYS_BEFORE), () => new Promise((resolve) => setImmediate(resolve)));
    tick.prime({ excusals: dateWindow(earliest, now, CANDIDATE_DAYS_BEFORE, 21) });
    for (const job of this.jobs) {
      try {
        await this.runJob(job, now, lastTick, report, tick);
      } catch (err) {
        if (err instanceof TickAborted) throw err;
        this.app.logger.error({ err: errorSummary(err), kind: job.kind }, 'scheduled job failed');
      }
      // Let interactions in between jobs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.sentLog.recordTick(now);
    // Discord never replays an interaction after a day: older idempotency keys can go.
    this.app.interactions.prune(new Date(now.getTime() - 86_400_000));
    // Retention and the deletion of teams the bot left 30 days ago: idempotent, so hourly (and once at
    // start) is enough to keep "deleted on the day" true in every zone.
    if (privacyUpkeepDue(now, this.lastPrivacyUpkeep)) {
      try {
        const done = runPrivacyUpkeep(this.app);
        if (done.deletedTeams.length)
          this.app.logger.info({ teams: done.deletedTeams.length }, 'deleted the data of teams the bot left 30 days ago');
      } catch (err) {
        this.app.logger.error({ err: errorSummary(err) }, 'privacy upkeep failed');
      }
      this.lastPrivacyUpkeep = now;
    }
    // Hourly, as SQLite advises, so the planner has statistics for the queries a tick makes.
    if (now.getUTCMinutes() === 0) this.app.db.pragma('optimize');
    const count = (status: TickStatus) => report.results.filter((r) => r.status === status).length;
    this.app.logger.info(
      { due: report.results.length, owed: count('owed'), skipped: count('skipped'), held: count('held'), ms: Date.now() - started },
      'tick',
    );
    if (this.deliverInTick) await this.dispatcher?.drain(now);
    else this.dispatcher?.kick();
    return report;
  }

  /** How far back a job looks: its grace window, or after downtime back to the last completed tick. */
  private sinceFor(job: ScheduledJob, now: Date, lastTick: Date | null): Date {
    const graceStart = new Date(now.getTime() - job.graceMinutes * 60_000);
    // After downtime, look back to the last completed tick so what is now too late gets recorded as skipped.
    const catchUpFloor = new Date(now.getTime() - this.maxCatchUpMs);
    return lastTick && lastTick < graceStart ? (lastTick > catchUpFloor ? lastTick : catchUpFloor) : graceStart;
  }

  private async runJob(job: ScheduledJob, now: Date, lastTick: Date | null, report: TickReport, tick: TickContext): Promise<void> {
    const graceStart = new Date(now.getTime() - job.graceMinutes * 60_000);
    const since = this.sinceFor(job, now, lastTick);
    // Keys worked out once, not in every comparison of the sort.
    const keyed = job
      .due(this.app, now, since, tick)
      .filter((n) => n.dueAt <= now && n.dueAt >= since)
      .map((n) => ({ n, key: notificationKey(n), at: n.dueAt.getTime() }))
      .sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
    if (keyed.length === 0) return;
    // Only an optimisation: the sent log's UNIQUE key is what guarantees once.
    const settled = this.sentLog.settledKeys(job.kind, new Date(since.getTime() - 2 * 86_400_000));
    let slice = performance.now();
    for (const { n, key } of keyed) {
      // A busy minute (thousands of deliveries) is decided in slices: interactions get in between.
      if (performance.now() - slice > YIELD_AFTER_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      if (settled.has(key)) continue;
      if (n.dueAt < graceStart) {
        if (this.sentLog.markSkipped(n, `more than ${job.graceMinutes} min late`, now)) {
          report.results.push({ key, notification: n, status: 'skipped', detail: 'too late' });
        }
        continue;
      }
      report.results.push({ key, notification: n, ...this.decide(job, n, now) });
    }
  }

  /** Records the decision and writes what it owes, in one transaction. */
  private decide(job: ScheduledJob, n: DueNotification, now: Date): { status: TickStatus; detail?: string } {
    const key = notificationKey(n);
    const expiresAt = new Date(n.dueAt.getTime() + job.graceMinutes * 60_000);
    return this.app.db.transaction((): { status: TickStatus; detail?: string } => {
      if (!this.sentLog.record(n, now)) return { status: 'held' };
      const decided = job.owe(this.app, n, { key, now, expiresAt });
      let result: { status: TickStatus; detail?: string };
      if ('skip' in decided) {
        this.sentLog.markDecidedSkip(n, decided.skip);
        result = { status: 'skipped', detail: decided.skip };
      } else {
        for (const message of decided.owed) this.app.outbox.enqueue(message, now);
        result = { status: 'owed' };
      }
      try {
        this.hooks.beforeCommit?.(n);
      } catch (err) {
        throw new TickAborted(err);
      }
      return result;
    })();
  }
}
