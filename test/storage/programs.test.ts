import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import type { StartProgramRequest } from '../../src/services/programs';
import { tempDatabase } from '../support/db';
import { FakeCourier, fallbackPings, makeApp } from '../support/schedulerHarness';

const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CAL = '200000000000000003';

const DONE = { rpe: 6, minutes: 20, pain: 1, painArea: null, note: null };

describe('programs on a real SQLite file', () => {
  let store: ReturnType<typeof tempDatabase>;
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
    // Ana plays for a second team too: nothing must leak between the two.
    app.squadRepo.add(otherTeam.guildId, ANA, 'Ana', 'sprinters', clock.now());
  });
  afterEach(() => store.cleanup());

  const start = (over: Partial<StartProgramRequest> = {}) =>
    app.programs.start({
      team,
      coachId: COACH,
      programKey: 'runner-hamstring',
      target: { athleteId: ANA },
      startDate: 'today',
      days: 'mon,thu',
      ...over,
    });

  async function started(over: Partial<StartProgramRequest> = {}) {
    const result = await start(over);
    if (!result.ok) throw new Error(result.message);
    return result.value;
  }

  const count = (sql: string, ...args: unknown[]) => (store.db.prepare(sql).get(...args) as { n: number }).n;
  const sessionOn = (list: Assignment[], date: string) => list.find((a) => a.sessionDate === date)!;

  it('stores a program and all its sessions per athlete, and sends one summary DM each', async () => {
    const report = await started({ target: { group: 'sprinters' } });
    expect(report.started.map((s) => s.program.athleteId).sort()).toEqual([ANA, BEN]);
    expect(report.sessionsPerAthlete).toBe(24); // 8 weeks x (2 sessions + 1 mobility day)
    expect(report.mobilityDay).toBe(6);
    expect(report.firstSession).toBe('2026-03-23');
    for (const { program, assignments } of report.started) {
      expect(program).toMatchObject({
        guildId: team.guildId,
        programKey: 'runner-hamstring',
        startDate: '2026-03-23',
        trainingDays: [1, 4],
        mobilityDay: 6,
        stoppedAt: null,
      });
      expect(assignments).toHaveLength(24);
      expect(assignments.every((a) => a.programId === program.id && a.assignedBy === COACH && a.deliveredVia === null)).toBe(true);
      expect(assignments.map((a) => a.programWeek)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8, 8]);
    }
    expect(count('SELECT COUNT(*) AS n FROM programs WHERE guild_id = ?', team.guildId)).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM assignments WHERE guild_id = ? AND program_id IS NOT NULL', team.guildId)).toBe(48);
    // One DM per athlete, not one per session: the scheduler sends each session on its day.
    expect(messenger.delivered.filter((m) => m.what === 'session')).toEqual([]);
    const texts = messenger.delivered.filter((m) => m.what === 'notice');
    expect(texts.map((t) => t.to).sort()).toEqual([ANA, BEN]);
    expect(texts[0]!.text).toMatch(/Runners' hamstring plan/);
    expect(texts[0]!.text).toMatch(/8 weeks from Mon 23 Mar · training on Mon, Thu \+ mobility on Sat · 17:00/);
    expect(report.delivery.byDm).toHaveLength(2);
  });

  it('keeps the local date and time across the DST change; the UTC instant moves by the offset', async () => {
    const report = await started();
    const sessions = report.started[0]!.assignments;
    expect(sessionOn(sessions, '2026-03-23').plannedStartAt).toBe('2026-03-23T17:00:00.000Z'); // GMT
    expect(sessionOn(sessions, '2026-03-26').plannedStartAt).toBe('2026-03-26T17:00:00.000Z');
    expect(sessionOn(sessions, '2026-03-28').plannedStartAt).toBe('2026-03-28T17:00:00.000Z'); // Saturday mobility, still GMT
    expect(sessionOn(sessions, '2026-03-30').plannedStartAt).toBe('2026-03-30T16:00:00.000Z'); // BST
    expect(sessions.filter((a) => a.programWeek === 2).map((a) => a.sessionDate)).toEqual(['2026-03-30', '2026-04-02', '2026-04-04']);
  });

  it('falls back to the fallback channel when DMs are closed, and reports who could not be reached', async () => {
    messenger.closedDms.add(BEN);
    const report = await started({ target: { group: 'sprinters' } });
    expect(report.delivery.byDm.map((a) => a.userId)).toEqual([ANA]);
    expect(report.delivery.fellBack.map((a) => a.userId)).toEqual([BEN]);
    expect(fallbackPings(messenger)).toEqual([{ guildId: team.guildId, athleteIds: [BEN], what: 'a new training program' }]);

    app.squadRepo.add(otherTeam.guildId, BEN, 'Ben', null, clock.now());
    const other = await app.programs.start({
      team: otherTeam,
      coachId: COACH,
      programKey: 'nordic-protocol',
      target: { athleteId: BEN },
      startDate: 'today',
      days: 'mon,wed,fri',
    });
    expect(other.ok && other.value.delivery.unreached.map((u) => [u.item.userId, u.why])).toEqual([
      [BEN, 'DMs closed and no fallback channel is set'],
    ]);
  });

  it('moves a start with no training day left in its week to the next Monday', async () => {
    const report = await started({ startDate: 'friday' }); // Fri 27 Mar, days Mon/Thu
    expect(report.requestedStart).toBe('2026-03-27');
    expect(report.startDate).toBe('2026-03-30');
    expect(report.firstSession).toBe('2026-03-30');
    expect(report.started[0]!.program.startDate).toBe('2026-03-30');
  });

  it('refuses bad input with a clear message and stores nothing', async () => {
    const refusals: [Partial<StartProgramRequest>, RegExp][] = [
      [{ programKey: 'couch-to-5k' }, /don't know the program "couch-to-5k"/],
      [{ startDate: 'yesterday' }, /in the past.*today at the earliest/],
      [{ startDate: '2026-03-01' }, /in the past/],
      [{ startDate: '2026-02-30' }, /not a real calendar date/],
      [{ startDate: '2027-06-01' }, /more than a year ahead/],
      [{ days: 'mon,blursday' }, /"blursday"/],
      [{ days: 'mon,mon' }, /Monday is listed twice/],
      [{ days: 'mon' }, /needs 2 training days/],
      [{ programKey: 'nordic-protocol', days: 'mon,thu' }, /needs 3 training days.*week 3/],
      [{ mobilityDay: 'thursday' }, /Thursday is already a training day/],
      [{ mobilityDay: 'none' }, /includes a weekly mobility day/],
      [{ target: { group: 'nobody' } }, /no group called "nobody"/],
      [{ target: { athleteId: '299999999999999999' } }, /isn't in the squad/],
    ];
    for (const [over, message] of refusals) {
      const result = await start(over);
      expect(result.ok, JSON.stringify(over)).toBe(false);
      expect(!result.ok && result.message).toMatch(message);
    }
    expect(count('SELECT COUNT(*) AS n FROM programs')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM assignments')).toBe(0);
    expect(messenger.delivered).toEqual([]);
  });

  it('refuses the same program twice for an athlete, but allows a different one alongside', async () => {
    await started();
    const again = await start({ target: { group: 'sprinters' } });
    expect(!again.ok && again.message).toMatch(new RegExp(`<@${ANA}> is already on the Runners' hamstring plan`));
    const nordic = await start({ programKey: 'nordic-protocol', days: 'tue,thu,sat' });
    expect(nordic.ok).toBe(true);
  });

  it('stores all athletes or none: a failing insert rolls back the whole start', () => {
    const session = {
      templateId: 'mobility-day',
      title: 'x',
      sessionDate: '2026-03-24',
      plannedStartAt: new Date('2026-03-24T17:00:00Z'),
      plannedMinutes: 10,
      prescription: { templateId: 'mobility-day', title: 'x', estimatedMinutes: 10, exercises: [] },
      note: null,
      programWeek: 1,
    };
    const entry = (athleteId: string) => ({
      program: {
        guildId: team.guildId,
        athleteId,
        programKey: 'runner-hamstring',
        startDate: '2026-03-23',
        trainingDays: [1, 4],
        mobilityDay: 6,
        startedBy: COACH,
      },
      sessions: [session],
    });
    // The second athlete is not on the squad: its foreign key fails after the first was inserted.
    expect(() => app.programRepo.start([entry(ANA), entry('299999999999999999')], clock.now())).toThrow();
    expect(count('SELECT COUNT(*) AS n FROM programs')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM assignments')).toBe(0);
  });

  it('counts compliance so far, leaving out sessions that have not started', async () => {
    const report = await started({ programKey: 'nordic-protocol', days: 'mon,wed,fri' });
    const { program, assignments } = report.started[0]!;
    // Mon 23 | Mon 30, Fri 3 | Mon 6, Wed 8, Fri 10 ...
    const target = (date: string) => ({ guildId: team.guildId, assignmentId: sessionOn(assignments, date).id, athleteId: ANA });
    app.checkinRepo.saveCompleted(target('2026-03-23'), DONE, 'command', clock.now());
    app.checkinRepo.saveMissed(target('2026-03-30'), 'travel', 'command', clock.now());
    app.checkinRepo.saveCompleted(target('2026-04-03'), DONE, 'command', clock.now());
    app.checkinRepo.saveCompleted(target('2026-04-06'), DONE, 'command', clock.now());

    clock.set('2026-04-08T12:00:00Z'); // Wed, 13:00 BST: today's 17:00 session has not started
    expect(app.programRepo.compliance(team.guildId, program.id, '2026-04-08', clock.now())).toEqual({
      assigned: 4,
      completed: 3,
      missed: 1,
      unlogged: 0,
      rate: 0.75,
    });
    clock.set('2026-04-08T16:30:00Z'); // 17:30 BST: it has
    expect(app.programRepo.compliance(team.guildId, program.id, '2026-04-08', clock.now())).toEqual({
      assigned: 5,
      completed: 3,
      missed: 1,
      unlogged: 1,
      rate: 0.6,
    });

    const status = app.programs.status(team, ANA);
    expect(status.ok).toBe(true);
    const [entry] = status.ok ? status.value : [];
    expect(entry).toMatchObject({
      status: { week: 3, phase: 'Build-up', nextDeload: null, finished: false },
      compliance: { assigned: 5, completed: 3 },
    });
    expect(entry!.nextSession!.sessionDate).toBe('2026-04-10');
  });

  it('stop deletes future unlogged sessions and keeps past and logged ones', async () => {
    const report = await started({ programKey: 'nordic-protocol', days: 'mon,wed,fri' });
    const { program, assignments } = report.started[0]!;
    expect(assignments).toHaveLength(33);
    const target = (date: string) => ({ guildId: team.guildId, assignmentId: sessionOn(assignments, date).id, athleteId: ANA });
    app.checkinRepo.saveCompleted(target('2026-03-23'), DONE, 'command', clock.now());
    // A future session already logged (e.g. done early) must survive the stop.
    app.checkinRepo.saveCompleted(target('2026-04-13'), DONE, 'command', clock.now());

    clock.set('2026-04-08T16:30:00Z'); // Wed 8 Apr, 17:30 BST: today's session has started
    const result = app.programs.stop(team, { athleteId: ANA });
    expect(result.ok).toBe(true);
    const [stopped] = result.ok ? result.value.stopped : [];
    // Past: Mon 23, Mon 30, Fri 3, Mon 6, Wed 8 (started) = 5, plus the logged Mon 13.
    expect(stopped).toMatchObject({ kept: 6, removed: 27 });
    expect(stopped!.program.stoppedAt).toBe('2026-04-08T16:30:00.000Z');
    const left = app.assignmentRepo.forProgram(team.guildId, program.id).map((a) => a.sessionDate);
    expect(left).toEqual(['2026-03-23', '2026-03-30', '2026-04-03', '2026-04-06', '2026-04-08', '2026-04-13']);
    expect(count('SELECT COUNT(*) AS n FROM checkins')).toBe(2);

    expect(app.programs.status(team, ANA)).toEqual({ ok: true, value: [] });
    const twice = app.programs.stop(team, { athleteId: ANA });
    expect(!twice.ok && twice.message).toMatch(/no running program/);
    // Stopped, so the same program can start again.
    expect((await start({ programKey: 'nordic-protocol', days: 'mon,wed,fri', startDate: 'tomorrow' })).ok).toBe(true);
  });

  it("stop treats today's session as future until it starts", async () => {
    const report = await started({ programKey: 'nordic-protocol', days: 'mon,wed,fri' });
    clock.set('2026-03-23T12:00:00Z'); // before today's 17:00 session
    const result = app.programs.stop(team, { athleteId: ANA });
    expect(result.ok && result.value.stopped[0]).toMatchObject({ removed: 33, kept: 0 });
    expect(app.assignmentRepo.forProgram(team.guildId, report.started[0]!.program.id)).toEqual([]);
  });

  it('stops a group, or only the named program', async () => {
    await started({ programKey: 'nordic-protocol', days: 'mon,wed,fri', target: { group: 'sprinters' } });
    await started({ target: { athleteId: ANA } });
    await started({ target: { athleteId: CAL } });
    const onlyNordic = app.programs.stop(team, { group: 'sprinters' }, 'nordic-protocol');
    expect(onlyNordic.ok && onlyNordic.value.stopped.map((s) => [s.program.athleteId, s.program.programKey]).sort()).toEqual([
      [ANA, 'nordic-protocol'],
      [BEN, 'nordic-protocol'],
    ]);
    expect(app.programRepo.openForAthlete(team.guildId, ANA).map((p) => p.programKey)).toEqual(['runner-hamstring']);
    expect(app.programRepo.openForAthlete(team.guildId, CAL)).toHaveLength(1); // not in the group
    const unknown = app.programs.stop(team, { group: 'nobody' });
    expect(!unknown.ok && unknown.message).toMatch(/no group called "nobody"/);
  });

  it('reports status: week, phase, deload and finish', async () => {
    await started({ programKey: 'glute-ham-block', days: 'mon,thu' });
    clock.set('2026-04-14T09:00:00Z'); // Tue of week 4
    const week4 = app.programs.status(team, ANA);
    expect(week4.ok && week4.value[0]!.status).toMatchObject({
      week: 4,
      phase: 'Technique mesocycle',
      isDeloadWeek: true,
      nextDeload: '2026-04-13',
    });
    expect(week4.ok && week4.value[0]!.nextSession!.prescription.adjustment).toBe('deload');
    clock.set('2026-06-20T09:00:00Z'); // a week after the end: still shown, as finished
    const done = app.programs.status(team, ANA);
    expect(done.ok && done.value[0]!.status).toMatchObject({ finished: true, endDate: '2026-06-14' });
    expect(done.ok && done.value[0]!.nextSession).toBe(null);
    clock.set('2026-08-01T09:00:00Z'); // long finished: gone from the list
    expect(app.programs.status(team, ANA)).toEqual({ ok: true, value: [] });
    const notOnSquad = app.programs.status(team, '299999999999999999');
    expect(notOnSquad.ok).toBe(false);
  });

  it("keeps each team's programs to itself", async () => {
    const report = await started({ target: { group: 'sprinters' } });
    const anaProgram = report.started.find((s) => s.program.athleteId === ANA)!.program;

    expect(app.programs.status(otherTeam, ANA)).toEqual({ ok: true, value: [] });
    expect(app.programRepo.get(otherTeam.guildId, anaProgram.id)).toBeUndefined();
    expect(app.programRepo.openForAthlete(otherTeam.guildId, ANA)).toEqual([]);
    expect(app.programRepo.openForGroup(otherTeam.guildId, 'sprinters')).toEqual([]);
    expect(app.assignmentRepo.forProgram(otherTeam.guildId, anaProgram.id)).toEqual([]);
    expect(app.programRepo.compliance(otherTeam.guildId, anaProgram.id, '2026-12-31', new Date('2026-12-31T00:00:00Z')).assigned).toBe(0);

    // Stopping from the other server touches nothing.
    const stop = app.programs.stop(otherTeam, { athleteId: ANA });
    expect(stop.ok).toBe(false);
    expect(app.programRepo.stop(otherTeam.guildId, anaProgram.id, '2026-03-23', clock.now())).toBeUndefined();
    expect(app.programRepo.get(team.guildId, anaProgram.id)!.stoppedAt).toBe(null);
    expect(app.assignmentRepo.forProgram(team.guildId, anaProgram.id)).toHaveLength(24);

    // The other team may run the same program for Ana on its own.
    const theirs = await app.programs.start({
      team: otherTeam,
      coachId: COACH,
      programKey: 'runner-hamstring',
      target: { athleteId: ANA },
      startDate: 'today',
      days: 'tue,fri',
    });
    expect(theirs.ok).toBe(true);
    expect(app.programRepo.openForAthlete(team.guildId, ANA)).toHaveLength(1);
    expect(app.programRepo.openForAthlete(otherTeam.guildId, ANA)).toHaveLength(1);
  });
});
