import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAIN_SETTINGS,
  PAIN_AREAS,
  PAIN_LIMIT_SETTING,
  describePainArea,
  PAIN_AREA_LABELS,
  isPainFlag,
  needsMorningQuestion,
  needsRegression,
  painBand,
  painSettingsSchema,
  resolvePainSettings,
  suggestEarlyDeload,
} from '../../src/domain/pain';

describe('painBand (Silbernagel et al. 2007)', () => {
  it.each([
    [0, 'safe'],
    [2, 'safe'],
    [3, 'acceptable'],
    [5, 'acceptable'],
    [6, 'too much'],
    [10, 'too much'],
  ] as const)('%s -> %s with the defaults', (score, band) => {
    expect(painBand(score)).toBe(band);
  });

  it('moves the edges with the settings', () => {
    const settings = { safeMax: 3, painLimit: 4 };
    expect(painBand(3, settings)).toBe('safe');
    expect(painBand(4, settings)).toBe('acceptable');
    expect(painBand(5, settings)).toBe('too much');
  });

  it('rejects scores off the 0-10 scale', () => {
    for (const bad of [-1, 11, 4.5, Number.NaN]) expect(() => painBand(bad)).toThrow(RangeError);
  });

  it('validates settings', () => {
    expect(painSettingsSchema.parse(DEFAULT_PAIN_SETTINGS)).toEqual({ safeMax: 2, painLimit: 5 });
    expect(painSettingsSchema.safeParse({ safeMax: 6, painLimit: 5 }).success).toBe(false);
    expect(painSettingsSchema.safeParse({ safeMax: 2, painLimit: 11 }).success).toBe(false);
  });

  it('takes partial settings and caps the safe edge at the limit', () => {
    expect(resolvePainSettings({ painLimit: 4 })).toEqual({ safeMax: 2, painLimit: 4 });
    expect(resolvePainSettings({ painLimit: 1 })).toEqual({ safeMax: 1, painLimit: 1 });
    expect(painBand(2, { painLimit: 1 })).toBe('too much');
    expect(() => resolvePainSettings({ painLimit: 12 })).toThrow(RangeError);
  });
});

describe('pain areas', () => {
  it('lists the areas a coach recognises, keeping the five older stored values', () => {
    expect(PAIN_AREAS).toEqual(['hamstring', 'glute', 'lower_back', 'hip', 'groin', 'knee', 'calf', 'achilles_ankle', 'other']);
    for (const old of ['hamstring', 'lower_back', 'glute', 'knee', 'other']) expect(PAIN_AREAS).toContain(old);
    expect(describePainArea('calf', 'left')).toBe('left calf');
    expect(describePainArea('knee', 'both')).toBe('knee (both sides)');
    expect(describePainArea('groin', null)).toBe('groin/adductor');
    expect(PAIN_AREA_LABELS.lower_back).toBe('Lower back');
    for (const area of PAIN_AREAS) expect(PAIN_AREA_LABELS[area]).toMatch(/^[A-Z]/);
  });
});

describe('isPainFlag', () => {
  it('is score above the limit', () => {
    expect(isPainFlag(5)).toBe(false);
    expect(isPainFlag(6)).toBe(true);
    expect(isPainFlag(4, 3)).toBe(true);
  });

  it('does not flag the limit itself, only one above it, at every limit a team can set', () => {
    for (let limit = PAIN_LIMIT_SETTING.min; limit <= PAIN_LIMIT_SETTING.max; limit++) {
      expect(isPainFlag(limit, limit), `${limit}`).toBe(false);
      expect(isPainFlag(limit + 1, limit), `${limit + 1}`).toBe(true);
    }
  });
});

describe('needsRegression truth table (Silbernagel et al. 2007 as published)', () => {
  // pain | settled next morning | regress? | why
  const rows: [number, boolean | null, boolean, string][] = [
    [7, false, true, 'over the limit, not settled'],
    [7, true, true, 'over the limit once is too much, even if it settled'],
    [7, null, true, 'over the limit, morning answer unknown'],
    [6, true, true, 'just over the limit'],
    [5, true, false, 'at the limit is acceptable and it settled'],
    [5, null, false, 'at the limit, unanswered: unknown regresses nothing on its own'],
    [5, false, true, 'acceptable band but not settled by the morning'],
    [3, false, true, 'acceptable band, not settled'],
    [3, true, false, 'acceptable band, settled'],
    [2, false, true, 'any reported pain that has not settled'],
    [0, false, false, 'no pain: nothing to settle'],
    [0, null, false, 'no pain'],
  ];
  it.each(rows)('pain %s, settled %s -> %s (%s)', (pain, settled, expected) => {
    expect(needsRegression({ painAfterSession: pain, settledNextMorning: settled })).toBe(expected);
  });

  it('uses the limit from the settings', () => {
    const check = { painAfterSession: 5, settledNextMorning: true };
    expect(needsRegression(check)).toBe(false); // 5 is not over the default limit 5
    expect(needsRegression(check, { painLimit: 4 })).toBe(true); // 5 is over a limit of 4
  });
});

describe('needsMorningQuestion', () => {
  it('asks about every score above the safe band: 3-5 acceptable and above 5', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((s) => needsMorningQuestion(s))).toEqual([false, false, false, true, true, true, true, true]);
    expect(needsMorningQuestion(3, { safeMax: 3 })).toBe(false);
  });
});

describe('suggestEarlyDeload', () => {
  const today = '2026-03-20';

  it('two flags 13 days apart (inside 14 days) -> suggest', () => {
    // 2026-03-07 is 13 days before 2026-03-20: window = 03-07 .. 03-20
    expect(suggestEarlyDeload(['2026-03-07', '2026-03-20'], today)).toBe(true);
  });

  it('two flags 15 days apart -> no suggestion', () => {
    // 2026-03-05 is 15 days before today: outside the 14-day window
    expect(suggestEarlyDeload(['2026-03-05', '2026-03-20'], today)).toBe(false);
  });

  it('the window is today and the 13 days before it', () => {
    expect(suggestEarlyDeload(['2026-03-06', '2026-03-20'], today)).toBe(false); // 14 days ago: out
    expect(suggestEarlyDeload(['2026-03-08', '2026-03-10'], today)).toBe(true); // both in, neither today
    expect(suggestEarlyDeload(['2026-03-10'], today)).toBe(false); // one flag only
    expect(suggestEarlyDeload([], today)).toBe(false);
    expect(suggestEarlyDeload(['2026-03-19', '2026-03-21'], today)).toBe(false); // the future is ignored
    expect(suggestEarlyDeload(['2026-03-12', '2026-03-12'], today)).toBe(true); // two sessions, one day
  });

  it('crosses a month end and a year end', () => {
    // 2025-12-25 -> 2026-01-07 is 13 days
    expect(suggestEarlyDeload(['2025-12-25', '2026-01-05'], '2026-01-07')).toBe(true);
    // 2026-02-20 -> 2026-03-06: 8 + 6 = 14 days -> outside
    expect(suggestEarlyDeload(['2026-02-20', '2026-03-05'], '2026-03-06')).toBe(false);
  });

  it('honours custom options', () => {
    const flags = ['2026-03-01', '2026-03-10', '2026-03-20'];
    expect(suggestEarlyDeload(flags, today, { windowDays: 21, count: 3 })).toBe(true); // 03-01 is 19 days ago
    expect(suggestEarlyDeload(flags, today, { windowDays: 14, count: 3 })).toBe(false);
    expect(() => suggestEarlyDeload(flags, today, { windowDays: 0, count: 2 })).toThrow(RangeError);
    expect(() => suggestEarlyDeload(flags, '2026-3-20')).toThrow(RangeError);
  });
});
