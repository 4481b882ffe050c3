// Issue 14: the digest reads only what it needs, so its cost does not grow with years of history.
// Every statement one team's digest runs (states stored or rebuilt) is read with EXPLAIN QUERY PLAN,
// with the parameters it ran with, on a seeded fleet file opened as production opens it: none reads
// a table of history whole, nor a team's whole history through an index on the team alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetFile, type Fleet } from '../../bench/fleet';
import { countStatements } from '../../bench/statementCounter';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { addDays, isoWeekOf } from '../../src/domain/time';
import { silentLogger } from '../../src/logger';
import { plansOf, tablesByAlias } from '../support/plans';

/** Tables that grow with the years of history. */
const HISTORY = ['assignments', 'checkins', 'other_sessions', 'pain_followups', 'nordic_logs', 'readiness_answers', 'excusals'];

let fleet: Fleet;
let db: Db;
let app: Runtime;

beforeAll(() => {
  fleet = fleetFile({ teams: 2, athletes: 12, weeks: 52 });
  db = openDatabase(fleet.path);
  app = createApp({ db, clock: new ManualClock(`${fleet.today}T09:00:00Z`), logger: silentLogger });
});
afterAll(() => {
  db.close();
  fleet.cleanup();
});

/** Plan lines that read a history table whole ('SCAN a') or a team's whole history ('SEARCH a USING INDEX x (guild_id=?)'). */
function unboundedReads(sql: string, plan: string[]): string[] {
  const aliases = tablesByAlias(sql);
  return plan.filter((line) => {
    const m = /^(SCAN|SEARCH) (\w+)(.*)$/.exec(line);
    if (!m) return false;
    const table = aliases.get(m[2]!.toLowerCase()) ?? m[2]!.toLowerCase();
    if (!HISTORY.includes(table)) return false;
    return m[1] === 'SCAN' || /\(guild_id=\?\)$/.test(m[3]!);
  });
}

describe("one team's digest reads weeks, not years", () => {
  it('with the EWMA states stored, no statement reads a table of history whole or a whole team history', () => {
    const team = app.teams.get(fleet.guildIds[0]!)!;
    const week = isoWeekOf(addDays(fleet.today, -7));
    // The first digest builds every athlete's state from their whole history, once (by design);
    // every digest after it continues from the stored states.
    app.digest.computeDigest(team, week);
    expect((db.prepare('SELECT count(*) AS n FROM ewma_states').get() as { n: number }).n).toBe(fleet.athletes);
    const counter = countStatements(db);
    app.digest.computeDigest(team, week);
    app.digest.computeDigest(team, isoWeekOf(fleet.today));
    counter.restore();
    const ran = plansOf(db, counter.calls, /^\s*(SELECT|WITH)/i);
    const offenders = ran.flatMap(({ sql, plan }) => unboundedReads(sql, plan).map((line) => `${line}  <-  ${sql.slice(0, 160)}`));
    expect(offenders).toEqual([]);
    // The reads this is about are among them: first sessions per athlete by index, the EWMA states, Nordic by program.
    const plans = ran.map(({ sql, plan }) => ({ sql, plan: plan.join('\n') }));
    expect(plans.find((p) => /ORDER BY a\.session_date LIMIT 1/.test(p.sql))?.plan).toMatch(
      /assignments_by_athlete_date \(guild_id=\? AND athlete_id=\?/,
    );
    expect(plans.some((p) => /FROM ewma_states/.test(p.sql))).toBe(true);
    expect(plans.find((p) => /FROM programs p .*CROSS JOIN assignments/.test(p.sql))?.plan).toMatch(/assignments_by_program/);
  });

  it("/me and /athlete read one athlete's history by the athlete's index, never the team's", () => {
    const team = app.teams.get(fleet.guildIds[0]!)!;
    const counter = countStatements(db);
    expect(app.digest.athleteHistory(team, fleet.athleteIds[0]![0]!, 12).ok).toBe(true);
    counter.restore();
    const ran = plansOf(db, counter.calls, /^\s*(SELECT|WITH)/i);
    const daily = ran.find(({ sql }) => /SUM\(c\.load_au\) AS load/.test(sql) && /a\.athlete_id = @athleteId/.test(sql));
    expect(daily?.plan.join('\n')).toMatch(/assignments_by_athlete_date \(guild_id=\? AND athlete_id=\?/);
    // Every read of assignments is led by the athlete (the team's date index would read every athlete's rows).
    const byTeamDate = ran.filter(({ plan }) => plan.some((line) => /SEARCH a USING INDEX assignments_by_date/.test(line)));
    expect(byTeamDate.map(({ sql }) => sql.slice(0, 120))).toEqual([]);
  });
});
