/**
 * The Nordic hamstring protocol done as prescribed: reps logged per set against the plan.
 *
 * Plan: Petersen et al. 2011, Am J Sports Med 39:2296, Table 1 (after Mjølsnes et al. 2004):
 * week 1: 1 session of 2 x 5; week 2: 2 of 2 x 6; week 3: 3 of 3 x 6-8; week 4: 3 of
 * 3 x 8-10; weeks 5-10: 3 of 3 sets of 12, 10, 8; then 1 a week in season (12, 10, 8).
 * Where the table gives a range the plan counts its lower end (6, 8), as the assigned
 * sessions prescribe (src/domain/programs.ts): doing the minimum is doing the session.
 *
 * Compliance: reps done / reps planned over the sessions due so far. The benefit shows with
 * compliance above about 50 % (Ripley et al. 2021, Int J Environ Res Public Health 18:11260),
 * so that is the line. Each session counts at most its planned reps: extra reps one day don't
 * make up a missed session. A session with no reps logged but checked in as completed counts
 * as done as prescribed ("all done").
 *
 * Pure: no clock, no database, no Discord.
 */

export const NORDIC_QUALITIES = ['full_range', 'partial', 'band_assisted'] as const;
export type NordicQuality = (typeof NORDIC_QUALITIES)[number];
export const NORDIC_QUALITY_LABELS: Record<NordicQuality, string> = {
  full_range: 'full range',
  partial: 'partial range',
  band_assisted: 'band-assisted',
};

/** The compliance line (Ripley et al. 2021): above 50 % of the planned reps. */
export const NORDIC_COMPLIANCE_LINE = 0.5;

export interface NordicWeekPlan {
  sessions: number;
  /** Reps per set in each session. */
  setReps: readonly number[];
}

const FULL = [12, 10, 8] as const;

/** Petersen 2011 Table 1 for protocol week `week` (1-based); week 11 on is the in-season session. */
export function nordicWeekPlan(week: number): NordicWeekPlan {
  if (!Number.isInteger(week) || week < 1) throw new RangeError(`week must be an integer >= 1, got ${String(week)}`);
  switch (week) {
    case 1:
      return { sessions: 1, setReps: [5, 5] };
    case 2:
      return { sessions: 2, setReps: [6, 6] };
    case 3:
      return { sessions: 3, setReps: [6, 6, 6] };
    case 4:
      return { sessions: 3, setReps: [8, 8, 8] };
    default:
      return { sessions: week <= 10 ? 3 : 1, setReps: FULL };
  }
}

export const sumReps = (reps: readonly number[]) => reps.reduce((s, r) => s + r, 0);

/** One prescribed Nordic session and what was logged for it. */
export interface NordicSessionRecord {
  week: number;
  /** Team-local date of the session. */
  localDate: string;
  /** 'done' with reps (null = "all done": the plan's reps), 'missed', or 'open' (nothing logged yet). */
  outcome: 'done' | 'missed' | 'open';
  reps: readonly number[] | null;
  /** Excused (ill or injured) that day: not owed unless done anyway, as for session compliance. */
  excused?: boolean;
}

export interface NordicTally {
  plannedSessions: number;
  completedSessions: number;
  plannedReps: number;
  /** Reps done, each session capped at its plan. */
  doneReps: number;
  /** doneReps / plannedReps; null with nothing planned yet. */
  compliance: number | null;
  /** compliance > 50 % (Ripley et al. 2021); null with nothing planned yet. */
  aboveLine: boolean | null;
}

export interface NordicCompliance {
  weeks: ({ week: number } & NordicTally)[];
  protocol: NordicTally;
}

function tally(sessions: readonly NordicSessionRecord[]): NordicTally {
  let plannedReps = 0;
  let doneReps = 0;
  let completedSessions = 0;
  for (const s of sessions) {
    const planned = sumReps(nordicWeekPlan(s.week).setReps);
    plannedReps += planned;
    if (s.outcome !== 'done') continue;
    completedSessions += 1;
    doneReps += Math.min(planned, s.reps === null ? planned : sumReps(s.reps));
  }
  const compliance = plannedReps > 0 ? doneReps / plannedReps : null;
  return {
    plannedSessions: sessions.length,
    completedSessions,
    plannedReps,
    doneReps,
    compliance,
    aboveLine: compliance === null ? null : compliance > NORDIC_COMPLIANCE_LINE,
  };
}

/**
 * Weekly and whole-protocol compliance over the sessions due by `today` (sessions dated
 * after today, and today's if still open, are not yet owed and are left out; so are excused
 * sessions not done, which carry no compliance penalty).
 */
export function nordicCompliance(sessions: readonly NordicSessionRecord[], today: string): NordicCompliance {
  const due = sessions.filter(
    (s) => (s.localDate < today || (s.localDate === today && s.outcome !== 'open')) && !(s.excused && s.outcome !== 'done'),
  );
  const weekNumbers = [...new Set(due.map((s) => s.week))].sort((a, b) => a - b);
  return {
    weeks: weekNumbers.map((week) => ({ week, ...tally(due.filter((s) => s.week === week)) })),
    protocol: tally(due),
  };
}

/** "62 % of planned reps (186 of 300), 9 of 12 sessions": for /me and the digest. */
export function describeNordicTally(t: NordicTally): string {
  if (t.compliance === null) return 'no Nordic sessions due yet';
  const pct = Math.round(t.compliance * 100);
  const side = t.aboveLine ? 'above' : 'below';
  return `${pct} % of planned reps (${t.doneReps} of ${t.plannedReps}), ${t.completedSessions} of ${t.plannedSessions} sessions: ${side} the 50 % line`;
}

// ---------------------------------------------------------------------------
// Reading what the athlete typed

export type NordicRepsParse = { ok: true; reps: number[] | null; quality: NordicQuality | null } | { ok: false; message: string };

export const NORDIC_REPS_FORMAT =
  'Type the reps of each set, e.g. `5 5 3`, or `all done`; add `partial` or `band` if the lowering was not full range.';

/**
 * "all done" (reps = null: as prescribed), or the reps per set as typed ("5 5 3", "12,10,7"),
 * optionally with the lowering quality ("full", "partial", "band"). At most 6 sets of 0-30.
 */
export function parseNordicReps(text: string): NordicRepsParse {
  let rest = ` ${text
    .trim()
    .toLowerCase()
    .replace(/[,;/|]/g, ' ')} `;
  let quality: NordicQuality | null = null;
  const qualityWords: [RegExp, NordicQuality][] = [
    [/\b(?:band(?:[ -]?assisted)?|assisted)\b/, 'band_assisted'],
    [/\bpartial(?:\s+range)?\b/, 'partial'],
    [/\bfull(?:\s+range)?\b/, 'full_range'],
  ];
  for (const [re, q] of qualityWords) {
    if (re.test(rest)) {
      quality ??= q;
      rest = rest.replace(re, ' ');
    }
  }
  if (/\ball\s*done\b|\bdone\b|\bas\s+prescribed\b/.test(rest)) {
    rest = rest.replace(/\ball\s*done\b|\bdone\b|\bas\s+prescribed\b/, ' ');
    if (/\d/.test(rest)) return { ok: false, message: `Either \`all done\` or the reps per set, not both. ${NORDIC_REPS_FORMAT}` };
    return { ok: true, reps: null, quality };
  }
  const tokens = rest.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return { ok: false, message: NORDIC_REPS_FORMAT };
  const bad = tokens.find((t) => !/^\d{1,2}$/.test(t) || Number(t) > 30);
  if (bad !== undefined) return { ok: false, message: `"${bad}" isn't a number of reps I can read (0 to 30). ${NORDIC_REPS_FORMAT}` };
  if (tokens.length > 6) return { ok: false, message: `That's ${tokens.length} sets: the protocol has at most 3. ${NORDIC_REPS_FORMAT}` };
  return { ok: true, reps: tokens.map(Number), quality };
}
