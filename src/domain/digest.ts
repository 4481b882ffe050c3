/**
 * The weekly staff digest, computed from rows: sessions, compliance, load, monotony and
 * strain, ACWR, hard sets per muscle, pain and a status per athlete, plus team totals.
 *
 * Pure: no clock, no database, no Discord. Weeks are ISO weeks of the team's LOCAL calendar
 * (Monday-Sunday); every date here is a team-local 'YYYY-MM-DD' string, so a daylight-saving
 * change can never add or drop a day. The caller (services/digest.ts) turns "now" into the
 * team's local date and fetches the rows with a few set-based queries.
 *
 * Sources (reference: shared/reference/sports-science.md):
 *  - session-RPE load, Foster et al. 2001 (load_au = RPE x minutes, stored by the database);
 *  - monotony and strain, Foster 1998 (load.ts: population SD; undefined when SD = 0);
 *  - ACWR, both taken on the week's last day and both needing 28 days of data:
 *    the rolling 7:28 COUPLED ratio (this week's load / (last 28 days' load / 4)) gives the
 *    status's load-change check, compared with the same ratio of the PLAN's session minutes
 *    (so a planned rise or deload is not a surprise); the EWMA ratio (Williams et al. 2017,
 *    acute N = 7, chronic N = 28) is shown next to it, computed over the athlete's WHOLE
 *    history (load.ts `ewmaAcwrOverHistory`), so it is the same whatever window is asked for.
 *    Why not EWMA for the status: a daily EWMA read on a Sunday dips after the weekend's rest
 *    days, so an athlete training Mon/Wed/Fri at a perfectly steady load reads ≈ 0.75 every
 *    week (see the unit test), while the rolling weekly ratio reads 1.00.
 *    Both are described as how fast load changed, never as injury risk (Impellizzeri et al. 2020);
 *  - hard sets per muscle: 1 set for the prime mover, 0.5 for each synergist (volume.ts; the
 *    library's rule), from the prescriptions of COMPLETED sessions, as prescribed (the
 *    check-in does not record sets done), compared with what the due sessions prescribed;
 *    seed 002's 10-20 band is context (Schoenfeld et al. 2017 only reports "10+" as its top group);
 *  - pain, Silbernagel et al. 2007 (above the team's pain limit, or not settled by the next
 *    morning, regresses the next session);
 *  - status: status.ts (team settings with the reference's defaults).
 *  - other training (issue 13; otherTraining.ts): practice, matches and conditioning the athlete
 *    rated are ALL training for session-RPE (Foster et al. 2001), so they are summed into the
 *    daily series behind the weekly load, monotony, strain, the shown ACWRs and the EWMA. They
 *    never add hard sets (no exercises). The status's load-change check is the one exception:
 *    the plan only knows the sessions it assigned, so its own ratio is compared with the ratio
 *    of ASSIGNED load (`AcwrFigures.assigned`); comparing all-training load with the gym plan
 *    would flag every match week as "load rose faster than planned". The all-training ratio is
 *    shown beside it as its own figure.
 */
import { MUSCLES, prescriptionSchema, type Muscle, type PrescribedItem } from './library/schema';
import { lookupIn, exercises as defaultLibrary } from './library/exercises';
import type { Exercise } from './library/schema';
import {
  dailyLoadSeries,
  ewmaAcwrFromState,
  ewmaAcwrOverHistory,
  monotonyAndStrain,
  rollingAcwr,
  ACWR_HISTORY_DAYS,
  type DatedLoad,
  type EwmaState,
} from './load';
import { otherSessionLoad, weekOfAllTraining, type OtherSessionLoad, type OtherSessionType, type WeekLoadByType } from './otherTraining';
import { isPainFlag, type PainArea } from './pain';
import {
  alertsPossible,
  athleteWeeklyStatus,
  DEFAULT_STATUS_THRESHOLDS,
  type AthleteStatus,
  type StatusThresholds,
  type WeeklyPainMax,
} from './status';
import {
  addDays,
  daysBetween,
  formatIsoWeek,
  isoWeekday,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  isValidLocalDate,
  weekdayShort,
  type IsoWeek,
  type LocalDate,
  type Parsed,
} from './time';
import { volumeBand, zeroPerMuscle, type VolumeBand } from './volume';

// ---------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------

export interface DigestAthlete {
  userId: string;
  displayName: string;
  groups: string[];
  /** False once removed from the squad: still reported for a week in which they had sessions. */
  active: boolean;
}

/** The next-morning pain follow-up of a session: null when none was asked. */
export type PainFollowupState = 'settled' | 'not_settled' | 'pending';

/** One assignment with its check-in (if any): what the repository's single query returns. */
export interface DigestSessionRow {
  assignmentId: number;
  athleteId: string;
  /** Team-local date of the session. */
  sessionDate: LocalDate;
  title: string;
  /**
   * The prescription snapshot stored with the assignment (JSON), parsed only for hard sets.
   * Null when not fetched: the repository leaves it out for the load-only weeks of the window.
   */
  prescriptionJson: string | null;
  outcome: 'completed' | 'missed' | null;
  rpe: number | null;
  minutes: number | null;
  pain: number | null;
  painArea: PainArea | null;
  /** Session-RPE load (AU), the database's generated rpe x minutes. */
  loadAu: number | null;
  /** The session's planned minutes (the plan's own dose, for the planned load change). */
  plannedMinutes: number;
  /** The session belongs to a planned deload (its prescription was deloaded). */
  deload: boolean;
  /** A coach excused the session: it leaves the compliance denominator. */
  excused: boolean;
  painFollowup: PainFollowupState | null;
}

/** How far back the rows must reach for the ACWR of a week ending on `weekEnd`. */
export const DIGEST_LOOKBACK_DAYS = 56;

/**
 * The first day of the rows window for a week ending on `end`: 8 weeks back, for the
 * rolling 7:28 ratio (28 days) and the team load chart (8 weeks). The EWMA does not use this
 * window: it runs over the athlete's whole history (`DigestContext.dailyLoads`).
 */
export function loadWindowStart(end: LocalDate): LocalDate {
  return addDays(end, -(DIGEST_LOOKBACK_DAYS - 1));
}

// ---------------------------------------------------------------------------
// Weeks
// ---------------------------------------------------------------------------

export interface WeekSpan {
  week: IsoWeek;
  /** 'YYYY-Www'. */
  label: string;
  start: LocalDate;
  end: LocalDate;
}

export function weekSpan(week: IsoWeek): WeekSpan {
  const { start, end } = isoWeekRange(week);
  return { week, label: formatIsoWeek(week), start, end };
}

/** The ISO week before the one containing `today` (the week a Monday digest reports). */
export function weekJustEnded(today: LocalDate): IsoWeek {
  return isoWeekOf(addDays(today, -isoWeekday(today)));
}

/** `count` consecutive ISO weeks ending with `last`, oldest first. */
export function weeksEndingWith(last: IsoWeek, count: number): IsoWeek[] {
  const lastMonday = isoWeekRange(last).start;
  return Array.from({ length: count }, (_, i) => isoWeekOf(addDays(lastMonday, -7 * (count - 1 - i))));
}

const WEEK_RE = /^(\d{4})-?w(\d{1,2})$/i;

/**
 * A week as a coach types it: 'last' (or nothing) for the week just ended, 'this' for the
 * current week, an ISO week '2026-W53', or any date in the week '2026-12-31'.
 * Weeks that have not started yet are refused.
 */
export function parseWeekInput(input: string | null | undefined, today: LocalDate): Parsed<IsoWeek> {
  const text = (input ?? '').trim().toLowerCase();
  const help = 'Use an ISO week such as 2026-W11, a date in that week such as 2026-03-12, "last" or "this".';
  let week: IsoWeek;
  if (text === '' || text === 'last' || text === 'last week') week = weekJustEnded(today);
  else if (text === 'this' || text === 'this week' || text === 'current') week = isoWeekOf(today);
  else {
    const m = WEEK_RE.exec(text);
    if (m) {
      const year = Number(m[1]);
      const n = Number(m[2]);
      const max = isoWeeksInYear(year);
      if (n < 1 || n > max) return { ok: false, message: `${year} has ISO weeks 1 to ${max}, so "${input}" doesn't exist. ${help}` };
      week = { year, week: n };
    } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
      if (!isValidLocalDate(text)) return { ok: false, message: `"${input}" is not a real calendar date. ${help}` };
      week = isoWeekOf(text);
    } else {
      return { ok: false, message: `I couldn't read the week "${input}". ${help}` };
    }
  }
  if (isoWeekRange(week).start > today) return { ok: false, message: `${formatIsoWeek(week)} hasn't started yet. ${help}` };
  return { ok: true, value: week };
}

// ---------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------

export interface SessionCounts {
  /** Sessions assigned in the week. */
  assigned: number;
  /** Assigned minus excused minus still to come: the compliance denominator. */
  due: number;
  completed: number;
  /** The athlete logged "couldn't train". */
  missed: number;
  /** Excused by a coach (and not done). */
  excused: number;
  /** Due, not excused, and nothing logged. */
  unlogged: number;
  /** Dated after the "as of" day of a week still in progress, nothing logged yet. */
  upcoming: number;
  /** completed / due (0-1); null when nothing was due. */
  compliance: number | null;
}

export interface LoadFigures {
  /** Sum of the week's session-RPE loads (AU). */
  weekly: number;
  /** Daily loads Monday..Sunday (AU), rest days 0. */
  daily: number[];
  /** Foster 1998; null when the daily SD is 0 (not defined). */
  monotony: number | null;
  strain: number | null;
  /** The weekly load by where it came from: assigned (gym) sessions and each other type (issue 13). */
  byType: WeekLoadByType;
}

export interface AcwrFigures {
  /** Rolling 7:28 coupled ratio of ALL training (assigned + other sessions): the one shown. */
  rolling: number | null;
  /**
   * The same ratio of the ASSIGNED sessions' load only: what the status compares with the
   * plan's ratio (the plan knows only what it assigned). Equal to `rolling` without other training.
   */
  assigned: number | null;
  /** EWMA ratio (Williams et al. 2017) on the evaluation day over the whole history, shown alongside. */
  ewma: number | null;
  /** The rolling ratio of the plan's session minutes: the change the plan intends. */
  planned: number | null;
  /** False when there are fewer than 28 days of data up to the week's end. */
  enoughHistory: boolean;
  /** Days from the athlete's first logged session to the evaluation day (inclusive); 0 without any. */
  historyDays: number;
  /** Day the ratios are taken on: the week's Sunday (or the "as of" day of a week in progress). */
  asOf: LocalDate;
}

export interface PainReport {
  localDate: LocalDate;
  score: number;
  area: PainArea | null;
  overLimit: boolean;
  followup: PainFollowupState | null;
  /** Reported with other training (a match, practice...), not a check-in: no morning question, no regression. */
  during?: OtherSessionType;
}

export interface PainFigures {
  /** Highest pain of the week (score > 0); area 'other' stands in when none was given (see `areaGiven`). */
  max: WeeklyPainMax | null;
  areaGiven: boolean;
  /** Sessions with pain above the team's limit. */
  flags: number;
  /** Pain follow-ups answered "not settled" the next morning. */
  notSettled: number;
  /** Pain follow-ups not answered yet. */
  pending: number;
  /** Every session of the week with pain > 0, in date order. */
  reports: PainReport[];
}

export interface HardSetFigures {
  perMuscle: Record<Muscle, number>;
  bands: Record<Muscle, VolumeBand>;
  /** Hard exercises the library no longer knows, or unreadable prescriptions: not counted, but named. */
  uncounted: string[];
}

export interface AthleteWeekFigures {
  athlete: DigestAthlete;
  span: WeekSpan;
  /** The week is not over yet on the "as of" day. */
  inProgress: boolean;
  /** The week holds sessions of a planned deload. */
  plannedDeload: boolean;
  /** Hard sets prescribed in the week's due sessions (what "done" is compared with). */
  prescribedHardSets: Record<Muscle, number>;
  sessions: SessionCounts;
  load: LoadFigures;
  acwr: AcwrFigures;
  hardSets: HardSetFigures;
  pain: PainFigures;
  status: AthleteStatus;
}

/** The squad's session counts are the athletes' summed, compliance recomputed from the sums. */
export interface TeamWeekFigures extends SessionCounts {
  athletes: number;
  totalLoad: number;
  /** Mean weekly load of the athletes who logged at least one session (AU); null if none did. */
  meanLoad: number | null;
  statusCounts: Record<AthleteStatus['level'], number>;
  painFlags: number;
  notSettled: number;
  /** Had sessions due and logged nothing at all (not even "couldn't train"). */
  notLogged: DigestAthlete[];
  /** Had nothing assigned this week. */
  nothingAssigned: DigestAthlete[];
}

export interface WeekLoad {
  /** 'YYYY-Www'. */
  label: string;
  /** Monday of the week. */
  start: LocalDate;
  /** Sum of the session-RPE loads of the digest's athletes that week (AU). */
  load: number;
  /** Athletes who logged at least one completed session (or rated other training) that week. */
  athletesWhoTrained: number;
  /** `load` by where it came from (issue 13): assigned sessions and each other type. */
  byType: WeekLoadByType;
}

export interface DigestFigures {
  span: WeekSpan;
  /** The 8 weeks of the load window, oldest first, ending with the reported week (for the team load chart). */
  recentWeeks: WeekLoad[];
  inProgress: boolean;
  asOf: LocalDate;
  group: string | null;
  thresholds: StatusThresholds;
  /** Red first, then amber, then green; by name within each. */
  athletes: AthleteWeekFigures[];
  team: TeamWeekFigures;
  /**
   * The team's other training, Nordic compliance and readiness lows as digest lines
   * (services/allTrainingFigures.ts `teamAllTrainingLines`), filled by the service; one embed field.
   */
  allTrainingLines?: string[];
  /**
   * Athletes who said no to (or withdrew) storing what they report (issue 11): they get their
   * sessions, nothing they report is kept, so the digest names them instead of judging their week.
   */
  noConsent?: AthleteWeekFigures[];
}

/** Said where hard sets are explained (/digest help). */
export const CREDITING_RULE =
  "Hard sets are counted as prescribed in completed sessions; each credits 1 to the prime mover and 0.5 to each synergist (the library's rule, not a published one).";

/** Said where ACWR is explained (/digest help). */
export const ACWR_METHOD =
  "Load change: rolling 7:28 coupled ACWR (this week's session-RPE load vs the last 4 weeks' weekly average), compared with the same ratio of the plan's minutes; " +
  'EWMA ACWR (Williams et al. 2017, acute 7 d, chronic 28 d) over the whole history is shown beside it. Both need 28 days of data. ' +
  'Load counts all training (logged practice, matches and conditioning too); only the plan check uses the assigned sessions alone, as the plan knows only those.';

export interface DigestContext {
  thresholds?: Partial<StatusThresholds>;
  /**
   * The team's local date "now". Sessions dated after it count as upcoming, and a week
   * that contains it is reported as in progress. Defaults to the week's Sunday.
   */
  asOf?: LocalDate;
  library?: readonly Exercise[];
  /**
   * Each athlete's daily session-RPE loads over their WHOLE history up to the week's end
   * (repositories/digest.ts `dailyLoads`, one query), for the EWMA. Without it the EWMA uses
   * the rows given, from the athlete's first logged session.
   */
  dailyLoads?: ReadonlyMap<string, readonly DatedLoad[]>;
  /**
   * Each athlete's RATED other sessions (practice, match, conditioning, other) over their whole
   * history up to the week's end (issue 13): added to the daily load series, never to hard sets.
   */
  otherLoads?: ReadonlyMap<string, readonly OtherSessionLoad[]>;
  /**
   * Each athlete's EWMA state on a day before the window (issue 14; repositories/digest.ts
   * `ewmaStates`): the EWMA continues from it over `dailyLoads` and `otherLoads` after that day,
   * which then need not reach back further. Used only when it starts on the athlete's history start.
   */
  ewmaStates?: ReadonlyMap<string, EwmaState>;
}

/** First logged session date per athlete (any time up to the reported week's end). */
export type HistoryStarts = ReadonlyMap<string, LocalDate>;

const STATUS_ORDER: Record<AthleteStatus['level'], number> = { red: 0, amber: 1, green: 2 };

function resolveThresholds(partial: Partial<StatusThresholds> | undefined): StatusThresholds {
  return { ...DEFAULT_STATUS_THRESHOLDS, ...partial };
}

/** `asOfDayOpen`: `asOf` is today and not over, so its unlogged sessions are not late yet. */
function classify(
  row: DigestSessionRow,
  asOf: LocalDate,
  asOfDayOpen: boolean,
): 'completed' | 'excused' | 'missed' | 'upcoming' | 'unlogged' {
  if (row.outcome === 'completed') return 'completed';
  if (row.excused) return 'excused';
  if (row.outcome === 'missed') return 'missed';
  if (row.sessionDate > asOf || (asOfDayOpen && row.sessionDate === asOf)) return 'upcoming';
  return 'unlogged';
}

export function countSessions(rows: readonly DigestSessionRow[], asOf: LocalDate, asOfDayOpen = false): SessionCounts {
  const c = { assigned: rows.length, due: 0, completed: 0, missed: 0, excused: 0, unlogged: 0, upcoming: 0 };
  for (const row of rows) {
    const kind = classify(row, asOf, asOfDayOpen);
    c[kind] += 1;
  }
  c.due = c.completed + c.missed + c.unlogged;
  return { ...c, compliance: c.due > 0 ? c.completed / c.due : null };
}

function completedLoads(rows: readonly DigestSessionRow[]): DatedLoad[] {
  const out: DatedLoad[] = [];
  for (const r of rows) {
    if (r.outcome !== 'completed') continue;
    const load = r.loadAu ?? (r.rpe !== null && r.minutes !== null ? r.rpe * r.minutes : null);
    if (load !== null) out.push({ localDate: r.sessionDate, load });
  }
  return out;
}

type HardItem = Pick<PrescribedItem, 'exerciseId' | 'name' | 'sets' | 'hard'>;

/**
 * Parsed prescriptions by their JSON text. A squad's sessions share a few templates, so most
 * snapshots are identical strings: each is validated once, not once per session. Bounded.
 */
const parsedPrescriptions = new Map<string, HardItem[] | null>();
const PARSE_CACHE_MAX = 512;

function hardItemsOf(json: string): HardItem[] | null {
  const cached = parsedPrescriptions.get(json);
  if (cached !== undefined) return cached;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const prescription = prescriptionSchema.safeParse(parsed);
  const items = prescription.success
    ? prescription.data.exercises.filter((e) => e.hard).map((e) => ({ exerciseId: e.exerciseId, name: e.name, sets: e.sets, hard: e.hard }))
    : null;
  if (parsedPrescriptions.size >= PARSE_CACHE_MAX) parsedPrescriptions.clear();
  parsedPrescriptions.set(json, items);
  return items;
}

/** Hard sets per muscle of the completed sessions among `rows` (crediting rule: `CREDITING_RULE`). */
export function hardSetsOfSessions(
  rows: readonly DigestSessionRow[],
  library: readonly Exercise[] = defaultLibrary,
  which: (row: DigestSessionRow) => boolean = (row) => row.outcome === 'completed',
): { perMuscle: Record<Muscle, number>; uncounted: string[] } {
  const lookup = lookupIn(library);
  const perMuscle = zeroPerMuscle();
  const uncounted: string[] = [];
  for (const row of rows) {
    if (!which(row)) continue;
    const items = row.prescriptionJson === null ? null : hardItemsOf(row.prescriptionJson);
    if (items === null) {
      uncounted.push(`${row.title} on ${row.sessionDate} (prescription ${row.prescriptionJson === null ? 'not loaded' : 'unreadable'})`);
      continue;
    }
    for (const item of items) {
      if (!item.hard) continue;
      const exercise = lookup(item.exerciseId);
      if (!exercise) {
        uncounted.push(`${item.name} (${item.exerciseId}) on ${row.sessionDate}: not in the library`);
        continue;
      }
      for (const muscle of MUSCLES) {
        const credit = exercise.muscles[muscle];
        if (credit) perMuscle[muscle] += item.sets * credit;
      }
    }
  }
  return { perMuscle, uncounted };
}

/**
 * The week's pain reports: check-ins of completed sessions, and other training logged with pain
 * (the pain-monitoring model, Silbernagel et al. 2007, is about pain during or after any loading).
 */
export function painOfSessions(rows: readonly DigestSessionRow[], painLimit: number, other: readonly OtherSessionLoad[] = []): PainFigures {
  const reports: PainReport[] = [
    ...rows
      .filter((r) => r.outcome === 'completed' && r.pain !== null && r.pain > 0)
      .map((r) => ({
        localDate: r.sessionDate,
        score: r.pain!,
        area: r.painArea,
        overLimit: isPainFlag(r.pain!, painLimit),
        followup: r.painFollowup,
      })),
    ...other
      .filter((o) => o.pain != null && o.pain > 0)
      .map((o) => ({
        localDate: o.localDate,
        score: o.pain!,
        area: null,
        overLimit: isPainFlag(o.pain!, painLimit),
        followup: null,
        during: o.type,
      })),
  ].sort((a, b) => (a.localDate < b.localDate ? -1 : a.localDate > b.localDate ? 1 : 0));
  // Highest score; on a tie the unsettled one, then the latest.
  let top: PainReport | undefined;
  for (const r of reports) {
    // `reports` is in date order, so on a tie a later report replaces an earlier one
    // unless only the earlier one had not settled.
    if (!top || r.score > top.score || (r.score === top.score && (r.followup === 'not_settled' || top.followup !== 'not_settled'))) {
      top = r;
    }
  }
  return {
    max: top ? { score: top.score, area: top.area ?? 'other', localDate: top.localDate, weekday: weekdayShort(top.localDate) } : null,
    areaGiven: top ? top.area !== null : true,
    flags: reports.filter((r) => r.overLimit).length,
    notSettled: rows.filter((r) => r.painFollowup === 'not_settled').length,
    pending: rows.filter((r) => r.painFollowup === 'pending').length,
    reports,
  };
}

/** Planned minutes per day of the sessions that were due or done (excused ones left out). */
function plannedLoads(rows: readonly DigestSessionRow[]): DatedLoad[] {
  return rows.filter((r) => !r.excused || r.outcome === 'completed').map((r) => ({ localDate: r.sessionDate, load: r.plannedMinutes }));
}

/**
 * ACWR on `asOf`. The rolling 7:28 coupled ratio comes from the rows (which cover the last
 * 28 days), for the logged load and for the plan's minutes; the EWMA runs over `history`, the
 * athlete's whole daily-load history (or the rows when it is not given), from the first logged
 * session. With fewer than 28 days from that start to `asOf` there is 'not enough history' and
 * the ratios are null.
 */
export function acwrOf(
  rows: readonly DigestSessionRow[],
  asOf: LocalDate,
  historyStart: LocalDate | undefined,
  history?: readonly DatedLoad[],
  other: readonly OtherSessionLoad[] = [],
  state?: EwmaState,
): AcwrFigures {
  const otherUpTo = other.filter((o) => o.localDate <= asOf).map((o) => ({ localDate: o.localDate, load: otherSessionLoad(o) }));
  // Other training starts the load history too (a match four weeks before the first gym session is history).
  const firstOther = otherUpTo.reduce<LocalDate | undefined>(
    (min, o) => (min === undefined || o.localDate < min ? o.localDate : min),
    undefined,
  );
  const start = historyStart === undefined || (firstOther !== undefined && firstOther < historyStart) ? firstOther : historyStart;
  const historyDays = start !== undefined && start <= asOf ? daysBetween(start, asOf) + 1 : 0;
  if (historyDays === 0) return { rolling: null, assigned: null, ewma: null, planned: null, enoughHistory: false, historyDays, asOf };
  const windowStart = addDays(asOf, -(ACWR_HISTORY_DAYS - 1));
  const from = start! > windowStart ? start! : windowStart;
  const assignedLoads = completedLoads(rows);
  const rolling = rollingAcwr(dailyLoadSeries([...assignedLoads, ...otherUpTo], from, asOf), { mode: 'coupled' });
  const assigned = rollingAcwr(dailyLoadSeries(assignedLoads, from, asOf), { mode: 'coupled' });
  const planned = rollingAcwr(dailyLoadSeries(plannedLoads(rows), from, asOf), { mode: 'coupled' });
  const loads = [...(history ?? assignedLoads), ...otherUpTo];
  // The same figure as over the whole history (load.ts EwmaState), from the state on a day before.
  const ewma =
    state !== undefined && state.start === start && state.through < asOf
      ? ewmaAcwrFromState(state, loads, asOf)
      : ewmaAcwrOverHistory(loads, start!, asOf);
  const enoughHistory = historyDays >= ACWR_HISTORY_DAYS;
  return {
    rolling: enoughHistory ? rolling.ratio : null,
    assigned: enoughHistory ? assigned.ratio : null,
    ewma: enoughHistory ? ewma.ratio : null,
    planned: enoughHistory ? planned.ratio : null,
    enoughHistory,
    historyDays,
    asOf,
  };
}

/**
 * One athlete's figures for one week.
 * @param rows the athlete's rows covering at least [loadWindowStart(week end), week end].
 */
export function athleteWeek(
  athlete: DigestAthlete,
  rows: readonly DigestSessionRow[],
  week: IsoWeek,
  historyStart: LocalDate | undefined,
  ctx: DigestContext = {},
): AthleteWeekFigures {
  const thresholds = resolveThresholds(ctx.thresholds);
  const span = weekSpan(week);
  const asOf = ctx.asOf !== undefined && ctx.asOf < span.end ? ctx.asOf : span.end;
  const inProgress = asOf < span.end;
  const inWeek = rows.filter((r) => r.athleteId === athlete.userId && r.sessionDate >= span.start && r.sessionDate <= span.end);
  const upToAsOf = rows.filter((r) => r.athleteId === athlete.userId && r.sessionDate <= asOf);

  const sessions = countSessions(inWeek, asOf, inProgress);
  const other = (ctx.otherLoads?.get(athlete.userId) ?? []).filter((o) => o.localDate <= asOf);
  const otherInWeek = other.filter((o) => o.localDate >= span.start && o.localDate <= span.end);
  // All training in one daily series (Foster 2001/1998): monotony and strain see the matches too.
  const allTraining = weekOfAllTraining(completedLoads(inWeek), otherInWeek, span.start);
  const daily = allTraining.daily;
  const ms = monotonyAndStrain(daily);
  const load: LoadFigures = { weekly: ms.weeklyLoad, daily, monotony: ms.monotony, strain: ms.strain, byType: allTraining.byType };
  // A week in progress has no weekly ratio yet: its 'acute week' is not a week until Sunday.
  const measured = acwrOf(
    upToAsOf,
    asOf,
    historyStart,
    ctx.dailyLoads?.get(athlete.userId)?.filter((d) => d.localDate <= asOf),
    other,
    ctx.ewmaStates?.get(athlete.userId),
  );
  const acwr = inProgress ? { ...measured, rolling: null, assigned: null, ewma: null, planned: null } : measured;
  const sets = hardSetsOfSessions(inWeek, ctx.library);
  const isDue = (r: DigestSessionRow) => ['completed', 'missed', 'unlogged'].includes(classify(r, asOf, inProgress));
  const prescribedHardSets = hardSetsOfSessions(inWeek, ctx.library, isDue).perMuscle;
  const band = { min: thresholds.hardSetMin, max: thresholds.hardSetMax };
  const hardSets: HardSetFigures = {
    perMuscle: sets.perMuscle,
    bands: Object.fromEntries(MUSCLES.map((m) => [m, volumeBand(sets.perMuscle[m], band)])) as Record<Muscle, VolumeBand>,
    uncounted: sets.uncounted,
  };
  const pain = painOfSessions(inWeek, thresholds.painLimit, otherInWeek);
  const plannedDeload = inWeek.some((r) => r.deload);
  const scheduled = inWeek.filter((r) => !r.excused || r.outcome === 'completed');
  const notDone = inWeek
    .filter((r) => ['missed', 'unlogged'].includes(classify(r, asOf, inProgress)))
    .map((r) => weekdayShort(r.sessionDate));
  const status = athleteWeeklyStatus(
    {
      pain: pain.reports.map((r) => ({
        weekday: weekdayShort(r.localDate),
        score: r.score,
        area: r.area,
        followup: r.followup,
        ...(r.during ? { during: r.during } : {}),
      })),
      due: sessions.due,
      completed: sessions.completed,
      notDone,
      assigned: sessions.assigned,
      inProgress,
      plannedDeload,
      monotony: load.monotony,
      strain: load.strain,
      // Other training adds days and minutes on which monotony and strain can build.
      possible: alertsPossible(
        new Set([...scheduled.map((r) => r.sessionDate), ...otherInWeek.map((o) => o.localDate)]).size,
        scheduled.reduce((n, r) => n + r.plannedMinutes, 0) + otherInWeek.reduce((n, o) => n + o.minutes, 0),
        thresholds,
      ),
      // The rolling weekly ratio (see the header: the Sunday EWMA is biased by rest days), of
      // the ASSIGNED load only, because it is compared with the plan's ratio (header, issue 13).
      acwr: acwr.assigned,
      otherTraining: otherInWeek.length > 0,
      plannedAcwr: acwr.planned,
      hardSets: hardSets.perMuscle,
      prescribedHardSets,
    },
    thresholds,
  );
  return { athlete, span, inProgress, plannedDeload, prescribedHardSets, sessions, load, acwr, hardSets, pain, status };
}

function groupByAthlete(rows: readonly DigestSessionRow[]): Map<string, DigestSessionRow[]> {
  const byAthlete = new Map<string, DigestSessionRow[]>();
  for (const row of rows) {
    const list = byAthlete.get(row.athleteId);
    if (list) list.push(row);
    else byAthlete.set(row.athleteId, [row]);
  }
  return byAthlete;
}

/** One athlete's figures for several weeks (oldest first), e.g. for /athlete and /me. */
export function athleteTrend(
  athlete: DigestAthlete,
  rows: readonly DigestSessionRow[],
  weeks: readonly IsoWeek[],
  historyStart: LocalDate | undefined,
  ctx: DigestContext = {},
): AthleteWeekFigures[] {
  const own = rows.filter((r) => r.athleteId === athlete.userId);
  return weeks.map((w) => athleteWeek(athlete, own, w, historyStart, ctx));
}

/** Names in the coach's order, case and accents aside: localeCompare(b, 'en', { sensitivity: 'base' }), built once. */
const BY_NAME = new Intl.Collator('en', { sensitivity: 'base' });

function byStatusThenName(a: AthleteWeekFigures, b: AthleteWeekFigures): number {
  return (
    STATUS_ORDER[a.status.level] - STATUS_ORDER[b.status.level] ||
    BY_NAME.compare(a.athlete.displayName, b.athlete.displayName) ||
    a.athlete.userId.localeCompare(b.athlete.userId)
  );
}

/**
 * The digest of one week: every active athlete (or those of `group`), plus anyone who has
 * left the squad but had sessions that week; team totals over them.
 * @param rows the team's rows covering [loadWindowStart(week end), week end].
 */
export function buildDigest(input: {
  week: IsoWeek;
  roster: readonly DigestAthlete[];
  rows: readonly DigestSessionRow[];
  historyStarts: HistoryStarts;
  group?: string | null;
  /**
   * Athletes who said no to (or withdrew) storing what they report: named apart, and left out of
   * the judged athletes, the team's counts and the team's load (issue 11).
   */
  withoutConsent?: ReadonlySet<string>;
  ctx?: DigestContext;
}): DigestFigures {
  const ctx = input.ctx ?? {};
  const thresholds = resolveThresholds(ctx.thresholds);
  const span = weekSpan(input.week);
  const asOf = ctx.asOf !== undefined && ctx.asOf < span.end ? ctx.asOf : span.end;
  const byAthlete = groupByAthlete(input.rows);
  const group = input.group?.trim() ? input.group.trim() : null;
  const inGroup = (a: DigestAthlete) => group === null || a.groups.some((g) => g.toLowerCase() === group.toLowerCase());
  const hadSessions = (a: DigestAthlete) =>
    (byAthlete.get(a.userId) ?? []).some((r) => r.sessionDate >= span.start && r.sessionDate <= span.end);
  const everyone = input.roster
    .filter((a) => inGroup(a) && (a.active || hadSessions(a)))
    .map((a) => athleteWeek(a, byAthlete.get(a.userId) ?? [], input.week, input.historyStarts.get(a.userId), { ...ctx, thresholds, asOf }))
    .sort(byStatusThenName);
  const refused = (a: AthleteWeekFigures) => input.withoutConsent?.has(a.athlete.userId) ?? false;
  const athletes = everyone.filter((a) => !refused(a));
  const noConsent = everyone.filter(refused);
  const included = new Set(athletes.map((a) => a.athlete.userId));
  const recentWeeks = recentWeekLoads(
    input.rows.filter((r) => included.has(r.athleteId)),
    weeksEndingWith(input.week, DIGEST_LOOKBACK_DAYS / 7),
    new Map([...(ctx.otherLoads ?? new Map<string, readonly OtherSessionLoad[]>())].filter(([id]) => included.has(id))),
  );
  return {
    span,
    recentWeeks,
    inProgress: asOf < span.end,
    asOf,
    group,
    thresholds,
    athletes,
    team: teamTotals(athletes),
    ...(noConsent.length ? { noConsent } : {}),
  };
}

/** Team load per week over `weeks`: completed sessions plus rated other training, by type. */
export function recentWeekLoads(
  rows: readonly DigestSessionRow[],
  weeks: readonly IsoWeek[],
  other: ReadonlyMap<string, readonly OtherSessionLoad[]> = new Map(),
): WeekLoad[] {
  return weeks.map((w) => {
    const { start, end } = isoWeekRange(w);
    const byType: WeekLoadByType = { assigned: 0, practice: 0, match: 0, conditioning: 0, other: 0, total: 0 };
    const trained = new Set<string>();
    for (const r of rows) {
      if (r.outcome !== 'completed' || r.sessionDate < start || r.sessionDate > end) continue;
      byType.assigned += r.loadAu ?? 0;
      trained.add(r.athleteId);
    }
    for (const [athleteId, sessions] of other) {
      for (const s of sessions) {
        if (s.localDate < start || s.localDate > end) continue;
        byType[s.type] += otherSessionLoad(s);
        trained.add(athleteId);
      }
    }
    byType.total = byType.assigned + byType.practice + byType.match + byType.conditioning + byType.other;
    return { label: formatIsoWeek(w), start, load: byType.total, athletesWhoTrained: trained.size, byType };
  });
}

export function teamTotals(athletes: readonly AthleteWeekFigures[]): TeamWeekFigures {
  const sum = (pick: (a: AthleteWeekFigures) => number) => athletes.reduce((s, a) => s + pick(a), 0);
  const due = sum((a) => a.sessions.due);
  const completed = sum((a) => a.sessions.completed);
  const loggers = athletes.filter((a) => a.sessions.completed > 0);
  const totalLoad = sum((a) => a.load.weekly);
  const statusCounts = { red: 0, amber: 0, green: 0 };
  for (const a of athletes) statusCounts[a.status.level] += 1;
  const byName = (x: DigestAthlete, y: DigestAthlete) => BY_NAME.compare(x.displayName, y.displayName);
  return {
    athletes: athletes.length,
    assigned: sum((a) => a.sessions.assigned),
    due,
    completed,
    missed: sum((a) => a.sessions.missed),
    excused: sum((a) => a.sessions.excused),
    unlogged: sum((a) => a.sessions.unlogged),
    upcoming: sum((a) => a.sessions.upcoming),
    compliance: due > 0 ? completed / due : null,
    totalLoad,
    meanLoad: loggers.length > 0 ? loggers.reduce((s, a) => s + a.load.weekly, 0) / loggers.length : null,
    statusCounts,
    painFlags: sum((a) => a.pain.flags),
    notSettled: sum((a) => a.pain.notSettled),
    notLogged: athletes
      .filter((a) => a.sessions.due > 0 && a.sessions.completed === 0 && a.sessions.missed === 0)
      .map((a) => a.athlete)
      .sort(byName),
    nothingAssigned: athletes
      .filter((a) => a.sessions.assigned === 0)
      .map((a) => a.athlete)
      .sort(byName),
  };
}
