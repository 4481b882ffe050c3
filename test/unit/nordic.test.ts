import { describe, expect, it } from 'vitest';
import {
  describeNordicTally,
  nordicCompliance,
  nordicWeekPlan,
  parseNordicReps,
  sumReps,
  type NordicSessionRecord,
} from '../../src/domain/nordic';
import { addDays } from '../../src/domain/time';

const TODAY = '2026-11-29';

describe('nordicWeekPlan (Petersen et al. 2011, Table 1)', () => {
  it('builds from 1 x (2 x 5) to 3 x (12, 10, 8), then one session a week in season', () => {
    expect(nordicWeekPlan(1)).toEqual({ sessions: 1, setReps: [5, 5] });
    expect(nordicWeekPlan(2)).toEqual({ sessions: 2, setReps: [6, 6] });
    expect(nordicWeekPlan(3)).toEqual({ sessions: 3, setReps: [6, 6, 6] });
    expect(nordicWeekPlan(4)).toEqual({ sessions: 3, setReps: [8, 8, 8] });
    expect(nordicWeekPlan(5)).toEqual({ sessions: 3, setReps: [12, 10, 8] });
    expect(nordicWeekPlan(10)).toEqual({ sessions: 3, setReps: [12, 10, 8] });
    expect(nordicWeekPlan(11)).toEqual({ sessions: 1, setReps: [12, 10, 8] });
    // Whole 10-week build: 10 + 24 + 54 + 72 + 6 x 90 = 700 reps.
    const build = Array.from({ length: 10 }, (_, i) => nordicWeekPlan(i + 1)).reduce((s, w) => s + w.sessions * sumReps(w.setReps), 0);
    expect(build).toBe(700);
  });
});

/** Ten full-protocol sessions (weeks 5-8: 3 + 3 + 3 + 1), 30 planned reps each = 300 planned. */
function tenSessions(reps: (number[] | 'missed')[]): NordicSessionRecord[] {
  const weeks = [5, 5, 5, 6, 6, 6, 7, 7, 7, 8];
  return weeks.map((week, i) => {
    const r = reps[i] ?? 'missed';
    return { week, localDate: addDays(TODAY, -(20 - i * 2)), outcome: r === 'missed' ? 'missed' : 'done', reps: r === 'missed' ? null : r };
  });
}

describe('nordicCompliance: reps done against the plan, above or below the 50 % line (Ripley et al. 2021)', () => {
  it('49 %: 147 of 300 planned reps is below the line', () => {
    // 4 sessions of 12, 10, 8 (120) + one of 12, 10, 5 (27) = 147; 147 / 300 = 0.49.
    const c = nordicCompliance(
      tenSessions([
        [12, 10, 8],
        [12, 10, 8],
        [12, 10, 8],
        [12, 10, 8],
        [12, 10, 5],
      ]),
      TODAY,
    );
    expect(c.protocol).toEqual({
      plannedSessions: 10,
      completedSessions: 5,
      plannedReps: 300,
      doneReps: 147,
      compliance: 0.49,
      aboveLine: false,
    });
    expect(describeNordicTally(c.protocol)).toBe('49 % of planned reps (147 of 300), 5 of 10 sessions: below the 50 % line');
  });

  it('51 %: 153 of 300 planned reps is above the line', () => {
    // 5 sessions of 12, 10, 8 (150) + one of 3, 0, 0 (3) = 153; 153 / 300 = 0.51.
    const c = nordicCompliance(
      tenSessions([
        [12, 10, 8],
        [12, 10, 8],
        [12, 10, 8],
        [12, 10, 8],
        [12, 10, 8],
        [3, 0, 0],
      ]),
      TODAY,
    );
    expect(c.protocol.doneReps).toBe(153);
    expect(c.protocol.compliance).toBe(0.51);
    expect(c.protocol.aboveLine).toBe(true);
  });

  it('exactly 50 % is not above the line; extra reps never make up a missed session', () => {
    // Five sessions of 15, 12, 10 (37 each, capped at 30) = 150 of 300 = 50 %.
    const c = nordicCompliance(tenSessions(Array.from({ length: 5 }, () => [15, 12, 10])), TODAY);
    expect(c.protocol.doneReps).toBe(150);
    expect(c.protocol.aboveLine).toBe(false);
  });

  it('per week: "all done" counts the plan, a missed session 0, and sessions not yet due are left out', () => {
    const sessions: NordicSessionRecord[] = [
      { week: 1, localDate: '2026-11-16', outcome: 'done', reps: null }, // all done: 10 of 10
      { week: 2, localDate: '2026-11-23', outcome: 'done', reps: [6, 4] }, // 10 of 12
      { week: 2, localDate: '2026-11-26', outcome: 'missed', reps: null }, // 0 of 12
      { week: 3, localDate: TODAY, outcome: 'open', reps: null }, // today, not logged yet: not owed
      { week: 3, localDate: '2026-12-01', outcome: 'open', reps: null }, // future
    ];
    const c = nordicCompliance(sessions, TODAY);
    expect(c.weeks).toEqual([
      { week: 1, plannedSessions: 1, completedSessions: 1, plannedReps: 10, doneReps: 10, compliance: 1, aboveLine: true },
      { week: 2, plannedSessions: 2, completedSessions: 1, plannedReps: 24, doneReps: 10, compliance: 10 / 24, aboveLine: false },
    ]);
    // Whole protocol so far: 20 of 34 = 58.8 %.
    expect(c.protocol.doneReps).toBe(20);
    expect(c.protocol.plannedReps).toBe(34);
    expect(c.protocol.aboveLine).toBe(true);
    expect(nordicCompliance([], TODAY).protocol).toMatchObject({ compliance: null, aboveLine: null });
    // Excused (ill) on the missed day: that session is not owed, 20 of 22 = 90.9 %.
    const excused = sessions.map((s) => (s.outcome === 'missed' ? { ...s, excused: true } : s));
    expect(nordicCompliance(excused, TODAY).protocol).toMatchObject({ plannedSessions: 2, plannedReps: 22, doneReps: 20 });
  });
});

describe('parseNordicReps', () => {
  it.each([
    ['all done', { ok: true, reps: null, quality: null }],
    ['All done, band assisted', { ok: true, reps: null, quality: 'band_assisted' }],
    ['5 5 3', { ok: true, reps: [5, 5, 3], quality: null }],
    ['12,10,7 partial', { ok: true, reps: [12, 10, 7], quality: 'partial' }],
    ['full range 6 6', { ok: true, reps: [6, 6], quality: 'full_range' }],
  ])('%s', (text, expected) => {
    expect(parseNordicReps(text)).toEqual(expected);
  });
  it('refuses what it cannot read, saying what to type', () => {
    expect(parseNordicReps('five')).toMatchObject({ ok: false, message: expect.stringContaining('5 5 3') });
    expect(parseNordicReps('5 5 45')).toMatchObject({ ok: false, message: expect.stringContaining('"45"') });
    expect(parseNordicReps('all done 5 5')).toMatchObject({ ok: false });
    expect(parseNordicReps('')).toMatchObject({ ok: false });
  });
});
