// A program that runs a team session (issue 12), on a real SQLite file: started with the
// session's snapshot, kept across a restart (the file reopened) even after the session is
// edited and archived, reminded about its deload like a fixed program, scoped to its team, stopped.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { SESSION_PROGRAM_KEY } from '../../src/domain/programs';
import type { Team } from '../../src/repositories/teams';
import { scheduledJobs } from '../../src/scheduler/jobs';
import type { StartProgramRequest } from '../../src/services/programs';
import { tempDatabase } from '../support/db';
import { addAthlete, FakeCourier, makeApp, schedulerFor, seedTeam } from '../support/schedulerHarness';

const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const LOWER_A = 'RDL 4x6 @2 RIR 3-1-1-0 rest 3m\nHip thrust 3x8-10 @2\nNordic 2x5';

describe('a program that runs a team session, on a real SQLite file', () => {
  let store: ReturnType<typeof tempDatabase>;
  let reopened: Db | undefined;
  let app: Runtime;
  let messenger: FakeCourier;
  let clock: ManualClock;
  let team: Team;
  let otherTeam: Team;

  beforeEach(() => {
    store = tempDatabase();
    // Monday 23 March 2026, 08:00 in London (GMT); clocks go forward on Sunday 29 March.
    clock = new ManualClock('2026-03-23T08:00:00Z');
    messenger = new FakeCourier(clock);
    app = makeApp(store.db, clock, messenger);
    team = seedTeam(app, { guildId: '900000000000000001', timeZone: 'Europe/London' }, clock.now());
    otherTeam = seedTeam(app, { guildId: '900000000000000002', timeZone: 'America/New_York' }, clock.now());
    for (const id of [ANA, BEN]) addAthlete(app, team.guildId, id, clock.now());
    addAthlete(app, otherTeam.guildId, ANA, clock.now());
    saveSession(app, team, 'Lower A', LOWER_A);
  });
  afterEach(() => {
    if (reopened?.open) reopened.close();
    reopened = undefined;
    store.cleanup();
  });

  function saveSession(on: Runtime, t: Team, name: string, whiteboard: string, editing: string | null = null) {
    const draft = on.sessions.draft({ guildId: t.guildId, coachId: COACH, name, whiteboard, editing });
    if (!draft.ok) throw new Error(draft.message);
    const saved = on.sessions.saveDraft(draft.value.token, t.guildId, COACH);
    if (!saved.ok) throw new Error(saved.message);
    return saved.value;
  }

  const start = (over: Partial<StartProgramRequest> = {}, on: Runtime = app) =>
    on.programs.start({
      team,
      coachId: COACH,
      session: 'team-lower-a',
      weeks: 6,
      deloadWeek: 4,
      days: 'tue,fri',
      target: { athleteId: ANA },
      startDate: 'today',
      ...over,
    });

  async function started(over: Partial<StartProgramRequest> = {}) {
    const result = await start(over);
    if (!result.ok) throw new Error(result.message);
    return result.value;
  }

  const count = (db: Db, sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { n: number }).n;

  it('stores the snapshot and every session, survives a restart unchanged by edits and archiving, and stops', async () => {
    const report = await started();
    expect(report.definition.name).toBe('Lower A program');
    expect(report.session).toEqual({ name: 'Lower A', team: true });
    expect(report.sessionsPerAthlete).toBe(12);
    const [{ program, assignments }] = report.started as [(typeof report.started)[0]];
    expect(program).toMatchObject({ programKey: SESSION_PROGRAM_KEY, startDate: '2026-03-23', trainingDays: [2, 5], mobilityDay: null });
    expect(program.plan).toMatchObject({ session: { templateId: 'team-lower-a', name: 'Lower A', team: true }, weeks: 6 });
    expect(program.plan!.deload).toEqual({ kind: 'week', week: 4 });
    const snapshot = program.plan!.session.prescription;
    expect(snapshot.exercises.map((e) => [e.exerciseId, e.sets])).toEqual([
      ['rdl', 4],
      ['hip-thrust', 3],
      ['nordic-curl', 2],
    ]);
    expect(assignments.map((a) => a.programWeek)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(assignments.every((a) => a.templateId === 'team-lower-a' && a.programId === program.id)).toBe(true);
    // The summary DM went through the outbox, in the start's transaction; no session card yet.
    expect(messenger.delivered.filter((m) => m.what === 'session')).toEqual([]);
    const [summary] = messenger.to(ANA).filter((m) => m.what === 'notice');
    expect(summary!.text).toContain('started the **Lower A program** for you');
    expect(summary!.text).toContain('6 weeks from Mon 23 Mar · training on Tue, Fri · 17:00');
    expect(summary!.text).toContain('Week 4 is a deload week');
    expect(count(store.db, "SELECT COUNT(*) AS n FROM outbox WHERE purpose = 'program_started' AND guild_id = ?", team.guildId)).toBe(1);

    // The coach rewrites the session, then archives it: nothing already planned changes.
    saveSession(app, team, 'Lower A', 'Nordic 3x5 @1', 'team-lower-a');
    expect(app.sessions.archive(team.guildId, 'team-lower-a', COACH).ok).toBe(true);

    // Restart: the file is closed and opened again by a new app.
    store.db.close();
    reopened = openDatabase(store.path);
    const again = makeApp(reopened, clock, messenger);
    const [kept] = again.programRepo.openForAthlete(team.guildId, ANA);
    expect(kept!.plan).toEqual(program.plan);
    const rows = again.assignmentRepo.forProgram(team.guildId, kept!.id);
    expect(rows).toHaveLength(12);
    for (const a of rows) {
      expect(a.prescription.exercises.map((e) => e.exerciseId)).toEqual(['rdl', 'hip-thrust', 'nordic-curl']);
      expect(a.prescription.adjustment).toBe(a.programWeek === 4 ? 'deload' : undefined);
    }
    const rdl = (week: number) => rows.find((a) => a.programWeek === week)!.prescription.exercises[0]!;
    expect(rdl(3)).toMatchObject({ sets: 4, rir: { min: 2, max: 2 }, hard: true });
    expect(rdl(4)).toMatchObject({ sets: 2, rir: { min: 4, max: 4 }, hard: false }); // deloadPrescription
    // Status after the restart, named after the session.
    clock.set('2026-04-15T12:00:00Z'); // Wed of week 4
    const status = again.programs.status(team, ANA);
    const [entry] = status.ok ? status.value : [];
    expect(entry).toMatchObject({
      definition: { name: 'Lower A program' },
      status: { week: 4, totalWeeks: 6, phase: 'Lower A', isDeloadWeek: true },
      // Compliance as for a fixed program: weeks 1-3 and Tuesday 14 are due, none logged.
      compliance: { assigned: 7, completed: 0, missed: 0, unlogged: 7, rate: 0 },
    });
    expect(entry!.nextSession!.sessionDate).toBe('2026-04-17');
    // Its session was archived, so another program of it can't start; the running one can still stop by name.
    const refused = await start({}, again);
    expect(!refused.ok && refused.message).toMatch(/\*\*Lower A\*\* is archived/);
    // /program stop still lists it, though archived.
    expect(again.programs.runningSessions(team)).toEqual([{ templateId: 'team-lower-a', name: 'Lower A' }]);
    expect(again.programs.runningSessions(otherTeam)).toEqual([]);
    const wrong = again.programs.stop(team, { athleteId: ANA }, null, 'Upper B');
    expect(!wrong.ok && wrong.message).toMatch(/no running program running "Upper B"/);
    const stop = again.programs.stop(team, { athleteId: ANA }, null, 'lower a');
    // Kept: weeks 1-3 and Tuesday 14 (past); removed: Friday 17 and weeks 5-6.
    expect(stop.ok && stop.value.stopped.map((s) => [s.definition?.name, s.removed, s.kept])).toEqual([['Lower A program', 5, 7]]);
    expect(
      again.assignmentRepo
        .forProgram(team.guildId, kept!.id)
        .map((a) => a.sessionDate)
        .at(-1),
    ).toBe('2026-04-14');
    expect(again.programs.status(team, ANA)).toEqual({ ok: true, value: [] });
    expect(again.programs.runningSessions(team)).toEqual([]);
  });

  it('sends each session on its day and the same deload notices as a fixed program', async () => {
    await started({ weeks: 2, deloadWeek: 2, days: 'tue,fri', target: { athleteId: ANA } });
    const scheduler = schedulerFor({ app, jobs: scheduledJobs });
    // Each morning at 08:05 London time (GMT, then BST from 29 March).
    for (const day of ['2026-03-24T08:05:00Z', '2026-03-27T08:05:00Z', '2026-03-30T07:05:00Z', '2026-03-31T07:05:00Z']) {
      clock.set(day);
      await scheduler.tick();
    }
    expect(
      messenger
        .to(ANA)
        .filter((m) => m.what === 'session')
        .map((m) => m.text),
    ).toEqual(['Lower A · wk 1', 'Lower A · wk 1', 'Lower A · wk 2 (deload)']);
    const notices = messenger.to(ANA).filter((m) => m.what === 'notice' && m.purpose !== 'program_started');
    // Heads-up on the last training day before the deload (Fri 27), then "starts today" on Monday 30.
    expect(notices.map((m) => m.purpose)).toEqual(expect.arrayContaining(['deload_heads_up', 'deload_start']));
    expect(notices.find((m) => m.purpose === 'deload_start')!.text).toContain('Your deload week starts today');
    const staff = messenger.to(team.guildId).filter((m) => m.what === 'staff' && m.purpose === 'deload_staff');
    expect(staff.map((m) => m.text.split('\n')[0])).toEqual(['Deload week 2026-W14: 1 athlete']);
  });

  it('refuses bad input with a clear message and stores nothing', async () => {
    saveSession(app, team, 'Upper B', 'Nordic 2x5');
    app.sessions.archive(team.guildId, 'team-upper-b', COACH);
    const refusals: [Partial<StartProgramRequest>, RegExp][] = [
      [{ session: 'team-nope' }, /I don't know the session "team-nope"/],
      [{ session: 'team-upper-b' }, /\*\*Upper B\*\* is archived/],
      [{ session: 'upper b' }, /\*\*Upper B\*\* is archived/],
      [{ weeks: null }, /How many weeks/],
      [{ weeks: 17 }, /from 1 to 16 weeks: you gave 17/],
      [{ deloadWeek: 7 }, /Week 7 is beyond the 6-week program/],
      [{ deloadWeek: null, deloadEvery: 9 }, /Every 9th week never comes in a 6-week program/],
      [{ days: '' }, /Which days does the athlete train\?/],
      [{ days: 'tue,blursday' }, /"blursday"/],
      [{ mobilityDay: 'tuesday' }, /Tuesday is already a training day/],
      [{ programKey: 'nordic-protocol' }, /either a program or a session, not both/],
      [{ session: null, programKey: 'nordic-protocol', days: 'mon,wed,fri' }, /brings its own 16 weeks and deloads: leave out `weeks`/],
      [{ session: null }, /Pick a `program`.*or a `session`/],
      [{ startDate: 'yesterday' }, /in the past/],
    ];
    for (const [over, message] of refusals) {
      const result = await start(over);
      expect(result.ok, JSON.stringify(over)).toBe(false);
      expect(!result.ok && result.message).toMatch(message);
    }
    expect(count(store.db, 'SELECT COUNT(*) AS n FROM programs')).toBe(0);
    expect(count(store.db, 'SELECT COUNT(*) AS n FROM assignments')).toBe(0);
    expect(count(store.db, 'SELECT COUNT(*) AS n FROM outbox')).toBe(0);
  });

  it('runs a built-in template by name too; the same session twice is refused, another alongside is fine', async () => {
    await started();
    const twice = await start();
    expect(!twice.ok && twice.message).toMatch(new RegExp(`<@${ANA}> is already on the Lower A program`));
    const nordic = await started({ session: 'nordic hamstring session', days: 'mon', weeks: 2, deloadWeek: null });
    expect(nordic.session).toEqual({ name: 'Nordic hamstring session', team: false });
    expect(nordic.started[0]!.assignments.map((a) => [a.sessionDate, a.templateId])).toEqual([
      ['2026-03-23', 'nordic-protocol'],
      ['2026-03-30', 'nordic-protocol'],
    ]);
    // A fixed program alongside is not mistaken for the session program.
    const fixed = { session: null, programKey: 'nordic-protocol', days: 'mon,wed,fri', weeks: null, deloadWeek: null };
    expect((await start(fixed)).ok).toBe(true);
    const status = app.programs.status(team, ANA);
    expect(status.ok && status.value.map((e) => e.definition.name)).toEqual([
      'Lower A program',
      'Nordic hamstring session program',
      'Nordic hamstring protocol',
    ]);
  });

  it("keeps each team's sessions and programs to itself", async () => {
    const elsewhere = await start({ team: otherTeam });
    expect(!elsewhere.ok && elsewhere.message).toMatch(/I don't know the session "team-lower-a"/);
    await started();
    const stop = app.programs.stop(otherTeam, { athleteId: ANA });
    expect(!stop.ok && stop.message).toMatch(/no running program/);
    expect(app.programRepo.openForAthlete(otherTeam.guildId, ANA)).toEqual([]);
    expect(app.programRepo.openForAthlete(team.guildId, ANA)).toHaveLength(1);
  });
});
