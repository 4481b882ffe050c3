// Issue 14: every statement a scheduler tick runs is served by an index. The plans are read with
// EXPLAIN QUERY PLAN, with the parameters each statement ran with, on a seeded fleet file (two
// teams, every athlete on a program, deload weeks, excusals, history) opened as production opens it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fleetFile, type Fleet } from '../../bench/fleet';
import { countStatements } from '../../bench/statementCounter';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { silentLogger } from '../../src/logger';
import { Scheduler } from '../../src/scheduler/scheduler';
import { plansOf, tablesByAlias } from '../support/plans';

/** Tables that grow with the fleet and its history: never read whole. */
const BIG = [
  'assignments',
  'checkins',
  'excusals',
  'session_adjustments',
  'notifications',
  'outbox',
  'pain_followups',
  'athletes',
  'programs',
  'interactions_seen',
  'team_sessions',
  'other_sessions',
];

let fleet: Fleet;
let db: Db;
let app: Runtime;

beforeAll(() => {
  fleet = fleetFile({ teams: 2, athletes: 12, weeks: 10 });
  db = openDatabase(fleet.path);
  app = createApp({ db, clock: new ManualClock(`${fleet.today}T07:59:00Z`), logger: silentLogger });
});
afterAll(() => {
  db.close();
  fleet.cleanup();
});

/** 'SCAN assignments' or 'SCAN a' (an alias of a big table), with or without a covering index: the whole table is read. */
function scansOfBigTables(sql: string, plan: string[]): string[] {
  const aliases = tablesByAlias(sql);
  return plan.filter((line) => {
    const m = /^SCAN (\w+)/.exec(line);
    return m !== null && BIG.includes(aliases.get(m[1]!.toLowerCase()) ?? m[1]!.toLowerCase());
  });
}

describe('a scheduler tick reads through indexes only', () => {
  it('quiet and busy minutes: no statement scans a table that grows with the fleet', async () => {
    const scheduler = new Scheduler({ app, owner: 'plans' });
    const counter = countStatements(db);
    await scheduler.tick(new Date(`${fleet.today}T07:59:00Z`));
    const busy = await scheduler.tick(new Date(`${fleet.today}T08:00:00Z`));
    counter.restore();
    expect(busy.results.filter((r) => r.status === 'owed').length).toBeGreaterThan(10);
    const plans = plansOf(db, counter.calls);
    // The reads every tick makes are among them: a team's sessions, the excusals, the deload weeks
    // of a chunk of teams, its team sessions, its settled keys, and the watermarks.
    for (const read of [
      /FROM assignments a .*WHERE a\.guild_id = \? AND a\.session_date BETWEEN/,
      /FROM excusals/,
      /FROM g CROSS JOIN assignments a ON a\.guild_id = g\.guild_id AND a\.adjustment = 'deload'/,
      /CROSS JOIN team_sessions ts/,
      /CROSS JOIN notifications n ON n\.kind = \?/,
      /FROM scheduler_watermarks/,
      /UPDATE scheduler_watermarks SET not_before/,
    ])
      expect(
        plans.some((p) => read.test(p.sql)),
        String(read),
      ).toBe(true);
    const offenders = plans.flatMap((p) => scansOfBigTables(p.sql, p.plan).map((line) => `${line}  <-  ${p.sql.slice(0, 160)}`));
    expect(offenders).toEqual([]);
  });

  it('each team is read through its own index: sessions by (guild, date), settled keys by (kind, guild, due), team sessions by (guild, end)', () => {
    const scheduler = new Scheduler({ app, owner: 'plans-chunk' });
    const counter = countStatements(db);
    return scheduler.tick(new Date(`${fleet.today}T09:00:00Z`)).then(() => {
      counter.restore();
      const plans = plansOf(db, counter.calls);
      const planOf = (re: RegExp) => plans.find((p) => re.test(p.sql))?.plan.join('\n') ?? `no statement matches ${String(re)}`;
      expect(planOf(/FROM assignments a .*WHERE a\.guild_id = \? AND a\.session_date BETWEEN/)).toMatch(
        /SEARCH a USING INDEX assignments_by_date \(guild_id=\? AND session_date>\? AND session_date<\?\)/,
      );
      expect(planOf(/CROSS JOIN notifications n ON n\.kind = \?/)).toMatch(/SEARCH n USING (COVERING )?INDEX notifications_by_team_due/);
      expect(planOf(/CROSS JOIN team_sessions ts/)).toMatch(/SEARCH ts USING (COVERING )?INDEX team_sessions_by_end/);
      expect(planOf(/FROM g CROSS JOIN assignments a ON a\.guild_id = g\.guild_id AND a\.adjustment = 'deload'/)).toMatch(
        /SEARCH a USING (COVERING )?INDEX assignments_by_team_adjustment \(guild_id=\? AND adjustment=\? AND session_date>\? AND session_date<\?\)/,
      );
    });
  });

  it("a quiet minute reads one watermark row per team and no team's data", async () => {
    const scheduler = new Scheduler({ app, owner: 'plans-quiet' });
    // The first tick of a process looks at every team (it does not trust watermarks it did not compute).
    await scheduler.tick(new Date(`${fleet.today}T09:01:00Z`));
    const counter = countStatements(db);
    const quiet = await scheduler.tick(new Date(`${fleet.today}T09:02:00Z`));
    counter.restore();
    expect(quiet.results).toEqual([]);
    expect(counter.executed.filter((sql) => /\b(assignments|checkins|excusals|notifications)\b/.test(sql))).toEqual([]);
    expect(counter.executed.some((sql) => /FROM scheduler_watermarks/.test(sql))).toBe(true);
  });

  it('the deload read uses the adjustment indexes, not json_extract over every session', () => {
    const plan = (
      db
        .prepare(`EXPLAIN QUERY PLAN SELECT id FROM assignments WHERE adjustment = 'deload' AND session_date BETWEEN ? AND ?`)
        .all('2026-11-01', '2026-12-31') as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/SEARCH assignments USING (COVERING )?INDEX assignments_by_adjustment/);
    const adjusted = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT assignment_id FROM session_adjustments WHERE undone_at IS NULL AND original_adjustment = 'deload'`,
        )
        .all() as { detail: string }[]
    ).map((r) => r.detail);
    expect(adjusted.join('\n')).toMatch(/SEARCH session_adjustments USING (COVERING )?INDEX session_adjustments_open_by_original/);
  });
});
