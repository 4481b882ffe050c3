/**
 * Use cases of issue 12 on a real SQLite file: whiteboard drafts saved as team sessions,
 * assigned with a per-athlete swap; cancel / move / note with the athletes' cards owed through
 * the outbox; check-ins deleted with the athlete told; /pending and nudges at most once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { requireTemplate } from '../../src/domain/library';
import { isoWeekOf } from '../../src/domain/time';
import { toWhiteboard } from '../../src/domain/whiteboard';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';
import { FakeCourier, makeApp } from '../support/schedulerHarness';

const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CAL = '200000000000000003';

describe('team sessions and corrections as use cases', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;
  let team: Team;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-23T09:00:00Z'); // Monday
    app = makeApp(store.db, clock, new FakeCourier(clock));
    team = app.teams.save(
      { guildId: '900000000000000001', timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    app.squadRepo.add(team.guildId, ANA, 'Ana', 'sprinters', clock.now());
    app.squadRepo.add(team.guildId, BEN, 'Ben', 'sprinters', clock.now());
    app.squadRepo.add(team.guildId, CAL, 'Cal', 'backs', clock.now());
    // They agreed that what they report is stored (without it check-ins are refused).
    for (const id of [ANA, BEN, CAL]) app.privacy.setConsent(team.guildId, id, 'given');
  });
  afterEach(() => store.cleanup());

  // Session DMs and check-in replies are other services'; these tests look at what the fixes owe.
  const outbox = () =>
    store.db
      .prepare(
        "SELECT purpose, target, athlete_id, dedupe_key, assignment_id, body FROM outbox WHERE purpose IN ('session_card_update', 'checkin_deleted', 'checkin_nudge') ORDER BY id",
      )
      .all() as {
      purpose: string;
      target: string;
      athlete_id: string | null;
      dedupe_key: string | null;
      assignment_id: number | null;
      body: string;
    }[];

  function saveSession(name: string, whiteboard: string) {
    const draft = app.sessions.draft({ guildId: team.guildId, coachId: COACH, name, whiteboard });
    if (!draft.ok) throw new Error(draft.message);
    const saved = app.sessions.saveDraft(draft.value.token, team.guildId, COACH);
    if (!saved.ok) throw new Error(saved.message);
    return saved.value;
  }

  async function assign(
    templateId: string,
    target: { athleteId: string } | { group: string } | { wholeSquad: true },
    extra: Record<string, unknown> = {},
  ) {
    const r = await app.assignments.assign({ team, coachId: COACH, templateId, target, ...extra });
    if (!r.ok) throw new Error(r.message);
    return r.value.assignments;
  }

  describe('drafts', () => {
    it('shows every problem with its line, saves nothing, and a draft is saved only once', () => {
      const bad = app.sessions.draft({
        guildId: team.guildId,
        coachId: COACH,
        name: 'Lower A',
        whiteboard: 'RDL 4x6\nLeg curl 3x10\nPallof 3x10',
      });
      expect(bad.ok).toBe(false);
      if (bad.ok) return;
      expect(bad.message).toMatch(/Line 2 .*Lying leg curl.*Seated leg curl/);
      expect(bad.message).toMatch(/Line 3/);
      expect(app.teamSessions.list(team.guildId)).toEqual([]);

      const good = app.sessions.draft({
        guildId: team.guildId,
        coachId: COACH,
        name: 'Lower A',
        whiteboard: 'RDL 4x6 @2\nSeated leg curl 3x10',
      });
      if (!good.ok) throw new Error(good.message);
      expect(app.sessions.saveDraft(good.value.token, '900000000000000009', COACH).ok).toBe(false); // another team's token
      expect(app.sessions.saveDraft(good.value.token, team.guildId, COACH).ok).toBe(true);
      expect(app.sessions.saveDraft(good.value.token, team.guildId, COACH)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/expired/),
      });
      expect(app.sessions.draft({ guildId: team.guildId, coachId: COACH, name: 'lower a', whiteboard: 'RDL 3x8' })).toMatchObject({
        ok: false,
        message: expect.stringMatching(/already has/),
      });
      expect(
        app.sessions.draft({ guildId: team.guildId, coachId: COACH, name: 'Mobility (daily 5-10 min)', whiteboard: 'Cat camel x8' }),
      ).toMatchObject({ ok: false });
    });

    it('drafts expire after 30 minutes', () => {
      const d = app.sessions.draft({ guildId: team.guildId, coachId: COACH, name: 'Quick', whiteboard: 'Nordic 2x5' });
      if (!d.ok) throw new Error(d.message);
      clock.advanceMinutes(31);
      expect(app.sessions.saveDraft(d.value.token, team.guildId, COACH).ok).toBe(false);
    });

    it('edits a saved session in place and archives it out of the pick list', () => {
      const s = saveSession('Lower A', 'RDL 4x6 @2');
      const opened = app.sessions.whiteboardOf(team.guildId, s.templateId);
      expect(opened).toEqual({ ok: true, value: { name: 'Lower A', whiteboard: 'RDL 4x6 @2', team: true } });
      const d = app.sessions.draft({
        guildId: team.guildId,
        coachId: COACH,
        name: 'Lower A',
        whiteboard: 'RDL 5x5 @1',
        editing: s.templateId,
      });
      if (!d.ok) throw new Error(d.message);
      expect(app.sessions.saveDraft(d.value.token, team.guildId, COACH)).toMatchObject({
        ok: true,
        value: { templateId: s.templateId, whiteboard: 'RDL 5x5 @1' },
      });
      expect(
        app.sessions
          .pickable(team.guildId)
          .filter((p) => p.team)
          .map((p) => p.id),
      ).toEqual([s.templateId]);
      expect(app.sessions.archive(team.guildId, 'glute-ham-emphasis', COACH)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/Built-in/),
      });
      expect(app.sessions.archive(team.guildId, s.templateId, COACH).ok).toBe(true);
      expect(app.sessions.pickable(team.guildId).filter((p) => p.team)).toEqual([]);
    });

    it('copies a built-in template through the whiteboard', () => {
      const opened = app.sessions.whiteboardOf(team.guildId, 'nordic-protocol');
      if (!opened.ok) throw new Error(opened.message);
      expect(opened.value.team).toBe(false);
      const s = saveSession('Our Nordics', opened.value.whiteboard);
      expect(s.template.exercises.map(({ note: _n, ...rest }) => rest)).toEqual(
        requireTemplate('nordic-protocol').exercises.map(({ note: _n, ...rest }) => rest),
      );
    });
  });

  describe('assigning team sessions', () => {
    it('assigns a team session with a team exercise, with one exercise swapped for Ben only', async () => {
      const ex = app.sessions.addExercise(team.guildId, COACH, {
        name: 'Slider curl',
        pattern: 'knee_flexion',
        muscles: ['hamstrings'],
        unit: 'reps',
        cues: ['Hips high', 'Slow out'],
      });
      if (!ex.ok) throw new Error(ex.message);
      expect(
        app.sessions.addExercise(team.guildId, COACH, {
          name: 'Nordic curl',
          pattern: 'knee_flexion',
          muscles: ['hamstrings'],
          unit: 'reps',
          cues: ['x y z'],
        }),
      ).toMatchObject({ ok: false });
      const s = saveSession('Lower A', 'RDL 4x6 @2\nNordic 2x5 @1\nSlider curl 3x8 @2');
      const rows = await assign(
        s.templateId,
        { group: 'Sprinters' },
        { swap: { athleteId: BEN, fromExerciseId: 'nordic-curl', toExerciseId: 'stability-ball-curl' } },
      );
      const [ana, ben] = rows;
      expect(ana!.prescription.exercises.map((e) => e.exerciseId)).toEqual(['rdl', 'nordic-curl', 'team-slider-curl']);
      expect(ben!.prescription.exercises.map((e) => e.exerciseId)).toEqual(['rdl', 'stability-ball-curl', 'team-slider-curl']);
      expect(app.corrections.swaps(team.guildId, ben!.id)).toMatchObject([
        { fromExerciseId: 'nordic-curl', toExerciseId: 'stability-ball-curl' },
      ]);
      expect(app.corrections.swaps(team.guildId, ana!.id)).toEqual([]);

      // The same team session again within minutes asks the coach to confirm (as for built-in ones).
      await expect(
        app.assignments.assign({ team, coachId: COACH, templateId: s.templateId, target: { athleteId: ANA } }),
      ).resolves.toMatchObject({ ok: false, duplicate: true });

      // A swap for someone not getting the session, or of an exercise not in it, is refused.
      await expect(
        app.assignments.assign({
          team,
          coachId: COACH,
          templateId: s.templateId,
          target: { athleteId: ANA },
          date: 'tomorrow',
          swap: { athleteId: BEN, fromExerciseId: 'rdl', toExerciseId: 'deadlift' },
        }),
      ).resolves.toMatchObject({ ok: false });
      await expect(
        app.assignments.assign({
          team,
          coachId: COACH,
          templateId: s.templateId,
          target: { athleteId: ANA },
          date: 'tomorrow',
          swap: { athleteId: ANA, fromExerciseId: 'hip-thrust', toExerciseId: 'deadlift' },
        }),
      ).resolves.toMatchObject({ ok: false });
    });

    it('the digest counts a team copy of a template exactly like the template', async () => {
      const copy = saveSession('Our emphasis day', toWhiteboard(requireTemplate('glute-ham-emphasis')));
      const [ana] = await assign('glute-ham-emphasis', { athleteId: ANA });
      const [ben] = await assign(copy.templateId, { athleteId: BEN });
      for (const [who, a] of [
        [ANA, ana!],
        [BEN, ben!],
      ] as const) {
        expect(app.checkins.logCompleted(who, a.id, { rpe: 7, minutes: 60, pain: 0, painArea: null, note: null }, 'command').ok).toBe(true);
      }
      const figures = app.digest.computeDigest(team, isoWeekOf('2026-11-23'));
      const byAthlete = new Map(figures.athletes.map((f) => [f.athlete.userId, f.hardSets]));
      expect(byAthlete.get(BEN)!.perMuscle).toEqual(byAthlete.get(ANA)!.perMuscle);
      expect(byAthlete.get(BEN)!.perMuscle).toEqual(requireTemplate('glute-ham-emphasis').claimedHardSets);
      expect(byAthlete.get(BEN)!.uncounted).toEqual([]);
    });
  });

  describe('fixing assignments', () => {
    it('cancels for everyone: cards owed through the outbox, cancelled sessions leave compliance', async () => {
      const rows = await assign('mobility-day', { group: 'sprinters' });
      app.checkins.logMissed(BEN, rows[1]!.id, null, 'command');
      const r = app.fixes.cancel(team, COACH, rows[0]!.id, true);
      if (!r.ok) throw new Error(r.message);
      expect(r.value.changed.map((a) => a.athleteId)).toEqual([ANA]);
      expect(r.value.skipped.map((s) => [s.assignment.athleteId, s.why])).toEqual([[BEN, 'already logged']]);
      // (Ben's own log owes his card an update too; that one is the check-in service's.)
      expect(outbox().filter((m) => m.athlete_id === ANA)).toEqual([
        {
          purpose: 'session_card_update',
          target: 'athlete',
          athlete_id: ANA,
          dedupe_key: null,
          assignment_id: rows[0]!.id,
          body: JSON.stringify({ body: { type: 'sessionCardUpdate' } }),
        },
      ]);
      expect(app.fixes.cancel(team, COACH, rows[0]!.id, false)).toMatchObject({
        ok: false,
        message: expect.stringMatching(/already cancelled/),
      });
      const figures = app.digest.computeDigest(team, isoWeekOf('2026-11-23'));
      expect(figures.athletes.find((f) => f.athlete.userId === ANA)!.sessions.assigned).toBe(0);
      // An old form or a typed id still pointing at it: refused, nothing stored, and the way to log training done anyway.
      const values = { rpe: 6, minutes: 30, pain: 1, painArea: null, painSide: null, note: null };
      expect(app.checkins.logCompleted(ANA, rows[0]!.id, values, 'modal')).toEqual({
        ok: false,
        message: expect.stringMatching(
          /was cancelled by your coach, so it can't be logged\. If you trained anyway, log it with `\/log other`/,
        ),
      });
      expect(app.checkins.logMissed(ANA, rows[0]!.id, null, 'command')).toMatchObject({ ok: false });
      expect(store.db.prepare('SELECT count(*) AS n FROM checkins WHERE assignment_id = ?').get(rows[0]!.id)).toEqual({ n: 0 });
    });

    it('moves one athlete or everyone, keeping the local time, and refuses the past', async () => {
      const rows = await assign('mobility-day', { group: 'sprinters' }, { time: '18:30' });
      expect(app.fixes.move(team, rows[0]!.id, false, 'yesterday')).toMatchObject({ ok: false });
      const one = app.fixes.move(team, rows[0]!.id, false, 'wednesday');
      if (!one.ok) throw new Error(one.message);
      expect(one.value.changed.map((a) => [a.athleteId, a.sessionDate, a.plannedStartAt, a.movedFromDate])).toEqual([
        [ANA, '2026-11-25', '2026-11-25T18:30:00.000Z', '2026-11-23'],
      ]);
      const all = app.fixes.move(team, rows[1]!.id, true, '2026-11-27', '07:00');
      if (!all.ok) throw new Error(all.message);
      expect(all.value.changed.map((a) => [a.athleteId, a.plannedStartAt])).toEqual([
        [ANA, '2026-11-27T07:00:00.000Z'],
        [BEN, '2026-11-27T07:00:00.000Z'],
      ]);
      expect(
        outbox()
          .filter((m) => m.purpose === 'session_card_update')
          .map((m) => m.athlete_id),
      ).toEqual([ANA, ANA, BEN]);
    });

    it('notes everyone on one assignment', async () => {
      const rows = await assign('mobility-day', { group: 'sprinters' });
      const r = app.fixes.note(team, rows[0]!.id, true, 'Do it after practice');
      expect(r.ok && r.value.changed.map((a) => a.note)).toEqual(['Do it after practice', 'Do it after practice']);
      expect(app.fixes.note(team, rows[0]!.id, true, 'x'.repeat(501)).ok).toBe(false);
    });

    it('swaps after assigning, with the card owed', async () => {
      const [ana] = await assign('nordic-protocol', { athleteId: ANA });
      expect(app.fixes.swap(team, COACH, ana!.id, 'rdl', 'stability-ball-curl')).toMatchObject({
        ok: false,
        message: expect.stringMatching(/has: .*Nordic curl/),
      });
      const r = app.fixes.swap(team, COACH, ana!.id, 'nordic-curl', 'stability-ball-curl');
      expect(r).toMatchObject({ ok: true, value: { from: 'Nordic curl (full range)', to: 'Stability-ball leg curl' } });
      expect(outbox().map((m) => m.purpose)).toEqual(['session_card_update']);
    });

    it('deletes a check-in logged in error and tells the athlete, without health data', async () => {
      const [ana] = await assign('glute-ham-emphasis', { athleteId: ANA });
      app.checkins.logCompleted(ANA, ana!.id, { rpe: 9, minutes: 47, pain: 6, painArea: 'hamstring', note: 'twinge' }, 'modal');
      const before = outbox().length;
      const r = app.fixes.deleteCheckin(team, COACH, ana!.id);
      expect(r.ok && r.value.checkin).toBeNull();
      const owed = outbox().slice(before);
      expect(owed.map((m) => [m.purpose, m.athlete_id])).toEqual([
        ['checkin_deleted', ANA],
        ['session_card_update', ANA],
      ]);
      expect(owed[0]!.body).toMatch(/removed the check-in for \*\*Glute & hamstring emphasis day\*\*/);
      expect(owed.map((m) => m.body).join(' ')).not.toMatch(/twinge|hamstring"|47|\b6\b/);
      expect(app.fixes.deleteCheckin(team, COACH, ana!.id)).toMatchObject({ ok: false });
    });

    it('ends an excusal early (default: yesterday) or removes it', () => {
      const e = app.excusalRepo.add(
        { guildId: team.guildId, athleteId: ANA, fromDate: '2026-11-20', toDate: '2026-11-30', reason: 'illness', createdBy: COACH },
        clock.now(),
      );
      expect(app.fixes.endExcusal(team, COACH, e, '2026-11-19')).toMatchObject({
        ok: false,
        message: expect.stringMatching(/excuse remove/),
      });
      expect(app.fixes.endExcusal(team, COACH, e, null)).toEqual({ ok: true, value: '2026-11-22' });
      expect(app.fixes.removeExcusal(team, e.id)).toEqual({ ok: true, value: true });
      expect(app.fixes.removeExcusal(team, e.id).ok).toBe(false);
    });
  });

  describe('/pending and nudges', () => {
    it('lists who owes a check-in and nudges each athlete at most once per session', async () => {
      const rows = await assign('mobility-day', { wholeSquad: true }, { time: '07:00' });
      app.checkins.logMissed(CAL, rows[2]!.id, null, 'command');
      const p = app.fixes.pending(team, {});
      if (!p.ok) throw new Error(p.message);
      expect(p.value.rows.map((r) => r.displayName)).toEqual(['Ana', 'Ben']);
      expect(app.fixes.pending(team, { group: ' SPRINTERS', date: 'today' }).ok).toBe(true);
      expect(app.fixes.pending(team, { date: 'tomorrow' })).toMatchObject({ ok: false });

      const first = app.fixes.nudge(team, [rows[0]!.id]);
      expect(first.ok && first.value.nudged.map((a) => a.athleteId)).toEqual([ANA]);
      const all = app.fixes.nudge(
        team,
        p.value.rows.map((r) => r.assignmentId),
      );
      expect(all.ok && [all.value.nudged.map((a) => a.athleteId), all.value.already.map((a) => a.athleteId)]).toEqual([[BEN], [ANA]]);
      expect(
        app.fixes.alreadyNudged(
          team.guildId,
          rows.map((r) => r.id),
        ),
      ).toEqual(new Set([rows[0]!.id, rows[1]!.id]));
      const nudges = outbox().filter((m) => m.purpose === 'checkin_nudge');
      expect(nudges.map((m) => [m.athlete_id, m.dedupe_key])).toEqual([
        [ANA, `nudge:${team.guildId}:${rows[0]!.id}`],
        [BEN, `nudge:${team.guildId}:${rows[1]!.id}`],
      ]);
      expect(JSON.parse(nudges[0]!.body)).toMatchObject({ onlyIfOpen: true, body: { type: 'notice', fallbackWhat: 'a session to log' } });
      expect(app.fixes.nudge(team, [rows[2]!.id])).toMatchObject({ ok: false });
    });
  });
});
