// Issue 14: the statements an interaction runs (/today, /checkin, the DM reply "7 2 45") read by
// index, never a whole table and never a skip-scan across every team. Plans are read with EXPLAIN
// QUERY PLAN and the parameters each statement ran with, on a seeded fleet file opened as production opens it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetFile, type Fleet } from '../../bench/fleet';
import { countStatements } from '../../bench/statementCounter';
import { createApp, type App } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { silentLogger } from '../../src/logger';
import { plansOf, type StatementPlan } from '../support/plans';

let fleet: Fleet;
let db: Db;
let app: App;

beforeAll(() => {
  fleet = fleetFile({ teams: 2, athletes: 12, weeks: 10 });
  db = openDatabase(fleet.path);
  app = createApp({ db, clock: new ManualClock(`${fleet.today}T08:00:00Z`), logger: silentLogger });
});
afterAll(() => {
  db.close();
  fleet.cleanup();
});

function plans(run: () => void): StatementPlan[] {
  const counter = countStatements(db);
  try {
    run();
  } finally {
    counter.restore();
  }
  return plansOf(db, counter.calls);
}

/** Whole-table reads of the tables that grow with the fleet, and skip-scans (ANY(...)) over an index's leading column. */
const BAD = /^SCAN (a|c|assignments|checkins|outbox|athletes|interactions_seen)\b(?! USING (COVERING )?INDEX)|\bANY\(/;

describe('what an interaction reads', () => {
  it('/today, /checkin and the DM reply read by index only', () => {
    const [team] = fleet.guildIds.map((g) => app.teams.get(g)!);
    const [first, second] = fleet.athleteIds[0]!;
    const ran = plans(() => {
      app.assignments.todayFor(team!, first!);
      const session = app.assignments.loggable(team!, first!)[0]!;
      const logged = app.checkins.logCompleted(
        first!,
        session.id,
        { rpe: 7, pain: 2, minutes: 45, painArea: null, painSide: null, note: null },
        'command',
      );
      expect(logged.ok).toBe(true);
      expect(app.checkinReplies.reply(second!, '7 2 45').kind).not.toBe('message');
    });
    expect(ran.some((s) => /c\.id IS NULL AND a\.cancelled_at IS NULL AND a\.planned_start_at BETWEEN/.test(s.sql))).toBe(true);
    const bad = ran.filter((s) => s.plan.some((line) => BAD.test(line)));
    expect(bad, JSON.stringify(bad, null, 2)).toEqual([]);
  });
});
