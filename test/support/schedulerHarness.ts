/**
 * Test harness for the scheduler and outbox: a fake Courier that behaves like Discord towards nonces,
 * and builders for teams, programs and assigned sessions written straight to the database.
 */
import { createApp, type Runtime } from '../../src/app';
import type { Clock } from '../../src/clock';
import type { Db } from '../../src/db/database';
import { deloadPrescription } from '../../src/domain/adjustments';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { addDays, zonedInstant } from '../../src/domain/time';
import { silentLogger, type Logger } from '../../src/logger';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import { renderOwed } from '../../src/discord/courier';
import { Dispatcher, type DispatcherHooks } from '../../src/outbox/dispatcher';
import type { Courier, DeliveryResult, NoticeButton, OutboxEntry, StaffNotice } from '../../src/outbox/messages';
import { Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler';

export interface SentMessage {
  channel: 'dm' | 'fallback' | 'staff' | 'coaches' | 'edit';
  /** User id for DMs, guild id for channel posts. */
  to: string;
  what: 'session' | 'notice' | 'fallback' | 'staff' | 'digest' | 'coaches' | 'edit';
  nonce: string | undefined;
  text: string;
  buttons: NoticeButton[];
  assignmentId?: number;
  staff?: StaffNotice;
  /** For fallback pings: who was mentioned and what is waiting. */
  athleteIds?: string[];
  fallbackWhat?: string;
  /** The outbox row it came from. */
  outboxId: number;
  purpose: string;
  at: Date;
  messageId: string;
}

/** A failure the fake Discord answers with, by where the message goes. */
export type FakeFailure =
  { status: 'retry'; why: string; retryAfterMs?: number } | { status: 'unreachable'; why: string } | { status: 'failed'; why: string };

/**
 * The outbox's far side for tests: renders each owed message as the Discord courier does
 * (renderOwed) and records it. Like Discord with enforce_nonce, a nonce repeated by the bot within
 * `dedupeMs` returns the first message and creates nothing (`calls` still counts the attempt);
 * `dedupeMs: 0` turns that off, so a double send shows up in `delivered`. `failWhen` injects faults.
 */
export class FakeCourier implements Courier {
  readonly calls: SentMessage[] = [];
  readonly delivered: SentMessage[] = [];
  readonly closedDms = new Set<string>();
  failWhen: ((m: Omit<SentMessage, 'at' | 'messageId'>) => FakeFailure | undefined) | undefined;
  private readonly byNonce = new Map<string, SentMessage>();
  private nextId = 1;
  app!: Runtime;

  constructor(
    private readonly clock: Clock,
    private readonly opts: { dedupeMs?: number; yieldToOthers?: boolean } = {},
  ) {}

  async deliver(entry: OutboxEntry, progress: Parameters<Courier['deliver']>[1]): Promise<DeliveryResult> {
    // Let another process's work run in between, as a real network call would.
    if (this.opts.yieldToOthers) await new Promise((resolve) => setImmediate(resolve));
    const r = renderOwed(this.app, entry);
    if ('skip' in r) return { status: 'skipped', why: r.skip };
    const base = { nonce: entry.nonce, outboxId: entry.id, purpose: entry.purpose, buttons: [] as NoticeButton[] };
    let m: Omit<SentMessage, 'at' | 'messageId'>;
    switch (r.channel) {
      case 'dm':
        if (this.closedDms.has(r.userId)) return { status: 'dms_closed' };
        m =
          'session' in r
            ? { ...base, channel: 'dm', to: r.userId, what: 'session', text: r.session.title, assignmentId: r.session.id }
            : {
                ...base,
                channel: 'dm',
                to: r.userId,
                what: 'notice',
                text: r.notice.text,
                buttons: r.notice.buttons ?? [],
                ...(entry.assignmentId !== null ? { assignmentId: entry.assignmentId } : {}),
              };
        break;
      case 'editCard':
        m = {
          ...base,
          channel: 'edit',
          to: r.session.athleteId,
          what: 'edit',
          text: r.session.checkin ? 'logged' : 'open',
          assignmentId: r.session.id,
          nonce: undefined,
        };
        break;
      case 'staff':
        m = {
          ...base,
          channel: 'staff',
          to: entry.guildId,
          what: 'staff',
          text: [r.notice.title, ...r.notice.lines].join('\n'),
          buttons: r.notice.buttons ?? [],
          staff: r.notice,
        };
        break;
      case 'fallback':
        m = {
          ...base,
          channel: 'fallback',
          to: entry.guildId,
          what: 'fallback',
          text: `${r.athleteIds.join(',')}: ${r.what}`,
          athleteIds: r.athleteIds,
          fallbackWhat: r.what,
        };
        break;
      case 'coaches':
        m = { ...base, channel: 'coaches', to: entry.guildId, what: 'coaches', text: r.text };
        break;
      case 'digest':
        m = {
          ...base,
          channel: 'staff',
          to: entry.guildId,
          what: 'digest',
          text: `digest ${r.week.year}-W${String(r.week.week).padStart(2, '0')}`,
        };
        break;
    }
    const failure = this.failWhen?.(m);
    if (failure) return failure;
    const sent = this.record(m);
    if (m.what === 'digest') progress.partSent(1, { channelId: `staff-${entry.guildId}`, messageId: sent.messageId });
    return { status: 'sent', channelId: m.channel === 'dm' ? `dm-${m.to}` : `${m.channel}-${entry.guildId}`, messageId: sent.messageId };
  }

  /** Like looking in the channel: a message delivered under this row's nonce exists. */
  async findExisting(entry: OutboxEntry): Promise<{ channelId: string; messageId: string } | 'absent' | 'unknown'> {
    const found = this.delivered.find((m) => m.nonce === entry.nonce);
    return found ? { channelId: `${found.channel}-${entry.guildId}`, messageId: found.messageId } : 'absent';
  }

  private record(m: Omit<SentMessage, 'at' | 'messageId'>): SentMessage {
    const at = this.clock.now();
    const dedupeMs = this.opts.dedupeMs ?? 5 * 60_000;
    const previous = m.nonce ? this.byNonce.get(m.nonce) : undefined;
    const entry: SentMessage = {
      ...m,
      at,
      messageId: previous && dedupeMs > 0 && at.getTime() - previous.at.getTime() <= dedupeMs ? previous.messageId : String(this.nextId++),
    };
    this.calls.push(entry);
    if (previous && entry.messageId === previous.messageId) return previous;
    this.delivered.push(entry);
    if (m.nonce) this.byNonce.set(m.nonce, entry);
    return entry;
  }

  /** Delivered messages to one user (DMs) or one guild (channel posts). */
  to(id: string): SentMessage[] {
    return this.delivered.filter((m) => m.to === id);
  }
}

/** An app with its outbox delivered to `courier` by a dispatcher; schedulers made with schedulerFor deliver at the end of each tick. */
export function makeApp(db: Db, clock: Clock, courier: FakeCourier, opts: MakeAppOptions = {}): Runtime {
  const app = createApp({ db, clock, logger: opts.logger ?? silentLogger });
  courier.app = app;
  const dispatcher = new Dispatcher({
    app,
    courier,
    clock,
    ...(opts.owner ? { owner: opts.owner } : {}),
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
  });
  dispatchers.set(app, dispatcher);
  // As in the bot: a commit that owes something kicks the dispatcher (no timer: tests step the clock).
  if (opts.kickOnEnqueue !== false) app.outbox.onEnqueued(() => dispatcher.kick());
  return app;
}

export interface MakeAppOptions {
  /** The dispatcher's owner (the outbox's `owner` column), to tell two processes apart. */
  owner?: string;
  /** Crash points for simulations (a throwing hook aborts the drain like a killed process). */
  hooks?: DispatcherHooks;
  /**
   * false: deliver only when a tick or the test drains, never from a kick after a commit. Crash
   * simulations need this so a hook's throw ends the tick instead of a background drain.
   */
  kickOnEnqueue?: boolean;
  logger?: Logger;
}

const dispatchers = new WeakMap<Runtime, Dispatcher>();

export function dispatcherOf(app: Runtime): Dispatcher {
  const d = dispatchers.get(app);
  if (!d) throw new Error('app was not made with makeApp');
  return d;
}

/** A scheduler whose ticks also deliver what they owe (as the bot's dispatcher would right after). */
export function schedulerFor(options: SchedulerOptions): Scheduler {
  return new Scheduler({ dispatcher: dispatcherOf(options.app), deliverInTick: true, ...options });
}

export function seedTeam(
  app: Runtime,
  t: { guildId: string; timeZone: string; reminderTime?: string; sessionTime?: string; fallback?: boolean; painLimit?: number },
  now: Date,
): Team {
  app.teams.save(
    {
      guildId: t.guildId,
      timeZone: t.timeZone,
      coachRoleId: `role-${t.guildId}`,
      staffChannelId: `staff-${t.guildId}`,
      fallbackChannelId: t.fallback === false ? null : `fallback-${t.guildId}`,
    },
    now,
  );
  app.teamRepo.updateSettings(
    t.guildId,
    { reminderTime: t.reminderTime ?? '08:00', sessionTime: t.sessionTime ?? '17:00', painLimit: t.painLimit ?? 5 },
    now,
  );
  return app.teams.get(t.guildId)!;
}

export function addAthlete(app: Runtime, guildId: string, userId: string, now: Date): void {
  app.squadRepo.add(guildId, userId, `Athlete ${userId.slice(-4)}`, null, now);
  // As most athletes are: they agreed that what they report is stored (without it check-ins are refused).
  app.privacy.setConsent(guildId, userId, 'given');
}

export interface ProgramSpec {
  team: Team;
  athleteId: string;
  /** A Monday: week 1 starts here (weeks are ISO weeks, as in src/domain/programs.ts). */
  startMonday: string;
  /** Default 1. */
  weeks?: number;
  /** ISO weekdays of training sessions; default [1], a Monday session. */
  trainingDays?: number[];
  /** Default none. */
  mobilityDay?: number | null;
  /** Default none. */
  deloadWeeks?: number[];
  minutes?: number;
  createdAt: Date;
}

/** A program-like run: a programs row and its sessions as assignments (undelivered, as programs leave them). */
export function addProgram(app: Runtime, given: ProgramSpec): Assignment[] {
  const spec = { weeks: 1, trainingDays: [1], mobilityDay: null, deloadWeeks: [], ...given };
  const { team } = spec;
  const programId = Number(
    app.db
      .prepare(
        `INSERT INTO programs (guild_id, athlete_id, program_key, start_date, training_days, mobility_day, started_by, created_at)
         VALUES (?, ?, 'glute-ham-block', ?, ?, ?, 'coach', ?)`,
      )
      .run(team.guildId, spec.athleteId, spec.startMonday, spec.trainingDays.join(','), spec.mobilityDay, spec.createdAt.toISOString())
      .lastInsertRowid,
  );
  const strength = toPrescription(requireTemplate('glute-ham-emphasis'));
  const mobility = toPrescription(requireTemplate('mobility-day'));
  const rows = [];
  for (let week = 1; week <= spec.weeks; week++) {
    const monday = addDays(spec.startMonday, (week - 1) * 7);
    const deload = spec.deloadWeeks.includes(week);
    for (let day = 1; day <= 7; day++) {
      const date = addDays(monday, day - 1);
      const training = spec.trainingDays.includes(day);
      if (!training && spec.mobilityDay !== day) continue;
      const prescription = training ? (deload ? deloadPrescription(strength) : strength) : mobility;
      rows.push({
        guildId: team.guildId,
        athleteId: spec.athleteId,
        templateId: prescription.templateId,
        title: training ? `Glute-ham block · week ${week}${deload ? ' (deload)' : ''}` : 'Mobility',
        sessionDate: date,
        plannedStartAt: zonedInstant(date, team.sessionTime, team.timeZone),
        plannedMinutes: training ? (spec.minutes ?? 60) : 10,
        prescription,
        note: null,
        assignedBy: 'coach',
        programId,
        programWeek: week,
      });
    }
  }
  return app.assignmentRepo.createMany(rows, spec.createdAt);
}

/** An /assign session made (and DMed) at `createdAt`. */
export function addAssigned(
  app: Runtime,
  team: Team,
  athleteId: string,
  date: string,
  createdAt: Date,
  opts: { time?: string; templateId?: string; minutes?: number } = {},
): Assignment {
  const p = toPrescription(requireTemplate(opts.templateId ?? 'glute-ham-emphasis'));
  const [a] = app.assignmentRepo.createMany(
    [
      {
        guildId: team.guildId,
        athleteId,
        templateId: p.templateId,
        title: p.title,
        sessionDate: date,
        plannedStartAt: zonedInstant(date, opts.time ?? team.sessionTime, team.timeZone),
        plannedMinutes: opts.minutes ?? 60,
        prescription: p,
        note: null,
        assignedBy: 'coach',
      },
    ],
    createdAt,
  );
  app.assignmentRepo.markDelivered(team.guildId, a!.id, 'dm', createdAt, { channelId: `dm-${athleteId}`, messageId: `assign-${a!.id}` });
  return app.assignmentRepo.get(team.guildId, a!.id)!;
}

/** Deterministic PRNG (mulberry32) for seeded simulations. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fallback pings delivered, as (guild, athletes, what). */
export function fallbackPings(courier: FakeCourier): { guildId: string; athleteIds: string[]; what: string }[] {
  return courier.delivered
    .filter((m) => m.channel === 'fallback')
    .map((m) => ({ guildId: m.to, athleteIds: m.athleteIds ?? [], what: m.fallbackWhat ?? '' }));
}

/**
 * Reuses one prepared statement per SQL text on this connection. Repositories prepare on every
 * call, and compiling the same few dozen statements again dominates a simulated tick's cost
 * (about a quarter of it); SQLite re-prepares a cached statement itself if the schema changes.
 */
export function cacheStatements(db: Db): Db {
  const prepare = db.prepare.bind(db) as (sql: string) => ReturnType<Db['prepare']>;
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  const cached = (sql: string) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  db.prepare = cached as Db['prepare'];
  return db;
}
