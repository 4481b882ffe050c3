/**
 * An athlete's weekly status (green / amber / red) with every reason spelled out.
 * Pure: the caller gathers the week's numbers; nothing here reads a clock or a database.
 */
import { z } from 'zod';
import { MUSCLES, MUSCLE_LABELS, type Muscle } from './library/schema';
import { describeAcwr } from './load';
import { PAIN_AREA_LABELS, type PainArea } from './pain';

export const statusThresholdsSchema = z
  .object({
    /** Pain above this is a flag. Silbernagel et al. 2007, Am J Sports Med 35:897 (5/10). */
    painLimit: z.number().int().min(0).max(10),
    /** Monotony alert line. Secondary-source convention (not in Foster 1998 itself). */
    monotonyAlert: z.number().positive(),
    /** Strain alert line in AU. Secondary-source convention (not in Foster 1998 itself). */
    strainAlert: z.number().positive(),
    /** ACWR at or above this counts as a sharp rise. Gabbett 2016, Br J Sports Med 50:273 ('high' >= 1.5). */
    acwrHigh: z.number().positive(),
    /** ACWR below this counts as a clear drop. Gabbett 2016 ('low' < 0.8). */
    acwrLow: z.number().nonnegative(),
    /**
     * Compliance below this is amber. Our convention, not a finding: the reference notes
     * coach-led teams reach about 84 %, so 80 % marks a team falling behind that.
     */
    complianceAmber: z.number().min(0).max(1),
    /** Compliance below this is red: Nordic benefit needs more than about 50 % compliance (Ripley et al. 2021). */
    complianceRed: z.number().min(0).max(1),
    /** Weekly hard sets per muscle, lower edge. Schoenfeld et al. 2017, J Sports Sci 35:1073; the seeds (10-20). */
    hardSetMin: z.number().nonnegative(),
    /** Weekly hard sets per muscle, upper edge (same sources). */
    hardSetMax: z.number().nonnegative(),
  })
  .refine((t) => t.acwrLow < t.acwrHigh, { message: 'acwrLow must be below acwrHigh' })
  .refine((t) => t.complianceRed <= t.complianceAmber, { message: 'complianceRed must not exceed complianceAmber' })
  .refine((t) => t.hardSetMin <= t.hardSetMax, { message: 'hardSetMin must not exceed hardSetMax' });
export type StatusThresholds = z.infer<typeof statusThresholdsSchema>;

/** Team-setting defaults; see `statusThresholdsSchema` for where each number comes from. */
export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = {
  painLimit: 5, // Silbernagel et al. 2007
  monotonyAlert: 2.0, // secondary-source convention (reference: Foster 1998 section)
  strainAlert: 6000, // secondary-source convention, AU
  acwrHigh: 1.5, // Gabbett 2016 zone edge
  acwrLow: 0.8, // Gabbett 2016 zone edge
  complianceAmber: 0.8, // our convention (coach-led teams reach ~84 %)
  complianceRed: 0.5, // Nordic benefit needs > ~50 % compliance, Ripley et al. 2021
  hardSetMin: 10, // Schoenfeld et al. 2017; the seeds
  hardSetMax: 20, // Schoenfeld et al. 2017; the seeds
};

export interface WeeklyPainMax {
  score: number;
  area: PainArea;
  /** Local date 'YYYY-MM-DD'. */
  localDate: string;
  /** Weekday label for the reason text, e.g. 'Tue'. */
  weekday: string;
}

export interface AthleteWeekInput {
  /** Highest pain reported this week, or null if none was reported. */
  painMax: WeeklyPainMax | null;
  /** Some pain this week had not settled by the next morning. */
  unsettledPain: boolean;
  /** Sessions this week with pain above the limit. */
  painFlags: number;
  /** Logged / expected sessions (0-1), excused sessions not counted; null when none were expected. */
  compliance: number | null;
  monotony: number | null;
  strain: number | null;
  /** EWMA ACWR (`ewmaAcwr(...).ratio`), null without enough history. */
  acwr: number | null;
  /** Weekly hard sets per muscle. */
  hardSets: Record<Muscle, number>;
  /** Sessions logged this week. */
  logged: number;
  /** Sessions assigned this week. */
  assigned: number;
}

export type StatusLevel = 'green' | 'amber' | 'red';

export interface AthleteStatus {
  level: StatusLevel;
  /** Readable reasons, each prefixed with its level; red reasons first. */
  reasons: string[];
}

/** 2.3 -> '2.3', 2 -> '2.0', 2.046 -> '2.05': at least 1, at most 2 decimals. */
function fmt1(value: number): string {
  const fixed = value.toFixed(2);
  return fixed.endsWith('0') ? value.toFixed(1) : fixed;
}

/** 6 -> '6', 6.5 -> '6.5' (hard sets may carry 0.5 synergist credits). */
function fmtCount(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

/**
 * Weekly status of one athlete.
 *
 * red   — pain above the limit that had not settled by the next morning;
 *         pain above the limit in two or more sessions (the regression trigger);
 *         compliance below `complianceRed`.
 * amber — pain above the limit once and settled; pain at or below the limit that did not settle;
 *         monotony above `monotonyAlert`; strain above `strainAlert`;
 *         EWMA ACWR at or above `acwrHigh` or below `acwrLow` (worded as a change in load,
 *         never as risk — Impellizzeri et al. 2020); hard sets for a muscle outside
 *         `hardSetMin`-`hardSetMax` (only checked in a week with logged sessions: an empty
 *         week is a compliance matter); compliance below `complianceAmber`.
 * green — none of the above: 'green: on plan' ('green: no sessions assigned' in an empty week).
 */
export function athleteWeeklyStatus(
  input: AthleteWeekInput,
  thresholds: Partial<StatusThresholds> = {},
): AthleteStatus {
  const t: StatusThresholds = { ...DEFAULT_STATUS_THRESHOLDS, ...thresholds };
  const red: string[] = [];
  const amber: string[] = [];

  // Pain (Silbernagel et al. 2007).
  const { painMax } = input;
  if (painMax !== null) {
    const where = `pain ${painMax.score} ${PAIN_AREA_LABELS[painMax.area].toLowerCase()} on ${painMax.weekday}`;
    if (painMax.score > t.painLimit) {
      if (input.unsettledPain) {
        red.push(`red: ${where}, not settled`);
      } else if (input.painFlags >= 2) {
        red.push(`red: ${where}; pain above ${t.painLimit} in ${input.painFlags} sessions`);
      } else {
        amber.push(`amber: ${where} (above ${t.painLimit}), settled`);
      }
    } else if (input.unsettledPain) {
      amber.push(`amber: ${where}, not settled by the next morning`);
    }
  } else if (input.unsettledPain) {
    amber.push('amber: pain not settled by the next morning');
  }

  // Compliance (red line: Ripley et al. 2021; amber line: our convention).
  if (input.compliance !== null) {
    if (input.compliance < t.complianceRed) {
      red.push(`red: compliance ${percent(input.compliance)} (below ${percent(t.complianceRed)})`);
    } else if (input.compliance < t.complianceAmber) {
      amber.push(`amber: compliance ${percent(input.compliance)} (below ${percent(t.complianceAmber)})`);
    }
  }

  // Monotony and strain (Foster 1998; alert lines are secondary-source conventions).
  if (input.monotony !== null && input.monotony > t.monotonyAlert) {
    amber.push(`amber: monotony ${fmt1(input.monotony)} (> ${fmt1(t.monotonyAlert)})`);
  }
  if (input.strain !== null && input.strain > t.strainAlert) {
    amber.push(`amber: strain ${Math.round(input.strain)} AU (> ${t.strainAlert})`);
  }

  // ACWR as a description of load change only (Gabbett 2016 edges; Impellizzeri et al. 2020 caveat).
  if (input.acwr !== null && (input.acwr >= t.acwrHigh || input.acwr < t.acwrLow)) {
    amber.push(`amber: ${describeAcwr(input.acwr)} (outside ${fmt1(t.acwrLow)}-${fmt1(t.acwrHigh)})`);
  }

  // Weekly hard sets per muscle (Schoenfeld et al. 2017; the seeds).
  if (input.logged > 0) {
    for (const muscle of MUSCLES) {
      const sets = input.hardSets[muscle];
      const name = MUSCLE_LABELS[muscle].toLowerCase();
      const band = `${fmtCount(t.hardSetMin)}-${fmtCount(t.hardSetMax)}`;
      if (sets < t.hardSetMin) amber.push(`amber: ${name} ${fmtCount(sets)} hard sets (below ${band})`);
      else if (sets > t.hardSetMax) amber.push(`amber: ${name} ${fmtCount(sets)} hard sets (above ${band})`);
    }
  }

  if (red.length > 0) return { level: 'red', reasons: [...red, ...amber] };
  if (amber.length > 0) return { level: 'amber', reasons: amber };
  const nothingPlanned = input.assigned === 0 && input.logged === 0;
  return { level: 'green', reasons: [nothingPlanned ? 'green: no sessions assigned' : 'green: on plan'] };
}
