// Privacy upkeep in batches (src/scheduler/privacy.ts): a team deleted 30 days after the bot left,
// and a first retention pass over months of history, go a batch of rows at a time with the event
// loop given back between batches; the result is what one transaction would have left.
import { copyFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fleetFile, type Fleet } from '../../bench/fleet';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { addDays } from '../../src/domain/time';
import { silentLogger } from '../../src/logger';
import { schemaTables } from '../../src/repositories/privacy';
import { runPrivacyUpkeepInSlices } from '../../src/scheduler/privacy';

let fleet: Fleet;
const open: Db[] = [];

function app(path: string, now: string): Runtime {
  const db = openDatabase(path);
  open.push(db);
  return createApp({ db, clock: new ManualClock(now), logger: silentLogger });
}

/** Every table's rows per team, and the teams left. */
function contents(a: Runtime): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const t of schemaTables(a.db).filter((t) => t.columns.includes('guild_id'))) {
    out[t.table] = a.db.prepare(`SELECT guild_id, count(*) AS n FROM "${t.table}" GROUP BY guild_id ORDER BY guild_id`).all();
  }
  return out;
}

/** What each call of one of the upkeep's batch methods returned. */
function spyOnBatches(a: Runtime, method: 'retentionBatch' | 'deleteTeamBatch'): unknown[] {
  const returned: unknown[] = [];
  const original = a.privacy[method].bind(a.privacy) as (guildId: string, maxRows: number) => unknown;
  vi.spyOn(a.privacy, method).mockImplementation(((guildId: string, maxRows: number) => {
    const r = original(guildId, maxRows);
    returned.push(r);
    return r;
  }) as never);
  return returned;
}

beforeEach(() => {
  fleet = fleetFile({ teams: 2, athletes: 12, weeks: 10 });
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const db of open.splice(0)) db.close();
  fleet.cleanup();
});

describe('privacy upkeep, a batch of rows at a time', () => {
  it('retention over weeks of history: the same rows deleted as in one transaction, in many slices', async () => {
    const copy = `${fleet.path}.copy`;
    copyFileSync(fleet.path, copy);
    const now = `${fleet.today}T09:00:00Z`;
    const whole = app(fleet.path, now);
    const sliced = app(copy, now);
    for (const a of [whole, sliced]) for (const g of fleet.guildIds) expect(a.privacy.setRetention(g, 'coach', 1).ok).toBe(true);
    const before = contents(sliced);

    const once = whole.privacy.applyRetention();
    const batches = spyOnBatches(sliced, 'retentionBatch');
    const slices = await runPrivacyUpkeepInSlices(sliced, () => Promise.resolve(), 50);

    expect(slices.retention).toEqual(once);
    expect(contents(sliced)).toEqual(contents(whole));
    expect(contents(sliced)).not.toEqual(before);
    const deleted = Object.values(once)
      .flatMap((t) => Object.values(t))
      .reduce((a, b) => a + b, 0);
    expect(deleted).toBeGreaterThan(500);
    // Every transaction deleted at most a batch of the tables that grow with every session (the few
    // rows of the others go at once, cascades aside).
    const grows = (b: unknown) =>
      Object.entries(b as Record<string, number>)
        .filter(([table]) => !['team_sessions', 'pain_followups', 'programs', 'excusals', 'athletes', 'consents'].includes(table))
        .reduce((n, [, rows]) => n + rows, 0);
    expect(Math.max(...batches.map(grows))).toBe(50);
    expect(batches.length).toBeGreaterThanOrEqual(deleted / 50);
  });

  it('a team the bot left 30 days ago is deleted whole, batch by batch, even after a stop half-way; the other team is untouched', async () => {
    const [left, stays] = fleet.guildIds as [string, string];
    const then = app(fleet.path, `${fleet.today}T09:00:00Z`);
    expect(then.privacy.botLeft(left)).toBe(true);
    const later = app(fleet.path, `${addDays(fleet.today, 31)}T09:00:00Z`);
    const rowsOf = (guildId: string) =>
      Object.values(contents(later))
        .flatMap((rows) => rows as { guild_id: string; n: number }[])
        .filter((r) => r.guild_id === guildId)
        .reduce((n, r) => n + r.n, 0);
    const leftRows = rowsOf(left);
    const staysRows = rowsOf(stays);
    expect(leftRows).toBeGreaterThan(500);
    // A first batch, then the bot stops: the next pass finishes the job.
    expect(later.privacy.deleteTeamBatch(left, 100)).toBe(100);
    const batches = spyOnBatches(later, 'deleteTeamBatch');
    const pass = await runPrivacyUpkeepInSlices(later, () => Promise.resolve(), 100);
    expect(pass.deletedTeams).toEqual([left]);
    expect(Math.max(...(batches as number[]))).toBe(100);
    expect(batches.length).toBeGreaterThanOrEqual((leftRows - 100) / 100);
    expect(rowsOf(left)).toBe(0);
    expect(rowsOf(stays)).toBe(staysRows);
    expect(later.teams.get(left)).toBeUndefined();
  });
});
