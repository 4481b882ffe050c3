/**
 * Training load: session-RPE load, monotony and strain, and the acute:chronic
 * workload ratio (rolling and EWMA).
 *
 * Pure functions only: no clock, no database, no Discord. Dates are local
 * calendar dates as 'YYYY-MM-DD' strings; the caller converts instants to the
 * team's local date before calling in here.
 */
import { dayNumberToLocalDate, localDateToDayNumber } from './time';

// ---------------------------------------------------------------------------
// Session-RPE load
// ---------------------------------------------------------------------------

export const RPE_MIN = 0;
export const RPE_MAX = 10;
export const SESSION_MINUTES_MIN = 1;
export const SESSION_MINUTES_MAX = 600;

function assertIntegerInRange(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

function assertLoad(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite load >= 0, got ${String(value)}`);
  }
}

/**
 * Session load in arbitrary units (AU) = CR-10 rating x session minutes.
 * Source: Foster et al. 2001, J Strength Cond Res 15:109 (session-RPE method).
 * @throws RangeError unless rpe is an integer 0-10 and minutes an integer 1-600.
 */
export function sessionLoad(rpe: number, minutes: number): number {
  assertIntegerInRange('rpe', rpe, RPE_MIN, RPE_MAX);
  assertIntegerInRange('minutes', minutes, SESSION_MINUTES_MIN, SESSION_MINUTES_MAX);
  return rpe * minutes;
}

/**
 * Foster's CR-10 verbal anchors (Foster et al. 2001, J Strength Cond Res 15:109).
 * 6, 8 and 9 carry no label on the scale.
 */
export const CR10_ANCHORS = {
  0: 'Rest',
  1: 'Very, very easy',
  2: 'Easy',
  3: 'Moderate',
  4: 'Somewhat hard',
  5: 'Hard',
  7: 'Very hard',
  10: 'Maximal',
} as const satisfies Partial<Record<number, string>>;

/** Words for the values Foster's scale leaves unlabeled (our wording, between the neighbouring anchors). */
const CR10_UNLABELED: Partial<Record<number, string>> = {
  6: 'between Hard and Very hard',
  8: 'between Very hard and Maximal',
  9: 'between Very hard and Maximal',
};

/**
 * Label for a CR-10 rating: Foster's anchor word, or for 6, 8 and 9 a description
 * between the neighbouring anchors (e.g. 6 -> 'between Hard and Very hard').
 * @throws RangeError unless rpe is an integer 0-10.
 */
export function cr10Label(rpe: number): string {
  assertIntegerInRange('rpe', rpe, RPE_MIN, RPE_MAX);
  const anchors: Partial<Record<number, string>> = CR10_ANCHORS;
  const label = anchors[rpe] ?? CR10_UNLABELED[rpe];
  if (label === undefined) throw new RangeError(`no CR-10 label for ${rpe}`); // unreachable for 0-10
  return label;
}

// ---------------------------------------------------------------------------
// Monotony and strain
// ---------------------------------------------------------------------------

export interface MonotonyAndStrain {
  /** Sum of the 7 daily loads (AU). */
  weeklyLoad: number;
  /** Mean daily load (AU). */
  mean: number;
  /** Population standard deviation of the daily loads (divides by n = 7). */
  sd: number;
  /** mean / sd; null when sd = 0 (monotony is not defined then). */
  monotony: number | null;
  /** weeklyLoad x monotony; null when monotony is not defined. */
  strain: number | null;
}

/**
 * Monotony and strain over one week.
 * Source: Foster 1998, Med Sci Sports Exerc 30:1164: monotony = mean daily load /
 * SD of daily load over 7 days (rest days count as 0); strain = weekly load x monotony.
 *
 * SD choice (ours): the POPULATION standard deviation (divide by n = 7), the whole week
 * being the population; Foster 1998 does not say which SD it used. A sample SD (n - 1)
 * would give a monotony about 7.4 % lower (sqrt(6/7)).
 *
 * When every day has the same load the SD is 0 and the ratio is undefined: monotony
 * and strain are then `null`, never Infinity or NaN.
 *
 * @param dailyLoads exactly 7 daily loads, rest days as 0.
 */
export function monotonyAndStrain(dailyLoads: readonly number[]): MonotonyAndStrain {
  if (dailyLoads.length !== 7) {
    throw new RangeError(`monotonyAndStrain needs exactly 7 daily loads, got ${dailyLoads.length}`);
  }
  dailyLoads.forEach((load, i) => assertLoad(`dailyLoads[${i}]`, load));
  const n = dailyLoads.length;
  const weeklyLoad = dailyLoads.reduce((sum, load) => sum + load, 0);
  const mean = weeklyLoad / n;
  const variance = dailyLoads.reduce((sum, load) => sum + (load - mean) ** 2, 0) / n; // population: / n
  const sd = Math.sqrt(variance);
  // Treat floating-point dust (e.g. seven loads of 0.1) as a zero SD too.
  const sdIsZero = sd <= 1e-9 * Math.max(1, mean);
  const monotony = sdIsZero ? null : mean / sd;
  const strain = monotony === null ? null : weeklyLoad * monotony;
  return { weeklyLoad, mean, sd: sdIsZero ? 0 : sd, monotony, strain };
}

// ---------------------------------------------------------------------------
// Acute:chronic workload ratio
// ---------------------------------------------------------------------------

/** Days of history both ACWR methods need before they give a ratio. */
export const ACWR_HISTORY_DAYS = 28;

export type RollingAcwrMode = 'coupled' | 'uncoupled';

export interface RollingAcwr {
  mode: RollingAcwrMode;
  /** Load of the last 7 days (AU). */
  acute: number;
  /** Weekly-average load of the chronic window (AU per week). */
  chronic: number;
  /** acute / chronic; null when chronic is 0 or there is not enough history. */
  ratio: number | null;
  /** False when the series holds fewer than 28 days. */
  enoughHistory: boolean;
}

function sumOf(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0);
}

/**
 * Rolling-average ACWR over a dense daily series (last element = today, rest days 0).
 *   acute   = load of the last 7 days
 *   coupled   chronic = load of the last 28 days / 4   (the acute week is inside it)
 *   uncoupled chronic = load of the 21 days before the acute week / 3
 * (reference: "Rolling ACWR"; zones from Gabbett 2016, Br J Sports Med 50:273.)
 *
 * With fewer than 28 days, acute and chronic are still computed from the days that
 * exist (missing earlier days count as 0) but `ratio` is null and `enoughHistory` false.
 * Only the last 28 days of a longer series are used.
 *
 * The weekly digest words its sentence and status from the COUPLED rolling ratio read at
 * the end of the ISO week: read on a Sunday after weekend rest, the EWMA of a perfectly
 * steady Mon/Wed/Fri week dips below 0.8 (see src/domain/digest.ts). Callers pick the mode.
 */
export function rollingAcwr(daily: readonly number[], options: { mode: RollingAcwrMode }): RollingAcwr {
  daily.forEach((load, i) => assertLoad(`daily[${i}]`, load));
  const { mode } = options;
  const acuteDays = daily.slice(-7);
  const acute = sumOf(acuteDays);
  let chronic: number;
  if (mode === 'coupled') {
    chronic = sumOf(daily.slice(-28)) / 4;
  } else {
    // The 21 days before the acute week: indices [len-28, len-7).
    const end = Math.max(0, daily.length - 7);
    const start = Math.max(0, daily.length - 28);
    chronic = sumOf(daily.slice(start, end)) / 3;
  }
  const enoughHistory = daily.length >= ACWR_HISTORY_DAYS;
  const ratio = enoughHistory && chronic > 0 ? acute / chronic : null;
  return { mode, acute, chronic, ratio, enoughHistory };
}

/**
 * Exponentially weighted moving average of a daily load series.
 * Source: Williams et al. 2017, Br J Sports Med 51:209:
 *   EWMA_today = lambda x load_today + (1 - lambda) x EWMA_yesterday, lambda = 2 / (N + 1).
 *
 * Seeding: Williams et al. 2017 give the recurrence but no start value. Ours: EWMA on the
 * first day = that day's load (the series is seeded with its first value), and callers run
 * the series from the athlete's FIRST logged day (`ewmaAcwrOverHistory`), never from the
 * start of a reporting window: a window seeded at its own start gives a different value
 * (reference: 0.346 instead of 0.362 after sixteen steady weeks and a deload week). The
 * seed's weight fades by (1 - lambda) per day ((1 - 2/29)^28 ≈ 0.13 for the chronic average
 * after 28 days), one reason `ewmaAcwr` reports no ratio before 28 days of history.
 *
 * @returns one EWMA value per day, same length as `daily` ([] for an empty series).
 */
export function ewmaSeries(daily: readonly number[], n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`EWMA span n must be an integer >= 1, got ${String(n)}`);
  daily.forEach((load, i) => assertLoad(`daily[${i}]`, load));
  const lambda = 2 / (n + 1);
  const out: number[] = [];
  let previous: number | undefined;
  for (const load of daily) {
    const current = previous === undefined ? load : lambda * load + (1 - lambda) * previous;
    out.push(current);
    previous = current;
  }
  return out;
}

/** Acute EWMA span (Williams et al. 2017): N = 7, lambda = 0.25. */
export const EWMA_ACUTE_N = 7;
/** Chronic EWMA span (Williams et al. 2017): N = 28, lambda = 2/29 ≈ 0.069. */
export const EWMA_CHRONIC_N = 28;

export interface EwmaAcwr {
  /** Today's acute EWMA (AU per day). */
  acute: number;
  /** Today's chronic EWMA (AU per day). */
  chronic: number;
  /** acute / chronic; null when chronic is 0 or there are fewer than 28 days. */
  ratio: number | null;
  enoughHistory: boolean;
}

/**
 * EWMA acute:chronic workload ratio (Williams et al. 2017, Br J Sports Med 51:209):
 * acute N = 7, chronic N = 28, ratio = acute EWMA / chronic EWMA, both taken today
 * (the last element of `daily`). The digest shows it beside the rolling ratio — as a
 * description of how fast load changed, never as injury risk (see `ACWR_CAVEAT`).
 */
export function ewmaAcwr(daily: readonly number[]): EwmaAcwr {
  const acute = ewmaSeries(daily, EWMA_ACUTE_N).at(-1) ?? 0;
  const chronic = ewmaSeries(daily, EWMA_CHRONIC_N).at(-1) ?? 0;
  const enoughHistory = daily.length >= ACWR_HISTORY_DAYS;
  const ratio = enoughHistory && chronic > 0 ? acute / chronic : null;
  return { acute, chronic, ratio, enoughHistory };
}

/**
 * EWMA ACWR on `toDate` over an athlete's whole history: the daily series runs from
 * `firstDate` (their first logged session) to `toDate`, rest days 0, seeded with the first
 * day (see `ewmaSeries`). Whatever week is reported, the value on a given day is the same.
 * Cost: O(days of history); the digest keeps an `EwmaState` per athlete instead (`ewmaAcwrFromState`).
 */
export function ewmaAcwrOverHistory(entries: readonly DatedLoad[], firstDate: string, toDate: string): EwmaAcwr {
  return ewmaAcwr(dailyLoadSeries(entries, firstDate, toDate));
}

/**
 * The EWMA recurrence's state at the end of one day, `through`, of the daily series that starts on
 * `start` (the athlete's first logged day). Continuing the recurrence from it over the days after
 * `through` gives, to the last bit, what `ewmaAcwrOverHistory` computes over the whole series (the
 * same arithmetic on the same values, in the same order), so the digest keeps it per athlete
 * instead of re-reading years of history (issue 14).
 */
export interface EwmaState {
  start: string;
  through: string;
  acute: number;
  chronic: number;
}

/** One day of the recurrence (Williams et al. 2017), written exactly as in `ewmaSeries`. */
function ewmaStep(previous: number | undefined, load: number, n: number): number {
  const lambda = 2 / (n + 1);
  return previous === undefined ? load : lambda * load + (1 - lambda) * previous;
}

/**
 * The state on `toDate`: continued from `from` (whose `through` is before `toDate` and whose
 * `start` is `start`) or, without it, run from `start`. `entries` must hold every load from the
 * day after `from.through` (or from `start`) to `toDate`; loads outside that range are ignored.
 */
export function advanceEwmaState(entries: readonly DatedLoad[], start: string, toDate: string, from?: EwmaState): EwmaState {
  if (from && from.start !== start) throw new RangeError(`the EWMA state starts on ${from.start}, not ${start}`);
  const first = from ? localDateToDayNumber(from.through) + 1 : localDateToDayNumber(start);
  const last = localDateToDayNumber(toDate);
  if (from && last < first - 1) throw new RangeError(`the EWMA state is through ${from.through}, after ${toDate}`);
  let acute: number | undefined = from?.acute;
  let chronic: number | undefined = from?.chronic;
  if (last >= first) {
    const daily = dailyLoadSeries(entries, dayNumberToLocalDate(first), toDate);
    for (const load of daily) {
      acute = ewmaStep(acute, load, EWMA_ACUTE_N);
      chronic = ewmaStep(chronic, load, EWMA_CHRONIC_N);
    }
  }
  if (acute === undefined || chronic === undefined) throw new RangeError(`no day of history from ${start} to ${toDate}`);
  return { start, through: toDate, acute, chronic };
}

/**
 * The EWMA ACWR on `toDate` from a state on an earlier day and the loads after it: the same
 * figures as `ewmaAcwrOverHistory(entries of the whole history, state.start, toDate)`.
 */
export function ewmaAcwrFromState(state: EwmaState, entries: readonly DatedLoad[], toDate: string): EwmaAcwr {
  const now = advanceEwmaState(entries, state.start, toDate, state);
  const enoughHistory = localDateToDayNumber(toDate) - localDateToDayNumber(state.start) + 1 >= ACWR_HISTORY_DAYS;
  return {
    acute: now.acute,
    chronic: now.chronic,
    ratio: enoughHistory && now.chronic > 0 ? now.acute / now.chronic : null,
    enoughHistory,
  };
}

export type AcwrZone = 'low' | 'moderate' | 'rising' | 'high';

/**
 * Zone edges from Gabbett 2016, Br J Sports Med 50:273: < 0.8 low, 0.8-1.3 the
 * "sweet spot" (called 'moderate' here), >= 1.5 high. Gabbett leaves 1.3-1.5 between
 * the two; we call it 'rising'. 0.8 and 1.3 themselves are inside 'moderate'.
 */
export const ACWR_ZONE_EDGES = { low: 0.8, moderateMax: 1.3, high: 1.5 } as const;

export const ACWR_ZONE_LABELS: Record<AcwrZone, string> = {
  low: 'below 0.8',
  moderate: 'within 0.8-1.3',
  rising: 'between 1.3 and 1.5',
  high: '1.5 or above',
};

/** Gabbett 2016 zone of a ratio (see `ACWR_ZONE_EDGES`). */
export function acwrZone(ratio: number): AcwrZone {
  if (!Number.isFinite(ratio) || ratio < 0) throw new RangeError(`ACWR must be a finite number >= 0, got ${String(ratio)}`);
  if (ratio < ACWR_ZONE_EDGES.low) return 'low';
  if (ratio <= ACWR_ZONE_EDGES.moderateMax) return 'moderate';
  if (ratio < ACWR_ZONE_EDGES.high) return 'rising';
  return 'high';
}

/** A ratio as '1.6' / '1.26' / '1' (at most 2 decimals, no trailing zeros). */
function formatRatio(ratio: number): string {
  return String(Math.round(ratio * 100) / 100);
}

/**
 * A coach-facing sentence on how fast load changed. Describes load change only:
 * never injury risk or a prediction (Impellizzeri et al. 2020; see `ACWR_CAVEAT`).
 * e.g. 1.6 -> 'load this week is 1.6x the 4-week average: a sharp rise'.
 */
export function describeAcwr(ratio: number | null): string {
  if (ratio === null) {
    return 'no load comparison yet: it needs 28 days of logged load';
  }
  const zone = acwrZone(ratio);
  let change: string;
  switch (zone) {
    case 'low':
      change = 'a clear drop';
      break;
    case 'moderate':
      change = ratio < 0.95 ? 'slightly lower' : ratio <= 1.05 ? 'about the same' : 'a gradual rise';
      break;
    case 'rising':
      change = 'a quick rise';
      break;
    case 'high':
      change = 'a sharp rise';
      break;
  }
  return `load this week is ${formatRatio(ratio)}x the 4-week average: ${change}`;
}

/** Shown wherever an ACWR is shown (Impellizzeri et al. 2020, Sports Med). */
export const ACWR_CAVEAT =
  'ACWR only describes how fast load changed. It is not an injury risk: in the reanalysis by ' +
  'Impellizzeri et al. (2020, Sports Med) it did not predict injury better than chance.';

export interface DatedLoad {
  /** Local calendar date of the session, 'YYYY-MM-DD'. */
  localDate: string;
  load: number;
}

/**
 * Dense daily load series from `fromDate` to `toDate` (both inclusive): loads on the
 * same local date are summed, days without a session are 0. Index 0 is `fromDate`,
 * the last index is `toDate`. Entries outside the range are ignored.
 * Works on date strings only, so a DST change never shifts or drops a day.
 */
export function dailyLoadSeries(entries: readonly DatedLoad[], fromDate: string, toDate: string): number[] {
  const start = localDateToDayNumber(fromDate);
  const end = localDateToDayNumber(toDate);
  if (end < start) throw new RangeError(`toDate '${toDate}' is before fromDate '${fromDate}'`);
  const series = new Array<number>(end - start + 1).fill(0);
  for (const entry of entries) {
    assertLoad(`load on ${entry.localDate}`, entry.load);
    const index = localDateToDayNumber(entry.localDate) - start;
    if (index < 0 || index >= series.length) continue;
    series[index] = (series[index] ?? 0) + entry.load;
  }
  return series;
}
