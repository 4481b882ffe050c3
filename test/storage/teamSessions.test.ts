import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { requireExercise, requireTemplate, toPrescription } from '../../src/domain/library';
import { buildTeamExercise, teamLibrary } from '../../src/domain/teamExercises';
import { prescriptionOf, swapInPrescription } from '../../src/domain/teamSessions';
import { parseWhiteboard } from '../../src/domain/whiteboard';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';

import { tempDatabase } from '../support/db';
import { sliderCurl } from '../support/teamExercises';
import { FakeCourier, makeApp } from '../support/schedulerHarness';

const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const CAL = '200000000000000003';

function session(name: string, text: string, library = teamLibrary([])) {
  const r = parseWhiteboard({ name, text, library });
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return { whiteboard: text, template: r.session.template };
}

describe('team sessions, exercises and corrections on a real SQLite file', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;
  let team: Team;
  let other: Team;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-23T09:00:00Z'); // Monday
    app = makeApp(store.db, clock, new FakeCourier(clock));
    team = app.teams.save(
      { guildId: '900000000000000001', timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    other = app.teams.save(
      { guildId: '900000000000000002', timeZone: 'Europe/London', coachRoleId: '4', staffChannelId: '5', fallbackChannelId: null },
      clock.now(),
    );
    app.squadRepo.add(team.guildId, ANA, 'Ana', 'Sprinters', clock.now());
    app.squadRepo.add(team.guildId, BEN, 'Ben', ' sprinters ', clock.now());
    app.squadRepo.add(team.guildId, CAL, 'Cal', 'backs', clock.now());
    // They agreed that what they report is stored (without it check-ins are refused).
    for (const id of [ANA, BEN, CAL]) app.privacy.setConsent(team.guildId, id, 'given');
  });
  afterEach(() => store.cleanup());

  function assign(templateId: string, athletes: string[], date = '2026-11-23', time = '08:00'): Assignment[] {
    const template = requireTemplate(templateId);
    return app.assignmentRepo.createMany(
      athletes.map((athleteId) => ({
        guildId: team.guildId,
        athleteId,
        templateId,
        title: template.name,
        sessionDate: date,
        plannedStartAt: new Date(`${date}T${time}:00Z`),
        plannedMinutes: template.estimatedMinutes,
        prescription: toPrescription(template),
        note: null,
        assignedBy: COACH,
      })),
      clock.now(),
    );
  }

  describe('team sessions', () => {
    it('saves, lists, edits and archives a session, scoped to its team', () => {
      const created = app.teamSessions.create(team.guildId, session('Lower A', 'RDL 4x6 @2\nNordic 2x5'), COACH, clock.now())!;
      expect(created.templateId).toBe('team-lower-a');
      expect(created.template.claimedHardSets).toEqual({ glutes: 2, hamstrings: 6, lowerBack: 2 });
      expect(app.teamSessions.list(team.guildId).map((s) => s.name)).toEqual(['Lower A']);
      expect(app.teamSessions.list(other.guildId)).toEqual([]);
      expect(app.teamSessions.get(other.guildId, 'team-lower-a')).toBeUndefined();

      // One live name per team, compared without case or spaces.
      expect(app.teamSessions.create(team.guildId, session('lower a', 'RDL 3x8'), COACH, clock.now())).toBeUndefined();
      expect(app.teamSessions.create(other.guildId, session('Lower A', 'RDL 3x8'), COACH, clock.now())?.templateId).toBe('team-lower-a');

      clock.advance(60_000);
      const edited = app.teamSessions.update(
        team.guildId,
        'team-lower-a',
        session('Lower A', 'RDL 5x5 @1'),
        '100000000000000002',
        clock.now(),
      )!;
      expect(edited.whiteboard).toBe('RDL 5x5 @1');
      expect(edited.template.id).toBe('team-lower-a');
      expect(edited.template.exercises[0]).toMatchObject({ exerciseId: 'rdl', sets: 5 });
      expect(edited.updatedBy).toBe('100000000000000002');

      expect(app.teamSessions.archive(team.guildId, 'team-lower-a', COACH, clock.now())).toBe(true);
      expect(app.teamSessions.archive(team.guildId, 'team-lower-a', COACH, clock.now())).toBe(false);
      expect(app.teamSessions.update(team.guildId, 'team-lower-a', session('Lower A', 'RDL 3x8'), COACH, clock.now())).toBeUndefined();
      expect(app.teamSessions.list(team.guildId)).toEqual([]);
      expect(app.teamSessions.list(team.guildId, { includeArchived: true }).map((s) => s.archivedAt)).toEqual([clock.now().toISOString()]);

      // The name is free again, but the archived session keeps its id (old assignments name it).
      const again = app.teamSessions.create(team.guildId, session('Lower A', 'RDL 3x8'), COACH, clock.now())!;
      expect(again.templateId).toBe('team-lower-a-2');
      expect(app.teamSessions.byName(team.guildId, '  LOWER a ')?.templateId).toBe('team-lower-a-2');
    });

    it('refuses to store a template that does not fit the schema', () => {
      const bad = session('Broken', 'RDL 3x8');
      expect(() =>
        app.teamSessions.create(team.guildId, { ...bad, template: { ...bad.template, exercises: [] } }, COACH, clock.now()),
      ).toThrow();
      expect(store.db.prepare('SELECT count(*) AS n FROM own_sessions').get()).toEqual({ n: 0 });
    });
  });

  describe('team exercises', () => {
    it('adds a team exercise, scoped to its team, never twice, and sessions can use it', () => {
      const built = buildTeamExercise({
        name: 'Copenhagen plank',
        pattern: 'isometric',
        muscles: [],
        unit: 'seconds_each_side',
        cues: ['Hips high, body long'],
      });
      if (!built.ok) throw new Error(built.message);
      expect(app.teamExercises.add(team.guildId, built.exercise, COACH, clock.now())).toBe(true);
      expect(app.teamExercises.add(team.guildId, built.exercise, COACH, clock.now())).toBe(false);
      expect(app.teamExercises.list(team.guildId).map((e) => e.id)).toEqual(['team-copenhagen-plank']);
      expect(app.teamExercises.list(other.guildId)).toEqual([]);
      expect(app.teamExercises.get(other.guildId, 'team-copenhagen-plank')).toBeUndefined();

      const library = teamLibrary(app.teamExercises.list(team.guildId));
      const saved = app.teamSessions.create(
        team.guildId,
        session('Trunk', 'Copenhagen plank 3x20s\nSide plank 2x30s', library),
        COACH,
        clock.now(),
      )!;
      const prescription = prescriptionOf(saved.template, library);
      expect(prescription.exercises[0]).toMatchObject({
        exerciseId: 'team-copenhagen-plank',
        name: 'Copenhagen plank',
        cues: ['Hips high, body long'],
      });
    });
  });

  it("/export counts a team exercise's hard sets in the prescribed hard sets, as the digest does", () => {
    app.teamExercises.add(team.guildId, sliderCurl(), COACH, clock.now());
    const library = teamLibrary(app.teamExercises.list(team.guildId));
    const saved = app.teamSessions.create(team.guildId, session('Curls', 'Slider curl 3x8 @1', library), COACH, clock.now())!;
    app.assignmentRepo.createMany(
      [
        {
          guildId: team.guildId,
          athleteId: ANA,
          templateId: saved.templateId,
          title: 'Curls',
          sessionDate: '2026-11-23',
          plannedStartAt: new Date('2026-11-23T08:00:00Z'),
          plannedMinutes: 20,
          prescription: prescriptionOf(saved.template, library),
          note: null,
          assignedBy: COACH,
        },
      ],
      clock.now(),
    );
    const exported = app.digest.exportCsv(team, '2026-11-23', '2026-11-23');
    if (!exported.ok) throw new Error(exported.message);
    const [header, row] = exported.value.file
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    const cell = (name: string) => row!.split(',')[header!.split(',').indexOf(name)];
    expect(cell('session')).toBe('Curls');
    expect(cell('prescribed_hard_sets_hamstrings')).toBe('3');
  });

  describe('assignments', () => {
    it('groups the rows of one /assign into a batch, and cancels them for everyone', () => {
      const [a, b] = assign('glute-ham-emphasis', [ANA, BEN]);
      const [c] = assign('glute-ham-emphasis', [CAL]);
      expect(a!.batchId).toBe(a!.id);
      expect(b!.batchId).toBe(a!.id);
      expect(c!.batchId).toBe(c!.id);
      expect(app.corrections.batchOf(team.guildId, b!.id).map((x) => x.athleteId)).toEqual([ANA, BEN]);
      expect(app.corrections.batchOf(other.guildId, b!.id)).toEqual([]);

      app.checkins.logMissed(BEN, b!.id, null, 'command');
      // Ben's is logged: only Ana's is cancelled.
      expect(app.corrections.cancel(team.guildId, [a!.id, b!.id], COACH, clock.now())).toEqual([a!.id]);
      expect(app.corrections.cancel(team.guildId, [a!.id], COACH, clock.now())).toEqual([]);
      expect(app.corrections.cancel(other.guildId, [c!.id], COACH, clock.now())).toEqual([]);
      const cancelled = app.assignmentRepo.get(team.guildId, a!.id)!;
      expect([cancelled.cancelledAt, cancelled.cancelledBy]).toEqual([clock.now().toISOString(), COACH]);

      // Cancelled sessions leave compliance, /today and the scheduler's candidates.
      expect(app.digestRepo.sessions(team.guildId, '2026-11-23', '2026-11-29').map((s) => s.assignmentId)).toEqual([b!.id, c!.id]);
      expect(app.assignmentRepo.forAthlete(team.guildId, ANA, '2026-11-23', '2026-11-23')).toEqual([]);
      expect(app.schedule.sessionCandidates('2026-11-23', '2026-11-23').map((s) => s.id)).toEqual([b!.id, c!.id]);
      expect(
        app.corrections.pending(team.guildId, { from: '2026-11-23', to: '2026-11-23', dueBy: clock.now() }).map((p) => p.athleteId),
      ).toEqual([CAL]);
    });

    it('moves a session and remembers the date it was first planned for', () => {
      const [a] = assign('mobility-day', [ANA]);
      expect(
        app.corrections.move(team.guildId, [a!.id], { sessionDate: '2026-11-25', plannedStartAt: new Date('2026-11-25T17:00:00Z') }),
      ).toEqual([a!.id]);
      expect(
        app.corrections.move(team.guildId, [a!.id], { sessionDate: '2026-11-26', plannedStartAt: new Date('2026-11-26T17:00:00Z') }),
      ).toEqual([a!.id]);
      const moved = app.assignmentRepo.get(team.guildId, a!.id)!;
      expect([moved.sessionDate, moved.plannedStartAt, moved.movedFromDate]).toEqual([
        '2026-11-26',
        '2026-11-26T17:00:00.000Z',
        '2026-11-23',
      ]);
      expect(
        app.corrections.move(other.guildId, [a!.id], { sessionDate: '2026-11-27', plannedStartAt: new Date('2026-11-27T17:00:00Z') }),
      ).toEqual([]);
      app.corrections.cancel(team.guildId, [a!.id], COACH, clock.now());
      expect(
        app.corrections.move(team.guildId, [a!.id], { sessionDate: '2026-11-27', plannedStartAt: new Date('2026-11-27T17:00:00Z') }),
      ).toEqual([]);
    });

    it('notes sessions, and clears the note', () => {
      const rows = assign('mobility-day', [ANA, BEN]);
      const ids = rows.map((r) => r.id);
      expect(app.corrections.note(team.guildId, ids, 'Bring a band')).toEqual(ids);
      expect(app.assignmentRepo.get(team.guildId, ids[1]!)!.note).toBe('Bring a band');
      expect(app.corrections.note(team.guildId, [ids[0]!], null)).toEqual([ids[0]]);
      expect(app.assignmentRepo.get(team.guildId, ids[0]!)!.note).toBeNull();
    });

    it("swaps an exercise in one athlete's session: the snapshot and the record change together", () => {
      const [a, b] = assign('nordic-protocol', [ANA, BEN]);
      const swapped = swapInPrescription(b!.prescription, 'nordic-curl', requireExercise('stability-ball-curl'));
      if (!swapped.ok) throw new Error(swapped.message);
      expect(
        app.corrections.swap(
          team.guildId,
          b!.id,
          { from: 'nordic-curl', to: 'stability-ball-curl', prescription: swapped.prescription },
          COACH,
          clock.now(),
        ),
      ).toBe(true);
      const ben = app.assignmentRepo.get(team.guildId, b!.id)!;
      expect(ben.prescription.exercises.find((e) => e.role === 'main')).toMatchObject({
        exerciseId: 'stability-ball-curl',
        name: 'Stability-ball leg curl',
        sets: 2,
        hard: true,
        note: 'In place of Nordic curl (full range).',
      });
      expect(app.assignmentRepo.get(team.guildId, a!.id)!.prescription.exercises.find((e) => e.role === 'main')!.exerciseId).toBe(
        'nordic-curl',
      );
      expect(app.corrections.swaps(team.guildId, b!.id)).toMatchObject([
        { athleteId: BEN, fromExerciseId: 'nordic-curl', toExerciseId: 'stability-ball-curl', createdBy: COACH },
      ]);
      expect(app.corrections.swaps(other.guildId, b!.id)).toEqual([]);

      // Logged sessions are history: no swap.
      app.checkins.logMissed(ANA, a!.id, null, 'command');
      expect(
        app.corrections.swap(
          team.guildId,
          a!.id,
          { from: 'nordic-curl', to: 'stability-ball-curl', prescription: swapped.prescription },
          COACH,
          clock.now(),
        ),
      ).toBe(false);
    });
  });

  it('deletes a check-in logged in error with its pain follow-up, keeping no health data', () => {
    const [a] = assign('glute-ham-emphasis', [ANA]);
    const logged = app.checkins.logCompleted(ANA, a!.id, { rpe: 7, minutes: 50, pain: 7, painArea: 'hamstring', note: 'sore' }, 'modal');
    expect(logged.ok).toBe(true);
    store.db
      .prepare(
        "INSERT INTO pain_followups (guild_id, athlete_id, assignment_id, pain, asked_at) VALUES (?, ?, ?, 7, '2026-11-24T08:00:00Z')",
      )
      .run(team.guildId, ANA, a!.id);
    expect(app.corrections.deleteCheckin(other.guildId, a!.id, COACH, clock.now())).toBe(false);
    expect(app.corrections.deleteCheckin(team.guildId, a!.id, COACH, clock.now())).toBe(true);
    expect(app.corrections.deleteCheckin(team.guildId, a!.id, COACH, clock.now())).toBe(false);
    expect(app.assignmentRepo.get(team.guildId, a!.id)!.checkin).toBeNull();
    expect(store.db.prepare('SELECT count(*) AS n FROM pain_followups').get()).toEqual({ n: 0 });
    expect(store.db.prepare('SELECT * FROM checkin_deletions').all()).toEqual([
      { id: 1, guild_id: team.guildId, assignment_id: a!.id, athlete_id: ANA, deleted_by: COACH, deleted_at: clock.now().toISOString() },
    ]);
    // Due and unlogged again.
    expect(
      app.corrections.pending(team.guildId, { from: '2026-11-23', to: '2026-11-23', dueBy: clock.now() }).map((p) => p.assignmentId),
    ).toEqual([a!.id]);
  });

  it('ends an excusal early or removes it', () => {
    const e = app.excusalRepo.add(
      { guildId: team.guildId, athleteId: ANA, fromDate: '2026-11-20', toDate: '2026-11-30', reason: 'illness', createdBy: COACH },
      clock.now(),
    );
    expect(app.corrections.endExcusal(team.guildId, e.id, '2026-11-19', COACH, clock.now())).toBe(false); // before it starts
    expect(app.corrections.endExcusal(team.guildId, e.id, '2026-11-30', COACH, clock.now())).toBe(false); // not earlier
    expect(app.corrections.endExcusal(other.guildId, e.id, '2026-11-22', COACH, clock.now())).toBe(false);
    expect(app.corrections.endExcusal(team.guildId, e.id, '2026-11-22', COACH, clock.now())).toBe(true);
    expect(app.excusals.isExcused(team.guildId, ANA, '2026-11-22')).toBe(true);
    expect(app.excusals.isExcused(team.guildId, ANA, '2026-11-23')).toBe(false);
    expect(app.corrections.removeExcusal(other.guildId, e.id)).toBe(false);
    expect(app.corrections.removeExcusal(team.guildId, e.id)).toBe(true);
    expect(app.excusals.forAthlete(team.guildId, ANA)).toEqual([]);
  });

  it('/pending: due, unlogged, not excused, by date, session and group', () => {
    const [a, b] = assign('glute-ham-emphasis', [ANA, BEN], '2026-11-22', '17:00');
    const [c] = assign('mobility-day', [CAL], '2026-11-22', '17:00');
    const [later] = assign('mobility-day', [ANA], '2026-11-23', '17:00'); // not due yet at 09:00
    app.checkins.logMissed(ANA, a!.id, null, 'command');
    const q = { from: '2026-11-22', to: '2026-11-23', dueBy: clock.now() };
    expect(app.corrections.pending(team.guildId, q).map((p) => [p.displayName, p.title])).toEqual([
      ['Ben', 'Glute & hamstring emphasis day'],
      ['Cal', 'Mobility (daily 5-10 min)'],
    ]);
    expect(app.corrections.pending(team.guildId, { ...q, templateId: 'mobility-day' }).map((p) => p.assignmentId)).toEqual([c!.id]);
    expect(app.corrections.pending(team.guildId, { ...q, group: '  SPRINTERS ' }).map((p) => p.assignmentId)).toEqual([b!.id]);
    expect(app.corrections.pending(other.guildId, q)).toEqual([]);
    app.excusalRepo.add(
      { guildId: team.guildId, athleteId: CAL, fromDate: '2026-11-22', toDate: '2026-11-22', reason: 'injury', createdBy: COACH },
      clock.now(),
    );
    expect(app.corrections.pending(team.guildId, q).map((p) => p.athleteId)).toEqual([BEN]);
    clock.set(new Date('2026-11-23T18:00:00Z'));
    expect(app.corrections.pending(team.guildId, { ...q, dueBy: clock.now() }).map((p) => p.assignmentId)).toEqual([b!.id, later!.id]);
  });

  it('squad: groups compared without case or spaces; several members added at once', () => {
    expect(app.squad.groups(team.guildId)).toEqual(['backs', 'Sprinters']);
    expect(app.squadRepo.inGroup(team.guildId, ' sprinters').map((a) => a.userId)).toEqual([ANA, BEN]);
    const DEV = '200000000000000004';
    const result = app.squad.addMany(
      team,
      [
        { userId: ANA, displayName: 'Ana' },
        { userId: DEV, displayName: 'Dev' },
      ],
      'Jumpers ',
      COACH,
      clock.now(),
    );
    expect(result.added.map((a) => a.userId)).toEqual([DEV]);
    expect(result.already.map((a) => a.userId)).toEqual([ANA]);
    expect(app.squadRepo.inGroup(team.guildId, 'jumpers').map((a) => a.userId)).toEqual([ANA, DEV]);
    // Only the newcomer is owed a welcome DM.
    expect(store.db.prepare("SELECT athlete_id FROM outbox WHERE purpose = 'welcome' AND athlete_id IN (?, ?)").all(ANA, DEV)).toEqual([
      { athlete_id: DEV },
    ]);
  });
});
