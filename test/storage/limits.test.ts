// The rules' numbers live in src/domain; the migrations' CHECK constraints must say the same.
// Boundary values go into a real migrated SQLite file: the limit itself is stored, one past it is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { CHECKIN_LIMITS } from '../../src/domain/checkin';
import { SESSION_MINUTES_MAX } from '../../src/domain/load';
import { PAIN_LIMIT_SETTING } from '../../src/domain/pain';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';
import { addAssigned, addAthlete, FakeCourier, makeApp, seedTeam } from '../support/schedulerHarness';

const NOW = new Date('2026-03-02T12:00:00Z');
let store: ReturnType<typeof tempDatabase>;
let app: Runtime;
let team: Team;
let session: Assignment;

beforeEach(() => {
  store = tempDatabase();
  const clock = new ManualClock(NOW.toISOString());
  app = makeApp(store.db, clock, new FakeCourier(clock));
  team = seedTeam(app, { guildId: 'g1', timeZone: 'Europe/London' }, NOW);
  addAthlete(app, 'g1', 'ana', NOW);
  session = addAssigned(app, team, 'ana', '2026-03-02', NOW);
});
afterEach(() => store.cleanup());

/** Whether SQLite stores a completed check-in with these numbers (the row is removed again). */
function stores(values: { rpe: number; minutes: number; pain: number }): boolean {
  try {
    store.db
      .prepare(
        `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, source, logged_at, updated_at)
         VALUES ('g1', ?, 'ana', 'completed', ?, ?, ?, 'modal', ?, ?)`,
      )
      .run(session.id, values.rpe, values.minutes, values.pain, NOW.toISOString(), NOW.toISOString());
  } catch (error) {
    if (error instanceof Error && /CHECK constraint failed/.test(error.message)) return false;
    throw error;
  }
  store.db.prepare('DELETE FROM checkins WHERE assignment_id = ?').run(session.id);
  return true;
}

/** Whether an UPDATE of one column to `value` passes the table's CHECKs. */
function accepts(sql: string, value: number, id: string | number): boolean {
  try {
    store.db.prepare(sql).run(value, id);
    return true;
  } catch (error) {
    if (error instanceof Error && /CHECK constraint failed/.test(error.message)) return false;
    throw error;
  }
}

describe('SQL CHECKs match the domain limits', () => {
  const fine = { rpe: 5, minutes: 45, pain: 1 };
  for (const field of ['rpe', 'minutes', 'pain'] as const) {
    it(`checkins.${field}: ${CHECKIN_LIMITS[field].min}-${CHECKIN_LIMITS[field].max}`, () => {
      const { min, max } = CHECKIN_LIMITS[field];
      expect(stores({ ...fine, [field]: min })).toBe(true);
      expect(stores({ ...fine, [field]: max })).toBe(true);
      expect(stores({ ...fine, [field]: min - 1 })).toBe(false);
      expect(stores({ ...fine, [field]: max + 1 })).toBe(false);
    });
  }

  it('assignments.planned_minutes takes the same minutes as a check-in, and the load formula the same maximum', () => {
    const sql = 'UPDATE assignments SET planned_minutes = ? WHERE id = ?';
    const { min, max } = CHECKIN_LIMITS.minutes;
    expect([min - 1, min, max, max + 1].map((v) => accepts(sql, v, session.id))).toEqual([false, true, true, false]);
    expect(SESSION_MINUTES_MAX).toBe(max);
  });

  it(`teams.pain_limit: ${PAIN_LIMIT_SETTING.min}-${PAIN_LIMIT_SETTING.max}, as /settings offers`, () => {
    const sql = 'UPDATE teams SET pain_limit = ? WHERE guild_id = ?';
    const { min, max } = PAIN_LIMIT_SETTING;
    expect([min - 1, min, max, max + 1].map((v) => accepts(sql, v, 'g1'))).toEqual([false, true, true, false]);
    expect(app.settings.update(team, { painLimit: max + 1 }, NOW)).toMatchObject({
      ok: false,
      message: expect.stringContaining(`from ${min} to ${max}`),
    });
    expect(app.settings.update(team, { painLimit: max }, NOW).ok).toBe(true);
  });

  it("other training and team sessions (0007) take a check-in's RPE, minutes and pain, as the service checks them", () => {
    const other = Number(
      store.db
        .prepare(
          `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, rpe, minutes, pain, source, logged_by, created_at)
           VALUES ('g1', 'ana', 'practice', '2026-03-02', 5, 60, 0, 'command', 'ana', ?)`,
        )
        .run(NOW.toISOString()).lastInsertRowid,
    );
    for (const field of ['rpe', 'minutes', 'pain'] as const) {
      const { min, max } = CHECKIN_LIMITS[field];
      const sql = `UPDATE other_sessions SET ${field} = ? WHERE id = ?`;
      expect(
        [min - 1, min, max, max + 1].map((v) => accepts(sql, v, other)),
        field,
      ).toEqual([false, true, true, false]);
    }
    const teamSession = Number(
      store.db
        .prepare(
          `INSERT INTO team_sessions (guild_id, type, session_date, ends_at, minutes, created_by, created_at) VALUES ('g1', 'match', '2026-03-02', ?, 90, 'kim', ?)`,
        )
        .run(NOW.toISOString(), NOW.toISOString()).lastInsertRowid,
    );
    const { min, max } = CHECKIN_LIMITS.minutes;
    expect([min - 1, min, max, max + 1].map((v) => accepts('UPDATE team_sessions SET minutes = ? WHERE id = ?', v, teamSession))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    const refused = app.otherTraining.log({
      team,
      athleteId: 'ana',
      type: 'practice',
      rpe: 5,
      minutes: max + 1,
      pain: null,
      date: null,
      source: 'command',
    });
    expect(refused).toMatchObject({ ok: false, message: `Minutes must be from ${min} to ${max}; you gave ${max + 1}.` });
  });
});
