/**
 * Other training: the sessions Backline did not assign (team practice, matches,
 * conditioning, anything else) and how they add into an athlete's daily load.
 *
 * Session-RPE was built to measure ALL of an athlete's training (Foster et al. 2001,
 * J Strength Cond Res 15:109): load = CR-10 rating x minutes whatever the session was.
 * Counting only the gym sessions the bot assigned describes a fraction of the week, so
 * these sessions are summed into the same daily series that feeds monotony and strain
 * (Foster 1998, Med Sci Sports Exerc 30:1164) and the ACWR. They carry no exercises, so
 * they can never add hard sets (Schoenfeld et al. 2017 counts sets per muscle, not minutes).
 *
 * Pure: no clock, no database, no Discord. Dates are team-local 'YYYY-MM-DD'.
 */
import { CHECKIN_LIMITS, isWithin } from './checkin';
import { dailyLoadSeries, monotonyAndStrain, sessionLoad, type DatedLoad, type MonotonyAndStrain } from './load';
import { addDays, daysBetween, isValidLocalDate, type LocalDate } from './time';

/** Other training is rated on the same scales as a check-in. */
const { rpe: RPE, minutes: MINUTES, pain: PAIN } = CHECKIN_LIMITS;

export const OTHER_SESSION_TYPES = ['practice', 'match', 'conditioning', 'other'] as const;
export type OtherSessionType = (typeof OTHER_SESSION_TYPES)[number];

/** The coach's words for each type, as shown in the digest, /me, /athlete and the CSV. */
export const OTHER_SESSION_LABELS: Record<OtherSessionType, string> = {
  practice: 'Practice',
  match: 'Match',
  conditioning: 'Conditioning',
  other: 'Other training',
};

/** The same in running text: 'a match', 'Sat's practice', 'other training'. */
export function otherSessionWord(type: OtherSessionType): string {
  return OTHER_SESSION_LABELS[type].toLowerCase();
}

/** How far back an athlete may log a session they forgot (the rule: today or up to 14 days back). */
export const OTHER_SESSION_MAX_DAYS_BACK = 14;

/** A logged other session with its rating (a team session still waiting for the athlete's RPE has none). */
export interface OtherSessionLoad {
  localDate: LocalDate;
  type: OtherSessionType;
  rpe: number;
  minutes: number;
  /** Pain reported with it (0-10), if any: the digest's pain figures count it like a check-in's. */
  pain?: number | null;
}

/** Session-RPE load of an other session (Foster et al. 2001): the same formula as an assigned one. */
export function otherSessionLoad(s: Pick<OtherSessionLoad, 'rpe' | 'minutes'>): number {
  return sessionLoad(s.rpe, s.minutes);
}

/**
 * The dense daily series of ALL training: assigned check-ins and other sessions summed per
 * local day, rest days 0 (Foster 1998). Feed it to monotonyAndStrain, rollingAcwr and ewmaAcwr.
 */
export function allTrainingDailyLoads(
  assigned: readonly DatedLoad[],
  other: readonly OtherSessionLoad[],
  fromDate: LocalDate,
  toDate: LocalDate,
): number[] {
  const otherLoads: DatedLoad[] = other.map((s) => ({ localDate: s.localDate, load: otherSessionLoad(s) }));
  return dailyLoadSeries([...assigned, ...otherLoads], fromDate, toDate);
}

/** A week's load by where it came from, for the digest's and /me's "load by type" line. */
export interface WeekLoadByType {
  /** Assigned (gym) sessions checked in. */
  assigned: number;
  practice: number;
  match: number;
  conditioning: number;
  other: number;
  total: number;
}

/** Load of the 7 days from `weekStart` split by type, plus Foster's monotony and strain over all of it. */
export function weekOfAllTraining(
  assigned: readonly DatedLoad[],
  other: readonly OtherSessionLoad[],
  weekStart: LocalDate,
): { byType: WeekLoadByType; daily: number[]; monotony: MonotonyAndStrain } {
  const weekEnd = addDays(weekStart, 6);
  const inWeek = (d: LocalDate) => d >= weekStart && d <= weekEnd;
  const byType: WeekLoadByType = { assigned: 0, practice: 0, match: 0, conditioning: 0, other: 0, total: 0 };
  for (const a of assigned) if (inWeek(a.localDate)) byType.assigned += a.load;
  for (const s of other) if (inWeek(s.localDate)) byType[s.type] += otherSessionLoad(s);
  byType.total = byType.assigned + byType.practice + byType.match + byType.conditioning + byType.other;
  const daily = allTrainingDailyLoads(assigned, other, weekStart, weekEnd);
  return { byType, daily, monotony: monotonyAndStrain(daily) };
}

// ---------------------------------------------------------------------------
// Dates an athlete may log

export type DateCheck = { ok: true; date: LocalDate } | { ok: false; message: string };

/**
 * The day an other session is logged for: today by default, a date, "yesterday", or "N days ago",
 * never in the future and at most 14 days back.
 */
export function otherSessionDate(input: string | null | undefined, today: LocalDate): DateCheck {
  const text = (input ?? '').trim().toLowerCase();
  let date: LocalDate;
  if (text === '' || text === 'today') date = today;
  else if (text === 'yesterday') date = addDays(today, -1);
  else if (/^\d{1,2}\s*(?:d|days?)\s*(?:ago)?$/.test(text)) date = addDays(today, -Number(/^\d+/.exec(text)![0]));
  else if (isValidLocalDate(text)) date = text;
  else
    return {
      ok: false,
      message: `I couldn't read the date "${input?.trim()}": use YYYY-MM-DD (e.g. ${addDays(today, -1)}), "yesterday" or "3 days ago".`,
    };
  const back = daysBetween(date, today);
  if (back < 0) return { ok: false, message: `${date} is in the future: log a session once it has happened.` };
  if (back > OTHER_SESSION_MAX_DAYS_BACK) {
    return {
      ok: false,
      message: `${date} is more than ${OTHER_SESSION_MAX_DAYS_BACK} days ago: you can log sessions from ${addDays(today, -OTHER_SESSION_MAX_DAYS_BACK)} to today.`,
    };
  }
  return { ok: true, date };
}

// ---------------------------------------------------------------------------
// Reading a DM like "match 8 90" or "practice rpe 6 75 min"

export interface OtherSessionValues {
  type: OtherSessionType;
  rpe: number;
  minutes: number;
  /** Pain 0-10 if the athlete gave one ("pain 2"); null otherwise. */
  pain: number | null;
  /** "yesterday", "2026-11-27", "3 days ago" as typed; null = today. Check it with otherSessionDate. */
  when: string | null;
}

export type OtherSessionReply =
  | { kind: 'other'; values: OtherSessionValues }
  | { kind: 'invalid'; message: string }
  /** Doesn't start with a session type: let the other DM readers have it. */
  | { kind: 'not_other' };

const TYPE_WORDS: [RegExp, OtherSessionType][] = [
  [/^(?:match|game|race|fixture)\b/, 'match'],
  [/^(?:practice|training|pitch|team\s+training)\b/, 'practice'],
  [/^(?:conditioning|cond|fitness|run|running|cardio)\b/, 'conditioning'],
  [/^(?:other|extra)\b/, 'other'],
];

export const OTHER_SESSION_FORMAT =
  'Write the type, RPE (0-10) and minutes, e.g. `match 8 90` or `practice rpe 6 75 min` (add `pain 2` or `yesterday` if needed).';

/**
 * Reads "match 8 90", "practice rpe 6 75 min", "conditioning 7 40 pain 2 yesterday".
 * The message must start with a type word; labelled numbers win, then bare numbers fill
 * RPE then minutes (a bare number above 10 can only be minutes). Nothing is guessed:
 * a missing RPE or minutes gets a question back.
 */
export function parseOtherSessionReply(text: string): OtherSessionReply {
  let rest = text.trim().toLowerCase().replace(/[,;|]/g, ' ');
  const typed = TYPE_WORDS.find(([re]) => re.test(rest));
  if (!typed) return { kind: 'not_other' };
  const [typeRe, type] = typed;
  rest = ` ${rest.replace(typeRe, ' ')} `;
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(rest);
    if (!m) return undefined;
    rest = rest.slice(0, m.index) + ' ' + rest.slice(m.index + m[0].length);
    return m[1];
  };
  const when = take(/\b(\d{4}-\d{2}-\d{2})\b/) ?? take(/\b(yesterday|today)\b/) ?? take(/\b(\d{1,2}\s*days?\s*ago)\b/);
  const num = '(-?\\d+(?:[.,]\\d+)?)';
  const labelled = {
    rpe: take(new RegExp(`\\b(?:rpe|effort)\\s*[:=]?\\s*${num}`)),
    pain: take(new RegExp(`\\bpain\\s*[:=]?\\s*${num}`)),
    minutes:
      take(new RegExp(`${num}\\s*(?:minutes|minute|mins|min|m|')(?![a-z])`)) ??
      take(new RegExp(`\\b(?:minutes|mins|min)\\s*[:=]?\\s*${num}`)),
  };
  const bare = [...rest.matchAll(/-?\d+(?:[.,]\d+)?/g)].map((m) => m[0]);
  const all = [labelled.rpe, labelled.pain, labelled.minutes, ...bare].filter((v): v is string => v !== undefined);
  const bad = all.find((v) => !/^\d+$/.test(v));
  if (bad) return { kind: 'invalid', message: `"${bad}" isn't a whole number. ${OTHER_SESSION_FORMAT}` };
  let rpe = labelled.rpe !== undefined ? Number(labelled.rpe) : undefined;
  let minutes = labelled.minutes !== undefined ? Number(labelled.minutes) : undefined;
  const pain = labelled.pain !== undefined ? Number(labelled.pain) : null;
  const numbers = bare.map(Number);
  if (numbers.length > 2) return { kind: 'invalid', message: `I found more numbers than I expected. ${OTHER_SESSION_FORMAT}` };
  for (const n of numbers) {
    if (rpe === undefined && n <= RPE.max) rpe = n;
    else if (minutes === undefined) minutes = n;
    else return { kind: 'invalid', message: `I couldn't tell which number is which. ${OTHER_SESSION_FORMAT}` };
  }
  if (rpe === undefined)
    return { kind: 'invalid', message: `How hard was it? Add the RPE from ${RPE.min} to ${RPE.max}. ${OTHER_SESSION_FORMAT}` };
  if (minutes === undefined) return { kind: 'invalid', message: `How long was it? Add the minutes. ${OTHER_SESSION_FORMAT}` };
  if (!isWithin(RPE, rpe))
    return { kind: 'invalid', message: `RPE goes from ${RPE.min} to ${RPE.max} (you wrote ${rpe}). ${OTHER_SESSION_FORMAT}` };
  if (!isWithin(MINUTES, minutes))
    return { kind: 'invalid', message: `Minutes must be from ${MINUTES.min} to ${MINUTES.max} (you wrote ${minutes}).` };
  if (pain !== null && !isWithin(PAIN, pain))
    return { kind: 'invalid', message: `Pain goes from ${PAIN.min} to ${PAIN.max} (you wrote ${pain}).` };
  return { kind: 'other', values: { type, rpe, minutes, pain, when: when ?? null } };
}

/** A bare RPE answer to a team-session prompt: "7", "rpe 7". */
export function parseRpeAnswer(text: string): { ok: true; rpe: number } | { ok: false; message: string } {
  const m = /^\s*(?:rpe\s*[:=]?\s*)?(\d{1,2})\s*$/i.exec(text);
  const rpe = m ? Number(m[1]) : NaN;
  if (!isWithin(RPE, rpe))
    return { ok: false, message: `Reply with one number from ${RPE.min} (rest) to ${RPE.max} (maximal), e.g. \`7\`.` };
  return { ok: true, rpe };
}
