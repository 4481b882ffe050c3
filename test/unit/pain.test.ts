import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PAIN_SETTINGS,
  PAIN_AREAS,
  PAIN_AREA_LABELS,
  isPainFlag,
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
  it('lists the five areas with labels', () => {
    expect(PAIN_AREAS).toEqual(['hamstring', 'lower_back', 'glute', 'knee', 'other']);
    expect(PAIN_AREA_LABELS.lower_back).toBe('Lower back');
    for (const area of PAIN_AREAS) expect(PAIN_AREA_LABELS[area]).toMatch(/^[A-Z]/);
  });
});

describe('isPainFlag', () => {
  it('is score above the limit', () => {
    expect(isPainFlag(5)).toBe(false);
    expect(isPainFlag(6)).toBe(true);
    expect(isPainFlag(4, { painLimit: 3 })).toBe(true);
  });
});

describe('needsRegression truth table', () => {
  // pain | settled next morning | previous over limit | regress? | why
  const rows: [number, boolean | null, boolean, boolean, string][] = [
    [7, false, false, true, 'over limit, not settled'],
    [7, true, false, false, 'over limit once, settled'],
    [7, null, false, false, 'over limit once, morning answer pending'],
    [7, true, true, true, 'over limit twice in a row'],
    [7, null, true, true, 'over limit twice in a row, morning pending'],
    [7, false, true, true, 'over limit twice and not settled'],
    [6, true, true, true, 'just over the limit, twice in a row'],
    [5, true, true, false, 'at the limit is acceptable, even after a flag'],
    [5, null, false, false, 'at the limit, pending'],
    [3, false, false, true, 'below the limit but not settled (settle-by-morning rule)'],
    [3, true, true, false, 'below the limit, settled'],
    [0, false, false, false, 'no pain: nothing to settle'],
    [0, null, true, false, 'no pain after a flagged session'],
  ];
  it.each(rows)('pain %s, settled %s, previous over %s -> %s (%s)', (pain, settled, previous, expected) => {
    expect(
      needsRegression({ painAfterSession: pain, settledNextMorning: settled, previousPainOverLimit: previous }),
    ).toBe(expected);
  });

  it('uses the limit from the settings', () => {
    const strict = { painLimit: 4 };
    const check = { painAfterSession: 5, settledNextMorning: true, previousPainOverLimit: true };
    expect(needsRegression(check)).toBe(false); // 5 is not over the default limit 5
    expect(needsRegression(check, strict)).toBe(true); // 5 is over a limit of 4
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
