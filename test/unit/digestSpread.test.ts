// Issue 14: teams whose digests fall due together are spread over the following minutes, in a stable order.
import { describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import type { Team } from '../../src/repositories/teams';
import { DIGESTS_PER_MINUTE, spreadDigests, weeklyDigestJob } from '../../src/scheduler/jobs/weeklyDigest';
import { TickContext } from '../../src/scheduler/tickContext';

const team = (i: number, zone = 'Europe/London'): Team =>
  ({ guildId: `9${String(i).padStart(17, '0')}`, timeZone: zone, digestWeekday: 1, digestTime: '08:00' }) as Team;

function dueWith(teams: Team[], now: string) {
  const app = { teams: { all: () => teams } } as unknown as Runtime;
  return weeklyDigestJob.due(app, new Date(now), undefined, new TickContext(app));
}

describe('the weekly digest of a fleet', () => {
  it(`keeps ${DIGESTS_PER_MINUTE} a minute at the digest time and moves the rest to the next minutes`, () => {
    const fleet = Array.from({ length: 45 }, (_, i) => team(i));
    const due = dueWith(fleet, '2026-11-23T08:00:00Z');
    expect(due).toHaveLength(45);
    const perMinute = new Map<string, number>();
    for (const n of due) perMinute.set(n.dueAt.toISOString(), (perMinute.get(n.dueAt.toISOString()) ?? 0) + 1);
    expect([...perMinute.entries()].sort()).toEqual([
      ['2026-11-23T08:00:00.000Z', 20],
      ['2026-11-23T08:01:00.000Z', 20],
      ['2026-11-23T08:02:00.000Z', 5],
    ]);
    // Every team's slot is the same ISO week, whatever minute it goes out in.
    expect(new Set(due.map((n) => n.slot))).toEqual(new Set(['2026-W47']));
  });

  it('gives each team the same minute whatever order the teams are read in', () => {
    const fleet = Array.from({ length: 30 }, (_, i) => team(i));
    const a = new Map(spreadDigests(dueWith(fleet, '2026-11-23T08:00:00Z')).map((n) => [n.guildId, n.dueAt.getTime()]));
    const b = new Map(dueWith([...fleet].reverse(), '2026-11-23T08:00:00Z').map((n) => [n.guildId, n.dueAt.getTime()]));
    expect(b).toEqual(a);
  });

  it('leaves a few teams at their own time, and teams in other zones apart', () => {
    const due = dueWith([team(1), team(2), team(3, 'America/New_York')], '2026-11-23T13:00:00Z');
    expect(due.map((n) => n.dueAt.toISOString()).sort()).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-23T08:00:00.000Z',
      '2026-11-23T13:00:00.000Z',
    ]);
  });
});
