// Issue 14: the planner keeps SQLite's row counts (sqlite_stat1) but never STAT4's samples. With a
// sample, a plan depends on the values bound, and SQLite re-prepares such a statement on every run
// with new parameters (the bench measured a check-in's session read at 32 µs with samples, 8 without).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fleetFile, type Fleet } from '../../bench/fleet';
import { createApp } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, optimizeDatabase, type Db } from '../../src/db/database';
import { silentLogger } from '../../src/logger';
import { Scheduler } from '../../src/scheduler/scheduler';

let fleet: Fleet;
let db: Db;

const count = (table: 'sqlite_stat1' | 'sqlite_stat4') => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeEach(() => {
  fleet = fleetFile({ teams: 2, athletes: 12, weeks: 10 });
  db = openDatabase(fleet.path);
});
afterEach(() => {
  db.close();
  fleet.cleanup();
});

describe('planner statistics', () => {
  it('opening the file leaves row counts and no samples', () => {
    expect(count('sqlite_stat1')).toBeGreaterThan(0);
    expect(count('sqlite_stat4')).toBe(0);
  });

  it('a full ANALYZE writes samples on this data; optimizeDatabase drops them and keeps the counts', () => {
    db.exec('ANALYZE');
    expect(count('sqlite_stat4')).toBeGreaterThan(0);
    const counts = count('sqlite_stat1');
    optimizeDatabase(db, 'optimize');
    expect(count('sqlite_stat4')).toBe(0);
    expect(count('sqlite_stat1')).toBe(counts);
  });

  it("a worker's second connection leaves the statistics to the bot's (its ANALYZE would hold the write lock)", () => {
    db.exec('DELETE FROM sqlite_stat1');
    db.close();
    db = openDatabase(fleet.path, { optimize: false });
    expect(count('sqlite_stat1')).toBe(0);
    db.close();
    db = openDatabase(fleet.path);
    expect(count('sqlite_stat1')).toBeGreaterThan(0);
  });

  it("the scheduler's hourly optimize (at :17) leaves no samples either", async () => {
    db.exec('ANALYZE');
    const clock = new ManualClock(`${fleet.today}T10:17:00Z`);
    const app = createApp({ db, clock, logger: silentLogger });
    const scheduler = new Scheduler({ app, clock, owner: 'test' });
    await scheduler.tick();
    await scheduler.stop();
    expect(count('sqlite_stat4')).toBe(0);
    expect(count('sqlite_stat1')).toBeGreaterThan(0);
  });
});
