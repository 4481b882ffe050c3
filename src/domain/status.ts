/**
 * An athlete's weekly status: "is this athlete doing what was planned, without warning signs?"
 * Pure: the caller gathers the week's numbers; nothing here reads a clock or a database.
 *
 * Green = the week's due sessions were done (excused ones aside), pain stayed within the
 * pain-monitoring model, and load did not change faster than the plan itself intends.
 * Every other level comes with reasons, each a sentence a coach can act on.
 */
import { z } from 'zod';
import { MUSCLES, MUSCLE_LABELS, type Muscle } from './library/schema';
import { otherSessionWord, type OtherSessionType } from './otherTraining';
import { PAIN_AREA_LABELS, type PainArea } from './pain';

export const statusThresholdsSchema = z
  .object({
    /** Pain above this is too much. Silbernagel et al. 2007, Am J Sports Med 35:897 (5/10). */
    painLimit: z.number().int().min(0).max(10),
    /** Monotony alert line. Secondary-source convention (not in Foster 1998 itself). */
    monotonyAlert: z.number().positive(),
    /** Strain alert line in AU. Secondary-source convention (not in Foster 1998 itself). */
    strainAlert: z.number().positive(),
    /**
     * Rolling 7:28 ACWR at or above this (times the plan's own ratio, when the plan rises) is
     * a sharp rise. Gabbett 2016, Br J Sports Med 50:273 ('high' >= 1.5).
     */
    acwrHigh: z.number().positive(),
    /** Below this (times the plan's own ratio, when the plan drops) is a clear drop. Gabbett 2016 ('low' < 0.8). */
    acwrLow: z.number().nonnegative(),
    /** Compliance below this is red: Nordic benefit needs more than about 50 % compliance (Ripley et al. 2021). */
    complianceRed: z.number().min(0).max(1),
    /** Weekly hard sets per muscle, lower edge: seed 002 (10-20; Schoenfeld et al. 2017 only gives "10+"). */
    hardSetMin: z.number().nonnegative(),
    /** Weekly hard sets per muscle, upper edge: seed 002. */
    hardSetMax: z.number().nonnegative(),
    /**
     * Hold athletes to the hard-set band (a team choice). Off by default: the band covers ALL
     * of a muscle's weekly training (seed 002), which the bot cannot see, so it is shown as
     * context. A team that programs all its posterior-chain work here can turn it on.
     */
    holdToHardSetBand: z.boolean(),
  })
  .refine((t) => t.acwrLow < t.acwrHigh, { message: 'acwrLow must be below acwrHigh' })
  .refine((t) => t.hardSetMin <= t.hardSetMax, { message: 'hardSetMin must not exceed hardSetMax' });
export type StatusThresholds = z.infer<typeof statusThresholdsSchema>;

/** Team-setting defaults; see `statusThresholdsSchema` for where each number comes from. */
export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = {
  painLimit: 5, // Silbernagel et al. 2007
  monotonyAlert: 2.0, // secondary-source convention (reference: Foster 1998 section)
  strainAlert: 6000, // secondary-source convention, AU
  acwrHigh: 1.5, // Gabbett 2016 zone edge
  acwrLow: 0.8, // Gabbett 2016 zone edge
  complianceRed: 0.5, // Nordic benefit needs > ~50 % compliance, Ripley et al. 2021
  hardSetMin: 10, // seed 002
  hardSetMax: 20, // seed 002
  holdToHardSetBand: false,
};

export interface WeeklyPainMax {
  score: number;
  area: PainArea;
  /** Local date 'YYYY-MM-DD'. */
  localDate: string;
  /** Weekday label for the reason text, e.g. 'Tue'. */
  weekday: string;
}

/** One session of the week with pain > 0. */
export interface StatusPainReport {
  /** Weekday of the session, e.g. 'Tue'. */
  weekday: string;
  score: number;
  area: PainArea | null;
  /** The next-morning answer; 'pending' = asked and not answered (unknown); null = not asked. */
  followup: 'settled' | 'not_settled' | 'pending' | null;
  /** Reported with other training, not a check-in: nothing is asked the next morning and nothing is regressed. */
  during?: OtherSessionType;
}

export interface AthleteWeekInput {
  /** Sessions with pain > 0, in date order. */
  pain: readonly StatusPainReport[];
  /** Sessions due (assigned, not excused, not still to come). */
  due: number;
  completed: number;
  /** Weekdays of due sessions not done (missed or not logged), e.g. ['Wed']. */
  notDone: readonly string[];
  /** Sessions assigned this week (0: nothing planned). */
  assigned: number;
  /** The week is not over yet: monotony, strain and ACWR are not judged. */
  inProgress: boolean;
  /** The week holds a planned deload (Rogerson et al. 2024): a drop in load is expected. */
  plannedDeload: boolean;
  monotony: number | null;
  strain: number | null;
  /** Whether each alert can fire at all for this athlete's schedule (`alertsPossible`). */
  possible: { monotony: boolean; strain: boolean };
  /** Rolling 7:28 coupled ACWR of the logged load, null without 28 days of history. */
  acwr: number | null;
  /** The same ratio computed on the plan's session minutes: the change the plan intends. */
  plannedAcwr: number | null;
  /**
   * The athlete also logged other training this week (issue 13): `acwr` is then the ratio of
   * the assigned sessions only, and the reason says so (the plan is compared with what it assigned).
   */
  otherTraining?: boolean;
  /** Hard sets done (as prescribed, in completed sessions). */
  hardSets: Record<Muscle, number>;
  /** Hard sets prescribed in the week's due sessions. */
  prescribedHardSets: Record<Muscle, number>;
}

export type StatusLevel = 'green' | 'amber' | 'red';

export interface StatusReason {
  level: StatusLevel;
  /** A sentence a coach can act on. */
  text: string;
}

export interface AthleteStatus {
  level: StatusLevel;
  /** Red first, then amber; one green line when there is nothing to act on. */
  reasons: StatusReason[];
  /** Checks that could fire for this athlete this week (for the method line). */
  checks: StatusCheck[];
}

export const STATUS_CHECKS = ['sessions', 'pain', 'load change', 'monotony', 'strain', 'hard-set band'] as const;
export type StatusCheck = (typeof STATUS_CHECKS)[number];

/** 2.3 -> '2.3', 2 -> '2.0', 2.046 -> '2.05': at least 1, at most 2 decimals. */
function fmtRatio1(value: number): string {
  const fixed = value.toFixed(2);
  return fixed.endsWith('0') ? value.toFixed(1) : fixed;
}

/** 6 -> '6', 6.5 -> '6.5' (hard sets may carry 0.5 synergist credits). */
function fmtCount(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * The highest monotony a week can reach with load on `days` days: equal loads on those days
 * and 0 on the others give mean / SD = sqrt(days / (7 - days)) (Foster 1998, population SD);
 * unequal loads only lower it. 5 days: 1.58; 6 days: 2.45. So with the usual alert line 2.0
 * monotony can only fire for an athlete training six or seven days a week.
 */
export function maxMonotony(days: number): number {
  if (!Number.isInteger(days) || days < 0 || days > 7) throw new RangeError(`days must be an integer 0-7, got ${String(days)}`);
  if (days === 7) return Number.POSITIVE_INFINITY;
  return Math.sqrt(days / (7 - days));
}

/**
 * Whether monotony and strain can pass their lines for a week planned on `days` distinct days
 * with `plannedMinutes` in total: strain is at most (RPE 10 x the planned minutes) x maxMonotony.
 */
export function alertsPossible(
  days: number,
  plannedMinutes: number,
  t: Pick<StatusThresholds, 'monotonyAlert' | 'strainAlert'>,
): { monotony: boolean; strain: boolean } {
  const m = maxMonotony(days);
  return { monotony: m > t.monotonyAlert, strain: 10 * plannedMinutes * m > t.strainAlert };
}

const area = (a: PainArea | null) => (a ? ` ${PAIN_AREA_LABELS[a].toLowerCase()}` : '');

/** Weekday list: ['Tue'] -> "Tue's session", ['Tue', 'Thu'] -> 'the Tue and Thu sessions'. */
function sessionsOn(days: readonly string[]): string {
  if (days.length === 1) return `${days[0]}'s session`;
  return `the ${days.slice(0, -1).join(', ')} and ${days.at(-1)} sessions`;
}

/**
 * Weekly status of one athlete (see the header for what green means).
 *
 * red   — pain that had not settled by the next morning; pain above the limit after two or
 *         more sessions; compliance below `complianceRed` (Ripley et al. 2021).
 * amber — pain above the limit once (the next session is regressed either way); a next-morning
 *         question left unanswered (unknown: staff should ask); any due session not done;
 *         load changed faster than the plan intends (rolling ACWR outside acwrLow-acwrHigh
 *         scaled by the plan's own ratio; a planned deload is never a drop); monotony or
 *         strain above their lines, checked only where the schedule lets them fire; hard sets
 *         outside the band only when the team chose to be held to it.
 * ACWR is worded as a change in load, never as risk (Impellizzeri et al. 2020).
 */
export function athleteWeeklyStatus(input: AthleteWeekInput, thresholds: Partial<StatusThresholds> = {}): AthleteStatus {
  const t: StatusThresholds = { ...DEFAULT_STATUS_THRESHOLDS, ...thresholds };
  const red: string[] = [];
  const amber: string[] = [];
  const checks: StatusCheck[] = [];

  // Pain (Silbernagel et al. 2007): too much, or not settled by the next morning, regresses the next session.
  if (input.completed > 0 || input.pain.length > 0) checks.push('pain');
  const notSettled = input.pain.filter((p) => p.followup === 'not_settled');
  const over = input.pain.filter((p) => p.score > t.painLimit);
  const unknown = input.pain.filter((p) => p.followup === 'pending' && p.score <= t.painLimit);
  for (const p of notSettled) {
    red.push(
      `Pain ${p.score}/10${area(p.area)} after ${p.weekday}'s session had not settled the next morning: the model regresses the next session; check on them before it.`,
    );
  }
  const overOnly = over.filter((p) => p.followup !== 'not_settled');
  // Only a check-in's pain regresses the next session; other training's is shown, not acted on.
  const after = (p: StatusPainReport) => (p.during ? `${p.weekday}'s ${otherSessionWord(p.during)}` : `${p.weekday}'s session`);
  if (over.length >= 2 && overOnly.length > 0) {
    const listed = over.map((p) => `${p.weekday} ${p.score}${area(p.area)}${p.during ? ` (${otherSessionWord(p.during)})` : ''}`);
    red.push(
      over.some((p) => p.during)
        ? `Pain above ${t.painLimit}/10 ${over.length === 2 ? 'twice' : `${over.length} times`} (${listed.join(', ')}): the model regresses the next session after a check-in above it; talk to them and consider an early deload.`
        : `Pain above ${t.painLimit}/10 after ${over.length} sessions (${listed.join(', ')}): the model regresses each next session; talk to them and consider an early deload.`,
    );
  } else if (overOnly.length === 1) {
    const p = overOnly[0]!;
    if (p.during) {
      amber.push(
        `Pain ${p.score}/10${area(p.area)} after ${after(p)}, above the limit of ${t.painLimit} (other training: not asked the next morning, nothing regressed): check how they are.`,
      );
    } else {
      const morning =
        p.followup === 'settled'
          ? 'it settled by the morning'
          : p.followup === 'pending'
            ? 'no answer yet on whether it settled'
            : 'not asked whether it settled';
      amber.push(
        `Pain ${p.score}/10${area(p.area)} after ${after(p)}, above the limit of ${t.painLimit} (${morning}): the model regresses the next session; check how they are.`,
      );
    }
  }
  for (const p of unknown) {
    amber.push(`No answer to the morning question about ${p.weekday}'s pain (${p.score}/10${area(p.area)}): ask them whether it settled.`);
  }

  // Sessions done (red line: Ripley et al. 2021; green means every due session was done).
  let sessionsReason = false;
  if (input.due > 0) {
    checks.push('sessions');
    const compliance = input.completed / input.due;
    if (compliance < t.complianceRed) {
      red.push(
        `Did ${input.completed} of ${input.due} sessions (not done: ${input.notDone.join(', ')}): talk to them about the plan, or excuse what was agreed.`,
      );
      sessionsReason = true;
    } else if (input.notDone.length > 0) {
      amber.push(
        `Did not do ${sessionsOn(input.notDone)} (${input.completed} of ${input.due} done): ask why, or excuse it if it was agreed.`,
      );
      sessionsReason = true;
    }
  }

  if (!input.inProgress) {
    // Load change against the plan's own change (rolling 7:28 coupled; Gabbett 2016 edges).
    if (input.acwr !== null) {
      checks.push('load change');
      const plan = input.plannedAcwr;
      const high = t.acwrHigh * Math.max(1, plan ?? 1);
      const low = t.acwrLow * Math.min(1, plan ?? 1);
      const intended = plan !== null ? ` where the plan intended ${fmtRatio1(plan)}x` : '';
      const what = input.otherTraining ? 'Assigned load' : 'Load';
      if (input.acwr >= high) {
        amber.push(
          `${what} rose to ${fmtRatio1(input.acwr)}x their 4-week average${intended}: ask what was added (extra training, longer or harder sessions).`,
        );
      } else if (input.acwr < low && !input.plannedDeload && !sessionsReason) {
        amber.push(
          `${what} fell to ${fmtRatio1(input.acwr)}x their 4-week average${intended}: check whether sessions were cut short or felt much easier.`,
        );
      }
    }
    // Monotony and strain (Foster 1998; the lines are secondary-source conventions), only where they can fire.
    if (input.possible.monotony || (input.monotony !== null && input.monotony > t.monotonyAlert)) {
      checks.push('monotony');
      if (input.monotony !== null && input.monotony > t.monotonyAlert) {
        amber.push(
          `Monotony ${fmtRatio1(input.monotony)} (above ${fmtRatio1(t.monotonyAlert)}): similar load every day; plan easier days between hard ones.`,
        );
      }
    }
    if (input.possible.strain || (input.strain !== null && input.strain > t.strainAlert)) {
      checks.push('strain');
      if (input.strain !== null && input.strain > t.strainAlert) {
        amber.push(`Strain ${Math.round(input.strain)} AU (above ${t.strainAlert}): a heavy, monotonous week; lighten the next one.`);
      }
    }
    // The hard-set band only where the team chose to be held to it (seed 002's band is for all training).
    if (t.holdToHardSetBand && input.completed > 0) {
      checks.push('hard-set band');
      const band = `${fmtCount(t.hardSetMin)}-${fmtCount(t.hardSetMax)}`;
      for (const m of MUSCLES) {
        const sets = input.hardSets[m];
        const name = MUSCLE_LABELS[m];
        if (sets < t.hardSetMin)
          amber.push(`${name} ${fmtCount(sets)} hard sets, below the team's ${band} band: add sets for them in the plan.`);
        else if (sets > t.hardSetMax)
          amber.push(`${name} ${fmtCount(sets)} hard sets, above the team's ${band} band: trim sets in the plan.`);
      }
    }
  }

  const reasons: StatusReason[] = [
    ...red.map((text) => ({ level: 'red' as const, text })),
    ...amber.map((text) => ({ level: 'amber' as const, text })),
  ];
  if (red.length > 0) return { level: 'red', reasons, checks };
  if (amber.length > 0) return { level: 'amber', reasons, checks };
  let text: string;
  if (input.assigned === 0) text = 'Nothing assigned this week.';
  else if (input.inProgress) text = `Week in progress: ${input.completed} of ${input.assigned} sessions done so far, no warning signs.`;
  else if (input.due === 0) text = 'Every session this week was excused.';
  else text = `On plan${input.plannedDeload ? ' (deload week)' : ''}: ${input.completed} of ${input.due} sessions done, no warning signs.`;
  return { level: 'green', reasons: [{ level: 'green', text }], checks };
}
