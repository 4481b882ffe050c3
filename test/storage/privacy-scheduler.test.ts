import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { privacyUpkeepDue, runPrivacyUpkeep } from '../../src/scheduler/privacy';
import { scheduledJobs } from '../../src/scheduler/jobs';
import { tempDatabase } from '../support/db';
import { addAssigned, addAthlete, addProgram, FakeCourier, makeApp, schedulerFor, seedTeam } from '../support/schedulerHarness';

const GUILD = '900000000000000001';
const OTHER = '900000000000000002';
const ANA = '200000000000000001';
const T0 = new Date('2026-03-01T00:00:00Z');

describe('the bot leaving a server, with the scheduler ticking', () => {
  let store: ReturnType<typeof tempDatabase>;
  let clock: ManualClock;
  let messenger: FakeCourier;
  let app: Runtime;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock(T0);
    messenger = new FakeCourier(clock);
    app = makeApp(store.db, clock, messenger);
    const team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, T0);
    const other = seedTeam(app, { guildId: OTHER, timeZone: 'Europe/London' }, T0);
    addAthlete(app, GUILD, ANA, T0);
    addAthlete(app, OTHER, ANA, T0);
    // The same athlete shares both servers with the bot: a program of reminders in each.
    for (const t of [team, other])
      addProgram(app, {
        team: t,
        athleteId: ANA,
        startMonday: '2026-03-02',
        weeks: 2,
        trainingDays: [1, 4],
        mobilityDay: 3,
        deloadWeeks: [2],
        createdAt: T0,
      });
    addAssigned(app, team, ANA, '2026-03-03', T0);
  });
  afterEach(() => store.cleanup());

  it('sends nothing more for the team once it left, keeps the other team going, and deletes the data on day 30', async () => {
    const scheduler = schedulerFor({ app, jobs: scheduledJobs });
    clock.set('2026-03-02T07:00:00Z');
    await scheduler.tick();
    app.privacy.botLeft(GUILD);
    const before = messenger.delivered.length;
    let last: Date | null = null;
    // Every 30 minutes for two weeks of reminders.
    for (let t = clock.now().getTime(); t < Date.parse('2026-03-16T00:00:00Z'); t += 30 * 60_000) {
      clock.set(new Date(t));
      await scheduler.tick();
      if (privacyUpkeepDue(clock.now(), last)) {
        runPrivacyUpkeep(app);
        last = clock.now();
      }
    }
    const after = messenger.delivered.slice(before).map((m) => app.outbox.get(m.outboxId)?.guildId);
    expect(after.filter((g) => g === GUILD)).toEqual([]);
    expect(after.filter((g) => g === OTHER).length).toBeGreaterThan(3);
    // Nothing was even owed for the team after it left.
    const leftAt = app.teams.get(GUILD)!.leftAt!;
    expect(store.db.prepare(`SELECT count(*) FROM outbox WHERE guild_id = ? AND created_at > ?`).pluck().get(GUILD, leftAt)).toBe(0);

    // Left at 07:00 on 2 March: still kept at 06:59 on 1 April, gone at the first run from 07:00.
    clock.set('2026-04-01T06:59:00Z');
    expect(runPrivacyUpkeep(app).deletedTeams).toEqual([]);
    expect(app.teams.get(GUILD)).toBeDefined();
    clock.set('2026-04-01T07:00:00Z');
    expect(runPrivacyUpkeep(app).deletedTeams).toEqual([GUILD]);
    for (const table of ['teams', 'athletes', 'assignments', 'programs', 'outbox', 'audit_log']) {
      expect(store.db.prepare(`SELECT count(*) FROM ${table} WHERE guild_id = ?`).pluck().get(GUILD), table).toBe(0);
    }
    expect(app.squad.get(OTHER, ANA)).toBeDefined();
  });

  it('runs hourly, and again if the clock went back', () => {
    const at = new Date('2026-03-02T07:00:00Z');
    expect(privacyUpkeepDue(at, null)).toBe(true);
    expect(privacyUpkeepDue(new Date('2026-03-02T07:59:59Z'), at)).toBe(false);
    expect(privacyUpkeepDue(new Date('2026-03-02T08:00:00Z'), at)).toBe(true);
    expect(privacyUpkeepDue(new Date('2026-03-02T06:00:00Z'), at)).toBe(true);
  });
});
