/**
 * Ten simulated weeks of a program-like squad in four zones (London, New York, Sydney, Tonga),
 * ticked slot by slot against a real SQLite file: the sent log must equal the expected list;
 * with crashes and restarts at seeded random points nothing goes out twice and what was missed
 * is caught up or skipped by the grace rules; two schedulers on one file send everything once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { addDays, zonedInstant } from '../../src/domain/time';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import { notificationKey, type DueNotification, type ScheduledJob } from '../../src/scheduler/job';
import { scheduledJobs } from '../../src/scheduler/jobs';
import { DEFAULT_LEASE_MS, Scheduler, TickAborted } from '../../src/scheduler/scheduler';
import { nonceFor, type SentLogEntry } from '../../src/scheduler/sentLog';
import { tempDatabase } from '../support/db';
import { addAssigned, addAthlete, addProgram, makeApp, NonceMessenger, prng, seedTeam } from '../support/schedulerHarness';

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

/** Builds the squad and decides, with a seeded PRNG, how each athlete logs each session. */
function buildScenario(app: App, seed: number, behaviours: Behaviour[]): Scenario {
  const random = prng(seed);
  const zones = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Pacific/Tongatapu'];
  const scenario: Scenario = { teams: [], sessions: [], excused: new Map(), closedDms: new Set(), programs: [] };
  zones.forEach((zone, i) => {
    const team = seedTeam(app, { guildId: `90000000000000000${i}`, timeZone: zone, reminderTime: i === 3 ? '07:30' : '08:00', sessionTime: '17:00' }, T0);
    scenario.teams.push(team);
    const id = (k: number) => `2000000000000000${i}${k}`;
    for (let k = 1; k <= 4; k++) addAthlete(app, team.guildId, id(k), T0);
    const deloadWeeks = [4, 8];
    addProgram(app, { team, athleteId: id(1), startMonday: START, weeks: WEEKS, trainingDays: [1, 4], mobilityDay: 3, deloadWeeks, createdAt: T0 });
    addProgram(app, { team, athleteId: id(2), startMonday: START, weeks: WEEKS, trainingDays: [2, 5], mobilityDay: 6, deloadWeeks, createdAt: T0 });
    addProgram(app, { team, athleteId: id(4), startMonday: START, weeks: WEEKS, trainingDays: [1, 4], mobilityDay: null, deloadWeeks, createdAt: T0 });
    scenario.programs.push({ team, athleteId: id(1), deloadWeeks }, { team, athleteId: id(2), deloadWeeks }, { team, athleteId: id(4), deloadWeeks });
    // An /assign athlete: Wednesday sessions DMed well in advance.
    for (let w = 0; w < WEEKS; w++) addAssigned(app, team, id(3), addDays(START, w * 7 + 2), T0, { time: '18:00', minutes: 45 });
    // Athlete 4 is ill for weeks 3-5 (a deload Monday and its heads-up fall inside).
    const excusal = { from: addDays(START, 14), to: addDays(START, 34) };
    app.excusals.add({ guildId: team.guildId, athleteId: id(4), fromDate: excusal.from, toDate: excusal.to, reason: 'illness', createdBy: 'coach' }, T0);
    scenario.excused.set(`${team.guildId}|${id(4)}`, excusal);
    if (i === 0) scenario.closedDms.add(id(2)); // DMs closed: everything goes to the fallback channel
  });
  for (const team of scenario.teams) {
    const all = app.db.prepare<[string], { id: number }>('SELECT id FROM assignments WHERE guild_id = ? ORDER BY id').all(team.guildId);
    for (const { id } of all) {
      const a = app.assignmentRepo.get(team.guildId, id)!;
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
  status: 'sent' | 'fallback';
  /** When it stops being due (the athlete logs the session), if it does. */
  until?: Date;
}

/** The oracle: what the rules say should go out, computed from the scenario, not the database. */
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
  for (const { a, team, behaviour, pain, logAt } of s.sessions) {
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
      if (!isExcused(s, team.guildId, athleteId, lastTraining)) push(team, 'deload_heads_up', athleteId, slot, at(team, lastTraining, team.reminderTime));
      if (!isExcused(s, team.guildId, athleteId, monday)) push(team, 'deload_start', athleteId, slot, at(team, monday, team.reminderTime));
      const staffKey = `${team.guildId}|${week}`;
      if (!staffWeeks.has(staffKey)) {
        staffWeeks.add(staffKey);
        const iso = `2026-W${String(9 + week - 1).padStart(2, '0')}`; // START is in ISO week 9
        push(team, 'deload_staff', 'staff', iso, at(team, monday, team.reminderTime));
      }
    }
  }
  return out.sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime() || notificationKey(x).localeCompare(notificationKey(y)));
}

/** Every instant anything could be due (each team's reminder time each day, each session's prompt), plus a 6-hourly grid. */
function tickInstants(s: Scenario): Date[] {
  const set = new Set<number>();
  for (let t = SIM_FROM.getTime(); t <= SIM_TO.getTime(); t += 6 * HOUR) set.add(t);
  for (const team of s.teams) {
    for (let d = addDays(START, -1); d <= addDays(START, WEEKS * 7 + 1); d = addDays(d, 1)) set.add(at(team, d, team.reminderTime).getTime());
  }
  for (const { a } of s.sessions) set.add(endOf(a).getTime() + 30 * 60_000);
  return [...set].sort((x, y) => x - y).map((t) => new Date(t));
}

/** Applies the athletes' check-ins that happen up to `now`. */
function applyLogs(app: App, pending: SimSession[], now: Date): void {
  while (pending.length && pending[0]!.logAt! <= now) {
    const { a, behaviour, pain, logAt } = pending.shift()!;
    const target = { guildId: a.guildId, assignmentId: a.id, athleteId: a.athleteId };
    if (behaviour === 'missed') app.checkinRepo.saveMissed(target, 'work', 'modal', logAt!);
    else app.checkinRepo.saveCompleted(target, { rpe: 6, minutes: a.plannedMinutes, pain, painArea: pain ? 'hamstring' : null, note: null }, 'modal', logAt!);
  }
}

function logPending(s: Scenario): SimSession[] {
  return s.sessions.filter((x) => x.logAt).sort((x, y) => x.logAt!.getTime() - y.logAt!.getTime());
}

/** The nonce a key's message carries: its own, or for closed DMs the fallback post's. */
function messageNonce(e: { kind: string; guildId: string; subject: string; slot: string; status: string }): string {
  return e.status === 'fallback' ? nonceFor(nonceFor(e), 'fallback') : nonceFor(e);
}

const keyOf = (e: { kind: string; guildId: string; subject: string; slot: string }) => notificationKey(e);

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

describe('ten simulated weeks, slot by slot', () => {
  it('the sent log equals the expected list: nothing missing, nothing twice, each on time', async () => {
    const store = freshStore();
    const clock = new ManualClock(T0);
    const messenger = new NonceMessenger(clock);
    const app = makeApp(store.db, clock, messenger);
    const scenario = buildScenario(app, 7, ['before', 'afterPrompt', 'late', 'never', 'missed']);
    scenario.closedDms.forEach((id) => messenger.closedDms.add(id));
    const expected = expectedList(scenario);
    const scheduler = new Scheduler({ app, jobs: JOBS });
    const pending = logPending(scenario);
    for (const t of tickInstants(scenario)) {
      clock.set(t);
      applyLogs(app, pending, t);
      await scheduler.tick();
    }

    const log = scheduler.sentLog.list();
    const simplify = (e: { kind: string; guildId: string; subject: string; slot: string; status: string }, dueAt: string) => `${keyOf(e)} ${e.status} @${dueAt}`;
    expect(log.map((e) => simplify(e, e.dueAt)).sort()).toEqual(expected.map((e) => simplify(e, e.dueAt.toISOString())).sort());
    for (const e of log) expect(e.claimedAt, keyOf(e)).toBe(e.dueAt);
    // Every kind and every zone took part.
    expect(new Set(log.map((e) => e.kind))).toEqual(REMINDER_KINDS);
    expect(new Set(log.map((e) => e.guildId)).size).toBe(4);
    // One message per key, with the key's nonce; no retries at all.
    expect(messenger.calls.length).toBe(messenger.delivered.length);
    const byNonce = new Map<string, number>();
    for (const m of messenger.delivered) if (m.nonce) byNonce.set(m.nonce, (byNonce.get(m.nonce) ?? 0) + 1);
    for (const e of log) expect(byNonce.get(messageNonce(e)), keyOf(e)).toBe(1);
    expect([...byNonce.values()].every((n) => n === 1)).toBe(true);
    // Pain stays in DMs and the staff channel.
    for (const m of messenger.delivered.filter((x) => x.channel === 'fallback')) expect(m.text).not.toMatch(/pain|\/10/i);
    // Pain above the limit twice in a row regressed next sessions; excused athletes got nothing while excused.
    expect(app.db.prepare('SELECT COUNT(*) AS n FROM session_adjustments').get()).not.toEqual({ n: 0 });
    for (const [key, range] of scenario.excused) {
      const [guildId, athleteId] = key.split('|');
      const during = log.filter((e) => e.guildId === guildId && e.subject === athleteId && e.dueAt >= `${range.from}T00:00` && e.dueAt <= `${range.to}T12:00`);
      expect(during).toEqual([]);
    }
  });
});

interface TickRecord {
  at: number;
  completed: boolean;
}

/**
 * Runs the scenario with crashes (between claim and send, between send and mark) and clean
 * stops at seeded random points; each is followed by a downtime and a new scheduler on a
 * reopened connection.
 */
async function runWithRestarts(seed: number) {
  const store = freshStore();
  store.db.close();
  const clock = new ManualClock(T0);
  const messenger = new NonceMessenger(clock);
  let db: Db = openDatabase(store.path);
  let app = makeApp(db, clock, messenger);
  const scenario = buildScenario(app, seed, ['before', 'late', 'never', 'missed']);
  scenario.closedDms.forEach((id) => messenger.closedDms.add(id));
  const expected = expectedList(scenario);
  const random = prng(seed * 31 + 1);
  const crashes = new Map<string, { at: number; mode: 'claim' | 'send' }[]>();
  let plan: { mode: 'claim' | 'send'; countdown: number } | null = null;
  const hookFor = (mode: 'claim' | 'send') => (n: DueNotification) => {
    if (plan?.mode !== mode) return;
    if (plan.countdown-- > 0) return;
    plan = null;
    crashes.set(keyOf(n), [...(crashes.get(keyOf(n)) ?? []), { at: clock.now().getTime(), mode }]);
    throw new Error(`simulated crash ${mode === 'claim' ? 'between claim and send' : 'between send and mark'}`);
  };
  const newScheduler = () => new Scheduler({ app, jobs: JOBS, hooks: { afterClaim: hookFor('claim'), afterSend: hookFor('send') } });
  let scheduler = newScheduler();
  const ticks: TickRecord[] = [];
  const pending = logPending(scenario);
  const downtimes = [20_000, 70_000, 100_000, 4 * 60_000, 45 * 60_000, 5 * HOUR, 14 * HOUR];
  let restarts = 0;

  const tickAt = async (t: Date): Promise<boolean> => {
    clock.set(t);
    applyLogs(app, pending, t);
    try {
      await scheduler.tick();
      ticks.push({ at: t.getTime(), completed: true });
      return true;
    } catch (err) {
      if (!(err instanceof TickAborted)) throw err;
      ticks.push({ at: t.getTime(), completed: false });
      return false;
    }
  };

  const instants = tickInstants(scenario);
  let downUntil = 0;
  for (let i = 0; i < instants.length; i++) {
    const t = instants[i]!;
    if (t.getTime() < downUntil) continue;
    const roll = random();
    if (roll < 0.05) plan = { mode: 'claim', countdown: Math.floor(random() * 3) };
    else if (roll < 0.1) plan = { mode: 'send', countdown: Math.floor(random() * 3) };
    const completed = await tickAt(t);
    const stop = !completed || roll > 0.97;
    plan = null;
    if (!stop) continue;
    // The process dies (or is stopped); it comes back after a downtime on a new connection.
    db.close();
    restarts++;
    const down = downtimes[Math.floor(random() * downtimes.length)]!;
    downUntil = t.getTime() + down;
    db = openDatabase(store.path);
    app = makeApp(db, clock, messenger);
    scheduler = newScheduler();
    await tickAt(new Date(downUntil));
  }
  // Long after the end: everything left open is settled.
  await tickAt(new Date(SIM_TO.getTime() + 3 * 86_400_000));
  const log = scheduler.sentLog.list();
  db.close();
  return { expected, log, messenger, crashes, ticks, restarts };
}

/** Skipped (or lost to a crash) is only fine if no completed tick ran while it was still sendable. */
function hadChance(e: Expected, ticks: TickRecord[], crashAts: number[]): boolean {
  const lastCrash = crashAts.length ? Math.max(...crashAts) : -Infinity;
  const from = Math.max(e.dueAt.getTime(), lastCrash + DEFAULT_LEASE_MS);
  const to = e.dueAt.getTime() + GRACE.get(e.kind)!;
  // A tick at or after the athlete's log sees it: from then on it is not due any more.
  return ticks.some((t) => t.completed && t.at >= from && t.at <= to && (!e.until || t.at < e.until.getTime()));
}

describe('restarts and crashes at seeded random points', () => {
  it.each([11, 23, 37])('seed %i: nothing twice; missed ones caught up within grace or recorded as skipped', async (seed) => {
    const { expected, log, messenger, crashes, ticks, restarts } = await runWithRestarts(seed);
    expect(restarts).toBeGreaterThan(5);
    const byKey = new Map(log.map((e) => [keyOf(e), e]));
    const deliveries = new Map<string, number>();
    for (const m of messenger.delivered) if (m.nonce) deliveries.set(m.nonce, (deliveries.get(m.nonce) ?? 0) + 1);

    // Nothing twice: no nonce was ever delivered twice, whatever the retries.
    expect([...deliveries.values()].filter((n) => n > 1)).toEqual([]);
    // Nothing unexpected, nothing left open.
    const expectedKeys = new Set(expected.map(keyOf));
    expect(log.filter((e) => !expectedKeys.has(keyOf(e))).map(keyOf)).toEqual([]);
    expect(log.filter((e) => e.status === 'claimed' || e.status === 'sending')).toEqual([]);

    const counts: Record<string, number> = {};
    for (const exp of expected) {
      const key = keyOf(exp);
      const e = byKey.get(key);
      const keyCrashes = crashes.get(key) ?? [];
      if (!e) {
        // Never looked at: only possible when no tick ran while it was due, and by the next one
        // it no longer was (the athlete had logged meanwhile), so there was nothing to record.
        expect(hadChance(exp, ticks, keyCrashes.map((c) => c.at)), `${key} has no row although a tick could have sent it`).toBe(false);
        counts.absent = (counts.absent ?? 0) + 1;
        continue;
      }
      const entry = e as SentLogEntry;
      const delivered = deliveries.get(messageNonce({ ...entry, status: exp.status })) ?? 0;
      const status = entry.status;
      counts[status] = (counts[status] ?? 0) + 1;
      if (status === 'sent' || status === 'fallback') {
        expect(status, key).toBe(exp.status);
        expect(delivered, `${key} delivered once`).toBe(1);
        if (entry.claimedAt! > entry.dueAt) counts.late = (counts.late ?? 0) + 1;
        if (entry.detail?.startsWith('resent')) counts.resent = (counts.resent ?? 0) + 1;
      } else if (status === 'uncertain') {
        // Interrupted between send and mark, and not retried once Discord's nonce memory may be gone.
        expect(keyCrashes.some((c) => c.mode === 'send'), key).toBe(true);
        expect(delivered, `${key} delivered once`).toBe(1);
      } else if (status === 'skipped') {
        expect(hadChance(exp, ticks, keyCrashes.map((c) => c.at)), `${key} was skipped although a tick could have sent it`).toBe(false);
        expect(delivered, key).toBe(0);
      } else {
        // 'failed': a claim abandoned after repeated crashes on it.
        expect(status, key).toBe('failed');
        expect(keyCrashes.length, key).toBeGreaterThanOrEqual(3);
      }
    }
    expect(counts.sent).toBeGreaterThan(expected.length / 2);
    expect(counts.skipped).toBeGreaterThan(0);
    expect(counts.late).toBeGreaterThan(0);
    // Crashes between send and mark happened: retried with the nonce, or left uncertain (never resent blind).
    expect((counts.uncertain ?? 0) + (counts.resent ?? 0)).toBeGreaterThan(0);
  });
});

describe('two schedulers on one SQLite file', () => {
  it('tick at the same instants through two connections and still send each notification once', async () => {
    const store = freshStore();
    const clock = new ManualClock(T0);
    // No nonce dedupe here: only the database claim may prevent a double send.
    const messenger = new NonceMessenger(clock, { dedupeMs: 0, yieldToOthers: true });
    const appA = makeApp(store.db, clock, messenger);
    const dbB = openDatabase(store.path);
    cleanups.push(() => dbB.close());
    const appB = makeApp(dbB, clock, messenger);
    const scenario = buildScenario(appA, 5, ['before', 'afterPrompt', 'late', 'never', 'missed']);
    scenario.closedDms.forEach((id) => messenger.closedDms.add(id));
    const horizon = new Date(`${addDays(START, 28)}T00:00:00Z`);
    const expected = expectedList(scenario).filter((e) => e.dueAt < horizon);
    const a = new Scheduler({ app: appA, jobs: JOBS, owner: 'process-a' });
    const b = new Scheduler({ app: appB, jobs: JOBS, owner: 'process-b' });
    const pending = logPending(scenario);
    for (const t of tickInstants(scenario).filter((x) => x < horizon)) {
      clock.set(t);
      applyLogs(appA, pending, t);
      await Promise.all([a.tick(), b.tick()]);
    }
    const log = a.sentLog.list();
    expect(log.map((e) => `${keyOf(e)} ${e.status}`).sort()).toEqual(expected.map((e) => `${keyOf(e)} ${e.status}`).sort());
    const perNonce = new Map<string, number>();
    for (const m of messenger.delivered) if (m.nonce) perNonce.set(m.nonce, (perNonce.get(m.nonce) ?? 0) + 1);
    for (const e of log) expect(perNonce.get(messageNonce(e)), keyOf(e)).toBe(1);
    // Both processes did part of the work.
    const owners = new Set(log.map((e) => e.owner));
    expect(owners).toEqual(new Set(['process-a', 'process-b']));
  });
});
