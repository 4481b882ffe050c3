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
 *
 * A tick looks only at the teams that may owe something (a watermark per team, see
 * migrations/0016_tick_watermarks.sql): after looking at a team it stores the earliest instant
 * anything new can fall due for it (the next reminder, readiness or digest time in the team's
 * zone, a check-in prompt, a team session's RPE nudge, a session still settling). Until then the
 * team is skipped unless a write to what due() reads clears its watermark (SQLite triggers, in the
 * writer's transaction). A quiet minute therefore reads one row per team. Watermarks are stored
 * in the database and only trusted by a process that has looked at every team once, so a restart
 * (or new code) recomputes them and nothing is lost or repeated: the sent log still decides once.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { errorSummary } from '../outbox/dispatcher';
import { privacyUpkeepDue, runPrivacyUpkeepInSlices } from './privacy';
import cron, { type ScheduledTask } from 'node-cron';
import type { Runtime } from '../app';
import { optimizeDatabase } from '../db/database';
import { nextTurn, type Foreground } from '../foreground';
import { memoize } from '../memoize';
import type { Clock } from '../clock';
import type { Dispatcher } from '../outbox/dispatcher';
import { notificationKey, type DueNotification, type ScheduledJob } from './job';
import { scheduledJobs } from './jobs';
import { dateWindow, localTimeAt, MINUTE } from './jobs/common';
import { TickContext, TickShared } from './tickContext';
import { addDays, isoWeekday, localDateOf, type LocalDate } from '../domain/time';
import type { Team } from '../repositories/teams';
import type { Watermark } from '../repositories/schedule';
import type { DecideReads } from './job';
import { SentLog } from './sentLog';

/** After a long downtime, missed notifications further back than this are not even recorded. */
export const DEFAULT_MAX_CATCH_UP_MS = 3 * 86_400_000;

/** The most days before a notification's own date that a job looks at its session (the pain follow-up: up to 3). */
const CANDIDATE_DAYS_BEFORE = 3;

/** A tick gives the event loop back at least this often while it decides (interactions wait at most about this long). */
const YIELD_AFTER_MS = 4;

/** Teams looked at together: each chunk's reads and decisions come between yields. */
const TEAMS_PER_CHUNK = 2;

/** A session made this recently is still being delivered by whoever created it (session_delivery, mobility). */
const SETTLE_MS = 2 * MINUTE;

/** However quiet a team, it is looked at again within this (a bound on what the watermark reasoning must cover). */
const MAX_WATERMARK_MS = 24 * 3_600_000;

/** The minute of each hour the tick runs PRAGMA optimize (reminders and digests mostly fall on :00 and :30). */
const OPTIMIZE_MINUTE = 17;

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
  /** The bot's interactions and DM replies in flight: a tick's slices wait for them (src/foreground.ts). */
  foreground?: Foreground;
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
  /** Between slices of a tick: interactions in flight go first (Foreground). */
  private readonly giveWay: () => Promise<void>;
  /** Watermarks are trusted only once this process has looked at every team (they may come from older code). */
  private lookedAtAll = false;

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
    const foreground = options.foreground;
    this.giveWay = foreground ? () => foreground.turn() : nextTurn;
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
    // What every chunk shares (the fleet's teams, excusals, readiness settings), read once.
    const shared = new TickShared(this.app);
    const marks = this.app.schedule.watermarks();
    const lookAt = [...shared.teams().keys()].filter((g) => !this.lookedAtAll || this.mayOwe(marks.get(g), now));
    const earliest = new Date(Math.min(...this.jobs.map((job) => this.sinceFor(job, now, lastTick).getTime())));
    const sessions = dateWindow(earliest, now, CANDIDATE_DAYS_BEFORE);
    let allLooked = true;
    for (let i = 0; i < lookAt.length; i += TEAMS_PER_CHUNK) {
      const guilds = lookAt.slice(i, i + TEAMS_PER_CHUNK);
      // Read before the teams' data: a write after this makes the stored watermark lose (see storeWatermarks).
      const changes = this.app.schedule.watermarkChanges(guilds);
      const tick = new TickContext(this.app, { guilds, shared });
      await tick.primeSessions(sessions, this.giveWay);
      tick.prime({ excusals: dateWindow(earliest, now, CANDIDATE_DAYS_BEFORE, 21) });
      const nextDue = new Map<string, number>();
      let failed = false;
      for (const job of this.jobs) {
        try {
          await this.runJob(job, now, lastTick, report, tick, guilds, nextDue);
        } catch (err) {
          if (err instanceof TickAborted) throw err;
          failed = true;
          this.app.logger.error({ err: errorSummary(err), kind: job.kind }, 'scheduled job failed');
        }
        // Let interactions in between jobs.
        await this.giveWay();
      }
      // A job that failed may owe something now: its teams are looked at again next tick.
      if (failed) allLooked = false;
      else this.storeWatermarks(guilds, changes, tick, now, nextDue);
    }
    if (allLooked) this.lookedAtAll = true;
    this.sentLog.recordTick(now);
    // Discord never replays an interaction after a day: older idempotency keys can go.
    this.app.interactions.prune(new Date(now.getTime() - 86_400_000));
    // Retention and the deletion of teams the bot left 30 days ago: idempotent, so hourly (and once at
    // start) is enough to keep "deleted on the day" true in every zone.
    if (privacyUpkeepDue(now, this.lastPrivacyUpkeep)) {
      try {
        const done = await runPrivacyUpkeepInSlices(this.app, this.giveWay);
        if (done.deletedTeams.length)
          this.app.logger.info({ teams: done.deletedTeams.length }, 'deleted the data of teams the bot left 30 days ago');
      } catch (err) {
        this.app.logger.error({ err: errorSummary(err) }, 'privacy upkeep failed');
      }
      this.lastPrivacyUpkeep = now;
    }
    // Hourly, as SQLite advises, so the planner has statistics for the queries a tick makes: with
    // a bounded analysis (analysis_limit) and off the top of the hour, when reminders fall due.
    if (now.getUTCMinutes() === OPTIMIZE_MINUTE) {
      this.app.db.pragma('analysis_limit = 400');
      optimizeDatabase(this.app.db, 'optimize');
    }
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

  /** Whether a team may owe something at `now`: no watermark, something changed, its instant came, or the clock went back. */
  private mayOwe(mark: Watermark | undefined, now: Date): boolean {
    if (!mark?.notBefore || !mark.evaluatedAt) return true;
    return now >= mark.notBefore || now < mark.evaluatedAt;
  }

  /**
   * After a chunk's jobs ran: for each team, the earliest instant anything new can fall due, i.e.
   * the first of what the jobs returned as not yet due, the team's next reminder, readiness and
   * digest times (every reminder about a session or a deload week, the pain follow-up, the nudge,
   * the readiness check and the digest fall due at one of them), and the end of a new session's
   * settling time. Stored only if nothing was written for the team meanwhile.
   */
  private storeWatermarks(
    guilds: readonly string[],
    changes: Map<string, number>,
    tick: TickContext,
    now: Date,
    nextDue: Map<string, number>,
  ): void {
    const teams = tick.teams();
    const asking = new Map(tick.readinessTeams().map((r) => [r.guildId, r.askTime ?? r.reminderTime]));
    const settling = new Map<string, number>();
    for (const c of tick.readSessions()) {
      const settled = c.createdAt.getTime() + SETTLE_MS;
      if (settled > now.getTime()) settling.set(c.guildId, Math.min(settling.get(c.guildId) ?? Infinity, settled));
    }
    const list = guilds.flatMap((guildId) => {
      const team = teams.get(guildId);
      const count = changes.get(guildId);
      if (!team || count === undefined) return [];
      const times = [team.reminderTime, ...(asking.has(guildId) ? [asking.get(guildId)!] : [])];
      const at = Math.min(
        nextLocalInstant(team, times, now),
        nextDue.get(guildId) ?? Infinity,
        settling.get(guildId) ?? Infinity,
        now.getTime() + MAX_WATERMARK_MS,
      );
      return [{ guildId, notBefore: new Date(at), changes: count }];
    });
    this.app.schedule.storeWatermarks(list, now);
  }

  private async runJob(
    job: ScheduledJob,
    now: Date,
    lastTick: Date | null,
    report: TickReport,
    tick: TickContext,
    guilds: readonly string[],
    nextDue: Map<string, number>,
  ): Promise<void> {
    const graceStart = new Date(now.getTime() - job.graceMinutes * 60_000);
    const since = this.sinceFor(job, now, lastTick);
    const nowMs = now.getTime();
    const keyed: { n: DueNotification; key: string; at: number }[] = [];
    for (const n of job.due(this.app, now, since, tick)) {
      const at = n.dueAt.getTime();
      // Not yet due: the team's watermark must come no later than this.
      if (at > nowMs) nextDue.set(n.guildId, Math.min(nextDue.get(n.guildId) ?? Infinity, at));
      else if (n.dueAt >= since) keyed.push({ n, key: notificationKey(n), at });
    }
    if (keyed.length === 0) return;
    // Keys worked out once, not in every comparison of the sort.
    keyed.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
    // Only an optimisation: the sent log's UNIQUE key is what guarantees once.
    const settled = this.sentLog.settledKeysFor(job.kind, guilds, new Date(since.getTime() - 2 * 86_400_000));
    const todo = keyed.filter((k) => !settled.has(k.key));
    if (todo.length === 0) return;
    // What due() cost comes before the first batch, not on top of it.
    await this.giveWay();
    const excusalWindow = dateWindow(since, now, CANDIDATE_DAYS_BEFORE, 21);
    // A busy minute (thousands of deliveries) is decided in batches, one transaction each, with
    // the event loop given back between them. Each notification's sent-log row and outbox rows
    // are in its batch's transaction: they commit together or not at all.
    let i = 0;
    while (i < todo.length) {
      const batch: TickReport['results'] = [];
      const sliceStart = performance.now();
      const reads = batchReads(this.app, excusalWindow);
      this.app.db.transaction(() => {
        while (i < todo.length && (batch.length === 0 || performance.now() - sliceStart < YIELD_AFTER_MS)) {
          const { n, key } = todo[i++]!;
          if (n.dueAt < graceStart) {
            if (this.sentLog.markSkipped(n, `more than ${job.graceMinutes} min late`, now)) {
              batch.push({ key, notification: n, status: 'skipped', detail: 'too late' });
            }
            continue;
          }
          batch.push({ key, notification: n, ...this.decide(job, n, now, key, reads) });
        }
      })();
      report.results.push(...batch);
      if (i < todo.length) await this.giveWay();
    }
  }

  /** Records the decision and writes what it owes; runs inside its batch's transaction. */
  private decide(
    job: ScheduledJob,
    n: DueNotification,
    now: Date,
    key: string,
    reads: DecideReads,
  ): { status: TickStatus; detail?: string } {
    const expiresAt = new Date(n.dueAt.getTime() + job.graceMinutes * 60_000);
    if (!this.sentLog.record(n, now)) return { status: 'held' };
    const decided = job.owe(this.app, n, { key, now, expiresAt, reads });
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
  }
}

/** The first instant after `now` at which the team's clock reads one of `times` (or its digest time on its digest day). */
function nextLocalInstant(team: Team, times: readonly string[], now: Date): number {
  const today = localDateOf(now, team.timeZone);
  let next = Infinity;
  const consider = (date: LocalDate, time: string) => {
    const at = localTimeAt(date, time, team.timeZone).getTime();
    if (at > now.getTime() && at < next) next = at;
  };
  for (let d = -1; d <= 2; d++) {
    const date = addDays(today, d);
    for (const time of times) consider(date, time);
    if (isoWeekday(date) === team.digestWeekday) consider(date, team.digestTime);
  }
  return next;
}

/**
 * The re-checks of one batch: the team, its squad and its excusals over the tick's window, each
 * read once per team, inside the batch's transaction (so what a decision would have read itself).
 */
function batchReads(app: Runtime, window: { from: LocalDate; to: LocalDate }): DecideReads {
  const squad = memoize((guildId: string) => app.schedule.squadIds(guildId));
  const excusals = memoize((guildId: string) => app.excusalRepo.overlapping(guildId, window.from, window.to));
  return {
    team: memoize((guildId: string) => app.teams.get(guildId)),
    onSquad: (guildId, athleteId) => squad(guildId).has(athleteId),
    isExcused(guildId, athleteId, date) {
      if (date < window.from || date > window.to) return app.excusals.isExcused(guildId, athleteId, date);
      return excusals(guildId).some((e) => e.athleteId === athleteId && e.fromDate <= date && e.toDate >= date);
    },
  };
}
