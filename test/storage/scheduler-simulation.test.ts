/**
 * Ten simulated weeks of a program-like squad in four zones (London, New York, Sydney, Tonga)
 * against a real SQLite file. The clock jumps from one instant to the next at which anything can
 * happen (a team's reminder time, a session's check-in prompt, an athlete's log, a retry or a
 * lease running out in the outbox) instead of ticking every minute.
 *
 * The decision log and the outbox must equal an independently computed expected list; with
 * crashes inside the decision, between claim and send and between send and settle, each
 * followed by a downtime and a new process on a reopened connection (three seeds, each over an
 * overlapping third of the ten weeks), every owed message is delivered once (by nonce) or
 * recorded with its reason, never twice; two schedulers and two dispatchers on one file (the
 * first two weeks) deliver everything once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { addDays, zonedInstant } from '../../src/domain/time';
import { DEFAULT_LEASE_MS, DEFAULT_NONCE_WINDOW_MS, DispatchAborted } from '../../src/outbox/dispatcher';
import type { DeliveryResult, OutboxEntry } from '../../src/outbox/messages';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import { notificationKey, type DueNotification, type ScheduledJob } from '../../src/scheduler/job';
import { scheduledJobs } from '../../src/scheduler/jobs';
import { TickAborted, type Scheduler } from '../../src/scheduler/scheduler';
import { tempDatabase } from '../support/db';
import {
  addAssigned,
  addAthlete,
  addProgram,
  cacheStatements,
  dispatcherOf,
  FakeCourier,
  makeApp,
  prng,
  schedulerFor,
  seedTeam,
} from '../support/schedulerHarness';

const REMINDER_KINDS = new Set([
  'session_delivery',
  'session_reminder',
  'checkin_prompt',
  'checkin_nudge',
  'mobility_reminder',
  'deload_heads_up',
  'deload_start',
  'deload_staff',
  'pain_followup',
]);
/** This jobs, in registry order (the weekly digest has its own tests). */
const JOBS: ScheduledJob[] = scheduledJobs.filter((j) => REMINDER_KINDS.has(j.kind));
const GRACE = new Map(JOBS.map((j) => [j.kind, j.graceMinutes * 60_000]));

const START = '2026-02-23'; // a Monday; ten weeks cover the March changes (London, New York) and Sydney's April one
const WEEKS = 10;
const T0 = new Date('2026-02-01T00:00:00Z');
const SIM_FROM = new Date('2026-02-21T00:00:00Z');
const SIM_TO = new Date(`${addDays(START, WEEKS * 7 + 2)}T12:00:00Z`);
const HOUR = 3_600_000;
const MOBILITY = 'mobility-day';
/** FakeCourier's default: Discord remembers a nonce for a few minutes. */
const DISCORD_NONCE_MEMORY_MS = 5 * 60_000;

type Behaviour = 'before' | 'afterPrompt' | 'late' | 'never' | 'missed';

interface SimSession {
  a: Assignment;
  team: Team;
  behaviour: Behaviour;
  pain: number;
  logAt: Date | null;
}

interface Scenario {
  teams: Team[];
  sessions: SimSession[];
  excused: Map<string, { from: string; to: string }>;
  closedDms: Set<string>;
  programs: { team: Team; athleteId: string; deloadWeeks: number[] }[];
}

const at = (t: Team, date: string, time: string) => zonedInstant(date, time, t.timeZone);
const endOf = (a: Assignment) => new Date(Date.parse(a.plannedStartAt) + a.plannedMinutes * 60_000);
const keyOf = (e: { kind: string; guildId: string; subject: string; slot: string }) => notificationKey(e);

/** Builds the squad and decides, with a seeded PRNG, how each athlete logs each session. */
function buildScenario(app: Runtime, seed: number, behaviours: Behaviour[]): Scenario {
  const random = prng(seed);
  const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Pacific/Tongatapu'];
  const scenario: Scenario = { teams: [], sessions: [], excused: new Map(), closedDms: new Set(), programs: [] };
  const byTeam = new Map<string, Assignment[]>();
  zones.forEach((zone, i) => {
    const team = seedTeam(
      app,
      { guildId: `90000000000000000${i}`, timeZone: zone, reminderTime: i === 3 ? '07:30' : '08:00', sessionTime: '17:00' },
      T0,
    );
    scenario.teams.push(team);
    const id = (k: number) => `2000000000000000${i}${k}`;
    for (let k = 1; k <= 4; k++) addAthlete(app, team.guildId, id(k), T0);
    const deloadWeeks = [4, 8];
    const sessions = [
      ...addProgram(app, {
        team,
        athleteId: id(1),
        startMonday: START,
        weeks: WEEKS,
        trainingDays: [1, 4],
        mobilityDay: 3,
        deloadWeeks,
        createdAt: T0,
      }),
      ...addProgram(app, {
        team,
        athleteId: id(2),
        startMonday: START,
        weeks: WEEKS,
        trainingDays: [2, 5],
        mobilityDay: 6,
        deloadWeeks,
        createdAt: T0,
      }),
      ...addProgram(app, {
        team,
        athleteId: id(4),
        startMonday: START,
        weeks: WEEKS,
        trainingDays: [1, 4],
        mobilityDay: null,
        deloadWeeks,
        createdAt: T0,
      }),
    ];
    byTeam.set(team.guildId, sessions);
    scenario.programs.push(
      { team, athleteId: id(1), deloadWeeks },
      { team, athleteId: id(2), deloadWeeks },
      { team, athleteId: id(4), deloadWeeks },
    );
    // An /assign athlete: Wednesday sessions DMed well in advance.
    for (let w = 0; w < WEEKS; w++)
      sessions.push(addAssigned(app, team, id(3), addDays(START, w * 7 + 2), T0, { time: '18:00', minutes: 45 }));
    // Athlete 4 is ill for weeks 3-5 (a deload Monday and its heads-up fall inside).
    const excusal = { from: addDays(START, 14), to: addDays(START, 34) };
    app.excusalRepo.add(
      { guildId: team.guildId, athleteId: id(4), fromDate: excusal.from, toDate: excusal.to, reason: 'illness', createdBy: 'coach' },
      T0,
    );
    scenario.excused.set(`${team.guildId}|${id(4)}`, excusal);
    if (i === 0) scenario.closedDms.add(id(2)); // DMs closed: everything goes to the fallback channel
  });
  for (const team of scenario.teams) {
    // In id order, as stored (the builders return what they wrote).
    for (const a of byTeam.get(team.guildId)!.sort((x, y) => x.id - y.id)) {
      const behaviour = behaviours[Math.floor(random() * behaviours.length)]!;
      const pain = behaviour === 'before' || behaviour === 'late' ? (random() < 0.3 ? 7 : 1) : 0;
      const end = endOf(a);
      const logAt =
        behaviour === 'before' || behaviour === 'missed'
          ? new Date(end.getTime() + 10 * 60_000)
          : behaviour === 'afterPrompt'
            ? new Date(end.getTime() + 2 * HOUR)
            : behaviour === 'late'
              ? at(team, addDays(a.sessionDate, 1), '22:00')
              : null;
      scenario.sessions.push({ a, team, behaviour, pain, logAt });
    }
  }
  return scenario;
}

function isExcused(s: Scenario, guildId: string, athleteId: string, date: string): boolean {
  const e = s.excused.get(`${guildId}|${athleteId}`);
  return !!e && e.from <= date && date <= e.to;
}

interface Expected extends DueNotification {
  /** The outbox status its first message ends in when nothing goes wrong. */
  status: 'sent' | 'fallback';
  /** When it stops being due (the athlete logs the session), if it does. */
  until?: Date;
}

/** The oracle: what the rules say is owed, computed from the scenario, not the database. */
function expectedList(s: Scenario): Expected[] {
  const out: Expected[] = [];
  const push = (team: Team, kind: string, subject: string, slot: string, dueAt: Date, until?: Date | null) =>
    out.push({
      kind,
      guildId: team.guildId,
      subject,
      slot,
      dueAt,
      status: subject !== 'staff' && s.closedDms.has(subject) ? 'fallback' : 'sent',
      ...(until ? { until } : {}),
    });
  for (const { a, team, pain, logAt } of s.sessions) {
    const ex = (date: string) => isExcused(s, team.guildId, a.athleteId, date);
    const slot = `assignment:${a.id}`;
    const morning = at(team, a.sessionDate, team.reminderTime);
    // Any session logged with pain above the limit, mobility included, gets "has it settled?".
    if (pain > team.painLimit && logAt) {
      for (const day of [1, 2]) {
        const date = addDays(a.sessionDate, day);
        const due = at(team, date, team.reminderTime);
        if (due <= logAt) continue;
        if (!ex(date)) push(team, 'pain_followup', a.athleteId, slot, due);
        break;
      }
    }
    if (a.templateId === MOBILITY) {
      if (!ex(a.sessionDate)) push(team, 'mobility_reminder', a.athleteId, slot, morning, logAt);
      continue;
    }
    if (!ex(a.sessionDate)) push(team, a.programId ? 'session_delivery' : 'session_reminder', a.athleteId, slot, morning, logAt);
    const prompt = new Date(endOf(a).getTime() + 30 * 60_000);
    if (!ex(a.sessionDate) && !(logAt && logAt < prompt)) push(team, 'checkin_prompt', a.athleteId, slot, prompt, logAt);
    const next = addDays(a.sessionDate, 1);
    const nudge = at(team, next, team.reminderTime);
    if (!ex(a.sessionDate) && !ex(next) && !(logAt && logAt < nudge)) push(team, 'checkin_nudge', a.athleteId, slot, nudge, logAt);
  }
  const staffWeeks = new Set<string>();
  for (const { team, athleteId, deloadWeeks } of s.programs) {
    const programId = s.sessions.find((x) => x.a.athleteId === athleteId && x.team.guildId === team.guildId && x.a.programId)!.a.programId!;
    for (const week of deloadWeeks) {
      const monday = addDays(START, (week - 1) * 7);
      const slot = `program:${programId}:week:${week}`;
      const lastTraining = s.sessions
        .filter((x) => x.a.programId === programId && x.a.templateId !== MOBILITY && x.a.sessionDate < monday)
        .map((x) => x.a.sessionDate)
        .sort()
        .at(-1)!;
      if (!isExcused(s, team.guildId, athleteId, lastTraining))
        push(team, 'deload_heads_up', athleteId, slot, at(team, lastTraining, team.reminderTime));
      if (!isExcused(s, team.guildId, athleteId, monday)) push(team, 'deload_start', athleteId, slot, at(team, monday, team.reminderTime));
      const staffKey = `${team.guildId}|${week}`;
      if (!staffWeeks.has(staffKey)) {
        staffWeeks.add(staffKey);
        const iso = `2026-W${String(9 + week - 1).padStart(2, '0')}`; // START is in ISO week 9
        push(team, 'deload_staff', 'staff', iso, at(team, monday, team.reminderTime));
      }
    }
  }
  return out.sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime() || keyOf(x).localeCompare(keyOf(y)));
}

/**
 * The instants at which the scheduler can owe something, from the scenario alone: each team's
 * reminder time each day (deliveries, reminders, nudges, deload notices, pain follow-ups) and
 * each session's check-in prompt. Nothing else can fall due, so the clock jumps between them.
 */
function schedulerInstants(s: Scenario): number[] {
  const set = new Set<number>();
  for (const team of s.teams) {
    for (let d = addDays(START, -1); d <= addDays(START, WEEKS * 7 + 1); d = addDays(d, 1))
      set.add(at(team, d, team.reminderTime).getTime());
  }
  for (const { a } of s.sessions) set.add(endOf(a).getTime() + 30 * 60_000);
  return [...set].filter((t) => t >= SIM_FROM.getTime() && t <= SIM_TO.getTime()).sort((x, y) => x - y);
}

/** The outbox's own next instant: a retry's turn or a crashed claim's lease running out. */
function outboxNextAt(app: Runtime): number {
  const next = app.outbox.nextDueAt()?.getTime() ?? Infinity;
  const lease = app.db.prepare<[], { at: string | null }>(`SELECT min(lease_until) AS at FROM outbox WHERE status = 'sending'`).get()?.at;
  return Math.min(next, lease ? Date.parse(lease) : Infinity);
}

function logPending(s: Scenario): SimSession[] {
  return s.sessions.filter((x) => x.logAt).sort((x, y) => x.logAt!.getTime() - y.logAt!.getTime());
}

/** Applies the athletes' check-ins that happen up to `now`. */
function applyLogs(app: Runtime, pending: SimSession[], now: number): void {
  while (pending.length && pending[0]!.logAt!.getTime() <= now) {
    const { a, behaviour, pain, logAt } = pending.shift()!;
    const target = { guildId: a.guildId, assignmentId: a.id, athleteId: a.athleteId };
    if (behaviour === 'missed') app.checkinRepo.saveMissed(target, 'work', 'modal', logAt!);
    else
      app.checkinRepo.saveCompleted(
        target,
        { rpe: 6, minutes: a.plannedMinutes, pain, painArea: pain ? 'hamstring' : null, note: null },
        'modal',
        logAt!,
      );
  }
}

/**
 * Steps through the simulation: at each instant the next log, scheduler instant or outbox
 * instant (whichever comes first), logs are applied; at a scheduler instant `step` runs a tick,
 * at an instant only the outbox has (a retry, a lease running out) just the dispatcher's drain,
 * as the bot's dispatcher polls on its own between the scheduler's minutes.
 */
async function jump(
  s: Scenario,
  pending: SimSession[],
  current: () => Runtime,
  clock: ManualClock,
  until: number,
  step: (t: number, what: 'tick' | 'drain') => Promise<void>,
  floor: () => number = () => -Infinity,
): Promise<number> {
  const instants = schedulerInstants(s).filter((t) => t < until);
  let i = 0;
  let ticks = 0;
  let last = -Infinity;
  let stuck = 0;
  for (;;) {
    const low = floor();
    while (i < instants.length && instants[i]! < low) i++;
    const nextTick = Math.min(instants[i] ?? Infinity, Math.max(outboxNextAt(current()), low));
    const nextLog = pending[0]?.logAt?.getTime() ?? Infinity;
    const t = Math.min(nextTick, nextLog);
    if (t >= until) return ticks;
    // The same instant again is fine (a fallback ping owed by the last pass); forever is a bug.
    stuck = t === last ? stuck + 1 : 0;
    last = t;
    if (stuck > 5) throw new Error(`the outbox keeps something due at ${new Date(t).toISOString()} that no tick settles`);
    clock.set(new Date(t));
    applyLogs(current(), pending, t);
    if (nextTick !== t) continue;
    const what = instants[i] === t ? 'tick' : 'drain';
    while (i < instants.length && instants[i]! <= t) i++;
    if (what === 'tick') ticks++;
    await step(t, what);
  }
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.forEach((c) => c());
  cleanups = [];
});

function freshStore() {
  const store = tempDatabase();
  cleanups.push(store.cleanup);
  return store;
}

/** Deliveries per nonce that Discord kept (a nonce repeated within its memory created nothing). */
function deliveriesByNonce(courier: FakeCourier): Map<string, number> {
  const n = new Map<string, number>();
  for (const m of courier.delivered) if (m.nonce) n.set(m.nonce, (n.get(m.nonce) ?? 0) + 1);
  return n;
}

/** What else a decided notification may owe besides its own message: fallback pings, reports to staff. */
const FOLLOW_ON_PURPOSES = new Set([
  'fallback_ping',
  'session_changed',
  'pain_question_undelivered',
  'regression',
  'early_deload',
  'coach_note',
]);

describe('ten simulated weeks, jumping between due instants', () => {
  it('the decision log and the outbox equal the expected list: nothing missing, nothing twice, each decided at its due instant', async () => {
    const store = freshStore();
    const clock = new ManualClock(T0);
    const courier = new FakeCourier(clock);
    // Delivered at the end of each tick (deliverInTick), not also by a background kick: half the drains.
    const app = makeApp(cacheStatements(store.db), clock, courier, { kickOnEnqueue: false });
    const scenario = buildScenario(app, 7, ['before', 'afterPrompt', 'late', 'never', 'missed']);
    scenario.closedDms.forEach((id) => courier.closedDms.add(id));
    const expected = expectedList(scenario);
    const scheduler = schedulerFor({ app, jobs: JOBS });
    const pending = logPending(scenario);
    const ticks = await jump(
      scenario,
      pending,
      () => app,
      clock,
      SIM_TO.getTime(),
      async (_t, what) => {
        await (what === 'tick' ? scheduler.tick() : dispatcherOf(app).drain());
      },
    );
    // Jumping, not ticking every slot: about three instants per team and day.
    expect(ticks).toBeLessThan(4 * (WEEKS * 7 + 3) * 3);

    const log = scheduler.sentLog.list();
    const line = (e: { kind: string; guildId: string; subject: string; slot: string }, dueAt: string) => `${keyOf(e)} @${dueAt}`;
    expect(log.map((e) => line(e, e.dueAt)).sort()).toEqual(expected.map((e) => line(e, e.dueAt.toISOString())).sort());
    for (const e of log) {
      expect(e.status, keyOf(e)).toBe('sent'); // decided: its messages were written to the outbox
      expect(e.finishedAt, `${keyOf(e)} decided at its due instant`).toBe(e.dueAt);
    }
    // Every kind and every zone took part.
    expect(new Set(log.map((e) => e.kind))).toEqual(REMINDER_KINDS);
    expect(new Set(log.map((e) => e.guildId)).size).toBe(4);

    // The outbox: one row per expected key, delivered at its due instant, in the expected state.
    const rows = app.outbox.all();
    const byKey = new Map(rows.filter((r) => r.key).map((r) => [r.key!, r]));
    const delivered = deliveriesByNonce(courier);
    for (const exp of expected) {
      const key = keyOf(exp);
      const row = byKey.get(key);
      expect(row, key).toBeDefined();
      expect(row!.status, key).toBe(exp.status);
      expect(row!.attempts, key).toBe(1);
      expect(row!.finishedAt?.toISOString(), key).toBe(exp.dueAt.toISOString());
      expect(delivered.get(row!.nonce) ?? 0, `${key} delivered`).toBe(exp.status === 'sent' ? 1 : 0);
      if (exp.status === 'fallback') {
        const ping = byKey.get(`fallback:${row!.id}`);
        expect(ping?.status, `${key}'s fallback ping`).toBe('sent');
        expect(delivered.get(ping!.nonce), `${key}'s fallback ping`).toBe(1);
      }
    }
    // Nothing else was owed but what follows from those (pings, reports to staff), all delivered.
    const expectedKeys = new Set(expected.map(keyOf));
    for (const r of rows.filter((x) => !x.key || !expectedKeys.has(x.key))) {
      expect(FOLLOW_ON_PURPOSES.has(r.purpose), `${r.purpose} ${r.key}`).toBe(true);
      expect(r.status, `${r.purpose} ${r.key}`).toBe('sent');
    }
    // Nothing twice, no retries at all.
    expect(courier.calls.length).toBe(courier.delivered.length);
    expect([...delivered.values()].every((n) => n === 1)).toBe(true);
    // Pain stays in DMs and the staff channel.
    for (const m of courier.delivered.filter((x) => x.channel === 'fallback')) expect(m.text).not.toMatch(/pain|\/10/i);
    // Pain above the limit twice in a row regressed next sessions; excused athletes got nothing while excused.
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM session_adjustments').get()).not.toEqual({ n: 0 });
    expect(rows.some((r) => r.purpose === 'regression')).toBe(true);
    for (const [key, range] of scenario.excused) {
      const [guildId, athleteId] = key.split('|');
      const during = log.filter(
        (e) => e.guildId === guildId && e.subject === athleteId && e.dueAt >= `${range.from}T00:00` && e.dueAt <= `${range.to}T12:00`,
      );
      expect(during).toEqual([]);
      const dms = courier.delivered.filter(
        (m) =>
          m.channel === 'dm' &&
          m.to === athleteId &&
          m.at.toISOString() >= `${range.from}T00:00` &&
          m.at.toISOString() <= `${range.to}T12:00`,
      );
      expect(dms).toEqual([]);
    }
  });
});

type CrashMode = 'decide' | 'claim' | 'send';
/** Back within the lease or the nonce window (a claim is resent with its nonce), or after it. */
const SHORT_DOWNTIMES = [20_000, 70_000, 100_000];
const LONG_DOWNTIMES = [4 * 60_000, 45 * 60_000, 5 * HOUR, 14 * HOUR];

interface TickRecord {
  at: number;
  completed: boolean;
}

/**
 * Runs the scenario with crashes (inside the decision's transaction, between claim and send,
 * between send and settle) and clean stops at seeded random points; each is followed by a
 * downtime and a new app, scheduler and dispatcher on a reopened connection.
 */
async function runWithRestarts(seed: number, weeks: { from: number; to: number }) {
  const windowFrom = new Date(`${addDays(START, (weeks.from - 1) * 7 - 1)}T00:00:00Z`);
  const windowTo = new Date(`${addDays(START, weeks.to * 7 + 1)}T12:00:00Z`);
  const store = freshStore();
  store.db.close();
  const clock = new ManualClock(T0);
  const courier = new FakeCourier(clock);
  const random = prng(seed * 31 + 1);
  // Crashes per notification key (decide) or outbox row id (claim, send).
  const crashes = new Map<string, { at: number; mode: CrashMode; reachedDiscord?: boolean }[]>();
  let plan: { mode: CrashMode; countdown: number } | null = null;
  let lastCrash: CrashMode | null = null;
  const crash = (mode: CrashMode, id: string, reachedDiscord?: boolean) => {
    if (plan?.mode !== mode) return;
    if (plan.countdown-- > 0) return;
    plan = null;
    lastCrash = mode;
    crashes.set(id, [
      ...(crashes.get(id) ?? []),
      { at: clock.now().getTime(), mode, ...(reachedDiscord === undefined ? {} : { reachedDiscord }) },
    ]);
    throw new Error(`simulated crash (${mode})`);
  };
  const hooks = {
    afterClaim: (e: OutboxEntry) => crash('claim', `row:${e.id}`),
    afterSend: (e: OutboxEntry, result: DeliveryResult) => crash('send', `row:${e.id}`, result.status === 'sent'),
  };
  let db: Db = cacheStatements(openDatabase(store.path));
  const start = () => {
    const app = makeApp(db, clock, courier, { hooks, kickOnEnqueue: false });
    const scheduler = schedulerFor({ app, jobs: JOBS, hooks: { beforeCommit: (n: DueNotification) => crash('decide', keyOf(n)) } });
    return { app, scheduler };
  };
  let { app, scheduler }: { app: Runtime; scheduler: Scheduler } = start();
  const scenario = buildScenario(app, seed, ['before', 'late', 'never', 'missed']);
  scenario.closedDms.forEach((id) => courier.closedDms.add(id));
  // Now and then Discord answers 500 for a while: retried with backoff within the message's grace.
  courier.failWhen = () => (random() < 0.03 ? { status: 'retry', why: 'HTTPError: status 500' } : undefined);
  const inWindow = (dueAt: number) => dueAt >= windowFrom.getTime() && dueAt < windowTo.getTime();
  const expected = expectedList(scenario).filter((e) => inWindow(e.dueAt.getTime()));
  const ticks: TickRecord[] = [];
  const pending = logPending(scenario);
  const downtimes = [...SHORT_DOWNTIMES, ...LONG_DOWNTIMES];
  let restarts = 0;
  const crashTurns: Partial<Record<CrashMode, number>> = {};
  // The process first starts at the window's start; the athletes' earlier logs are already there.
  let downUntil = windowFrom.getTime();
  clock.set(windowFrom);
  applyLogs(app, pending, windowFrom.getTime());

  const tickAt = async (t: number, what: 'tick' | 'drain' = 'tick'): Promise<boolean> => {
    try {
      await (what === 'tick' ? scheduler.tick() : dispatcherOf(app).drain());
      if (what === 'tick') ticks.push({ at: t, completed: true });
      return true;
    } catch (err) {
      if (!(err instanceof TickAborted) && !(err instanceof DispatchAborted)) throw err;
      if (what === 'tick') ticks.push({ at: t, completed: false });
      return false;
    }
  };

  await jump(
    scenario,
    pending,
    () => app,
    clock,
    windowTo.getTime(),
    async (t, what) => {
      const roll = random();
      if (roll < 0.05) plan = { mode: 'decide', countdown: Math.floor(random() * 2) };
      else if (roll < 0.1) plan = { mode: 'claim', countdown: Math.floor(random() * 2) };
      else if (roll < 0.15) plan = { mode: 'send', countdown: Math.floor(random() * 2) };
      const completed = await tickAt(t, what);
      const stop = !completed || roll > 0.97;
      plan = null;
      if (!stop) return;
      // The process dies (or is stopped); it comes back after a downtime on a new connection.
      db.close();
      restarts++;
      // After a crash of each kind, short and long downtimes take turns, so every window sees resends inside the nonce window and after it.
      const turn = lastCrash ? (crashTurns[lastCrash] = (crashTurns[lastCrash] ?? -1) + 1) : 0;
      const pool = turn % 2 === 0 ? SHORT_DOWNTIMES : LONG_DOWNTIMES;
      downUntil = t + (completed ? downtimes[Math.floor(random() * downtimes.length)]! : pool[Math.floor(turn / 2) % pool.length]!);
      lastCrash = null;
      clock.set(new Date(downUntil));
      db = cacheStatements(openDatabase(store.path));
      ({ app, scheduler } = start());
      applyLogs(app, pending, downUntil);
      await tickAt(downUntil);
    },
    () => downUntil,
  );
  // Long after the end: everything left open is settled.
  clock.set(new Date(windowTo.getTime() + 3 * 86_400_000));
  await tickAt(clock.now().getTime());
  // And the dispatcher's own polls send what that tick's deliveries owed (fallback pings), retries included.
  for (let i = 0, next = outboxNextAt(app); i < 50 && next < Infinity; i++, next = outboxNextAt(app)) {
    clock.set(new Date(Math.max(next, clock.now().getTime())));
    await tickAt(clock.now().getTime(), 'drain');
  }
  // What fell due outside the window was decided by the first tick's or the last tick's catch-up, not by the simulation.
  const log = scheduler.sentLog.list().filter((e) => inWindow(Date.parse(e.dueAt)));
  const rows = app.outbox.all();
  db.close();
  return { expected, log, rows, courier, crashes, ticks, restarts };
}

/** Skipped (or lost to a crash) is only fine if no completed tick ran while it was still owed. */
function hadChance(e: Expected, ticks: TickRecord[], crashAts: number[]): boolean {
  const lastCrash = crashAts.length ? Math.max(...crashAts) : -Infinity;
  const from = Math.max(e.dueAt.getTime(), lastCrash + 1);
  const to = e.dueAt.getTime() + GRACE.get(e.kind)!;
  // A tick at or after the athlete's log sees it: from then on it is not due any more.
  return ticks.some((t) => t.completed && t.at >= from && t.at <= to && (!e.until || t.at < e.until.getTime()));
}

describe('restarts and crashes at seeded random points', () => {
  // Each seed runs a third of the ten weeks (with a week's overlap), so each test stays short; together they cover
  // New York's and London's March changes, Sydney's April one and both deload weeks.
  it.each([
    [11, { from: 1, to: 4 }],
    [23, { from: 4, to: 7 }],
    [37, { from: 7, to: 10 }],
  ])('seed %i, weeks %o: every owed message delivered once or recorded with its reason, never twice', async (seed, weeks) => {
    const { expected, log, rows, courier, crashes, ticks, restarts } = await runWithRestarts(seed, weeks);
    expect(restarts).toBeGreaterThan(5);
    const logByKey = new Map(log.map((e) => [keyOf(e), e]));
    const rowByKey = new Map(rows.filter((r) => r.key).map((r) => [r.key!, r]));
    const delivered = deliveriesByNonce(courier);

    // Nothing twice: no nonce was ever delivered twice, whatever the resends.
    expect([...delivered.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // Nothing unexpected was decided, nothing is left open.
    const expectedKeys = new Set(expected.map(keyOf));
    expect(log.filter((e) => !expectedKeys.has(keyOf(e))).map(keyOf)).toEqual([]);
    expect(rows.filter((r) => r.status === 'pending' || r.status === 'sending').map((r) => `${r.id} ${r.purpose} ${r.status}`)).toEqual([]);
    // Every row that did not arrive says why.
    for (const r of rows.filter((x) => x.status !== 'sent' && x.status !== 'fallback'))
      expect(r.detail, `${r.id} ${r.purpose} ${r.status}`).toBeTruthy();

    const counts: Record<string, number> = {};
    const count = (k: string) => (counts[k] = (counts[k] ?? 0) + 1);
    for (const exp of expected) {
      const key = keyOf(exp);
      const e = logByKey.get(key);
      const decideCrashes = (crashes.get(key) ?? []).map((c) => c.at);
      if (!e) {
        // Never decided: only possible when no tick ran while it was owed (a downtime, then the athlete logged).
        expect(hadChance(exp, ticks, decideCrashes), `${key} has no decision although a tick could have made it`).toBe(false);
        count('absent');
        continue;
      }
      const decidedAt = Date.parse(e.finishedAt!);
      expect(decidedAt, key).toBeGreaterThanOrEqual(exp.dueAt.getTime());
      if (e.status === 'skipped') {
        expect(e.detail, key).toBeTruthy();
        expect(hadChance(exp, ticks, decideCrashes), `${key} was skipped although a tick could have decided it`).toBe(false);
        expect(rowByKey.has(key), key).toBe(false);
        count('decidedSkip');
        continue;
      }
      expect(e.status, key).toBe('sent');
      // Decided once, within its grace (late after a downtime or a crash).
      expect(decidedAt, key).toBeLessThanOrEqual(exp.dueAt.getTime() + GRACE.get(exp.kind)!);
      if (decidedAt > exp.dueAt.getTime()) count('decidedLate');
      const row = rowByKey.get(key);
      expect(row, key).toBeDefined();
      const rowCrashes = crashes.get(`row:${row!.id}`) ?? [];
      const n = delivered.get(row!.nonce) ?? 0;
      count(row!.status);
      if (row!.attempts > 1) count('retried');
      switch (row!.status) {
        case 'sent':
          expect(n, `${key} delivered once`).toBe(1);
          expect(exp.status, key).toBe('sent');
          break;
        case 'fallback': {
          expect(exp.status, key).toBe('fallback');
          const ping = rowByKey.get(`fallback:${row!.id}`);
          expect(ping, `${key}'s fallback ping`).toBeDefined();
          expect(delivered.get(ping!.nonce) ?? 0, `${key}'s fallback ping`).toBeLessThanOrEqual(1);
          break;
        }
        case 'uncertain':
          // Interrupted while sending and not resent once Discord's nonce memory may be gone.
          expect(rowCrashes.length, key).toBeGreaterThan(0);
          expect(n, key).toBe(rowCrashes.some((c) => c.reachedDiscord) ? 1 : 0);
          break;
        case 'skipped':
          // The athlete logged the session before a delayed send: no longer owed.
          expect(row!.detail, key).toMatch(/already logged|excused/);
          expect(n, key).toBe(0);
          break;
        case 'expired':
          expect(row!.detail, key).toMatch(/not delivered in time/);
          expect(n, key).toBe(0);
          break;
        default:
          throw new Error(`${key}: unexpected outbox status ${row!.status}`);
      }
      // A resend with the same nonce inside Discord's memory created nothing new.
      if (rowCrashes.some((c) => c.reachedDiscord) && row!.status === 'sent') count('resentDeduped');
    }
    // Sends that crashed after Discord got them: resent within the nonce window (Discord saw the nonce twice, kept
    // one), or past it found in the channel and not resent at all.
    expect(courier.calls.length - courier.delivered.length).toBeLessThanOrEqual(counts.resentDeduped ?? 0);
    expect(counts.sent).toBeGreaterThan(expected.length / 2);
    expect(counts.decidedLate).toBeGreaterThan(0);
    expect(counts.retried).toBeGreaterThan(0);
    // Crashes mid-send: resent with the same nonce inside the window (Discord kept one), or looked for after it.
    expect(counts.resentDeduped).toBeGreaterThan(0);
    expect(
      [...crashes.values()]
        .flat()
        .map((c) => c.mode)
        .sort(),
    ).toEqual(expect.arrayContaining(['claim', 'decide', 'send']));
    // The nonce window the dispatcher trusts is inside Discord's memory (FakeCourier's 5 minutes).
    expect(DEFAULT_NONCE_WINDOW_MS + DEFAULT_LEASE_MS).toBeLessThan(DISCORD_NONCE_MEMORY_MS);
  });
});

describe('two schedulers and two dispatchers on one SQLite file', () => {
  it('tick at the same instants through two connections and still deliver each message once', async () => {
    const store = freshStore();
    const clock = new ManualClock(T0);
    // No nonce dedupe here: only the database (decision log, outbox claims) may prevent a double send.
    const courier = new FakeCourier(clock, { dedupeMs: 0, yieldToOthers: true });
    const appA = makeApp(cacheStatements(store.db), clock, courier, { owner: 'process-a' });
    const dbB = cacheStatements(openDatabase(store.path));
    cleanups.push(() => dbB.open && dbB.close());
    const appB = makeApp(dbB, clock, courier, { owner: 'process-b' });
    const scenario = buildScenario(appA, 5, ['before', 'afterPrompt', 'late', 'never', 'missed']);
    scenario.closedDms.forEach((id) => courier.closedDms.add(id));
    // Two weeks and a day: every kind of athlete reminder, in every zone.
    const horizon = new Date(`${addDays(START, 15)}T00:00:00Z`);
    const expected = expectedList(scenario).filter((e) => e.dueAt < horizon);
    const a = schedulerFor({ app: appA, jobs: JOBS, owner: 'process-a' });
    const b = schedulerFor({ app: appB, jobs: JOBS, owner: 'process-b' });
    const pending = logPending(scenario);
    await jump(
      scenario,
      pending,
      () => appA,
      clock,
      horizon.getTime(),
      async (_t, what) => {
        await (what === 'tick' ? Promise.all([a.tick(), b.tick()]) : Promise.all([dispatcherOf(appA).drain(), dispatcherOf(appB).drain()]));
      },
    );
    const log = a.sentLog.list();
    expect(log.map((e) => `${keyOf(e)} ${e.status}`).sort()).toEqual(expected.map((e) => `${keyOf(e)} sent`).sort());
    const rows = appA.outbox.all();
    const byKey = new Map(rows.filter((r) => r.key).map((r) => [r.key!, r]));
    const delivered = deliveriesByNonce(courier);
    for (const exp of expected) {
      const row = byKey.get(keyOf(exp));
      expect(row?.status, keyOf(exp)).toBe(exp.status);
      expect(delivered.get(row!.nonce) ?? 0, keyOf(exp)).toBe(exp.status === 'sent' ? 1 : 0);
    }
    expect([...delivered.values()].filter((n) => n > 1)).toEqual([]);
    expect(courier.calls.length).toBe(courier.delivered.length);
    // Both processes delivered part of it.
    const owners = appA.db.prepare<[], { owner: string }>(`SELECT DISTINCT owner FROM outbox WHERE status = 'sent'`).all();
    expect(new Set(owners.map((o) => o.owner))).toEqual(new Set(['process-a', 'process-b']));
  });
});
