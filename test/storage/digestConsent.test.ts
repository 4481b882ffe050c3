// Issue 11: the digest shows "no consent" for an athlete who said no, not an error or a missed week.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { summaryLines } from '../../src/discord/render/digestText';
import { tempDatabase } from '../support/db';
import { addAssigned, addAthlete, FakeCourier, makeApp, seedTeam } from '../support/schedulerHarness';

const GUILD = '900000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CAL = '200000000000000003';
const T0 = new Date('2026-03-01T00:00:00Z');

let store: ReturnType<typeof tempDatabase>;
let app: Runtime;

beforeEach(() => {
  store = tempDatabase();
  const clock = new ManualClock('2026-03-09T09:00:00Z');
  app = makeApp(store.db, clock, new FakeCourier(clock));
  const team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, T0);
  for (const id of [ANA, BEN, CAL]) {
    addAthlete(app, GUILD, id, T0);
    addAssigned(app, team, id, '2026-03-03', T0);
  }
  app.privacy.setConsent(GUILD, BEN, 'declined');
  app.privacy.setConsent(GUILD, CAL, 'withdrawn');
});
afterEach(() => store.cleanup());

describe('the digest and consent', () => {
  it('names athletes who said no or withdrew as "no consent" instead of judging their week', () => {
    const team = app.teams.get(GUILD)!;
    const figures = app.digest.computeDigest(team, { year: 2026, week: 10 });
    expect(figures.athletes.map((a) => a.athlete.userId)).toEqual([ANA]);
    expect(figures.noConsent?.map((a) => a.athlete.userId).sort()).toEqual([BEN, CAL]);
    const text = summaryLines(figures, team.timeZone).join('\n');
    expect(text).toMatch(/\*\*No consent\*\* .*nothing they report is stored/);
  });

  it("counts them apart: the headline's athletes, colours and sessions are the judged athletes only", () => {
    const team = app.teams.get(GUILD)!;
    const figures = app.digest.computeDigest(team, { year: 2026, week: 10 });
    const t = figures.team;
    expect(t.athletes).toBe(1);
    expect(t.statusCounts.red + t.statusCounts.amber + t.statusCounts.green).toBe(1);
    expect([t.assigned, t.due]).toEqual([1, 1]);
    expect(t.notLogged.map((a) => a.userId)).toEqual([ANA]);
    const headline = summaryLines(figures, team.timeZone).find((l) => l.startsWith('**1 athlete**'));
    expect(headline).toMatch(/sessions 0\/1 done .* · 2 without consent$/);
    expect(summaryLines(figures, team.timeZone).join('\n')).not.toContain('The squad is empty');
  });

  it('a squad of athletes who all said no is not "empty"', () => {
    app.privacy.setConsent(GUILD, ANA, 'declined');
    const team = app.teams.get(GUILD)!;
    const figures = app.digest.computeDigest(team, { year: 2026, week: 10 });
    expect(figures.team.athletes).toBe(0);
    const text = summaryLines(figures, team.timeZone).join('\n');
    expect(text).toContain('**0 athletes**');
    expect(text).toContain('3 without consent');
    expect(text).not.toContain('The squad is empty');
  });
});
