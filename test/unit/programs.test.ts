import { describe, expect, it } from 'vitest';
import { EXTRA_RIR, RIR_CAP } from '../../src/domain/adjustments';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import {
  alignStartDate,
  backToBackWarnings,
  defaultMobilityDay,
  expandProgram,
  getProgram,
  nordicProtocolInput,
  NORDIC_MAINTENANCE_WEEKS,
  parseTrainingDays,
  planDays,
  programStatus,
  PROGRAMS,
  spreadDays,
  validateProgram,
  type PlannedSession,
  type ProgramDefinition,
} from '../../src/domain/programs';
import { addDays, isoWeekday, zonedInstant } from '../../src/domain/time';
import { hardSetsPerMuscle, sumPerMuscle } from '../../src/domain/volume';

const program = (key: string): ProgramDefinition => getProgram(key)!;
const nordic = program('nordic-protocol');
const block = program('glute-ham-block');
const runner = program('runner-hamstring');

const MONDAY = '2026-03-23'; // a Monday; UK clocks go forward on Sun 29 Mar 2026

function expand(def: ProgramDefinition, days: string, start = MONDAY, mobility?: string | null): PlannedSession[] {
  const plan = planDays(def, days, mobility);
  if (!plan.ok) throw new Error(plan.message);
  return expandProgram(def, { startDate: start, trainingDays: plan.value.trainingDays, mobilityDay: plan.value.mobilityDay });
}

function byWeek(sessions: PlannedSession[], kind: PlannedSession['kind'] = 'training'): Map<number, PlannedSession[]> {
  const weeks = new Map<number, PlannedSession[]>();
  for (const s of sessions.filter((x) => x.kind === kind)) weeks.set(s.week, [...(weeks.get(s.week) ?? []), s]);
  return weeks;
}

const nordicItem = (s: PlannedSession) => s.prescription.exercises.find((e) => e.exerciseId === 'nordic-curl')!;

describe('program definitions', () => {
  it('are validated data, each citing a source', () => {
    expect(PROGRAMS.map((p) => p.key)).toEqual(['runner-hamstring', 'glute-ham-block', 'nordic-protocol']);
    for (const p of PROGRAMS) expect(p.sources.length).toBeGreaterThan(0);
    expect(nordic.sources.join(' ')).toMatch(/Petersen et al\. 2011, Am J Sports Med 39:2296/);
    expect(block.sources.join(' ')).toMatch(/Rogerson et al\. 2024/);
    expect(runner.sources.join(' ')).toMatch(/Progressive hamstring strengthening plan for runners/);
    expect(() => validateProgram({ ...nordicProtocolInput(), weeks: [] })).toThrow();
    expect(() =>
      validateProgram({
        ...nordicProtocolInput(),
        weeks: [{ phase: 'Bad', templateId: 'nordic-protocol', overrides: { exercises: { rdl: { sets: 2 } } } }],
      }),
    ).toThrow(/rdl/);
  });
});

describe('Nordic hamstring protocol (Petersen et al. 2011)', () => {
  const sessions = expand(nordic, 'mon,wed,fri');
  const weeks = byWeek(sessions);

  it('has 1, 2, 3, 3, then 3 a week to week 10, then 1 a week in season', () => {
    expect(nordic.weeks).toHaveLength(10 + NORDIC_MAINTENANCE_WEEKS);
    const counts = [...weeks.entries()].map(([, s]) => s.length);
    expect(counts).toEqual([1, 2, 3, 3, 3, 3, 3, 3, 3, 3, ...Array(NORDIC_MAINTENANCE_WEEKS).fill(1)]);
    expect(sessions).toHaveLength(1 + 2 + 3 * 8 + NORDIC_MAINTENANCE_WEEKS);
    expect(sessions.every((s) => s.kind === 'training' && s.templateId === 'nordic-protocol')).toBe(true);
  });

  it('prescribes the sets and reps of each week', () => {
    const dose = (week: number) => weeks.get(week)!.map((s) => [nordicItem(s).sets, nordicItem(s).reps.min, nordicItem(s).reps.max]);
    expect(dose(1)).toEqual([[2, 5, 5]]);
    expect(dose(2)).toEqual([
      [2, 6, 6],
      [2, 6, 6],
    ]);
    // Petersen et al. 2011, Table 1: week 3 is 3 x 6-8, week 4 is 3 x 8-10 (ranges, as published).
    expect(dose(3)).toEqual(Array(3).fill([3, 6, 8]));
    expect(dose(4)).toEqual(Array(3).fill([3, 8, 10]));
    for (let w = 5; w <= 10 + NORDIC_MAINTENANCE_WEEKS; w++) {
      for (const s of weeks.get(w)!) {
        expect(nordicItem(s)).toMatchObject({ sets: 3, reps: { min: 8, max: 12 } });
        expect(nordicItem(s).note).toMatch(/^12, 10, 8/);
      }
    }
    expect(weeks.get(5)![0]!.phase).toBe('Full protocol');
    expect(weeks.get(11)![0]!.phase).toBe('In-season maintenance');
    expect(weeks.get(3)![0]!.title).toBe('Nordic protocol wk 3 · 3 x 6-8');
    expect(weeks.get(4)![0]!.title).toBe('Nordic protocol wk 4 · 3 x 8-10');
    // A warm-up before every Nordic session (Petersen 2011: only after a proper warm-up).
    for (const list of weeks.values()) for (const s of list) expect(s.prescription.exercises[0]!.role).toBe('warmup');
  });

  it('spreads fewer sessions than days across the week', () => {
    expect(weeks.get(1)!.map((s) => s.date)).toEqual(['2026-03-23']); // Mon
    expect(weeks.get(2)!.map((s) => isoWeekday(s.date))).toEqual([1, 5]); // Mon and Fri, not Mon and Wed
    expect(weeks.get(11)!.map((s) => isoWeekday(s.date))).toEqual([1]);
  });

  it('makes the maintenance length configurable', () => {
    const short = validateProgram(nordicProtocolInput(2));
    expect(short.weeks).toHaveLength(12);
    const long = validateProgram(nordicProtocolInput(20));
    expect(long.weeks.filter((w) => w.phase === 'In-season maintenance')).toHaveLength(20);
  });

  it('refuses fewer than three training days, naming the week that needs them', () => {
    const two = planDays(nordic, 'mon,thu');
    expect(two.ok).toBe(false);
    expect(!two.ok && two.message).toMatch(/needs 3 training days.*week 3 has 3 sessions.*you gave 2 \(Mon, Thu\)/);
    const four = planDays(nordic, 'mon,tue,thu,sat');
    expect(!four.ok && four.message).toMatch(/uses 3 training days/);
    expect(() => expandProgram(nordic, { startDate: MONDAY, trainingDays: [1, 4], mobilityDay: null })).toThrow();
  });

  it('adds no mobility day unless the coach names one', () => {
    const plan = planDays(nordic, 'mon,wed,fri');
    expect(plan.ok && plan.value.mobilityDay).toBe(null);
    const withMobility = expand(nordic, 'mon,wed,fri', MONDAY, 'sat');
    expect(withMobility.filter((s) => s.kind === 'mobility')).toHaveLength(nordic.weeks.length);
  });
});

describe('glute-ham block (seed 000 mesocycles, Rogerson et al. 2024 deloads)', () => {
  const one = expand(block, 'thu');
  const two = expand(block, 'mon,thu');

  it('runs 12 weeks: technique, strength, power, each 3 loading weeks + 1 deload', () => {
    expect(block.weeks).toHaveLength(12);
    expect(block.weeks.map((w) => w.deload)).toEqual([false, false, false, true, false, false, false, true, false, false, false, true]);
    expect([...new Set(block.weeks.map((w) => w.phase))]).toEqual(['Technique mesocycle', 'Strength mesocycle', 'Power mesocycle']);
    expect(byWeek(one).size).toBe(12);
    expect([...byWeek(one).values()].every((s) => s.length === 1)).toBe(true);
    expect([...byWeek(two).values()].every((s) => s.length === 2)).toBe(true); // a deload keeps frequency
    // Optional mobility day, on by default (seed 000 weekly layout).
    expect(one.filter((s) => s.kind === 'mobility')).toHaveLength(12);
    expect(expand(block, 'thu', MONDAY, 'none').filter((s) => s.kind === 'mobility')).toHaveLength(0);
  });

  it('deloads weeks 4, 8 and 12: about half the sets, +2 RIR, same exercises', () => {
    for (const sessions of [one, two]) {
      const weeks = byWeek(sessions);
      for (const deloadWeek of [4, 8, 12]) {
        const loading = weeks.get(deloadWeek - 1)![0]!;
        const deload = weeks.get(deloadWeek)![0]!;
        expect(deload.isDeload).toBe(true);
        expect(loading.isDeload).toBe(false);
        expect(deload.prescription.adjustment).toBe('deload');
        expect(deload.title).toMatch(/\(deload\)$/);
        expect(deload.prescription.exercises.map((e) => e.exerciseId)).toEqual(loading.prescription.exercises.map((e) => e.exerciseId));
        deload.prescription.exercises.forEach((item, i) => {
          const before = loading.prescription.exercises[i]!;
          if (item.role === 'warmup') expect(item.sets).toBe(before.sets);
          else expect(item.sets).toBe(Math.ceil(before.sets / 2));
          if (before.rir)
            expect(item.rir).toEqual({
              min: Math.min(before.rir.min + EXTRA_RIR, RIR_CAP),
              max: Math.min(before.rir.max + EXTRA_RIR, RIR_CAP),
            });
        });
        const setsOf = (s: PlannedSession) => s.prescription.exercises.filter((e) => e.role !== 'warmup').reduce((n, e) => n + e.sets, 0);
        const cut = 1 - setsOf(deload) / setsOf(loading);
        expect(cut).toBeGreaterThanOrEqual(0.35);
        expect(cut).toBeLessThanOrEqual(0.55);
      }
    }
  });

  it('differs by mesocycle: technique lighter with tempo, strength as seed 002, power fewer reps with swings', () => {
    const weeks = byWeek(one);
    const main = (w: number) => weeks.get(w)![0]!.prescription.exercises.find((e) => e.role === 'main')!;
    expect(main(1)).toMatchObject({ exerciseId: 'rdl', reps: { min: 6, max: 8 }, rir: { min: 2, max: 3 }, tempo: '3-1-1-0' });
    const seed002 = toPrescription(requireTemplate('glute-ham-emphasis'));
    expect(weeks.get(5)![0]!.prescription.exercises).toEqual(seed002.exercises);
    expect(main(9)).toMatchObject({ exerciseId: 'rdl', reps: { min: 3, max: 5 } });
    expect(main(9).reps.max).toBeLessThanOrEqual(main(5).reps.min); // fewer reps than the strength block
    const swing = weeks.get(9)![0]!.prescription.exercises.find((e) => e.exerciseId === 'kettlebell-swing')!;
    expect(swing.sets).toBe(4);
    expect(main(1).rir!.min).toBeGreaterThan(main(5).rir!.min);
  });

  it('keeps weekly hamstring hard sets in the 10-20 band with one or two days (seed 002)', () => {
    for (const sessions of [one, two]) {
      for (const [week, list] of byWeek(sessions)) {
        if (block.weeks[week - 1]!.deload) continue;
        const weekly = sumPerMuscle(list.map((s) => hardSetsPerMuscle(s.prescription.exercises)));
        expect(weekly.hamstrings).toBeGreaterThanOrEqual(10);
        expect(weekly.hamstrings).toBeLessThanOrEqual(20);
      }
    }
  });

  it('takes one or two days, not three', () => {
    const three = planDays(block, 'mon,wed,fri');
    expect(!three.ok && three.message).toMatch(/1 or 2 training days/);
  });
});

describe("runners' hamstring plan (seed 001)", () => {
  const sessions = expand(runner, 'tue,fri');

  it('is 8 weeks of two hamstring sessions and one mobility day', () => {
    expect(sessions).toHaveLength(8 * 3);
    for (const [, list] of byWeek(sessions)) expect(list).toHaveLength(2);
    for (const [, list] of byWeek(sessions, 'mobility')) {
      expect(list).toHaveLength(1);
      expect(list[0]!.templateId).toBe('mobility-day');
    }
    const templatesByWeek = [...byWeek(sessions).values()].map((l) => l[0]!.templateId);
    expect(templatesByWeek).toEqual([
      'runner-phase-1-activation',
      'runner-phase-1-activation',
      'runner-phase-2-loading',
      'runner-phase-2-loading',
      'runner-phase-3-eccentric',
      'runner-phase-3-eccentric',
      'runner-phase-4-plyometric',
      'runner-phase-4-plyometric',
    ]);
    expect(sessions.some((s) => s.isDeload)).toBe(false);
  });

  it('requires exactly two days and a mobility day', () => {
    expect(!planDays(runner, 'tue').ok && (planDays(runner, 'tue') as { message: string }).message).toMatch(/needs 2 training days/);
    const none = planDays(runner, 'tue,fri', 'none');
    expect(!none.ok && none.message).toMatch(/includes a weekly mobility day/);
  });
});

describe('dates', () => {
  it('aligns week 1 to the ISO week of the start date and skips days before the start', () => {
    const wed = expand(runner, 'mon,thu', '2026-03-25');
    const week1 = wed.filter((s) => s.week === 1);
    // Mon 23 is before the start: only Thu and the Sat mobility day remain in week 1.
    expect(week1.map((s) => [s.date, s.kind])).toEqual([
      ['2026-03-26', 'training'],
      ['2026-03-28', 'mobility'],
    ]);
    expect(wed.filter((s) => s.week === 2).map((s) => s.date)).toEqual(['2026-03-30', '2026-04-02', '2026-04-04']);
    // Starting on a Monday keeps the whole week.
    expect(expand(runner, 'mon,thu').filter((s) => s.week === 1 && s.kind === 'training')).toHaveLength(2);
  });

  it('moves the start to the next Monday when no training day is left in its week', () => {
    expect(alignStartDate('2026-03-27', [1, 4])).toBe('2026-03-30'); // Fri, days Mon/Thu
    expect(alignStartDate('2026-03-26', [1, 4])).toBe('2026-03-26'); // Thu itself is a training day
    expect(alignStartDate('2026-03-23', [1, 4])).toBe('2026-03-23');
  });

  it('keeps local dates and wall-clock times across a DST change; only the UTC instant moves', () => {
    const sessions = expand(runner, 'mon,thu');
    const mondays = sessions.filter((s) => s.kind === 'training' && isoWeekday(s.date) === 1).map((s) => s.date);
    expect(mondays.slice(0, 3)).toEqual(['2026-03-23', '2026-03-30', '2026-04-06']);
    for (const s of sessions) expect(isoWeekday(s.date)).toBe(s.kind === 'mobility' ? 6 : isoWeekday(s.date) === 1 ? 1 : 4);
    const at = (date: string) => zonedInstant(date, '17:00', 'Europe/London').toISOString();
    expect(at('2026-03-23')).toBe('2026-03-23T17:00:00.000Z'); // GMT
    expect(at('2026-03-30')).toBe('2026-03-30T16:00:00.000Z'); // BST: one hour earlier in UTC
    // Consecutive weeks stay exactly 7 calendar days apart.
    expect(addDays(mondays[0]!, 7)).toBe(mondays[1]);
  });

  it('spreads sessions for the largest gaps', () => {
    expect(spreadDays([1, 3, 5], 1)).toEqual([1]);
    expect(spreadDays([1, 3, 5], 2)).toEqual([1, 5]);
    expect(spreadDays([1, 2, 4], 2)).toEqual([1, 4]);
    expect(spreadDays([1, 3, 5], 3)).toEqual([1, 3, 5]);
  });
});

describe('training days input', () => {
  it('reads day names in several forms', () => {
    expect(parseTrainingDays('mon,thu')).toEqual({ ok: true, value: [1, 4] });
    expect(parseTrainingDays('Thursday, Monday')).toEqual({ ok: true, value: [1, 4] });
    expect(parseTrainingDays('tue/fri')).toEqual({ ok: true, value: [2, 5] });
    expect(parseTrainingDays('mon wed and fri')).toEqual({ ok: true, value: [1, 3, 5] });
    expect(parseTrainingDays('Tues, Thurs')).toEqual({ ok: true, value: [2, 4] });
  });

  it('refuses empty, unknown and duplicate days with a fix', () => {
    const empty = parseTrainingDays('  ');
    expect(!empty.ok && empty.message).toMatch(/e\.g\. `mon,thu`/);
    const unknown = parseTrainingDays('mon,funday,xyz');
    expect(!unknown.ok && unknown.message).toMatch(/"funday", "xyz"/);
    const twice = parseTrainingDays('mon,thu,monday');
    expect(!twice.ok && twice.message).toMatch(/Monday is listed twice/);
  });

  it('refuses a mobility day that is a training day, suggesting one', () => {
    const clash = planDays(block, 'mon,thu', 'thursday');
    expect(!clash.ok && clash.message).toMatch(/Thursday is already a training day.*Saturday would suit/);
    const bad = planDays(block, 'mon,thu', 'someday');
    expect(!bad.ok && bad.message).toMatch(/"someday"/);
  });

  it('picks a default mobility day away from training days when it can', () => {
    expect(defaultMobilityDay([1, 4])).toBe(6); // Sat: neither Fri/Sun touches Mon or Thu
    expect(defaultMobilityDay([2, 5])).toBe(7); // Sun
    expect(defaultMobilityDay([1, 3, 5])).toBe(2); // every free day touches one: the first free day
    expect(defaultMobilityDay([1, 2, 3, 4, 5, 6, 7])).toBe(null);
  });

  it('warns about back-to-back training days, including Sunday to Monday', () => {
    expect(backToBackWarnings([1, 4])).toEqual([]);
    expect(backToBackWarnings([1, 2])).toHaveLength(1);
    expect(backToBackWarnings([1, 7])[0]).toMatch(/^Sun and Mon are back to back/);
    const plan = planDays(nordic, 'mon,tue,wed');
    expect(plan.ok && plan.value.warnings).toHaveLength(2);
  });
});

describe('programStatus', () => {
  it('reports week, phase, next deload and finish', () => {
    const start = MONDAY;
    expect(programStatus(block, start, '2026-03-20')).toMatchObject({
      started: false,
      week: 1,
      phase: 'Technique mesocycle',
      nextDeload: '2026-04-13',
      finished: false,
    });
    expect(programStatus(block, start, '2026-03-25')).toMatchObject({
      started: true,
      week: 1,
      isDeloadWeek: false,
      nextDeload: '2026-04-13',
    });
    // Week 4 is the deload: it is the "next" one until it ends.
    expect(programStatus(block, start, '2026-04-15')).toMatchObject({ week: 4, isDeloadWeek: true, nextDeload: '2026-04-13' });
    expect(programStatus(block, start, '2026-04-20')).toMatchObject({ week: 5, phase: 'Strength mesocycle', nextDeload: '2026-05-11' });
    expect(programStatus(block, start, '2026-06-14')).toMatchObject({
      week: 12,
      isDeloadWeek: true,
      finished: false,
      endDate: '2026-06-14',
    });
    expect(programStatus(block, start, '2026-06-15')).toMatchObject({ week: 12, finished: true, nextDeload: null, isDeloadWeek: false });
    expect(programStatus(runner, '2026-03-25', '2026-04-01')).toMatchObject({
      week: 2,
      phase: 'Phase 1: activation & isometrics',
      nextDeload: null,
    });
    expect(programStatus(nordic, start, '2026-06-01')).toMatchObject({ week: 11, phase: 'In-season maintenance', totalWeeks: 16 });
  });
});
