/**
 * Readiness: a five-item check before training, compared with the athlete's own normal.
 *
 * Items: sleep quality, fatigue, muscle soreness, stress and mood, each on 1-7. Hooper &
 * Mackinnon 1995 (Med Sci Sports Exerc 27:106) rated sleep, fatigue, stress and soreness
 * on 1-7; McLean et al. 2010 (Int J Sports Physiol Perform 5:367) added mood to the same
 * five-item wellness questionnaire and summed the items. Orientation (our choice, stated
 * on every question): 7 is always the good end (slept very well, very fresh, no soreness,
 * very relaxed, very good mood), so a LOW score and a NEGATIVE z mean "worse than usual".
 * Hooper's own scale runs the other way (1 = very, very good).
 *
 * The published bands are not validated, so each answer is read against the athlete's
 * own rolling baseline, as AthleteMonitoring does with wellness z-scores: the answers of
 * the 28 days before today, at least 7 of them, z = (today - mean) / SD, per item and for
 * the total. The alert line (default total z < -1.5) is a convention: a team setting.
 * The result describes which answers were lower than usual; it never names a cause.
 *
 * Pure: no clock, no database, no Discord.
 */
import { addDays, type LocalDate } from './time';

export const READINESS_ITEMS = ['sleep', 'fatigue', 'soreness', 'stress', 'mood'] as const;
export type ReadinessItem = (typeof READINESS_ITEMS)[number];
export type ReadinessAnswers = Record<ReadinessItem, number>;

export const READINESS_MIN = 1;
export const READINESS_MAX = 7;

/** What each item asks, and its two ends (7 = the good end for every item). */
export const READINESS_QUESTIONS: Record<ReadinessItem, { label: string; low: string; high: string }> = {
  sleep: { label: 'Sleep quality', low: 'very poor', high: 'very good' },
  fatigue: { label: 'Fatigue', low: 'exhausted', high: 'very fresh' },
  soreness: { label: 'Muscle soreness', low: 'very sore', high: 'not sore at all' },
  stress: { label: 'Stress', low: 'very stressed', high: 'very relaxed' },
  mood: { label: 'Mood', low: 'very low', high: 'very good' },
};

/** Baseline window and minimum answers (issue 13; AthleteMonitoring uses the athlete's own 4-week mean). */
export const READINESS_BASELINE_DAYS = 28;
export const READINESS_MIN_BASELINE_ANSWERS = 7;
/** Default team alert line on the total z-score (a convention, so a team setting). */
export const READINESS_DEFAULT_THRESHOLD = -1.5;
/** An item with z at or below this is named as one that drove a low result. */
export const READINESS_DRIVER_Z = -1;
/**
 * SD floor, per item: half a step of the 1-7 scale (our convention). Without it an athlete who
 * always answered the same would have SD 0 and any change an infinite z; the total's floor is
 * the same half step over five independent items, 0.5 x sqrt(5).
 */
export const READINESS_ITEM_SD_FLOOR = 0.5;
export const READINESS_TOTAL_SD_FLOOR = 0.5 * Math.sqrt(READINESS_ITEMS.length);

export function isReadinessAnswers(a: Partial<Record<ReadinessItem, number>>): a is ReadinessAnswers {
  return READINESS_ITEMS.every((k) => Number.isInteger(a[k]) && a[k]! >= READINESS_MIN && a[k]! <= READINESS_MAX);
}

export function readinessTotal(a: ReadinessAnswers): number {
  return READINESS_ITEMS.reduce((sum, k) => sum + a[k], 0);
}

export const READINESS_FORMAT =
  'Reply with five numbers from 1 to 7, in order: sleep, fatigue, soreness, stress, mood (7 = best), e.g. `5 4 3 5 6`.';

/** Reads one reply like "5 4 3 5 6" or "5,4,3,5,6". Nothing is guessed: anything but five 1-7 numbers is asked again. */
export function parseReadinessReply(
  text: string,
): { ok: true; answers: ReadinessAnswers } | { ok: false; message: string } | { ok: false; notReadiness: true } {
  const trimmed = text.trim();
  if (!/^[\d\s,;/.-]+$/.test(trimmed)) return { ok: false, notReadiness: true };
  const tokens = trimmed.split(/[\s,;/]+/).filter(Boolean);
  if (tokens.length !== READINESS_ITEMS.length) {
    return { ok: false, message: `I need five answers and found ${tokens.length}. ${READINESS_FORMAT}` };
  }
  const bad = tokens.find((t) => !/^\d$/.test(t) || Number(t) < READINESS_MIN || Number(t) > READINESS_MAX);
  if (bad !== undefined) return { ok: false, message: `"${bad}" isn't a whole number from 1 to 7. ${READINESS_FORMAT}` };
  const values = tokens.map(Number);
  const answers = Object.fromEntries(READINESS_ITEMS.map((k, i) => [k, values[i]!])) as ReadinessAnswers;
  return { ok: true, answers };
}

export interface DatedReadiness {
  localDate: LocalDate;
  answers: ReadinessAnswers;
}

export interface ItemScore {
  value: number;
  /** Mean of the baseline answers. */
  mean: number;
  /** Sample SD (n - 1) of the baseline answers before the floor. */
  sd: number;
  z: number;
}

export type ReadinessScore =
  | { scored: false; baselineAnswers: number; needed: number }
  | {
      scored: true;
      baselineAnswers: number;
      total: ItemScore;
      items: Record<ReadinessItem, ItemScore>;
      /** total.z below the team's line. */
      low: boolean;
      /** Items at z <= -1, worst first: what drove the result. */
      drivers: ReadinessItem[];
    };

function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  // Sample SD: the baseline is a sample of the athlete's normal days.
  const variance = values.length > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, sd: Math.sqrt(variance) };
}

function score(value: number, baseline: readonly number[], floor: number): ItemScore {
  const { mean, sd } = meanSd(baseline);
  return { value, mean, sd, z: (value - mean) / Math.max(sd, floor) };
}

/**
 * Scores today's answers against the athlete's own answers of the 28 days before `today`
 * (today's own answer is never part of its baseline; one answer per day, the caller keeps
 * the latest). Fewer than 7 baseline answers: no score.
 */
export function scoreReadiness(
  today: DatedReadiness,
  history: readonly DatedReadiness[],
  threshold: number = READINESS_DEFAULT_THRESHOLD,
): ReadinessScore {
  const from = addDays(today.localDate, -READINESS_BASELINE_DAYS);
  const baseline = history.filter((h) => h.localDate >= from && h.localDate < today.localDate);
  if (baseline.length < READINESS_MIN_BASELINE_ANSWERS) {
    return { scored: false, baselineAnswers: baseline.length, needed: READINESS_MIN_BASELINE_ANSWERS };
  }
  const items = Object.fromEntries(
    READINESS_ITEMS.map((k) => [
      k,
      score(
        today.answers[k],
        baseline.map((b) => b.answers[k]),
        READINESS_ITEM_SD_FLOOR,
      ),
    ]),
  ) as Record<ReadinessItem, ItemScore>;
  const total = score(
    readinessTotal(today.answers),
    baseline.map((b) => readinessTotal(b.answers)),
    READINESS_TOTAL_SD_FLOOR,
  );
  const drivers = READINESS_ITEMS.filter((k) => items[k].z <= READINESS_DRIVER_Z).sort((a, b) => items[a].z - items[b].z);
  return { scored: true, baselineAnswers: baseline.length, total, items, low: total.z < threshold, drivers };
}

const one = (n: number) => String(Math.round(n * 10) / 10);

/**
 * Staff lines for a low result: the total, then each driving item as the answer against the
 * athlete's usual, in the scale's own words. A description, never a diagnosis or a cause.
 */
export function describeLowReadiness(s: Extract<ReadinessScore, { scored: true }>): string[] {
  const lines = [
    `Readiness total ${s.total.value}/35 against a usual ${one(s.total.mean)} (z ${one(s.total.z)}, from ${s.baselineAnswers} answers in the last ${READINESS_BASELINE_DAYS} days).`,
  ];
  const named = s.drivers.length > 0 ? s.drivers : [...READINESS_ITEMS].sort((a, b) => s.items[a].z - s.items[b].z).slice(0, 1);
  for (const k of named) {
    const q = READINESS_QUESTIONS[k];
    const i = s.items[k];
    lines.push(`${q.label}: ${i.value}/7 against a usual ${one(i.mean)} (z ${one(i.z)}; 1 = ${q.low}, 7 = ${q.high}).`);
  }
  lines.push('Lower than their own normal: worth a word before training. This describes their answers, it is not a diagnosis.');
  return lines;
}
