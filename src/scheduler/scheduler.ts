/**
 * The scheduler runner. Once-only delivery rests on the sent log (src/scheduler/sentLog.ts):
 *
 *   claim   INSERT ... ON CONFLICT DO NOTHING on (kind, guild, subject, slot), or a conditional
 *           UPDATE taking over a claim whose lease ran out: exactly one process wins.
 *   sending marked just before the send; from here a message may exist.
 *   send    with a Discord nonce derived from the key and enforce_nonce, so Discord itself
 *           returns the first message if the same nonce is sent again within a few minutes.
 *   mark    sent / fallback / skipped / failed, only by the claim's owner.
 *
 * What is left (honestly): a process that dies after Discord accepted the message and before
 * 'mark' leaves a 'sending' row. It is retried (same nonce, deduplicated by Discord) only while
 * the first attempt is under DEFAULT_NONCE_WINDOW_MS old; Discord documents "a few minutes"
 * without a number, so two minutes is an assumption. Later it becomes 'uncertain' and is never
 * retried: at most once, so such a notification may be lost, never doubled. The window is one
 * SQLite write wide. A claim whose send never started is always safe to retry within its grace.
 */
import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { App } from '../app';
import type { Clock } from '../clock';
import { notificationKey, type DueNotification, type ScheduledJob, type SendOutcome } from './job';
import { scheduledJobs } from './jobs';
import { nonceFor, SentLog, type NotificationStatus } from './sentLog';

/** How long a claim is held before another process (or a restart) may take it over. */
export const DEFAULT_LEASE_MS = 60_000;
/**
 * How long after a first send attempt a retry still reuses the nonce safely. Discord dedupes a
 * repeated nonce (with enforce_nonce) from the same author "in the past few minutes" without
 * saying how many; two minutes stays on the safe side of that.
 */
export const DEFAULT_NONCE_WINDOW_MS = 120_000;
/** A notification is claimed at most this many times (a crash each time would otherwise loop). */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** After a long downtime, missed notifications further back than this are not even recorded. */
export const DEFAULT_MAX_CATCH_UP_MS = 3 * 86_400_000;

/** Test hooks; a hook that throws aborts the tick as a crash of the process would. */
export interface SchedulerHooks {
  /** After the claim is stored, before anything is sent. */
  afterClaim?(n: DueNotification): void | Promise<void>;
  /** After the send returned, before its outcome is stored. */
  afterSend?(n: DueNotification, outcome: SendOutcome): void | Promise<void>;
}

export interface SchedulerOptions {
  app: App;
  jobs?: readonly ScheduledJob[];
  /** Defaults to the app's clock. */
  clock?: Clock;
  /** Identifies this process's claims; random by default. */
  owner?: string;
  leaseMs?: number;
  nonceWindowMs?: number;
  maxAttempts?: number;
  maxCatchUpMs?: number;
  hooks?: SchedulerHooks;
}

export type TickStatus = NotificationStatus | 'held';

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
  private readonly app: App;
  private readonly jobs: readonly ScheduledJob[];
  private readonly clock: Clock;
  private readonly leaseMs: number;
  private readonly nonceWindowMs: number;
  private readonly maxAttempts: number;
  private readonly maxCatchUpMs: number;
  private readonly hooks: SchedulerHooks;
  private task: ScheduledTask | undefined;
  private current: Promise<unknown> = Promise.resolve();
  private busy = false;
  private stopped = false;

  constructor(options: SchedulerOptions) {
    this.app = options.app;
    this.jobs = options.jobs ?? scheduledJobs;
    this.clock = options.clock ?? options.app.clock;
    this.owner = options.owner ?? randomUUID();
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.nonceWindowMs = options.nonceWindowMs ?? DEFAULT_NONCE_WINDOW_MS;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
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
      .catch((err: unknown) => this.app.logger.error({ err }, 'scheduler tick failed'))
      .finally(() => {
        this.busy = false;
      });
  }

  private async runTick(now: Date): Promise<TickReport> {
    const report: TickReport = { at: now, results: [] };
    const lastTick = this.sentLog.lastTickAt();
    const nonceCutoff = new Date(now.getTime() - this.nonceWindowMs);
    for (const job of this.jobs) {
      try {
        await this.runJob(job, now, lastTick, nonceCutoff, report);
      } catch (err) {
        if (err instanceof TickAborted) throw err;
        this.app.logger.error({ err, kind: job.kind }, 'scheduled job failed');
      }
    }
    this.sentLog.recordTick(now);
    return report;
  }

  private async runJob(job: ScheduledJob, now: Date, lastTick: Date | null, nonceCutoff: Date, report: TickReport): Promise<void> {
    const graceStart = new Date(now.getTime() - job.graceMinutes * 60_000);
    this.sentLog.reapExpired(job.kind, now, { dueCutoff: graceStart, nonceCutoff, maxAttempts: this.maxAttempts });
    // After downtime, look back to the last completed tick so what is now too late gets recorded as skipped.
    const catchUpFloor = new Date(now.getTime() - this.maxCatchUpMs);
    const since = lastTick && lastTick < graceStart ? (lastTick > catchUpFloor ? lastTick : catchUpFloor) : graceStart;
    const due = job
      .due(this.app, now, since)
      .filter((n) => n.dueAt <= now && n.dueAt >= since)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || notificationKey(a).localeCompare(notificationKey(b)));
    if (due.length === 0) return;
    // Only an optimisation: the claim itself is what guarantees once.
    const settled = this.sentLog.settledKeys(job.kind, new Date(since.getTime() - 2 * 86_400_000));
    for (const n of due) {
      const key = notificationKey(n);
      if (settled.has(key)) continue;
      if (n.dueAt < graceStart) {
        if (this.sentLog.markSkipped(n, `more than ${job.graceMinutes} min late`, now)) {
          report.results.push({ key, notification: n, status: 'skipped', detail: 'too late' });
        }
        continue;
      }
      report.results.push({ key, notification: n, ...(await this.process(job, n, now, nonceCutoff)) });
    }
  }

  private async process(job: ScheduledJob, n: DueNotification, now: Date, nonceCutoff: Date): Promise<{ status: TickStatus; detail?: string }> {
    const claim = this.sentLog.claim(n, this.owner, now, { leaseMs: this.leaseMs, nonceCutoff, maxAttempts: this.maxAttempts });
    if (!claim.claimed) return { status: 'held' };
    await this.hook(() => this.hooks.afterClaim?.(n));
    if (!this.sentLog.beginSend(n, this.owner, this.clock.now(), this.leaseMs)) return { status: 'held' };
    let outcome: SendOutcome;
    try {
      outcome = await job.send(this.app, n, nonceFor(n));
    } catch (err) {
      this.app.logger.error({ err, key: notificationKey(n) }, 'scheduled send threw');
      outcome = { status: 'failed', why: err instanceof Error ? err.message : String(err) };
    }
    await this.hook(() => this.hooks.afterSend?.(n, outcome));
    const detail = 'why' in outcome ? outcome.why : claim.resend ? `resent with the same nonce (attempt ${claim.attempt})` : null;
    if (!this.sentLog.finish(n, this.owner, outcome.status, detail, this.clock.now())) {
      this.app.logger.warn({ key: notificationKey(n) }, 'claim was taken over while sending; the new owner records the outcome');
      return { status: 'held' };
    }
    if (outcome.status === 'failed') this.app.logger.warn({ key: notificationKey(n), why: outcome.why }, 'scheduled notification failed');
    return detail ? { status: outcome.status, detail } : { status: outcome.status };
  }

  private async hook(run: () => void | Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      throw new TickAborted(err);
    }
  }
}
