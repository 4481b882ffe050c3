/**
 * Pain monitoring. Pure functions: no clock, no database, no Discord.
 *
 * Source: the pain-monitoring model of Silbernagel et al. 2007, Am J Sports Med 35:897:
 * pain during or after training may reach 5/10 and must settle by the next morning;
 * up to about 2 is safe, up to 5 acceptable, above 5 too much. If the pain has not
 * settled by the next morning, the load is reduced.
 */
import { z } from 'zod';
import { daysBetween, localDateToDayNumber } from './time';

export const PAIN_SCORE_MIN = 0;
export const PAIN_SCORE_MAX = 10;

/**
 * The team's pain limit as a setting: a limit of 0 would flag any pain and 10 none, so
 * 1-9 (Silbernagel et al. 2007 use 5). /settings and the teams.pain_limit CHECK share it.
 */
export const PAIN_LIMIT_SETTING = { min: 1, max: 9 } as const;

export const painSettingsSchema = z
  .object({
    /**
     * Highest score still 'safe'. Silbernagel et al. 2007 put it at about 2; secondary
     * sources draw it at 2 or 3, so it is a team setting.
     */
    safeMax: z.number().int().min(0).max(10),
    /**
     * Highest score still 'acceptable'; above it is 'too much' and a pain flag
     * (Silbernagel et al. 2007: 5). Same name as the team setting and the status threshold.
     */
    painLimit: z.number().int().min(0).max(10),
  })
  .refine((s) => s.safeMax <= s.painLimit, { message: 'safeMax must not exceed painLimit' });
export type PainSettings = z.infer<typeof painSettingsSchema>;

export const DEFAULT_PAIN_SETTINGS: PainSettings = { safeMax: 2, painLimit: 5 };

/**
 * Fills missing settings from the defaults, so callers can pass just
 * `{ painLimit: team.painLimit }`. A safe edge above the limit is capped at the limit.
 */
export function resolvePainSettings(settings: Partial<PainSettings> = {}): PainSettings {
  const merged = { ...DEFAULT_PAIN_SETTINGS, ...settings };
  for (const [name, value] of Object.entries(merged)) {
    if (!Number.isInteger(value) || value < PAIN_SCORE_MIN || value > PAIN_SCORE_MAX) {
      throw new RangeError(`pain setting ${name} must be an integer from 0 to 10, got ${String(value)}`);
    }
  }
  return { painLimit: merged.painLimit, safeMax: Math.min(merged.safeMax, merged.painLimit) };
}

/**
 * Body areas as a coach names them. Older check-ins only used hamstring, lower_back, glute,
 * knee and other, which are all still here, so stored values stay readable.
 */
export const PAIN_AREAS = ['hamstring', 'glute', 'lower_back', 'hip', 'groin', 'knee', 'calf', 'achilles_ankle', 'other'] as const;
export type PainArea = (typeof PAIN_AREAS)[number];
export const PAIN_AREA_LABELS: Record<PainArea, string> = {
  hamstring: 'Hamstring',
  glute: 'Glute',
  lower_back: 'Lower back',
  hip: 'Hip',
  groin: 'Groin/adductor',
  knee: 'Knee',
  calf: 'Calf',
  achilles_ankle: 'Achilles/ankle',
  other: 'Other',
};

export const PAIN_SIDES = ['left', 'right', 'both'] as const;
export type PainSide = (typeof PAIN_SIDES)[number];

/** "left calf", "hamstring", "both knees": the area with its side, in the coach's words. */
export function describePainArea(area: PainArea, side: PainSide | null | undefined): string {
  const label = PAIN_AREA_LABELS[area].toLowerCase();
  if (!side || area === 'other') return label;
  return side === 'both' ? `${label} (both sides)` : `${side} ${label}`;
}

export type PainBand = 'safe' | 'acceptable' | 'too much';

function assertPainScore(score: number): void {
  if (!Number.isInteger(score) || score < PAIN_SCORE_MIN || score > PAIN_SCORE_MAX) {
    throw new RangeError(`pain score must be an integer from 0 to 10, got ${String(score)}`);
  }
}

/**
 * Silbernagel et al. 2007 band of a 0-10 pain score. With the defaults:
 * 0-2 'safe', 3-5 'acceptable', 6-10 'too much'.
 */
export function painBand(score: number, settings: Partial<PainSettings> = {}): PainBand {
  assertPainScore(score);
  const { safeMax, painLimit } = resolvePainSettings(settings);
  if (score <= safeMax) return 'safe';
  if (score <= painLimit) return 'acceptable';
  return 'too much';
}

/**
 * A pain flag: the score is above the team's limit (Silbernagel et al. 2007: above 5 is too much).
 * The limit itself is not flagged. Every "above the limit" in the bot (check-ins, other training,
 * digests, charts, notices) is this call.
 */
export function isPainFlag(score: number, painLimit: number = DEFAULT_PAIN_SETTINGS.painLimit): boolean {
  assertPainScore(score);
  return score > resolvePainSettings({ painLimit }).painLimit;
}

/**
 * Whether a session's pain gets the next-morning question "has it settled?".
 * Silbernagel et al. 2007: pain during or after training may reach 5/10 and must settle by
 * the next morning, so any pain above the safe band (3-5 acceptable, and above 5) is asked
 * about; pain in the safe band (0-2 by default) is not.
 */
export function needsMorningQuestion(score: number, settings: Partial<PainSettings> = {}): boolean {
  return painBand(score, settings) !== 'safe';
}

export interface RegressionCheck {
  /** Pain (0-10) reported after the session. */
  painAfterSession: number;
  /**
   * Answer to "has it settled?" the next morning: true settled, false not settled,
   * null not asked / not answered (unknown).
   */
  settledNextMorning: boolean | null;
}

/**
 * Whether the next session's exercises are swapped for their regressions, as the model is
 * published (Silbernagel et al. 2007; seed 000: "revert to a simpler variation at a lighter
 * load"): true when
 *   - the pain is above the limit (too much), whatever the morning brings; or
 *   - pain was reported (score > 0) and had NOT settled by the next morning.
 * A morning question left unanswered is unknown: staff see it, and it regresses nothing on
 * its own.
 */
export function needsRegression(check: RegressionCheck, settings: Partial<PainSettings> = {}): boolean {
  const overLimit = isPainFlag(check.painAfterSession, resolvePainSettings(settings).painLimit);
  const notSettled = check.painAfterSession > 0 && check.settledNextMorning === false;
  return overLimit || notSettled;
}

export interface EarlyDeloadOptions {
  /** Length of the look-back window in calendar days, today included. */
  windowDays: number;
  /** Number of pain flags in the window that suggests an early deload. */
  count: number;
}

export const DEFAULT_EARLY_DELOAD: EarlyDeloadOptions = { windowDays: 14, count: 2 };

/**
 * Suggest bringing the deload week forward when `count` pain flags (default 2) fall
 * within the last `windowDays` calendar days (default 14): today and the 13 days before
 * it. So flags 13 days apart (today and 13 days ago) suggest it; 14 or more apart don't.
 * Flags after `today` are ignored; two flags on one date count twice (two sessions).
 * (Deloads: Rogerson et al. 2024, Sports Med Open 10:26 — usually every 5.6 ± 2.3 weeks;
 * the trigger itself is a product rule, hence the options.)
 *
 * @param flagDates local dates ('YYYY-MM-DD') of sessions whose pain was above the limit.
 * @param today the team's local date today.
 */
export function suggestEarlyDeload(
  flagDates: readonly string[],
  today: string,
  options: EarlyDeloadOptions = DEFAULT_EARLY_DELOAD,
): boolean {
  const { windowDays, count } = options;
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError(`windowDays must be an integer >= 1`);
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be an integer >= 1`);
  localDateToDayNumber(today); // validates
  const inWindow = flagDates.filter((date) => {
    const daysAgo = daysBetween(date, today);
    return daysAgo >= 0 && daysAgo < windowDays;
  });
  return inWindow.length >= count;
}
