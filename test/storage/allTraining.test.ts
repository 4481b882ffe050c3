import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { nordicCompliance } from '../../src/domain/nordic';
import { scoreReadiness } from '../../src/domain/readiness';
import { silentLogger } from '../../src/logger';
import { NordicLogRepository } from '../../src/repositories/nordic';
import { OtherTrainingRepository, ratedLoads } from '../../src/repositories/otherTraining';
import { ReadinessRepository } from '../../src/repositories/readiness';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';

const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CAL = '200000000000000003';

describe('other sessions, readiness and Nordic reps on a real SQLite file', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;
  let team: Team;
  let otherTeam: Team;
  let other: OtherTrainingRepository;
  let readiness: ReadinessRepository;
  let nordic: NordicLogRepository;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-23T08:00:00Z'); // Monday
    app = createApp({ db: store.db, clock, logger: silentLogger });
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
    app.squadRepo.add(otherTeam.guildId, ANA, 'Ana', 'sprinters', clock.now());
    other = new OtherTrainingRepository(store.db);
    readiness = new ReadinessRepository(store.db);
    nordic = new NordicLogRepository(store.db);
  });
  afterEach(() => store.cleanup());

  it('stores an athlete-logged match with its session-RPE load, scoped to the team', () => {
    const s = other.log(
      {
        guildId: team.guildId,
        athleteId: ANA,
        type: 'match',
        sessionDate: '2026-11-22',
        rpe: 8,
        minutes: 90,
        pain: 2,
        loggedBy: ANA,
        source: 'command',
      },
      clock.now(),
    );
    expect(s).toMatchObject({ type: 'match', rpe: 8, minutes: 90, pain: 2, loadAu: 720, teamSessionId: null, source: 'command' });
    expect(other.forAthlete(team.guildId, ANA, '2026-11-16', '2026-11-22')).toHaveLength(1);
    expect(other.forAthlete(otherTeam.guildId, ANA, '2026-11-16', '2026-11-22')).toEqual([]);
    expect(other.get(otherTeam.guildId, s.id)).toBeUndefined();
    expect(ratedLoads(other.forTeam(team.guildId, '2026-11-16', '2026-11-22'))).toEqual([
      { localDate: '2026-11-22', type: 'match', rpe: 8, minutes: 90, pain: 2 },
    ]);
  });

  it('refuses rows the rules forbid: RPE above 10, an own session without RPE, an athlete not in the team', () => {
    const base = {
      guild_id: team.guildId,
      athlete_id: ANA,
      type: 'practice',
      session_date: '2026-11-22',
      minutes: 60,
      source: 'command',
      logged_by: ANA,
      created_at: 'x',
    };
    const insert = (over: Record<string, unknown>) =>
      store.db
        .prepare(
          'INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, rpe, minutes, source, logged_by, created_at) VALUES (@guild_id, @athlete_id, @type, @session_date, @rpe, @minutes, @source, @logged_by, @created_at)',
        )
        .run({ ...base, rpe: 5, ...over });
    expect(() => insert({ rpe: 11 })).toThrow(/CHECK/);
    expect(() => insert({ rpe: null })).toThrow(/CHECK/);
    expect(() => insert({ type: 'yoga' })).toThrow(/CHECK/);
    expect(() => insert({ guild_id: otherTeam.guildId, athlete_id: BEN })).toThrow(/FOREIGN KEY/);
  });

  it('a team session creates one unrated row per athlete; each rates their own, once per athlete', () => {
    const { teamSession, sessions } = other.createTeamSession(
      {
        guildId: team.guildId,
        type: 'practice',
        sessionDate: '2026-11-23',
        endsAt: new Date('2026-11-23T18:30:00Z'),
        minutes: 75,
        groupName: 'sprinters',
        createdBy: COACH,
      },
      [ANA, BEN],
      clock.now(),
    );
    expect(sessions.map((s) => [s.athleteId, s.rpe, s.loadAu, s.source])).toEqual([
      [ANA, null, null, 'team_session'],
      [BEN, null, null, 'team_session'],
    ]);
    expect(other.teamSessionsEndedBetween(new Date('2026-11-23T18:00:00Z'), new Date('2026-11-23T19:00:00Z')).map((t) => t.id)).toEqual([
      teamSession.id,
    ]);
    expect(other.awaitingRatingForUser(ANA, '2026-11-16').map((s) => s.id)).toEqual([sessions[0]!.id]);
    // Ben cannot rate Ana's row; the other team cannot reach it.
    expect(other.rate(team.guildId, BEN, sessions[0]!.id, 7, clock.now())).toBeUndefined();
    expect(other.rate(otherTeam.guildId, ANA, sessions[0]!.id, 7, clock.now())).toBeUndefined();
    expect(other.rate(team.guildId, ANA, sessions[0]!.id, 7, clock.now())).toMatchObject({ rpe: 7, loadAu: 525 });
    expect(other.awaitingRatingForUser(ANA, '2026-11-16')).toEqual([]);
    // Unrated rows add nothing to load.
    expect(ratedLoads(other.forTeamSession(team.guildId, teamSession.id))).toEqual([
      { localDate: '2026-11-23', type: 'practice', rpe: 7, minutes: 75, pain: null },
    ]);
    expect(() =>
      store.db
        .prepare(
          "INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, minutes, team_session_id, source, logged_by, created_at) VALUES (?, ?, 'practice', '2026-11-23', 75, ?, 'team_session', ?, 'x')",
        )
        .run(team.guildId, ANA, teamSession.id, COACH),
    ).toThrow(/UNIQUE/);
  });

  it('readiness settings default off at -1.5, per team', () => {
    expect(readiness.settings(team.guildId)).toEqual({ enabled: false, threshold: -1.5, askTime: null });
    readiness.saveSettings(team.guildId, { enabled: true, threshold: -2 }, clock.now());
    expect(readiness.settings(team.guildId)).toEqual({ enabled: true, threshold: -2, askTime: null });
    readiness.saveSettings(team.guildId, { askTime: '07:30' }, clock.now());
    expect(readiness.settings(team.guildId)).toEqual({ enabled: true, threshold: -2, askTime: '07:30' });
    expect(readiness.settings(otherTeam.guildId).enabled).toBe(false);
    expect(readiness.enabledTeams()).toEqual([team.guildId]);
    expect(() => readiness.saveSettings(team.guildId, { threshold: 1 }, clock.now())).toThrow(/CHECK/);
  });

  it('one readiness answer per athlete per day, replaced when answered again; the stored history scores like the domain', () => {
    const answer = (date: string, v: number, athleteId = ANA, guildId = team.guildId) =>
      readiness.saveAnswer(
        {
          guildId,
          athleteId,
          localDate: date,
          answers: { sleep: v, fatigue: v, soreness: v, stress: v, mood: v },
          assignmentId: null,
          source: 'dm_reply',
        },
        clock.now(),
      );
    [4, 6, 4, 6, 4, 6, 5].forEach((v, i) => answer(`2026-11-${String(10 + i).padStart(2, '0')}`, v));
    expect(answer('2026-11-23', 5)).toEqual({ replaced: false });
    expect(answer('2026-11-23', 3)).toEqual({ replaced: true });
    answer('2026-11-23', 7, ANA, otherTeam.guildId); // the other team's answer stays out
    const history = readiness.forAthlete(team.guildId, ANA, '2026-10-26', '2026-11-23');
    expect(history).toHaveLength(8);
    const today = history.at(-1)!;
    expect(today.answers.sleep).toBe(3);
    // Baseline as in the unit test: per item mean 5, SD 1 -> z -2; total 15 vs 25, SD 5 -> z -2.
    expect(scoreReadiness(today, history)).toMatchObject({ scored: true, low: true, total: { z: -2 } });
    expect(() =>
      readiness.saveAnswer(
        {
          guildId: team.guildId,
          athleteId: BEN,
          localDate: '2026-11-23',
          answers: { sleep: 8, fatigue: 5, soreness: 5, stress: 5, mood: 5 },
          assignmentId: null,
          source: 'buttons',
        },
        clock.now(),
      ),
    ).toThrow(/CHECK/);
  });

  it('Nordic reps per session: records for the compliance domain, done / missed / open, scoped to the team', async () => {
    const started = await app.programs.start({
      team,
      coachId: COACH,
      programKey: 'nordic-protocol',
      target: { athleteId: ANA },
      startDate: 'today',
      days: 'mon,wed,fri',
    });
    if (!started.ok) throw new Error(started.message);
    const sessions = started.value.started[0]!.assignments.filter((a) => a.templateId === 'nordic-protocol');
    // Week 1: one session (Mon 23rd); week 2: two (Mon 30th, then Wed or Fri).
    const [w1, w2a, w2b] = sessions;
    expect([w1!.programWeek, w2a!.programWeek, w2b!.programWeek]).toEqual([1, 2, 2]);
    expect(
      nordic.save({ guildId: team.guildId, athleteId: ANA, assignmentId: w1!.id, reps: [5, 3], quality: 'partial' }, clock.now()),
    ).toEqual({ replaced: false });
    expect(nordic.save({ guildId: team.guildId, athleteId: ANA, assignmentId: w1!.id, reps: [5, 4], quality: null }, clock.now())).toEqual({
      replaced: true,
    });
    expect(nordic.get(team.guildId, w1!.id)).toMatchObject({ reps: [5, 4], quality: null });
    expect(nordic.get(otherTeam.guildId, w1!.id)).toBeUndefined();
    app.checkinRepo.saveCompleted(
      { guildId: team.guildId, assignmentId: w2a!.id, athleteId: ANA },
      { rpe: 6, minutes: 10, pain: 0, painArea: null, note: null },
      'command',
      clock.now(),
    );
    app.checkinRepo.saveMissed({ guildId: team.guildId, assignmentId: w2b!.id, athleteId: ANA }, null, 'command', clock.now());

    const [ana] = nordic.records(team.guildId, ANA);
    expect(ana!.records.slice(0, 4)).toEqual([
      { week: 1, localDate: w1!.sessionDate, outcome: 'done', reps: [5, 4] },
      { week: 2, localDate: w2a!.sessionDate, outcome: 'done', reps: null }, // checked in, no reps: all done
      { week: 2, localDate: w2b!.sessionDate, outcome: 'missed', reps: null },
      { week: 3, localDate: sessions[3]!.sessionDate, outcome: 'open', reps: null },
    ]);
    expect(nordic.records(otherTeam.guildId)).toEqual([]);
    // Due by the end of week 2: 9 of 10 (week 1) + 12 of 12 + 0 of 12 = 21 of 34 = 61.8 %: above the line.
    const c = nordicCompliance(ana!.records, '2026-12-06'); // Sunday of week 2: week 3 is not due yet
    expect(c.protocol).toMatchObject({ plannedSessions: 3, completedSessions: 2, plannedReps: 34, doneReps: 21, aboveLine: true });
  });
});
