// The digest's EWMA from each athlete's stored state (migration 0015) against the whole-history
// computation it replaced, on random histories, and the paths that must invalidate the state.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { buildDigest, loadWindowStart, weekSpan, type DigestFigures } from '../../src/domain/digest';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import type { OtherSessionLoad } from '../../src/domain/otherTraining';
import { addDays, isoWeekOf, teamToday, type IsoWeek } from '../../src/domain/time';
import { ratedLoads } from '../../src/repositories/otherTraining';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';
import { FakeCourier, makeApp } from '../support/schedulerHarness';

const COACH = '100000000000000001';
const TODAY = '2026-11-30'; // a Monday: last week is W48
const ZONE = 'Europe/London';

/** The digest as computed before issue 14: every athlete's whole history, no stored state. */
function wholeHistoryDigest(app: Runtime, team: Team, week: IsoWeek): DigestFigures {
  const repo = app.digestRepo;
  const span = weekSpan(week);
  const rows = repo.sessions(team.guildId, loadWindowStart(span.end), span.end, span.start);
  const historyStarts = new Map(
    app.db
      .prepare<[string, string], { athlete_id: string; first: string }>(
        `SELECT a.athlete_id, MIN(a.session_date) AS first FROM assignments a JOIN checkins c ON c.assignment_id = a.id
         WHERE a.guild_id = ? AND a.session_date <= ? GROUP BY a.athlete_id`,
      )
      .all(team.guildId, span.end)
      .map((r) => [r.athlete_id, r.first]),
  );
  const otherLoads = new Map<string, OtherSessionLoad[]>();
  for (const s of app.otherRepo.forTeam(team.guildId, '0001-01-01', span.end)) {
    otherLoads.set(s.athleteId, [...(otherLoads.get(s.athleteId) ?? []), ...ratedLoads([s])]);
  }
  return buildDigest({
    week,
    roster: repo.roster(team.guildId),
    rows,
    historyStarts,
    ctx: {
      thresholds: repo.thresholds(team.guildId),
      asOf: teamToday(team, app.clock),
      dailyLoads: repo.dailyLoads(team.guildId, span.end),
      otherLoads,
    },
  });
}

/** What both must agree on: every athlete's figures (the EWMA among them) and the team's weeks. */
function figuresOf(f: DigestFigures) {
  return {
    athletes: f.athletes.map((a) => ({ id: a.athlete.userId, acwr: a.acwr, load: a.load, status: a.status })),
    recentWeeks: f.recentWeeks,
  };
}

interface SessionSpec {
  day: number; // days before TODAY
  outcome: 'completed' | 'missed' | 'none';
  rpe: number;
  minutes: number;
  cancelled: boolean;
}
interface OtherSpec {
  day: number;
  rpe: number;
  minutes: number;
}
type Change =
  | { kind: 'log'; day: number; rpe: number; minutes: number }
  | { kind: 'correct'; pick: number; rpe: number }
  | { kind: 'delete'; pick: number }
  | { kind: 'move'; pick: number; by: number }
  | { kind: 'dropSession'; pick: number }
  | { kind: 'other'; day: number; rpe: number }
  | { kind: 'dropOther'; pick: number };

// Days within about a year: an EWMA forgets older loads below a double's precision, where a stale state could not show.
const session = fc.record({
  day: fc.integer({ min: 1, max: 400 }),
  outcome: fc.constantFrom('completed', 'completed', 'completed', 'missed', 'none'),
  rpe: fc.integer({ min: 0, max: 10 }),
  minutes: fc.integer({ min: 1, max: 120 }),
  cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
}) as fc.Arbitrary<SessionSpec>;
const other = fc.record({
  day: fc.integer({ min: 1, max: 400 }),
  rpe: fc.integer({ min: 0, max: 10 }),
  minutes: fc.integer({ min: 1, max: 120 }),
}) as fc.Arbitrary<OtherSpec>;
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('log' as const),
    day: fc.integer({ min: 1, max: 900 }),
    rpe: fc.integer({ min: 0, max: 10 }),
    minutes: fc.integer({ min: 1, max: 120 }),
  }),
  fc.record({ kind: fc.constant('correct' as const), pick: fc.nat(), rpe: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), by: fc.integer({ min: -30, max: 30 }) }),
  fc.record({ kind: fc.constant('dropSession' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('other' as const), day: fc.integer({ min: 1, max: 200 }), rpe: fc.integer({ min: 0, max: 10 }) }),
  fc.record({ kind: fc.constant('dropOther' as const), pick: fc.nat() }),
);

describe('the digest EWMA from stored states equals the whole-history computation', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;
  let teamNo = 0;
  let prescriptionJson: string;

  beforeAll(() => {
    store = tempDatabase();
    clock = new ManualClock(`${TODAY}T09:00:00Z`);
    app = makeApp(store.db, clock, new FakeCourier(clock));
    prescriptionJson = JSON.stringify(toPrescription(requireTemplate('glute-ham-emphasis')));
  });
  afterAll(() => store.cleanup());

  function seed(athletes: { sessions: SessionSpec[]; other: OtherSpec[] }[]): { team: Team; ids: string[] } {
    const guildId = `9${String(++teamNo).padStart(17, '0')}`;
    const team = app.teams.save({ guildId, timeZone: ZONE, coachRoleId: '1', staffChannelId: '2', fallbackChannelId: null }, clock.now());
    const db = app.db;
    const ids = athletes.map((_, i) => `2${String(teamNo).padStart(8, '0')}${String(i).padStart(9, '0')}`);
    db.transaction(() => {
      db.prepare('INSERT INTO prescriptions (guild_id, json) VALUES (?, ?)').run(guildId, prescriptionJson);
      const pid = (db.prepare('SELECT id FROM prescriptions WHERE guild_id = ?').get(guildId) as { id: number }).id;
      athletes.forEach((a, i) => {
        app.squadRepo.add(guildId, ids[i]!, `Athlete ${i}`, null, clock.now());
        for (const s of a.sessions) {
          const date = addDays(TODAY, -s.day);
          const id = Number(
            db
              .prepare(
                `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_id, assigned_by, created_at, cancelled_at)
                 VALUES (?, ?, 'glute-ham-emphasis', 'GH', ?, ?, 45, ?, ?, 'x', ?)`,
              )
              .run(guildId, ids[i], date, `${date}T17:00:00.000Z`, pid, COACH, s.cancelled ? 'x' : null).lastInsertRowid,
          );
          if (s.outcome === 'none') continue;
          db.prepare(
            `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, source, logged_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, 'command', 'x', 'x')`,
          ).run(
            guildId,
            id,
            ids[i],
            s.outcome,
            s.outcome === 'completed' ? s.rpe : null,
            s.outcome === 'completed' ? s.minutes : null,
            s.outcome === 'completed' ? 0 : null,
          );
        }
        for (const o of a.other) {
          db.prepare(
            `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, rpe, minutes, source, logged_by, created_at, team_session_id)
             VALUES (?, ?, 'practice', ?, ?, ?, 'command', ?, 'x', NULL)`,
          ).run(guildId, ids[i], addDays(TODAY, -o.day), o.rpe, o.minutes, ids[i]);
        }
      });
    })();
    return { team, ids };
  }

  function applyChange(team: Team, c: Change, athleteId: string): void {
    const db = app.db;
    const g = team.guildId;
    const pickOf = <T>(rows: T[], n: number): T | undefined => rows[n % Math.max(1, rows.length)];
    const checkins = db.prepare('SELECT id, assignment_id FROM checkins WHERE guild_id = ? ORDER BY id').all(g) as {
      id: number;
      assignment_id: number;
    }[];
    const sessions = db.prepare('SELECT id, session_date FROM assignments WHERE guild_id = ? ORDER BY id').all(g) as {
      id: number;
      session_date: string;
    }[];
    const others = db.prepare('SELECT id FROM other_sessions WHERE guild_id = ? ORDER BY id').all(g) as { id: number }[];
    switch (c.kind) {
      case 'log': {
        const date = addDays(TODAY, -c.day);
        const pid = (db.prepare('SELECT id FROM prescriptions WHERE guild_id = ?').get(g) as { id: number }).id;
        const id = Number(
          db
            .prepare(
              `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_id, assigned_by, created_at)
               VALUES (?, ?, 'glute-ham-emphasis', 'GH', ?, ?, 45, ?, ?, 'x')`,
            )
            .run(g, athleteId, date, `${date}T17:00:00.000Z`, pid, COACH).lastInsertRowid,
        );
        app.checkinRepo.saveCompleted(
          { guildId: g, assignmentId: id, athleteId },
          { rpe: c.rpe, minutes: c.minutes, pain: 0, painArea: null, note: null },
          'command',
          clock.now(),
        );
        return;
      }
      case 'correct': {
        const row = pickOf(checkins, c.pick);
        if (row)
          db.prepare(
            `UPDATE checkins SET outcome = 'completed', rpe = ?, minutes = coalesce(minutes, 30), pain = coalesce(pain, 0), missed_reason = NULL WHERE id = ?`,
          ).run(c.rpe, row.id);
        return;
      }
      case 'delete': {
        const row = pickOf(checkins, c.pick);
        if (row) app.corrections.deleteCheckin(g, row.assignment_id, COACH, clock.now());
        return;
      }
      case 'move': {
        const row = pickOf(sessions, c.pick);
        if (row) db.prepare('UPDATE assignments SET session_date = ? WHERE id = ?').run(addDays(row.session_date, c.by), row.id);
        return;
      }
      case 'dropSession': {
        const row = pickOf(sessions, c.pick);
        if (row) db.prepare('DELETE FROM assignments WHERE id = ?').run(row.id);
        return;
      }
      case 'other':
        db.prepare(
          `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, rpe, minutes, source, logged_by, created_at) VALUES (?, ?, 'match', ?, ?, 60, 'command', ?, 'x')`,
        ).run(g, athleteId, addDays(TODAY, -c.day), c.rpe, athleteId);
        return;
      case 'dropOther': {
        const row = pickOf(others, c.pick);
        if (row) db.prepare('DELETE FROM other_sessions WHERE id = ?').run(row.id);
        return;
      }
    }
  }

  const expectSame = (team: Team, week: IsoWeek) => {
    const got = figuresOf(app.digest.computeDigest(team, week));
    expect(got).toEqual(figuresOf(wholeHistoryDigest(app, team, week)));
    return got;
  };

  it('on random histories, after random corrections, for this week, a later one and an older one', () => {
    let withRatio = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ sessions: fc.array(session, { maxLength: 60 }), other: fc.array(other, { maxLength: 8 }) }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.array(change, { maxLength: 4 }),
        fc.integer({ min: 1, max: 30 }),
        (athletes, changes, olderBy) => {
          clock.set(`${TODAY}T09:00:00Z`);
          const { team, ids } = seed(athletes);
          const week = isoWeekOf(addDays(TODAY, -7));
          const first = expectSame(team, week);
          withRatio += first.athletes.filter((a) => a.acwr.ewma !== null).length;
          changes.forEach((c, i) => applyChange(team, c, ids[i % ids.length]!));
          expectSame(team, week);
          // The states stored for last week serve next week's digest, which reads from them on.
          clock.set(`${addDays(TODAY, 7)}T09:00:00Z`);
          expectSame(team, isoWeekOf(TODAY));
          // An older week (a coach's /digest 2026-W30): from the whole history, the newer states kept.
          expectSame(team, isoWeekOf(addDays(TODAY, -7 * olderBy)));
          expectSame(team, isoWeekOf(TODAY));
        },
      ),
      { numRuns: 25, seed: 1414 },
    );
    // The property really compared EWMA ratios, from stored states.
    expect(withRatio).toBeGreaterThan(10);
    expect((app.db.prepare('SELECT count(*) AS n FROM ewma_states').get() as { n: number }).n).toBeGreaterThan(10);
  });
});

describe('what deletes a stored EWMA state', () => {
  function setup() {
    const store = tempDatabase();
    const clock = new ManualClock(`${TODAY}T09:00:00Z`);
    const app = makeApp(store.db, clock, new FakeCourier(clock));
    const team = app.teams.save(
      { guildId: '900000000000000001', timeZone: ZONE, coachRoleId: '1', staffChannelId: '2', fallbackChannelId: null },
      clock.now(),
    );
    const ana = '200000000000000002';
    app.squadRepo.add(team.guildId, ana, 'Ana', null, clock.now());
    const template = requireTemplate('glute-ham-emphasis');
    const ids: number[] = [];
    // 20 weeks of Mon/Thu sessions, all logged.
    for (let d = 140; d >= 1; d--) {
      const date = addDays(TODAY, -d);
      if (d % 7 !== 0 && d % 7 !== 4) continue;
      const [a] = app.assignmentRepo.createMany(
        [
          {
            guildId: team.guildId,
            athleteId: ana,
            templateId: template.id,
            title: template.name,
            sessionDate: date,
            plannedStartAt: new Date(`${date}T17:00:00Z`),
            plannedMinutes: 45,
            prescription: toPrescription(template),
            note: null,
            assignedBy: COACH,
          },
        ],
        clock.now(),
      );
      app.checkinRepo.saveCompleted(
        { guildId: team.guildId, assignmentId: a!.id, athleteId: ana },
        { rpe: 6, minutes: 45, pain: 0, painArea: null, note: null },
        'command',
        clock.now(),
      );
      ids.push(a!.id);
    }
    const week = isoWeekOf(addDays(TODAY, -7));
    const states = () => app.db.prepare('SELECT through_date FROM ewma_states WHERE athlete_id = ?').all(ana) as { through_date: string }[];
    const digest = () => app.digest.computeDigest(team, week).athletes[0]!.acwr.ewma;
    return { store, app, team, ana, ids, states, digest, clock };
  }

  it('a digest stores the state on the day before its rows window; a check-in after that day leaves it', () => {
    const t = setup();
    try {
      const ewma = t.digest();
      expect(ewma).not.toBeNull();
      expect(t.states()).toEqual([{ through_date: addDays(loadWindowStart(weekSpan(isoWeekOf(addDays(TODAY, -7))).end), -1) }]);
      // Logging today's session is after the state's day: it stays.
      const date = TODAY;
      const [a] = t.app.assignmentRepo.createMany(
        [
          {
            guildId: t.team.guildId,
            athleteId: t.ana,
            templateId: 'glute-ham-emphasis',
            title: 'GH',
            sessionDate: date,
            plannedStartAt: new Date(`${date}T17:00:00Z`),
            plannedMinutes: 45,
            prescription: toPrescription(requireTemplate('glute-ham-emphasis')),
            note: null,
            assignedBy: COACH,
          },
        ],
        t.clock.now(),
      );
      t.app.checkinRepo.saveCompleted(
        { guildId: t.team.guildId, assignmentId: a!.id, athleteId: t.ana },
        { rpe: 7, minutes: 50, pain: 0, painArea: null, note: null },
        'command',
        t.clock.now(),
      );
      expect(t.states()).toHaveLength(1);
      expect(t.digest()).toBe(ewma);
    } finally {
      t.store.cleanup();
    }
  });

  it('a correction of an old check-in, deleting one (/assignment delete-checkin) and erasure each delete it', () => {
    const t = setup();
    try {
      const before = t.digest();
      expect(t.states()).toHaveLength(1);
      // Correction (the athlete's "rpe was 9") of the first session, long before the state's day.
      t.app.checkinRepo.saveCompleted(
        { guildId: t.team.guildId, assignmentId: t.ids[0]!, athleteId: t.ana },
        { rpe: 9, minutes: 45, pain: 0, painArea: null, note: null },
        'command',
        t.clock.now(),
      );
      expect(t.states()).toHaveLength(0);
      const corrected = t.digest();
      expect(corrected).not.toBe(before);
      expect(t.states()).toHaveLength(1);
      // A coach deletes a check-in logged in error.
      expect(t.app.corrections.deleteCheckin(t.team.guildId, t.ids[3]!, COACH, t.clock.now())).toBe(true);
      expect(t.states()).toHaveLength(0);
      t.digest();
      expect(t.states()).toHaveLength(1);
      // Erasure deletes every row about the athlete, the state with them.
      const erased = t.app.privacy.erase(t.team.guildId, t.ana, null); // the athlete's own /privacy erase
      expect(erased.ok).toBe(true);
      expect(t.states()).toHaveLength(0);
    } finally {
      t.store.cleanup();
    }
  });

  it('a state that no longer matches the history is never used: a missed trigger would show, not mislead', () => {
    const t = setup();
    try {
      const right = t.digest();
      // Tamper with the state (as a forgotten invalidation would leave it): its start no longer matches.
      t.app.db.prepare(`UPDATE ewma_states SET start_date = '2020-01-01', acute = 1e6`).run();
      expect(t.digest()).toBe(right);
    } finally {
      t.store.cleanup();
    }
  });
});
