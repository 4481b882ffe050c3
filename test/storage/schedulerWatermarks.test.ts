// Issue 14: the tick skips a team until its watermark (the earliest instant anything new can fall
// due) unless a write to what due() reads clears it. These tests check that no write can be missed:
// every table the jobs' due() reads has triggers for insert, update and delete; each kind of write
// clears its team's watermark (and only its team's); writes that make something due sooner than
// the watermark are decided at their instant; a write racing the tick wins; and a new process or a
// clock set back does not trust stored watermarks.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countStatements } from '../../bench/statementCounter';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { scheduledJobs } from '../../src/scheduler/jobs';
import { TickContext } from '../../src/scheduler/tickContext';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';
import { addAssigned, addAthlete, addProgram, FakeCourier, makeApp, schedulerFor, seedTeam } from '../support/schedulerHarness';

const GUILD = '900000000000000001';
const OTHER = '900000000000000002';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CLEO = '200000000000000003';
// Monday 2 March 2026, London on GMT: local time = UTC.
const T0 = new Date('2026-03-02T00:00:00Z');
const at = (hhmm: string, day = '2026-03-02') => new Date(`${day}T${hhmm}:00Z`);

let store: ReturnType<typeof tempDatabase>;
let clock: ManualClock;
let app: Runtime;
let team: Team;

beforeEach(() => {
  store = tempDatabase();
  clock = new ManualClock(T0);
  app = makeApp(store.db, clock, new FakeCourier(clock));
  team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, T0);
  seedTeam(app, { guildId: OTHER, timeZone: 'America/New_York' }, T0);
  for (const id of [ANA, BEN]) addAthlete(app, GUILD, id, T0);
  addAthlete(app, OTHER, ANA, T0);
});
afterEach(() => store.cleanup());

interface Mark {
  not_before: string | null;
  changes: number;
}
const markOf = (guildId: string) =>
  app.db.prepare<[string], Mark>('SELECT not_before, changes FROM scheduler_watermarks WHERE guild_id = ?').get(guildId);

/** Both teams looked at, with watermarks far ahead (so any clearing shows). */
function arm(): void {
  app.schedule.watermarkChanges([GUILD, OTHER]);
  app.db.prepare(`UPDATE scheduler_watermarks SET not_before = '2999-01-01T00:00:00.000Z', evaluated_at = ?`).run(T0.toISOString());
}

describe('every table the jobs read is watched', () => {
  it('each table a due() reads has insert, update and delete triggers that clear its team watermark', () => {
    addProgram(app, {
      team,
      athleteId: ANA,
      startMonday: '2026-03-02',
      weeks: 4,
      trainingDays: [1, 3],
      mobilityDay: 5,
      deloadWeeks: [4],
      createdAt: T0,
    });
    app.readinessRepo.saveSettings(GUILD, { enabled: true }, T0);
    const counter = countStatements(app.db);
    const tick = new TickContext(app);
    for (const job of scheduledJobs) job.due(app, at('09:00'), at('09:00', '2026-02-27'), tick);
    counter.restore();
    const read = new Set<string>();
    for (const sql of counter.executed.map((x) => x.replace(/--[^\n]*/g, '')))
      for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)/gi)) if (!/^(json_each|g|ids)$/i.test(m[1]!)) read.add(m[1]!.toLowerCase());
    const tables = new Set(
      app.db
        .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table'`)
        .all()
        .map((t) => t.name),
    );
    for (const name of read) if (!tables.has(name)) read.delete(name);
    expect(read.has('assignments')).toBe(true);
    const triggers = app.db
      .prepare<[], { tbl_name: string; sql: string }>(`SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger'`)
      .all()
      .filter((t) => /scheduler_watermarks/.test(t.sql));
    for (const table of read) {
      const kinds = triggers.filter((t) => t.tbl_name === table).map((t) => /AFTER (INSERT|UPDATE|DELETE)/i.exec(t.sql)![1]!.toUpperCase());
      // teams: a new team has no watermark yet (it is looked at), a deleted one loses its row.
      const want = table === 'teams' ? ['UPDATE', 'DELETE'] : ['INSERT', 'UPDATE', 'DELETE'];
      expect(kinds.sort(), `${table} is read by due(): every write to it must clear the team's watermark`).toEqual(want.sort());
    }
  });

  const writes: [string, (a: Runtime) => void][] = [
    ['teams: settings', (a) => a.teamRepo.updateSettings(GUILD, { reminderTime: '07:30' }, T0)],
    ['athletes: added', (a) => addAthlete(a, GUILD, CLEO, T0)],
    ['athletes: removed', (a) => a.squad.remove(GUILD, BEN, T0)],
    ['athletes: deleted', (a) => a.db.prepare('DELETE FROM athletes WHERE guild_id = ? AND user_id = ?').run(GUILD, BEN)],
    ['assignments: /assign', (a) => addAssigned(a, team, ANA, '2026-03-03', T0)],
    ['assignments: moved', (a) => a.db.prepare(`UPDATE assignments SET session_date = '2026-03-05' WHERE guild_id = ?`).run(GUILD)],
    [
      'checkins: logged',
      (a) => {
        const s = a.db.prepare<[string], { id: number }>('SELECT id FROM assignments WHERE guild_id = ? LIMIT 1').get(GUILD)!;
        a.checkinRepo.saveMissed({ guildId: GUILD, assignmentId: s.id, athleteId: ANA }, 'work', 'modal', T0);
      },
    ],
    ['checkins: corrected', (a) => a.db.prepare(`UPDATE checkins SET missed_reason = 'ill' WHERE guild_id = ?`).run(GUILD)],
    ['checkins: deleted', (a) => a.db.prepare('DELETE FROM checkins WHERE guild_id = ?').run(GUILD)],
    [
      'excusals: added',
      (a) =>
        a.excusalRepo.add(
          { guildId: GUILD, athleteId: ANA, fromDate: '2026-03-02', toDate: '2026-03-04', reason: 'illness', createdBy: 'c' },
          T0,
        ),
    ],
    ['excusals: shortened', (a) => a.db.prepare(`UPDATE excusals SET to_date = from_date WHERE guild_id = ?`).run(GUILD)],
    ['excusals: removed', (a) => a.db.prepare('DELETE FROM excusals WHERE guild_id = ?').run(GUILD)],
    [
      'programs: started',
      (a) =>
        a.db
          .prepare(
            `INSERT INTO programs (guild_id, athlete_id, program_key, start_date, training_days, started_by, created_at) VALUES (?, ?, 'x', '2026-03-02', '1', 'c', ?)`,
          )
          .run(GUILD, ANA, T0.toISOString()),
    ],
    ['programs: stopped', (a) => a.db.prepare('UPDATE programs SET stopped_at = ? WHERE guild_id = ?').run(T0.toISOString(), GUILD)],
    ['programs: deleted', (a) => a.db.prepare(`DELETE FROM programs WHERE guild_id = ? AND program_key = 'x'`).run(GUILD)],
    [
      'session_adjustments: regressed',
      (a) =>
        a.db
          .prepare(
            `INSERT INTO session_adjustments (guild_id, athlete_id, assignment_id, reason, original_prescription_json, created_at)
             SELECT guild_id, athlete_id, id, 'not_settled', '{}', ? FROM assignments WHERE guild_id = ? LIMIT 1`,
          )
          .run(T0.toISOString(), GUILD),
    ],
    [
      'session_adjustments: undone',
      (a) => a.db.prepare('UPDATE session_adjustments SET undone_at = ? WHERE guild_id = ?').run(T0.toISOString(), GUILD),
    ],
    ['session_adjustments: deleted', (a) => a.db.prepare('DELETE FROM session_adjustments WHERE guild_id = ?').run(GUILD)],
    [
      'readiness_settings: turned on',
      (a) => a.db.prepare(`INSERT INTO readiness_settings (guild_id, enabled, updated_at) VALUES (?, 1, ?)`).run(GUILD, T0.toISOString()),
    ],
    ['readiness_settings: ask time', (a) => a.db.prepare(`UPDATE readiness_settings SET ask_time = '07:00' WHERE guild_id = ?`).run(GUILD)],
    ['readiness_settings: removed', (a) => a.db.prepare('DELETE FROM readiness_settings WHERE guild_id = ?').run(GUILD)],
    [
      'team_sessions: logged',
      (a) =>
        a.db
          .prepare(
            `INSERT INTO team_sessions (guild_id, type, session_date, ends_at, minutes, created_by, created_at) VALUES (?, 'practice', '2026-03-02', ?, 60, 'c', ?)`,
          )
          .run(GUILD, at('19:00').toISOString(), T0.toISOString()),
    ],
    [
      'other_sessions: a place in it',
      (a) =>
        a.db
          .prepare(
            `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, minutes, team_session_id, source, logged_by, created_at)
             SELECT guild_id, ?, 'practice', session_date, 60, id, 'team_session', 'c', ? FROM team_sessions WHERE guild_id = ?`,
          )
          .run(ANA, T0.toISOString(), GUILD),
    ],
    ['other_sessions: rated', (a) => a.db.prepare('UPDATE other_sessions SET rpe = 6 WHERE guild_id = ?').run(GUILD)],
    [
      'team_sessions: moved',
      (a) => a.db.prepare('UPDATE team_sessions SET ends_at = ? WHERE guild_id = ?').run(at('20:00').toISOString(), GUILD),
    ],
    ['other_sessions: deleted', (a) => a.db.prepare('DELETE FROM other_sessions WHERE guild_id = ?').run(GUILD)],
    ['team_sessions: deleted', (a) => a.db.prepare('DELETE FROM team_sessions WHERE guild_id = ?').run(GUILD)],
    ['assignments: deleted', (a) => a.db.prepare('DELETE FROM assignments WHERE guild_id = ?').run(GUILD)],
  ];

  it('each kind of write clears its own team watermark and counts a change, and leaves the other team alone', () => {
    addAssigned(app, team, ANA, '2026-03-02', T0);
    for (const [what, write] of writes) {
      arm();
      const before = markOf(GUILD)!;
      const other = markOf(OTHER)!;
      write(app);
      const after = markOf(GUILD)!;
      expect(after.not_before, what).toBeNull();
      expect(after.changes, what).toBeGreaterThan(before.changes);
      expect(markOf(OTHER), what).toEqual(other);
    }
  });

  it('deleting a team deletes its watermark row', () => {
    arm();
    app.db.prepare('DELETE FROM teams WHERE guild_id = ?').run(OTHER);
    expect(markOf(OTHER)).toBeUndefined();
    expect(markOf(GUILD)).toBeDefined();
  });
});

describe('a write that makes something due sooner is decided at its instant', () => {
  it('a program started after the reminder time: its first session goes out once it settles, not tomorrow', async () => {
    const scheduler = schedulerFor({ app });
    clock.set(at('09:00'));
    await scheduler.tick();
    // Nothing for the team before tomorrow's reminder.
    expect(markOf(GUILD)!.not_before).toBe(at('08:00', '2026-03-03').toISOString());
    clock.set(at('10:00'));
    addProgram(app, { team, athleteId: ANA, startMonday: '2026-03-02', createdAt: at('10:00') });
    clock.set(at('10:01'));
    expect((await scheduler.tick()).results).toEqual([]);
    // Still settling (whoever created it may be delivering it): looked at again when it has settled.
    expect(markOf(GUILD)!.not_before).toBe(at('10:02').toISOString());
    clock.set(at('10:02'));
    const report = await scheduler.tick();
    expect(report.results.map((r) => `${r.notification.kind} ${r.status}`)).toEqual(['session_delivery owed']);
  });

  it('the reminder time moved earlier: the session goes out at the new time', async () => {
    addProgram(app, { team, athleteId: ANA, startMonday: '2026-03-02', createdAt: T0 });
    const scheduler = schedulerFor({ app });
    clock.set(at('06:00'));
    await scheduler.tick();
    expect(markOf(GUILD)!.not_before).toBe(at('08:00').toISOString());
    clock.set(at('06:10'));
    app.teamRepo.updateSettings(GUILD, { reminderTime: '07:00' }, clock.now());
    clock.set(at('06:11'));
    expect((await scheduler.tick()).results).toEqual([]);
    expect(markOf(GUILD)!.not_before).toBe(at('07:00').toISOString());
    clock.set(at('07:00'));
    const report = await scheduler.tick();
    expect(report.results.map((r) => `${r.notification.kind} ${r.status} ${r.notification.dueAt.toISOString()}`)).toEqual([
      `session_delivery owed ${at('07:00').toISOString()}`,
    ]);
  });

  it('a check-in deleted after the prompt time: the prompt goes out at the next tick', async () => {
    const s = addAssigned(app, team, ANA, '2026-03-02', T0);
    const scheduler = schedulerFor({ app });
    clock.set(at('18:00'));
    app.checkinRepo.saveMissed({ guildId: GUILD, assignmentId: s.id, athleteId: ANA }, 'work', 'modal', clock.now());
    clock.set(at('18:30'));
    expect((await scheduler.tick()).results.filter((r) => r.notification.kind === 'checkin_prompt')).toEqual([]);
    clock.set(at('19:00'));
    app.db.prepare('DELETE FROM checkins WHERE assignment_id = ?').run(s.id);
    clock.set(at('19:01'));
    const report = await scheduler.tick();
    expect(report.results.map((r) => `${r.notification.kind} ${r.status}`)).toEqual(['checkin_prompt owed']);
  });

  it('an excusal withdrawn: the session it held back goes out at the next tick', async () => {
    addProgram(app, { team, athleteId: ANA, startMonday: '2026-03-02', createdAt: T0 });
    const excusal = app.excusalRepo.add(
      { guildId: GUILD, athleteId: ANA, fromDate: '2026-03-02', toDate: '2026-03-02', reason: 'illness', createdBy: 'coach' },
      T0,
    );
    const scheduler = schedulerFor({ app });
    clock.set(at('08:00'));
    // (Monday 08:00 is also the digest's time: it is skipped, nothing was assigned last week.)
    expect((await scheduler.tick()).results.filter((r) => r.notification.kind !== 'weekly-digest')).toEqual([]);
    clock.set(at('09:30'));
    app.db.prepare('DELETE FROM excusals WHERE id = ?').run(excusal.id);
    clock.set(at('09:31'));
    const report = await scheduler.tick();
    expect(report.results.map((r) => `${r.notification.kind} ${r.status}`)).toEqual(['session_delivery owed']);
  });
});

describe('a day of one team, ticking only at its watermarks', () => {
  it('the readiness ask time, the reminder, the check-in prompt and a team session RPE nudge each wake the team at their instant', async () => {
    addProgram(app, { team, athleteId: ANA, startMonday: '2026-03-02', createdAt: T0 });
    app.readinessRepo.saveSettings(GUILD, { enabled: true, askTime: '06:30' }, T0);
    const match = app.db
      .prepare(
        `INSERT INTO team_sessions (guild_id, type, session_date, ends_at, minutes, created_by, created_at) VALUES (?, 'match', '2026-03-02', ?, 90, 'c', ?)`,
      )
      .run(GUILD, at('09:00').toISOString(), T0.toISOString()).lastInsertRowid;
    app.db
      .prepare(
        `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, minutes, team_session_id, source, logged_by, created_at)
         VALUES (?, ?, 'match', '2026-03-02', 90, ?, 'team_session', 'c', ?)`,
      )
      .run(GUILD, BEN, match, T0.toISOString());
    const scheduler = schedulerFor({ app });
    clock.set(at('05:00'));
    await scheduler.tick();
    // Tick only when the team's watermark says so, as a quiet fleet would: each instant must be one.
    const seen: string[] = [];
    for (let i = 0; i < 12 && seen.length < 5; i++) {
      // Cleared (the delivery just marked the session delivered): the next minute's tick looks again.
      const mark = markOf(GUILD)!.not_before;
      const next = mark ? new Date(mark) : new Date(clock.now().getTime() + 60_000);
      clock.set(next);
      const report = await scheduler.tick();
      for (const r of report.results.filter((x) => x.notification.kind !== 'weekly-digest'))
        seen.push(
          `${next.toISOString().slice(11, 16)} ${r.notification.kind} ${r.status} due ${r.notification.dueAt.toISOString().slice(11, 16)}`,
        );
    }
    expect(seen).toEqual([
      '06:30 readiness_check owed due 06:30',
      '08:00 session_delivery owed due 08:00',
      '18:30 checkin_prompt owed due 18:30',
      '21:30 team_rpe_nudge owed due 21:30',
      '08:00 checkin_nudge owed due 08:00',
    ]);
  });
});

describe('what the tick trusts', () => {
  it('a write between reading the change count and storing the watermark wins: the team is looked at again', () => {
    const changes = app.schedule.watermarkChanges([GUILD]);
    app.excusalRepo.add({ guildId: GUILD, athleteId: ANA, fromDate: '2026-03-02', toDate: '2026-03-02', reason: null, createdBy: 'c' }, T0);
    const stored = app.schedule.storeWatermarks([{ guildId: GUILD, notBefore: at('08:00'), changes: changes.get(GUILD)! }], T0);
    expect(stored).toBe(0);
    expect(markOf(GUILD)!.not_before).toBeNull();
  });

  it('a quiet minute reads no team data; a new process, or a clock set back, looks at every team again', async () => {
    addProgram(app, {
      team,
      athleteId: ANA,
      startMonday: '2026-03-02',
      weeks: 1,
      trainingDays: [1, 3],
      mobilityDay: null,
      deloadWeeks: [],
      createdAt: T0,
    });
    const readsTeamData = async (s: ReturnType<typeof schedulerFor>, now: Date) => {
      const counter = countStatements(app.db);
      await s.tick(now);
      counter.restore();
      return counter.executed.some((sql) => /FROM assignments/.test(sql));
    };
    const first = schedulerFor({ app });
    expect(await readsTeamData(first, at('09:00'))).toBe(true);
    expect(await readsTeamData(first, at('09:01'))).toBe(false);
    // A restarted process (perhaps running new code) recomputes every watermark once.
    const restarted = schedulerFor({ app });
    expect(await readsTeamData(restarted, at('09:02'))).toBe(true);
    expect(await readsTeamData(restarted, at('09:03'))).toBe(false);
    // A clock set back before the last look: the stored watermark says nothing about that time.
    expect(await readsTeamData(restarted, at('07:00'))).toBe(true);
  });
});
