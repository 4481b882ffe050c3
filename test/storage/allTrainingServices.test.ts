import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import type { ReadinessAnswers } from '../../src/domain/readiness';
import { addDays } from '../../src/domain/time';
import { silentLogger } from '../../src/logger';
import type { Team } from '../../src/repositories/teams';
import { parseReadinessId, parseTeamRpeId } from '../../src/services/allTrainingIds';
import { readinessKeys } from '../../src/services/readiness';
import { teamRpeKeys } from '../../src/services/otherTraining';
import { runReadinessChecks, runTeamRpeNudges } from '../../src/services/allTrainingJobs';
import { readinessCheckJob, teamRpeNudgeJob } from '../../src/scheduler/jobs/allTraining';
import { Scheduler } from '../../src/scheduler/scheduler';
import { allTrainingDmReply } from '../../src/services/allTrainingDm';
import { allTrainingLines, athleteAllTraining, teamAllTrainingLines, teamAllTrainingWeek } from '../../src/services/allTrainingFigures';
import { weekdayShort } from '../../src/domain/time';
import { tempDatabase } from '../support/db';

const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CAL = '200000000000000003';
const all = (v: number): ReadinessAnswers => ({ sleep: v, fatigue: v, soreness: v, stress: v, mood: v });

describe('all-the-training services on a real SQLite file, with their owed messages in the outbox', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;
  let team: Team;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-29T09:00:00Z'); // Sunday, London (GMT)
    app = createApp({ db: store.db, clock, logger: silentLogger });
    team = app.teams.save(
      { guildId: '900000000000000001', timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    app.squadRepo.add(team.guildId, ANA, 'Ana', 'sprinters', clock.now());
    app.squadRepo.add(team.guildId, BEN, 'Ben', 'sprinters', clock.now());
    app.squadRepo.add(team.guildId, CAL, 'Cal', 'backs', clock.now());
    // What athletes report is stored only with consent (test/storage/privacy.test.ts covers refusing without it).
    for (const id of [ANA, BEN, CAL]) app.privacy.setConsent(team.guildId, id, 'given');
  });
  afterEach(() => store.cleanup());

  const outbox = (purpose?: string) => app.outbox.list(team.guildId, purpose ? { purpose } : {});
  /** The Nordic protocol from today (the clock's day) on Mon, Wed and Fri: what each program started here. */
  const startNordicToday = async (target: { athleteId: string } | { group: string }) => {
    const started = await app.programs.start({
      team,
      coachId: COACH,
      programKey: 'nordic-protocol',
      target,
      startDate: 'today',
      days: 'mon,wed,fri',
    });
    if (!started.ok) throw new Error(started.message);
    return started;
  };

  describe('other sessions', () => {
    it('/log other: a match yesterday, refused 15 days back or with RPE 11; pain above the limit tells staff once', () => {
      const match = app.otherTraining.log({
        team,
        athleteId: ANA,
        type: 'match',
        rpe: 8,
        minutes: 90,
        date: 'yesterday',
        pain: null,
        source: 'command',
      });
      expect(match).toMatchObject({ ok: true, value: { painFlag: false, session: { sessionDate: '2026-11-28', loadAu: 720 } } });
      expect(
        app.otherTraining.log({
          team,
          athleteId: ANA,
          type: 'match',
          rpe: 8,
          minutes: 90,
          date: addDays('2026-11-29', -15),
          pain: null,
          source: 'command',
        }),
      ).toMatchObject({ ok: false, message: expect.stringContaining('more than 14 days ago') });
      expect(
        app.otherTraining.log({ team, athleteId: ANA, type: 'match', rpe: 11, minutes: 90, date: null, pain: null, source: 'command' }),
      ).toMatchObject({ ok: false });
      expect(
        app.otherTraining.log({
          team,
          athleteId: '299999999999999999',
          type: 'match',
          rpe: 5,
          minutes: 90,
          date: null,
          pain: null,
          source: 'command',
        }),
      ).toMatchObject({ ok: false, message: expect.stringContaining('squad') });
      expect(outbox()).toEqual([]);
      const sore = app.otherTraining.log({
        team,
        athleteId: BEN,
        type: 'practice',
        rpe: 6,
        minutes: 60,
        date: null,
        pain: 7,
        source: 'command',
      });
      expect(sore).toMatchObject({ ok: true, value: { painFlag: true } });
      const [flag] = outbox('pain_flag');
      expect(flag).toMatchObject({ target: 'staff', key: `other_pain:${sore.ok && sore.value.session.id}` });
      expect(JSON.stringify(flag!.body)).toContain('pain 7/10 (team limit 5)');
    });

    it('a DM "match 8 90" logs for the only team; other text is left to the other readers', () => {
      expect(app.otherTraining.logFromDm(CAL, 'match 8 90')).toMatchObject({
        ok: true,
        value: { session: { type: 'match', rpe: 8, minutes: 90, source: 'dm_reply' } },
      });
      expect(app.otherTraining.logFromDm(CAL, '7 2 45')).toBeUndefined();
      expect(app.otherTraining.logFromDm(CAL, 'match 90')).toMatchObject({ ok: false, message: expect.stringContaining('RPE') });
    });

    it('/teamsession: one unrated session and one RPE prompt per athlete 30 min after the end; one nudge; rated by button or by "7"', () => {
      const r = app.otherTraining.logTeamSession({
        team,
        coachId: COACH,
        type: 'practice',
        group: 'sprinters',
        date: 'today',
        start: '10:00',
        minutes: 90,
      });
      if (!r.ok) throw new Error(r.message);
      expect(r.value.promptAt.toISOString()).toBe('2026-11-29T12:00:00.000Z'); // 10:00 + 90 min + 30 min (GMT)
      expect(r.value.sessions.map((s) => s.athleteId)).toEqual([ANA, BEN]);
      const prompts = outbox('team_rpe_prompt').sort((a, b) => a.id - b.id);
      expect(prompts.map((p) => [p.athleteId, p.key, p.notBefore.toISOString()])).toEqual([
        [ANA, teamRpeKeys.prompt(r.value.sessions[0]!), '2026-11-29T12:00:00.000Z'],
        [BEN, teamRpeKeys.prompt(r.value.sessions[1]!), '2026-11-29T12:00:00.000Z'],
      ]);
      const body = prompts[0]!.body;
      if (body.type !== 'notice') throw new Error('expected a notice');
      expect(body.notice.buttons).toHaveLength(11);
      const tap = parseTeamRpeId(body.notice.buttons![7]!.customId)!;
      expect(tap).toEqual({ guildId: team.guildId, otherSessionId: r.value.sessions[0]!.id, rpe: 7 });

      // Nudges: once each, only while unrated.
      expect(app.otherTraining.rate(tap.guildId, BEN, tap.otherSessionId, 7)).toMatchObject({ ok: false });
      expect(app.otherTraining.rate(tap.guildId, ANA, tap.otherSessionId, tap.rpe)).toMatchObject({
        ok: true,
        value: { rpe: 7, loadAu: 630 },
      });
      expect(app.otherTraining.enqueueNudge(team.guildId, r.value.sessions[0]!.id)).toBe(false); // rated
      expect(app.otherTraining.enqueueNudge(team.guildId, r.value.sessions[1]!.id)).toBe(true);
      expect(app.otherTraining.enqueueNudge(team.guildId, r.value.sessions[1]!.id)).toBe(false); // once
      expect(outbox('team_rpe_nudge').map((n) => n.athleteId)).toEqual([BEN]);

      // Ben answers "6" by DM once the session has ended.
      expect(app.otherTraining.rateFromDm(BEN, '6')).toBeUndefined(); // 09:00: not ended yet, not read as an RPE
      clock.set('2026-11-29T12:05:00Z');
      expect(app.otherTraining.rateFromDm(BEN, '6')).toMatchObject({ ok: true, value: { rpe: 6 } });
      expect(app.otherTraining.rateFromDm(BEN, '6')).toBeUndefined(); // nothing waits any more
    });

    it('/teamsession refuses an unknown group and an unreadable start time', () => {
      expect(
        app.otherTraining.logTeamSession({ team, coachId: COACH, type: 'match', group: 'forwards', date: null, start: null, minutes: 90 }),
      ).toMatchObject({ ok: false, message: expect.stringContaining('forwards') });
      expect(
        app.otherTraining.logTeamSession({ team, coachId: COACH, type: 'match', group: null, date: null, start: '7pm', minutes: 90 }),
      ).toMatchObject({ ok: false, message: expect.stringContaining('HH:MM') });
      expect(outbox()).toEqual([]);
    });
  });

  describe('readiness', () => {
    const baseline = (athleteId: string) =>
      [4, 6, 4, 6, 4, 6, 5].forEach((v, i) =>
        app.readinessRepo.saveAnswer(
          {
            guildId: team.guildId,
            athleteId,
            localDate: addDays('2026-11-29', -(i + 1)),
            answers: all(v),
            assignmentId: null,
            source: 'dm_reply',
          },
          clock.now(),
        ),
      );

    it('a low answer against 7 baseline answers tells staff once a day, with the driving items; fewer than 7: no score, no notice', () => {
      app.readiness.updateSettings(team, { enabled: true });
      baseline(ANA);
      const low = app.readiness.answer({
        guildId: team.guildId,
        athleteId: ANA,
        date: '2026-11-29',
        answers: { sleep: 3, fatigue: 5, soreness: 2, stress: 4, mood: 3 },
        source: 'command',
      });
      expect(low).toMatchObject({
        ok: true,
        value: { staffNotified: true, score: { scored: true, low: true, drivers: ['soreness', 'sleep', 'mood', 'stress'] } },
      });
      const again = app.readiness.answer({ guildId: team.guildId, athleteId: ANA, date: '2026-11-29', answers: all(1), source: 'command' });
      expect(again).toMatchObject({ ok: true, value: { replaced: true, staffNotified: false } });
      const notices = outbox('readiness_low');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ target: 'staff', key: readinessKeys.low(team.guildId, ANA, '2026-11-29') });
      const text = JSON.stringify(notices[0]!.body);
      expect(text).toContain('Muscle soreness: 2/7 against a usual 5');
      expect(text).toContain('not a diagnosis');
      // Ben has no baseline: stored, not scored, nobody told.
      expect(
        app.readiness.answer({ guildId: team.guildId, athleteId: BEN, date: '2026-11-29', answers: all(1), source: 'command' }),
      ).toMatchObject({ ok: true, value: { staffNotified: false, score: { scored: false, baselineAnswers: 0 } } });
      expect(outbox('readiness_low')).toHaveLength(1);
    });

    it('five taps answer the check: each tap carries the answers so far and the last one stores it', () => {
      app.readiness.updateSettings(team, { enabled: true, threshold: -1 });
      baseline(ANA);
      expect(app.readiness.enqueuePrompt(team.guildId, ANA, '2026-11-29', null)).toBe(true);
      expect(app.readiness.enqueuePrompt(team.guildId, ANA, '2026-11-29', null)).toBe(false); // once a day
      const prompt = outbox('readiness_check')[0]!;
      if (prompt.body.type !== 'notice') throw new Error('expected a notice');
      let customId = prompt.body.notice.buttons![3]!.customId; // sleep 4
      for (const pick of [4, 4, 4, 4]) {
        const step = app.readiness.tap(ANA, parseReadinessId(customId)!);
        if (!step.ok || !('next' in step.value)) throw new Error('expected the next question');
        customId = step.value.next.buttons![pick - 1]!.customId;
      }
      const done = app.readiness.tap(ANA, parseReadinessId(customId)!);
      // 4 4 4 4 4 = 20 against 25, SD 5: z -1 -> not below -1 (the line is strict).
      expect(done).toMatchObject({ ok: true, value: { answers: all(4), done: { score: { scored: true, low: false } } } });
      expect(app.readinessRepo.forAthlete(team.guildId, ANA, '2026-11-29', '2026-11-29')[0]).toMatchObject({
        source: 'buttons',
        answers: all(4),
      });
      expect(app.readiness.enqueuePrompt(team.guildId, ANA, '2026-11-30', null)).toBe(true);
      app.readiness.updateSettings(team, { enabled: false });
      expect(app.readiness.enqueuePrompt(team.guildId, BEN, '2026-11-29', null)).toBe(false); // turned off
    });

    it('a reply "5 4 3 5 6" is read as readiness only after a check was sent today', () => {
      app.readiness.updateSettings(team, { enabled: true });
      expect(app.readiness.answerFromDm(BEN, '5 4 3 5 6')).toBeUndefined();
      app.readiness.enqueuePrompt(team.guildId, BEN, '2026-11-29', null);
      expect(app.readiness.answerFromDm(BEN, '5 4 3 5')).toMatchObject({ ok: false, message: expect.stringContaining('five answers') });
      expect(app.readiness.answerFromDm(BEN, '5 4 3 5 6')).toMatchObject({
        ok: true,
        value: { answers: { sleep: 5, fatigue: 4, soreness: 3, stress: 5, mood: 6 } },
      });
      expect(app.readiness.answerFromDm(BEN, 'match 8 90')).toBeUndefined();
    });

    it('settings: the line stays a negative z-score and the time HH:MM or "reminder"', () => {
      expect(app.readiness.updateSettings(team, { threshold: 0.5 })).toMatchObject({ ok: false });
      expect(app.readiness.updateSettings(team, { time: 'morning' })).toMatchObject({
        ok: false,
        message: expect.stringContaining('HH:MM'),
      });
      expect(app.readiness.updateSettings(team, { enabled: true, threshold: -2, time: '07:30' })).toEqual({
        ok: true,
        value: { enabled: true, threshold: -2, askTime: '07:30' },
      });
      expect(app.readiness.updateSettings(team, { time: 'reminder' })).toEqual({
        ok: true,
        value: { enabled: true, threshold: -2, askTime: null },
      });
    });
  });

  describe('Nordic reps', () => {
    it('typed sets go on the latest Nordic session, "All done" on the one asked about; compliance per athlete', async () => {
      clock.set('2026-11-23T08:00:00Z'); // Monday: week 1 is one session of 2 x 5
      const started = await startNordicToday({ group: 'sprinters' });
      expect(app.nordic.logReps({ guildId: team.guildId, athleteId: CAL, assignmentId: null, text: '5 5' })).toMatchObject({ ok: false });
      expect(app.nordic.logReps({ guildId: team.guildId, athleteId: ANA, assignmentId: null, text: 'five' })).toMatchObject({
        ok: false,
        message: expect.stringContaining('5 5 3'),
      });
      const ana = app.nordic.logReps({ guildId: team.guildId, athleteId: ANA, assignmentId: null, text: '5 3 partial' });
      expect(ana).toMatchObject({ ok: true, value: { reps: [5, 3], quality: 'partial', plannedReps: [5, 5], replaced: false } });
      const benSession = started.value.started.find((s) => s.program.athleteId === BEN)!.assignments[0]!;
      app.checkinRepo.saveCompleted(
        { guildId: team.guildId, assignmentId: benSession.id, athleteId: BEN },
        { rpe: 5, minutes: 10, pain: 0, painArea: null, note: null },
        'modal',
        clock.now(),
      );
      expect(app.nordic.enqueueRepsQuestion(app.assignmentRepo.get(team.guildId, benSession.id)!)).toBe(true);
      expect(app.nordic.enqueueRepsQuestion(app.assignmentRepo.get(team.guildId, benSession.id)!)).toBe(false);
      expect(outbox('nordic_reps')).toHaveLength(1);
      expect(
        app.nordic.logReps({ guildId: team.guildId, athleteId: BEN, assignmentId: benSession.id, reps: null, quality: null }),
      ).toMatchObject({ ok: true, value: { reps: null } });
      clock.set('2026-11-24T08:00:00Z');
      const c = app.nordic.compliance(team.guildId);
      // Ana 8 of 10 = 80 %; Ben all done 10 of 10.
      expect(
        c.map((e) => [e.displayName, e.compliance.protocol.doneReps, e.compliance.protocol.plannedReps, e.compliance.protocol.aboveLine]),
      ).toEqual([
        ['Ana', 8, 10, true],
        ['Ben', 10, 10, true],
      ]);
    });
  });

  describe('scheduled parts', () => {
    it('runReadinessChecks: one check per athlete at the reminder time before their session, only for teams that ask', async () => {
      clock.set('2026-11-30T07:00:00Z'); // Monday
      await startNordicToday({ group: 'sprinters' });
      const tick = (iso: string, sinceIso: string) => runReadinessChecks(app, new Date(iso), new Date(sinceIso));
      expect(tick('2026-11-30T08:00:30Z', '2026-11-30T07:59:30Z')).toBe(0); // readiness is off
      app.readiness.updateSettings(team, { enabled: true });
      app.excusalRepo.add(
        { guildId: team.guildId, athleteId: BEN, fromDate: '2026-11-30', toDate: '2026-11-30', reason: 'illness', createdBy: COACH },
        clock.now(),
      );
      expect(tick('2026-11-30T07:59:00Z', '2026-11-30T07:58:00Z')).toBe(0); // not 08:00 yet
      expect(tick('2026-11-30T08:00:30Z', '2026-11-30T07:59:30Z')).toBe(1); // Ana; Ben is excused
      expect(tick('2026-11-30T08:00:30Z', '2026-11-30T07:59:30Z')).toBe(0); // once
      expect(outbox('readiness_check').map((m) => m.athleteId)).toEqual([ANA]);
    });

    it('runTeamRpeNudges: one nudge 12 h after the prompt for athletes who have not rated', () => {
      const r = app.otherTraining.logTeamSession({
        team,
        coachId: COACH,
        type: 'match',
        group: 'sprinters',
        date: 'today',
        start: '10:00',
        minutes: 90,
      });
      if (!r.ok) throw new Error(r.message);
      app.otherTraining.rate(team.guildId, ANA, r.value.sessions[0]!.id, 8);
      // Ends 11:30, prompt 12:00, nudge 00:00 the next day.
      expect(runTeamRpeNudges(app, new Date('2026-11-29T23:59:00Z'), new Date('2026-11-29T23:58:00Z'))).toBe(0);
      expect(runTeamRpeNudges(app, new Date('2026-11-30T00:00:30Z'), new Date('2026-11-29T23:59:30Z'))).toBe(1);
      expect(runTeamRpeNudges(app, new Date('2026-11-30T00:00:30Z'), new Date('2026-11-29T23:59:30Z'))).toBe(0);
      expect(outbox('team_rpe_nudge').map((m) => [m.athleteId, m.key])).toEqual([[BEN, teamRpeKeys.nudge(r.value.sessions[1]!)]]);
    });
  });

  describe('figures for the digest, /me and /athlete', () => {
    it('a week of gym, practice and a match: load by type, Foster monotony and strain, readiness and the lines to show', async () => {
      clock.set('2026-11-23T07:00:00Z'); // Monday
      const started = await startNordicToday({ athleteId: ANA });
      const monday = started.value.started[0]!.assignments[0]!;
      // Gym Monday RPE 6 x 60 = 360 AU.
      app.checkinRepo.saveCompleted(
        { guildId: team.guildId, assignmentId: monday.id, athleteId: ANA },
        { rpe: 6, minutes: 60, pain: 0, painArea: null, note: null },
        'modal',
        clock.now(),
      );
      clock.set('2026-11-29T09:00:00Z');
      app.otherTraining.log({
        team,
        athleteId: ANA,
        type: 'practice',
        rpe: 6,
        minutes: 75,
        date: '2026-11-24',
        pain: null,
        source: 'command',
      }); // 450
      app.otherTraining.log({
        team,
        athleteId: ANA,
        type: 'match',
        rpe: 8,
        minutes: 90,
        date: '2026-11-28',
        pain: null,
        source: 'command',
      }); // 720
      app.readiness.answer({ guildId: team.guildId, athleteId: ANA, date: '2026-11-29', answers: all(4), source: 'command' });
      const f = athleteAllTraining(
        { assignments: app.assignmentRepo, other: app.otherRepo, readiness: app.readinessRepo },
        { guildId: team.guildId, athleteId: ANA, weekStart: '2026-11-23', threshold: -1.5 },
      );
      expect(f.byType).toEqual({ assigned: 360, practice: 450, match: 720, conditioning: 0, other: 0, total: 1530 });
      expect(f.daily).toEqual([360, 450, 0, 0, 0, 720, 0]);
      expect(f.acwrRatio).toBe(4); // all of it in the last 7 days of 28: 1530 / (1530 / 4)
      expect(f.readiness).toEqual([{ localDate: '2026-11-29', total: 20 }]);
      const lines = allTrainingLines(f, app.nordic.compliance(team.guildId, ANA)[0]?.compliance);
      expect(lines[0]).toBe('Load (all training): 1530 AU: gym 360, practice 450, match 720');
      // mean 1530 / 7 = 218.57, population SD 271.4: monotony 0.805 (shown 0.80), strain 1530 x 0.805 = 1232.
      expect(lines[1]).toBe('Monotony 0.80 · strain 1232 (Foster 1998)');
      expect(lines).toContain('Readiness: 20/35 (baseline builds: 0 of 7 answers)');
      expect(lines.at(-1)).toMatch(/^Nordic: \d+ % of planned reps/);
      expect(lines.every((l) => l.length <= 80)).toBe(true);
    });

    it('a week with nothing logged yet says so, not "the same load every day"', () => {
      const f = athleteAllTraining(
        { assignments: app.assignmentRepo, other: app.otherRepo, readiness: app.readinessRepo },
        { guildId: team.guildId, athleteId: ANA, weekStart: '2026-11-30', threshold: -1.5 },
      );
      expect(f.byType.total).toBe(0);
      expect(allTrainingLines(f)).toContain('Monotony: no training logged yet');
      // A flat week of 100 AU a day has load but no spread: monotony is undefined for that reason.
      const flat = { ...f, byType: { ...f.byType, total: 700 }, monotony: { ...f.monotony, monotony: null } };
      expect(allTrainingLines(flat)).toContain('Monotony: not defined (same load every day)');
    });
  });

  describe('the Nordic reps question', () => {
    it('is owed once, in the same transaction, when a Nordic session is checked in', async () => {
      clock.set('2026-11-23T07:00:00Z'); // Monday
      const started = await startNordicToday({ athleteId: ANA });
      const monday = started.value.started[0]!.assignments[0]!;
      clock.set('2026-11-23T19:00:00Z');
      const questions = () => app.outbox.all().filter((e) => e.purpose === 'nordic_reps');
      expect(app.checkins.logCompleted(ANA, monday.id, { rpe: 6, minutes: 20, pain: 0, painArea: null, note: null }, 'modal').ok).toBe(
        true,
      );
      expect(questions().map((e) => [e.athleteId, e.assignmentId])).toEqual([[ANA, monday.id]]);
      // Logged again (a correction): still one question.
      expect(app.checkins.logCompleted(ANA, monday.id, { rpe: 7, minutes: 20, pain: 0, painArea: null, note: null }, 'modal').ok).toBe(
        true,
      );
      expect(questions()).toHaveLength(1);
    });
  });

  describe('as scheduler jobs (registered by the lead)', () => {
    it('readiness check and team RPE nudge go through the scheduler once each, with the same keys as the services use', async () => {
      clock.set('2026-11-30T07:00:00Z'); // Monday
      await startNordicToday({ athleteId: ANA });
      app.readiness.updateSettings(team, { enabled: true });
      const r = app.otherTraining.logTeamSession({
        team,
        coachId: COACH,
        type: 'match',
        group: 'backs',
        date: 'yesterday',
        start: '10:00',
        minutes: 90,
      });
      if (!r.ok) throw new Error(r.message);
      const scheduler = new Scheduler({ app, jobs: [readinessCheckJob, teamRpeNudgeJob], clock });
      // Sunday's match ended 11:30, prompt 12:00, nudge due Monday 00:00: caught up within its 12 h grace.
      clock.set('2026-11-30T08:00:30Z');
      const first = await scheduler.tick();
      expect(first.results.map((x) => [x.notification.kind, x.status]).sort()).toEqual([
        ['readiness_check', 'owed'],
        ['team_rpe_nudge', 'owed'],
      ]);
      expect((await scheduler.tick()).results.filter((x) => x.status === 'owed')).toEqual([]);
      expect(outbox('readiness_check').map((m) => [m.athleteId, m.key])).toEqual([
        [ANA, readinessKeys.prompt(team.guildId, ANA, '2026-11-30')],
      ]);
      expect(outbox('team_rpe_nudge').map((m) => [m.athleteId, m.key])).toEqual([[CAL, teamRpeKeys.nudge(r.value.sessions[0]!)]]);
      // The service's own enqueue finds the job's row: nothing twice.
      expect(app.readiness.enqueuePrompt(team.guildId, ANA, '2026-11-30', null)).toBe(false);
      expect(app.otherTraining.enqueueNudge(team.guildId, r.value.sessions[0]!.id)).toBe(false);
    });
  });

  describe('allTrainingDmReply (for the DM path)', () => {
    it('reads "match 8 90", "5 4 3 5 6" after a check, and "7" for a waiting team session; leaves anything else alone', () => {
      expect(allTrainingDmReply(app, ANA, 'match 8 90')).toMatch(/^✅ Match on Sun 29 Nov logged: RPE 8 .* = 720 AU/);
      expect(allTrainingDmReply(app, ANA, 'match 8')).toContain('Nothing was saved yet');
      expect(allTrainingDmReply(app, ANA, '5 4 3 5 6')).toBeUndefined(); // no readiness check sent
      app.readiness.updateSettings(team, { enabled: true });
      app.readiness.enqueuePrompt(team.guildId, ANA, '2026-11-29', null);
      expect(allTrainingDmReply(app, ANA, '5 4 3 5 6')).toContain('readiness 23/35');
      expect(allTrainingDmReply(app, ANA, '7')).toBeUndefined(); // no team session waiting
      app.otherTraining.logTeamSession({
        team,
        coachId: COACH,
        type: 'practice',
        group: 'sprinters',
        date: 'today',
        start: '07:00',
        minutes: 60,
      });
      expect(allTrainingDmReply(app, ANA, '7')).toContain('Practice on Sun 29 Nov logged: RPE 7');
      expect(allTrainingDmReply(app, ANA, '7 2 45')).toBeUndefined(); // a check-in reply: not ours
    });
  });

  describe('the team week for the digest', () => {
    it('other training by type with RPEs missing, Nordic compliance and who is below the line, readiness lows', async () => {
      clock.set('2026-11-23T07:00:00Z'); // Monday
      const started = await startNordicToday({ group: 'sprinters' });
      const benFirst = started.value.started.find((s) => s.program.athleteId === BEN)!.assignments[0]!;
      const anaFirst = started.value.started.find((s) => s.program.athleteId === ANA)!.assignments[0]!;
      app.nordicRepo.save({ guildId: team.guildId, athleteId: BEN, assignmentId: benFirst.id, reps: [2, 2], quality: null }, clock.now()); // 4 of 10
      app.nordicRepo.save({ guildId: team.guildId, athleteId: ANA, assignmentId: anaFirst.id, reps: null, quality: null }, clock.now()); // 10 of 10
      [4, 6, 4, 6, 4, 6, 5].forEach((v, i) =>
        app.readinessRepo.saveAnswer(
          {
            guildId: team.guildId,
            athleteId: CAL,
            localDate: addDays('2026-11-23', -(i + 1)),
            answers: all(v),
            assignmentId: null,
            source: 'dm_reply',
          },
          clock.now(),
        ),
      );
      clock.set('2026-11-29T09:00:00Z');
      app.readiness.answer({ guildId: team.guildId, athleteId: CAL, date: '2026-11-28', answers: all(3), source: 'command' }); // total 15: z -2
      app.otherTraining.log({
        team,
        athleteId: CAL,
        type: 'match',
        rpe: 8,
        minutes: 90,
        date: '2026-11-28',
        pain: null,
        source: 'command',
      });
      app.otherTraining.logTeamSession({
        team,
        coachId: COACH,
        type: 'practice',
        group: 'sprinters',
        date: '2026-11-24',
        start: '18:00',
        minutes: 60,
      });
      const w = teamAllTrainingWeek(
        { other: app.otherRepo, readiness: app.readinessRepo },
        {
          guildId: team.guildId,
          weekStart: '2026-11-23',
          threshold: -1.5,
          names: new Map(app.squad.list(team.guildId).map((a) => [a.userId, a.displayName])),
          nordic: app.nordic.compliance(team.guildId),
        },
      );
      expect(w).toMatchObject({ otherSessions: 3, unrated: 2, otherByType: { match: 720, total: 720 }, readinessAnswers: 1 });
      expect(teamAllTrainingLines(w, weekdayShort)).toEqual([
        'Other training: 3 sessions, 720 AU (match 720); 2 RPEs missing',
        // Only week 1 (one session of 2 x 5) is due by Sunday 29th: Ana 10 of 10, Ben 4 of 10; team 14 of 20.
        'Nordic: team 70 % of planned reps; below the 50 % line: Ben 40 % (Ripley et al. 2021)',
        'Readiness: 1 answer; below their own normal: Cal Sat',
      ]);
    });
  });
});
