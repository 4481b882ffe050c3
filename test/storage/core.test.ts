import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { listMigrations, migrate, MIGRATIONS_DIR, openDatabase } from '../../src/db/database';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';
import { FakeCourier, fallbackPings, makeApp } from '../support/schedulerHarness';

const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CAL = '200000000000000003';

describe('migrations', () => {
  it('apply in order, once, tracked by user_version', () => {
    const { db, path, cleanup } = tempDatabase();
    const versions = listMigrations(MIGRATIONS_DIR).map((m) => m.version);
    expect(db.pragma('user_version', { simple: true })).toBe(versions.at(-1));
    expect(migrate(db)).toEqual([]); // nothing pending the second time
    db.close();
    const reopened = openDatabase(path);
    expect(reopened.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(reopened.pragma('foreign_keys', { simple: true })).toBe(1);
    reopened.close();
    cleanup();
  });
});

describe('squad, assignments and check-ins on a real SQLite file', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let messenger: FakeCourier;
  let clock: ManualClock;
  let team: Team;
  let otherTeam: Team;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-23T09:00:00Z'); // Monday
    messenger = new FakeCourier(clock);
    app = makeApp(store.db, clock, messenger);
    team = app.teams.save(
      { guildId: '900000000000000001', timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    otherTeam = app.teams.save(
      { guildId: '900000000000000002', timeZone: 'America/New_York', coachRoleId: '4', staffChannelId: '5', fallbackChannelId: null },
      clock.now(),
    );
    app.squadRepo.add(team.guildId, ANA, 'Ana', 'sprinters', clock.now());
    app.squadRepo.add(team.guildId, BEN, 'Ben', 'sprinters', clock.now());
    app.squadRepo.add(team.guildId, CAL, 'Cal', 'backs', clock.now());
    // Check-ins are stored only with consent (test/storage/privacy.test.ts covers refusing without it).
    for (const id of [ANA, BEN, CAL]) app.privacy.setConsent(team.guildId, id, 'given');
  });
  afterEach(() => store.cleanup());

  it('keeps groups and re-adding is idempotent', () => {
    const again = app.squadRepo.add(team.guildId, ANA, 'Ana R', 'jumpers', clock.now());
    expect(again.joined).toBe(false);
    expect(again.athlete.groups).toEqual(['jumpers', 'sprinters']);
    expect(app.squadRepo.inGroup(team.guildId, 'SPRINTERS').map((a) => a.displayName)).toEqual(['Ana R', 'Ben']);
    expect(app.squad.groups(team.guildId)).toEqual(['backs', 'jumpers', 'sprinters']);
  });

  it('removing keeps history but takes the athlete off lists', async () => {
    const result = await app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { athleteId: CAL } });
    expect(result.ok).toBe(true);
    expect(app.squad.remove(team.guildId, CAL, clock.now())).toBe(true);
    expect(app.squad.remove(team.guildId, CAL, clock.now())).toBe(false);
    expect(app.squad.list(team.guildId).map((a) => a.userId)).toEqual([ANA, BEN]);
    expect(app.assignmentRepo.forAthlete(team.guildId, CAL, '2026-11-01', '2026-11-30')).toHaveLength(1);
    // Back on the squad: joined again, history intact.
    expect(app.squadRepo.add(team.guildId, CAL, 'Cal', null, clock.now()).joined).toBe(true);
  });

  it('assigns a group in the team zone and reports DM, fallback and unreached athletes', async () => {
    messenger.closedDms.add(BEN);
    const result = await app.assignments.assign({
      team,
      coachId: COACH,
      templateId: 'glute-ham-emphasis',
      target: { group: 'sprinters' },
      date: 'thursday',
      time: '18:30',
      note: 'Bring straps',
    });
    if (!result.ok) throw new Error(result.message);
    const report = result.value;
    expect(report.assignments.map((a) => [a.athleteId, a.sessionDate, a.plannedStartAt])).toEqual([
      [ANA, '2026-11-26', '2026-11-26T18:30:00.000Z'],
      [BEN, '2026-11-26', '2026-11-26T18:30:00.000Z'],
    ]);
    expect(report.byDm.map((a) => a.userId)).toEqual([ANA]);
    expect(report.fellBack.map((a) => a.userId)).toEqual([BEN]);
    expect(fallbackPings(messenger)).toEqual([{ guildId: team.guildId, athleteIds: [BEN], what: 'a new session' }]);
    const stored = app.assignmentRepo.get(team.guildId, report.assignments[1]!.id)!;
    expect(stored.deliveredVia).toBe('fallback');
    expect(stored.note).toBe('Bring straps');
    expect(stored.prescription.exercises.length).toBeGreaterThan(3);
  });

  it('names athletes it could not reach when there is no fallback channel', async () => {
    app.squadRepo.add(otherTeam.guildId, ANA, 'Ana', null, clock.now());
    messenger.closedDms.add(ANA);
    const result = await app.assignments.assign({
      team: otherTeam,
      coachId: COACH,
      templateId: 'mobility-day',
      target: { wholeSquad: true },
    });
    expect(result.ok && result.value.unreached.map((u) => [u.item.userId, u.why])).toEqual([
      [ANA, 'DMs closed and no fallback channel is set'],
    ]);
  });

  it('refuses bad input and stores nothing', async () => {
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM assignments').get() as { n: number }).n;
    const refusals = await Promise.all([
      app.assignments.assign({ team, coachId: COACH, templateId: 'nope', target: { wholeSquad: true } }),
      app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { athleteId: '200000000000000999' } }),
      app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { group: 'goalies' } }),
      app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { wholeSquad: true }, date: 'someday' }),
      app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { wholeSquad: true }, time: '25:00' }),
      app.assignments.assign({ team: otherTeam, coachId: COACH, templateId: 'mobility-day', target: { wholeSquad: true } }),
    ]);
    expect(refusals.map((r) => (r.ok ? 'stored' : r.message.split(/[.:]/)[0]))).toEqual([
      'I don\'t know the session "nope"',
      "<@200000000000000999> isn't in the squad",
      'There is no group called "goalies" with anyone in it',
      'I couldn\'t read the date "someday"',
      '"25',
      'The squad is empty',
    ]);
    expect(count()).toBe(0);
  });

  it('one check-in per assignment: logging again updates it, and load is RPE x minutes', async () => {
    const result = await app.assignments.assign({ team, coachId: COACH, templateId: 'glute-ham-emphasis', target: { athleteId: ANA } });
    const id = result.ok ? result.value.assignments[0]!.id : -1;
    const first = app.checkins.logCompleted(ANA, id, { rpe: 7, minutes: 45, pain: 2, painArea: null, note: null }, 'modal');
    expect(first.ok && [first.value.loadAu, first.value.replaced, first.value.painFlag]).toEqual([315, false, false]);
    const second = app.checkins.logCompleted(ANA, id, { rpe: 8, minutes: 50, pain: 6, painArea: 'hamstring', note: 'tight' }, 'dm_reply');
    expect(second.ok && [second.value.loadAu, second.value.replaced, second.value.painFlag]).toEqual([400, true, true]);
    const rows = store.db.prepare('SELECT rpe, minutes, pain, pain_area, load_au, source FROM checkins').all();
    expect(rows).toEqual([{ rpe: 8, minutes: 50, pain: 6, pain_area: 'hamstring', load_au: 400, source: 'dm_reply' }]);
  });

  it('only the assigned athlete can log, and not before the day', async () => {
    const today = await app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { athleteId: ANA } });
    const later = await app.assignments.assign({
      team,
      coachId: COACH,
      templateId: 'mobility-day',
      target: { athleteId: ANA },
      date: 'friday',
    });
    const todayId = today.ok ? today.value.assignments[0]!.id : -1;
    const laterId = later.ok ? later.value.assignments[0]!.id : -1;
    const values = { rpe: 3, minutes: 15, pain: 0, painArea: null, note: null };
    expect(app.checkins.logCompleted(BEN, todayId, values, 'modal')).toEqual({
      ok: false,
      message: 'Only the athlete this session was assigned to can log it.',
    });
    expect(app.checkins.logCompleted(ANA, laterId, values, 'modal')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/planned for Fri 27 Nov/),
    });
    expect(store.db.prepare('SELECT count(*) AS n FROM checkins').get()).toEqual({ n: 0 });
  });

  it('records a missed session with its reason, and a later log replaces it', async () => {
    const result = await app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { athleteId: ANA } });
    const id = result.ok ? result.value.assignments[0]!.id : -1;
    expect(app.checkins.logMissed(ANA, id, '  ill  ', 'modal')).toMatchObject({ ok: true, value: { replaced: false } });
    expect(app.assignmentRepo.get(team.guildId, id)!.checkin).toMatchObject({ outcome: 'missed', missedReason: 'ill', rpe: null });
    app.checkins.logCompleted(ANA, id, { rpe: 2, minutes: 10, pain: 0, painArea: null, note: null }, 'modal');
    expect(app.assignmentRepo.get(team.guildId, id)!.checkin).toMatchObject({ outcome: 'completed', missedReason: null, loadAu: 20 });
  });

  it('the database refuses an out-of-range check-in even if a caller skipped validation', async () => {
    const result = await app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { athleteId: ANA } });
    const id = result.ok ? result.value.assignments[0]!.id : -1;
    expect(() =>
      app.checkinRepo.saveCompleted(
        { guildId: team.guildId, assignmentId: id, athleteId: ANA },
        { rpe: 11, minutes: 30, pain: 0, painArea: null, note: null },
        'modal',
        clock.now(),
      ),
    ).toThrow(/CHECK constraint/);
    expect(store.db.prepare('SELECT count(*) AS n FROM checkins').get()).toEqual({ n: 0 });
  });

  it("a second team sees none of the first team's data", async () => {
    await app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { wholeSquad: true } });
    expect(app.squad.list(otherTeam.guildId)).toEqual([]);
    expect(app.squad.get(otherTeam.guildId, ANA)).toBeUndefined();
    const anasFirstTeamSession = app.assignmentRepo.forAthlete(team.guildId, ANA, '2026-11-01', '2026-11-30')[0]!;
    expect(app.assignmentRepo.get(otherTeam.guildId, anasFirstTeamSession.id)).toBeUndefined();
    expect(app.assignmentRepo.forAthlete(otherTeam.guildId, ANA, '2026-11-01', '2026-11-30')).toEqual([]);
  });

  it('today lists today and unlogged sessions from the last 7 days, and DM replies find them', async () => {
    clock.set('2026-11-18T09:00:00Z');
    const old = await app.assignments.assign({ team, coachId: COACH, templateId: 'mobility-day', target: { athleteId: ANA } });
    clock.set('2026-11-23T19:00:00Z');
    await app.assignments.assign({ team, coachId: COACH, templateId: 'glute-ham-emphasis', target: { athleteId: ANA }, time: '17:00' });
    const view = app.assignments.todayFor(team, ANA);
    expect(view.today.map((a) => a.templateId)).toEqual(['glute-ham-emphasis']);
    expect(view.overdue.map((a) => a.sessionDate)).toEqual(['2026-11-18']);
    expect(app.checkins.replyCandidates(ANA).map((a) => a.sessionDate)).toEqual(['2026-11-23', '2026-11-18']);
    if (old.ok) app.checkins.logMissed(ANA, old.value.assignments[0]!.id, null, 'modal');
    expect(app.checkins.replyCandidates(ANA).map((a) => a.sessionDate)).toEqual(['2026-11-23']);
  });
});
