import { describe, expect, it } from 'vitest';
import { monotonyAndStrain } from '../../src/domain/load';
import {
  DEFAULT_STATUS_THRESHOLDS,
  athleteWeeklyStatus,
  statusThresholdsSchema,
  type AthleteWeekInput,
} from '../../src/domain/status';

/** A week that is on plan: 3 of 3 sessions, every number inside its band. */
const onPlan: AthleteWeekInput = {
  painMax: { score: 2, area: 'hamstring', localDate: '2026-03-17', weekday: 'Tue' },
  unsettledPain: false,
  painFlags: 0,
  compliance: 1,
  monotony: 1.03,
  strain: 1496,
  acwr: 1.1,
  hardSets: { glutes: 12, hamstrings: 14, lowerBack: 10 },
  logged: 3,
  assigned: 3,
};

describe('athleteWeeklyStatus', () => {
  it('green: on plan', () => {
    expect(athleteWeeklyStatus(onPlan)).toEqual({ level: 'green', reasons: ['green: on plan'] });
  });

  it('green with no numbers yet and nothing assigned', () => {
    const empty: AthleteWeekInput = {
      painMax: null,
      unsettledPain: false,
      painFlags: 0,
      compliance: null,
      monotony: null,
      strain: null,
      acwr: null,
      hardSets: { glutes: 0, hamstrings: 0, lowerBack: 0 },
      logged: 0,
      assigned: 0,
    };
    expect(athleteWeeklyStatus(empty)).toEqual({ level: 'green', reasons: ['green: no sessions assigned'] });
  });

  it('red: pain over the limit that did not settle', () => {
    const status = athleteWeeklyStatus({
      ...onPlan,
      painMax: { score: 7, area: 'hamstring', localDate: '2026-03-17', weekday: 'Tue' },
      unsettledPain: true,
      painFlags: 1,
    });
    expect(status).toEqual({ level: 'red', reasons: ['red: pain 7 hamstring on Tue, not settled'] });
  });

  it('red: pain over the limit twice', () => {
    const status = athleteWeeklyStatus({
      ...onPlan,
      painMax: { score: 6, area: 'lower_back', localDate: '2026-03-19', weekday: 'Thu' },
      painFlags: 2,
    });
    expect(status).toEqual({ level: 'red', reasons: ['red: pain 6 lower back on Thu; pain above 5 in 2 sessions'] });
  });

  it('amber: pain over the limit once that settled', () => {
    const status = athleteWeeklyStatus({
      ...onPlan,
      painMax: { score: 6, area: 'knee', localDate: '2026-03-18', weekday: 'Wed' },
      painFlags: 1,
    });
    expect(status).toEqual({ level: 'amber', reasons: ['amber: pain 6 knee on Wed (above 5), settled'] });
  });

  it('amber: acceptable pain that did not settle', () => {
    const status = athleteWeeklyStatus({
      ...onPlan,
      painMax: { score: 4, area: 'glute', localDate: '2026-03-18', weekday: 'Wed' },
      unsettledPain: true,
    });
    expect(status).toEqual({ level: 'amber', reasons: ['amber: pain 4 glute on Wed, not settled by the next morning'] });
  });

  it('red: compliance below 50 % (Ripley et al. 2021)', () => {
    // 2 of 5 expected sessions = 40 %
    const status = athleteWeeklyStatus({ ...onPlan, compliance: 2 / 5, logged: 2, assigned: 5 });
    expect(status.level).toBe('red');
    expect(status.reasons).toEqual(['red: compliance 40 % (below 50 %)']);
  });

  it('compliance edges: 50 % is amber, 80 % is green', () => {
    expect(athleteWeeklyStatus({ ...onPlan, compliance: 0.5 }).reasons).toEqual(['amber: compliance 50 % (below 80 %)']);
    expect(athleteWeeklyStatus({ ...onPlan, compliance: 0.6 }).reasons).toEqual(['amber: compliance 60 % (below 80 %)']);
    expect(athleteWeeklyStatus({ ...onPlan, compliance: 0.8 }).level).toBe('green');
  });

  it('amber: monotony and strain from a real week', () => {
    // [700, 800, 700, 800, 700, 800, 0]: weekly 4500, mean 642.857
    // variance = (3 x 700² + 3 x 800²)/7 - 642.857² = 3390000/7 - 413265.31 = 484285.71 - 413265.31 = 71020.41
    // SD = 266.50; monotony = 642.857 / 266.50 = 2.412; strain = 4500 x 2.412 = 10855
    const week = monotonyAndStrain([700, 800, 700, 800, 700, 800, 0]);
    expect(week.monotony).toBeCloseTo(2.412, 3);
    const status = athleteWeeklyStatus({ ...onPlan, monotony: week.monotony, strain: week.strain });
    expect(status).toEqual({
      level: 'amber',
      reasons: ['amber: monotony 2.41 (> 2.0)', 'amber: strain 10855 AU (> 6000)'],
    });
  });

  it('monotony exactly at the alert line is not an alert; 2.3 is', () => {
    expect(athleteWeeklyStatus({ ...onPlan, monotony: 2.0 }).level).toBe('green');
    expect(athleteWeeklyStatus({ ...onPlan, monotony: 2.3 }).reasons).toEqual(['amber: monotony 2.3 (> 2.0)']);
  });

  it('amber: ACWR outside 0.8-1.5, worded as load change, never as risk', () => {
    const high = athleteWeeklyStatus({ ...onPlan, acwr: 1.6 });
    expect(high).toEqual({
      level: 'amber',
      reasons: ['amber: load this week is 1.6x the 4-week average: a sharp rise (outside 0.8-1.5)'],
    });
    const low = athleteWeeklyStatus({ ...onPlan, acwr: 0.7 });
    expect(low.reasons).toEqual(['amber: load this week is 0.7x the 4-week average: a clear drop (outside 0.8-1.5)']);
    expect(athleteWeeklyStatus({ ...onPlan, acwr: 1.45 }).level).toBe('green'); // 'rising' is not an alert
    expect(athleteWeeklyStatus({ ...onPlan, acwr: 0.8 }).level).toBe('green');
    expect(athleteWeeklyStatus({ ...onPlan, acwr: null }).level).toBe('green');
    for (const r of [...high.reasons, ...low.reasons]) expect(r).not.toMatch(/injur|risk|predict/i);
  });

  it('amber: hard sets outside 10-20', () => {
    const status = athleteWeeklyStatus({ ...onPlan, hardSets: { glutes: 24, hamstrings: 6, lowerBack: 9.5 } });
    expect(status).toEqual({
      level: 'amber',
      reasons: [
        'amber: glutes 24 hard sets (above 10-20)',
        'amber: hamstrings 6 hard sets (below 10-20)',
        'amber: lower back 9.5 hard sets (below 10-20)',
      ],
    });
    // band edges are inside
    expect(athleteWeeklyStatus({ ...onPlan, hardSets: { glutes: 10, hamstrings: 20, lowerBack: 15 } }).level).toBe(
      'green',
    );
  });

  it('red outranks amber and keeps every reason, red first', () => {
    const status = athleteWeeklyStatus({
      ...onPlan,
      painMax: { score: 7, area: 'hamstring', localDate: '2026-03-17', weekday: 'Tue' },
      unsettledPain: true,
      painFlags: 1,
      monotony: 2.3,
      compliance: 0.6,
    });
    expect(status).toEqual({
      level: 'red',
      reasons: [
        'red: pain 7 hamstring on Tue, not settled',
        'amber: compliance 60 % (below 80 %)',
        'amber: monotony 2.3 (> 2.0)',
      ],
    });
  });

  it('takes thresholds as settings', () => {
    const week = { ...onPlan, monotony: 1.8, painMax: { ...onPlan.painMax!, score: 5 }, painFlags: 1, unsettledPain: true };
    expect(athleteWeeklyStatus(week).level).toBe('amber'); // 5 is not over 5, but it did not settle
    const strict = athleteWeeklyStatus(week, { monotonyAlert: 1.5, painLimit: 4 });
    expect(strict).toEqual({
      level: 'red',
      reasons: ['red: pain 5 hamstring on Tue, not settled', 'amber: monotony 1.8 (> 1.5)'],
    });
  });

  it('validates threshold settings', () => {
    expect(statusThresholdsSchema.parse(DEFAULT_STATUS_THRESHOLDS)).toEqual(DEFAULT_STATUS_THRESHOLDS);
    expect(statusThresholdsSchema.safeParse({ ...DEFAULT_STATUS_THRESHOLDS, complianceRed: 0.9 }).success).toBe(false);
    expect(statusThresholdsSchema.safeParse({ ...DEFAULT_STATUS_THRESHOLDS, hardSetMin: 25 }).success).toBe(false);
  });
});
