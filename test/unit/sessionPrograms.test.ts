// A program that runs one session (issue 12): weeks, days, the deload rule and dates, as pure
// functions. The session is a team session written on the whiteboard, with a team exercise.
import { describe, expect, it } from 'vitest';
import { deloadPrescription } from '../../src/domain/adjustments';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import {
  alignStartDate,
  deloadWeeksOf,
  expandSessionProgram,
  MAX_SESSION_PROGRAM_WEEKS,
  planSessionDays,
  planSessionProgram,
  programStatus,
  sessionProgramOutline,
  sessionProgramSchema,
  type DeloadRule,
  type PlannedSession,
  type SessionProgram,
} from '../../src/domain/programs';
import { teamLibrary } from '../../src/domain/teamExercises';
import { sliderCurl } from '../support/teamExercises';
import { prescriptionOf } from '../../src/domain/teamSessions';
import { isoWeekday, zonedInstant } from '../../src/domain/time';
import { hardSetsPerMuscle } from '../../src/domain/volume';
import { parseWhiteboard } from '../../src/domain/whiteboard';

const MONDAY = '2026-03-23'; // UK clocks go forward on Sun 29 Mar 2026, US clocks on Sun 8 Mar 2026

// A team exercise, and a team session that uses it beside library exercises.
const slider = sliderCurl();
const library = teamLibrary([slider]);
const board = parseWhiteboard({
  name: 'Lower A',
  text: 'RDL 4x6 @2 RIR 3-1-1-0 rest 3m\nHip thrust 3x8-10 @2\nSlider curl 3x8 @1',
  library,
});
if (!board.ok) throw new Error(JSON.stringify(board.problems));
const lowerATemplate = board.session.template;
const lowerA = prescriptionOf(lowerATemplate, library);

function program(weeks: number, deload: DeloadRule = { kind: 'none' }): SessionProgram {
  return { session: { templateId: lowerATemplate.id, name: 'Lower A', team: true, prescription: lowerA }, weeks, deload };
}

function expand(p: SessionProgram, days: string, start = MONDAY, mobility?: string | null): PlannedSession[] {
  const plan = planSessionDays(p.session.name, days, mobility);
  if (!plan.ok) throw new Error(plan.message);
  const startDate = alignStartDate(start, plan.value.trainingDays);
  return expandSessionProgram(p, { startDate, trainingDays: plan.value.trainingDays, mobilityDay: plan.value.mobilityDay }, library);
}

const item = (s: PlannedSession, id: string) => s.prescription.exercises.find((e) => e.exerciseId === id)!;

describe('a session program, week by week', () => {
  it('puts the session on every training day for the weeks asked, in ISO weeks from the start', () => {
    const sessions = expand(program(6), 'tue,fri');
    expect(sessions).toHaveLength(12);
    expect(sessions.map((s) => s.week)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    expect(sessions.slice(0, 4).map((s) => s.date)).toEqual(['2026-03-24', '2026-03-27', '2026-03-31', '2026-04-03']);
    expect(sessions.at(-1)!.date).toBe('2026-05-01'); // Friday of week 6
    for (const s of sessions) {
      expect([2, 5]).toContain(isoWeekday(s.date));
      expect(s.kind).toBe('training');
      expect(s.templateId).toBe('team-lower-a');
      expect(s.isDeload).toBe(false);
      // The snapshot as written: the team exercise keeps its name and sets.
      expect(s.prescription.exercises.map((e) => [e.exerciseId, e.sets])).toEqual(lowerA.exercises.map((e) => [e.exerciseId, e.sets]));
    }
    expect(sessions[2]!.title).toBe('Lower A · wk 2');
    expect(item(sessions[0]!, slider.id).name).toBe('Slider curl');
  });

  it('skips days before a mid-week start, and moves a start with no day left to the next Monday', () => {
    const fromWed = expand(program(2), 'tue,fri', '2026-03-25');
    expect(fromWed.map((s) => [s.week, s.date])).toEqual([
      [1, '2026-03-27'],
      [2, '2026-03-31'],
      [2, '2026-04-03'],
    ]);
    // Saturday: no Tuesday or Friday is left that week, so week 1 is the next one.
    expect(expand(program(2), 'tue,fri', '2026-03-28').map((s) => s.date)).toEqual([
      '2026-03-31',
      '2026-04-03',
      '2026-04-07',
      '2026-04-10',
    ]);
  });

  it('adds a mobility day only when the coach names one', () => {
    expect(expand(program(1), 'tue,fri').every((s) => s.kind === 'training')).toBe(true);
    const withMobility = expand(program(1), 'tue,fri', MONDAY, 'sun');
    expect(withMobility.map((s) => [s.date, s.kind, s.templateId])).toEqual([
      ['2026-03-24', 'training', 'team-lower-a'],
      ['2026-03-27', 'training', 'team-lower-a'],
      ['2026-03-29', 'mobility', 'mobility-day'],
    ]);
  });

  it("deloads the given week with the fixed programs' rule: half the working sets rounded up, 2 more RIR, same exercises", () => {
    const sessions = expand(program(6, { kind: 'week', week: 4 }), 'tue,fri');
    const week = (n: number) => sessions.filter((s) => s.week === n);
    expect(week(4).every((s) => s.isDeload && s.prescription.adjustment === 'deload')).toBe(true);
    expect(sessions.filter((s) => s.isDeload)).toHaveLength(2);
    expect(week(4)[0]!.title).toBe('Lower A · wk 4 (deload)');
    // RDL 4 sets @ 2 RIR -> 2 sets @ 4 RIR: no longer a hard set (0-3 RIR).
    expect(item(week(3)[0]!, 'rdl')).toMatchObject({ sets: 4, rir: { min: 2, max: 2 }, hard: true });
    expect(item(week(4)[0]!, 'rdl')).toMatchObject({ sets: 2, rir: { min: 4, max: 4 }, hard: false });
    // Slider curl 3 sets @ 1 RIR -> 2 sets @ 3 RIR: still hard, judged with the team's library.
    expect(item(week(4)[0]!, slider.id)).toMatchObject({ sets: 2, rir: { min: 3, max: 3 }, hard: true });
    // Exactly deloadPrescription of the snapshot.
    const expected = deloadPrescription({ ...lowerA, title: 'Lower A · wk 4 (deload)' }, library);
    expect(week(4)[0]!.prescription).toEqual(expected);
    // Weeks 5 and 6 load again.
    expect(week(5)[0]!.prescription.adjustment).toBeUndefined();
  });

  it('deloads every Nth week, ending on one when N divides the weeks', () => {
    expect(deloadWeeksOf({ kind: 'every', every: 4 }, 8)).toEqual([4, 8]);
    expect(deloadWeeksOf({ kind: 'every', every: 3 }, 8)).toEqual([3, 6]);
    expect(deloadWeeksOf({ kind: 'week', week: 5 }, 6)).toEqual([5]);
    expect(deloadWeeksOf({ kind: 'none' }, 6)).toEqual([]);
    const sessions = expand(program(8, { kind: 'every', every: 4 }), 'mon');
    expect(sessions.filter((s) => s.isDeload).map((s) => s.week)).toEqual([4, 8]);
  });

  it("keeps the local date and time across a DST change in the team's zone; only the UTC instant moves", () => {
    const sessions = expand(program(3), 'tue,fri');
    // London: GMT until Sun 29 Mar, then BST.
    const london = (date: string) => zonedInstant(date, '17:00', 'Europe/London').toISOString();
    expect(sessions.map((s) => s.date).slice(0, 4)).toEqual(['2026-03-24', '2026-03-27', '2026-03-31', '2026-04-03']);
    expect(london(sessions[1]!.date)).toBe('2026-03-27T17:00:00.000Z');
    expect(london(sessions[2]!.date)).toBe('2026-03-31T16:00:00.000Z');
    // New York moved three weeks earlier (Sun 8 Mar): EST to EDT across a program started on 2 March.
    const ny = expand(program(2), 'tue,fri', '2026-03-02');
    const at = (date: string) => zonedInstant(date, '06:30', 'America/New_York').toISOString();
    expect(ny.map((s) => s.date)).toEqual(['2026-03-03', '2026-03-06', '2026-03-10', '2026-03-13']);
    expect(ny.map((s) => at(s.date))).toEqual([
      '2026-03-03T11:30:00.000Z',
      '2026-03-06T11:30:00.000Z',
      '2026-03-10T10:30:00.000Z',
      '2026-03-13T10:30:00.000Z',
    ]);
  });

  it('counts hard sets like the same session assigned on its own, and fewer in the deload week', () => {
    const sessions = expand(program(4, { kind: 'week', week: 4 }), 'tue');
    const alone = hardSetsPerMuscle(lowerA.exercises, library);
    expect(hardSetsPerMuscle(sessions[0]!.prescription.exercises, library)).toEqual(alone);
    expect(alone.hamstrings).toBeGreaterThan(0);
    expect(hardSetsPerMuscle(sessions[3]!.prescription.exercises, library).hamstrings).toBeLessThan(alone.hamstrings);
  });

  it('runs a built-in template the same way', () => {
    const nordic = toPrescription(requireTemplate('nordic-protocol'));
    const p: SessionProgram = {
      session: { templateId: 'nordic-protocol', name: nordic.title, team: false, prescription: nordic },
      weeks: 2,
      deload: { kind: 'none' },
    };
    const sessions = expandSessionProgram(p, { startDate: MONDAY, trainingDays: [1, 4], mobilityDay: null });
    expect(sessions.map((s) => [s.date, s.templateId])).toEqual([
      ['2026-03-23', 'nordic-protocol'],
      ['2026-03-26', 'nordic-protocol'],
      ['2026-03-30', 'nordic-protocol'],
      ['2026-04-02', 'nordic-protocol'],
    ]);
  });
});

describe('what the coach gives', () => {
  it('takes 1 to 16 weeks, and one deload rule that falls inside the program', () => {
    expect(planSessionProgram({ weeks: 6, deloadWeek: 4 })).toEqual({
      ok: true,
      value: { weeks: 6, deload: { kind: 'week', week: 4 }, warnings: [] },
    });
    expect(planSessionProgram({ weeks: 8, deloadEvery: 4 })).toMatchObject({ ok: true, value: { deload: { kind: 'every', every: 4 } } });
    expect(planSessionProgram({ weeks: 3 })).toMatchObject({ ok: true, value: { deload: { kind: 'none' }, warnings: [] } });
    expect(MAX_SESSION_PROGRAM_WEEKS).toBe(16);
  });

  it('refuses what it cannot run, saying how to fix it', () => {
    const refusal = (input: Parameters<typeof planSessionProgram>[0]) => {
      const r = planSessionProgram(input);
      return r.ok ? 'accepted' : r.message;
    };
    expect(refusal({ weeks: null })).toMatch(/How many weeks.*from 1 to 16/);
    expect(refusal({ weeks: 0 })).toMatch(/from 1 to 16 weeks: you gave 0/);
    expect(refusal({ weeks: 20 })).toMatch(/from 1 to 16 weeks: you gave 20.*start another program/);
    expect(refusal({ weeks: 6, deloadWeek: 7 })).toMatch(/Week 7 is beyond the 6-week program: pick a deload week from 2 to 6/);
    expect(refusal({ weeks: 6, deloadWeek: 1 })).toMatch(/deload follows loading weeks: pick a deload week from 2 to 6/);
    expect(refusal({ weeks: 6, deloadWeek: 4, deloadEvery: 3 })).toMatch(/either `deload_week`.*or `deload_every`/);
    expect(refusal({ weeks: 6, deloadEvery: 1 })).toMatch(/no loading weeks.*2 or more/);
    expect(refusal({ weeks: 6, deloadEvery: 8 })).toMatch(/Every 8th week never comes in a 6-week program/);
  });

  it('reminds about deloads on a long block without one (Rogerson et al. 2024)', () => {
    const long = planSessionProgram({ weeks: 10 });
    expect(long.ok && long.value.warnings[0]).toMatch(/10 weeks without a deload.*5\.6 ± 2\.3 weeks/);
  });

  it('needs training days; a named mobility day must be free; back-to-back days are warned about', () => {
    const none = planSessionDays('Lower A', '');
    expect(!none.ok && none.message).toMatch(/Which days does the athlete train\?.*mon,thu/);
    const clash = planSessionDays('Lower A', 'tue,fri', 'fri');
    expect(!clash.ok && clash.message).toMatch(/Friday is already a training day/);
    const backToBack = planSessionDays('Lower A', 'mon,tue');
    expect(backToBack.ok && backToBack.value.warnings[0]).toMatch(/Mon and Tue are back to back/);
  });

  it('keeps the plan honest in storage: a deload beyond the weeks does not parse', () => {
    expect(() => sessionProgramSchema.parse(program(4, { kind: 'week', week: 5 }))).toThrow(/beyond the program/);
    expect(() => sessionProgramSchema.parse(program(4, { kind: 'every', every: 6 }))).toThrow(/never comes/);
    expect(() => sessionProgramSchema.parse(program(17))).toThrow();
    expect(sessionProgramSchema.parse(program(4, { kind: 'week', week: 4 }))).toEqual(program(4, { kind: 'week', week: 4 }));
  });
});

describe('status of a session program', () => {
  it('has a name, a summary with the deload weeks, and weeks that programStatus reads like a fixed program', () => {
    const outline = sessionProgramOutline(program(8, { kind: 'every', every: 4 }));
    expect(outline.name).toBe('Lower A program');
    expect(outline.summary).toBe(
      'Lower A on each training day for 8 weeks. Every 4th week is a deload week (weeks 4, 8): about half the sets, 2 more reps in reserve, same exercises and days.',
    );
    expect(outline.weeks.map((w) => w.deload)).toEqual([false, false, false, true, false, false, false, true]);
    const inWeek4 = programStatus(outline, MONDAY, '2026-04-15');
    expect(inWeek4).toMatchObject({ week: 4, totalWeeks: 8, phase: 'Lower A', isDeloadWeek: true, nextDeload: '2026-04-13' });
    const inWeek5 = programStatus(outline, MONDAY, '2026-04-20');
    expect(inWeek5).toMatchObject({ week: 5, isDeloadWeek: false, nextDeload: '2026-05-11', endDate: '2026-05-17' });
    expect(sessionProgramOutline(program(3)).summary).toBe('Lower A on each training day for 3 weeks.');
  });
});
