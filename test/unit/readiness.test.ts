import { describe, expect, it } from 'vitest';
import {
  describeLowReadiness,
  parseReadinessReply,
  READINESS_TOTAL_SD_FLOOR,
  scoreReadiness,
  type DatedReadiness,
  type ReadinessAnswers,
} from '../../src/domain/readiness';
import { addDays } from '../../src/domain/time';

const TODAY = '2026-11-29';
const all = (v: number): ReadinessAnswers => ({ sleep: v, fatigue: v, soreness: v, stress: v, mood: v });

// Seven baseline answers in the 28 days before today, every item 4, 6, 4, 6, 4, 6, 5:
// per item mean = 35 / 7 = 5, deviations -1, 1, -1, 1, -1, 1, 0, sum of squares 6,
// sample variance 6 / 6 = 1, SD = 1. Totals 20, 30, 20, 30, 20, 30, 25: mean 25,
// sum of squares 6 x 25 = 150, sample variance 25, SD = 5.
const BASELINE: DatedReadiness[] = [4, 6, 4, 6, 4, 6, 5].map((v, i) => ({ localDate: addDays(TODAY, -(i * 3 + 1)), answers: all(v) }));

describe('parseReadinessReply (five items, 1-7)', () => {
  it('reads one reply in item order: sleep, fatigue, soreness, stress, mood', () => {
    expect(parseReadinessReply('5 4 3 5 6')).toEqual({ ok: true, answers: { sleep: 5, fatigue: 4, soreness: 3, stress: 5, mood: 6 } });
    expect(parseReadinessReply(' 5,4,3,5,6 ')).toMatchObject({ ok: true });
  });
  it('asks again for the wrong count or a number outside 1-7, and lets other messages through', () => {
    expect(parseReadinessReply('5 4 3 5')).toMatchObject({ ok: false, message: expect.stringContaining('found 4') });
    expect(parseReadinessReply('5 4 3 5 8')).toMatchObject({ ok: false, message: expect.stringContaining('"8"') });
    expect(parseReadinessReply('5 4 0 5 6')).toMatchObject({ ok: false, message: expect.stringContaining('"0"') });
    expect(parseReadinessReply('match 8 90')).toEqual({ ok: false, notReadiness: true });
  });
});

describe("scoreReadiness against the athlete's own 28-day baseline", () => {
  it('scores each item and the total as z = (today - mean) / SD', () => {
    // Today 3 5 2 4 3 (total 17): sleep (3-5)/1 = -2, fatigue 0, soreness -3, stress -1, mood -2;
    // total (17-25)/5 = -1.6 < -1.5 -> low; drivers (z <= -1), worst first: soreness, sleep, mood, stress.
    const s = scoreReadiness({ localDate: TODAY, answers: { sleep: 3, fatigue: 5, soreness: 2, stress: 4, mood: 3 } }, BASELINE);
    if (!s.scored) throw new Error('expected a score');
    expect(s.baselineAnswers).toBe(7);
    expect(s.items.sleep).toEqual({ value: 3, mean: 5, sd: 1, z: -2 });
    expect(s.items.fatigue.z).toBe(0);
    expect(s.items.soreness.z).toBe(-3);
    expect(s.items.stress.z).toBe(-1);
    expect(s.items.mood.z).toBe(-2);
    expect(s.total.mean).toBe(25);
    expect(s.total.sd).toBe(5);
    expect(s.total.z).toBeCloseTo(-1.6, 10);
    expect(s.low).toBe(true);
    expect(s.drivers).toEqual(['soreness', 'sleep', 'mood', 'stress']);
  });

  it("is not low at total z -1.4 with the default line, and follows the team's own line", () => {
    // 3 5 3 4 3 = 18: (18 - 25) / 5 = -1.4.
    const today = { localDate: TODAY, answers: { sleep: 3, fatigue: 5, soreness: 3, stress: 4, mood: 3 } };
    const s = scoreReadiness(today, BASELINE);
    expect(s.scored && s.total.z).toBeCloseTo(-1.4, 10);
    expect(s.scored && s.low).toBe(false);
    expect(scoreReadiness(today, BASELINE, -1)).toMatchObject({ scored: true, low: true });
  });

  it("gives no score with fewer than 7 answers in the window: answers older than 28 days and today's own do not count", () => {
    const six = BASELINE.slice(0, 6);
    const older = { localDate: addDays(TODAY, -29), answers: all(5) };
    const sameDay = { localDate: TODAY, answers: all(5) };
    expect(scoreReadiness({ localDate: TODAY, answers: all(2) }, [...six, older, sameDay])).toEqual({
      scored: false,
      baselineAnswers: 6,
      needed: 7,
    });
    // The answer exactly 28 days back is inside the window: 7 answers, scored.
    expect(
      scoreReadiness({ localDate: TODAY, answers: all(2) }, [...six, { localDate: addDays(TODAY, -28), answers: all(5) }]),
    ).toMatchObject({ scored: true });
  });

  it('floors the SD at half a scale step so an athlete who always answers the same still gets a finite score', () => {
    const steady = Array.from({ length: 7 }, (_, i) => ({ localDate: addDays(TODAY, -(i + 1)), answers: all(5) }));
    const s = scoreReadiness({ localDate: TODAY, answers: { sleep: 4, fatigue: 5, soreness: 5, stress: 5, mood: 5 } }, steady);
    if (!s.scored) throw new Error('expected a score');
    expect(s.items.sleep.z).toBe(-2); // (4 - 5) / 0.5
    expect(s.total.z).toBeCloseTo(-1 / READINESS_TOTAL_SD_FLOOR, 10); // (24 - 25) / 1.118 = -0.894
    expect(s.low).toBe(false);
  });

  it('describes the driving answers against the usual, never a diagnosis', () => {
    const s = scoreReadiness({ localDate: TODAY, answers: { sleep: 3, fatigue: 5, soreness: 2, stress: 4, mood: 3 } }, BASELINE);
    if (!s.scored) throw new Error('expected a score');
    const lines = describeLowReadiness(s);
    expect(lines[0]).toBe('Readiness total 17/35 against a usual 25 (z -1.6, from 7 answers in the last 28 days).');
    expect(lines[1]).toBe('Muscle soreness: 2/7 against a usual 5 (z -3; 1 = very sore, 7 = not sore at all).');
    expect(lines).toHaveLength(6);
    expect(lines.at(-1)).toContain('not a diagnosis');
  });
});
