/**
 * Weekly digest use cases: the team digest (scheduled and /digest), one athlete's trend
 * (/athlete for coaches, /me for the athlete themself) and the CSV export (/export).
 *
 * Each computation is a fixed handful of set-based queries (see repositories/digest.ts),
 * independent of squad size: thresholds, roster, ONE sessions query over the load window,
 * and first-logged dates. The figures themselves are pure (domain/digest.ts).
 */
import type { Clock } from '../clock';
import { exportCsv, exportFilename } from '../csv/export';
import {
  athleteTrend,
  buildDigest,
  loadWindowStart,
  parseWeekInput,
  weekSpan,
  weeksEndingWith,
  type AthleteWeekFigures,
  type DigestAthlete,
  type DigestFigures,
} from '../domain/digest';
import { ACWR_HISTORY_DAYS } from '../domain/load';
import type { StatusThresholds } from '../domain/status';
import { addDays, daysBetween, isoWeekOf, isoWeekRange, isValidLocalDate, localDateOf, parseSessionDate, type IsoWeek, type LocalDate } from '../domain/time';
import type { Logger } from '../logger';
import type { Exercise } from '../domain/library/schema';
import type { DigestRepository } from '../repositories/digest';
import type { Team } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';

/** /athlete and /me show this many weeks unless asked otherwise. */
export const DEFAULT_TREND_WEEKS = 8;
export const MAX_TREND_WEEKS = 26;
/** /export covers the last 12 weeks unless asked otherwise, at most 2 years. */
export const DEFAULT_EXPORT_WEEKS = 12;
export const MAX_EXPORT_DAYS = 731;
/** Stay well under Discord's attachment limit (10 MiB for most servers). */
export const MAX_EXPORT_BYTES = 8 * 1024 * 1024;

export interface AthleteHistory {
  athlete: DigestAthlete;
  /** Date of the athlete's first assignment (null: nothing ever assigned); the weeks start there. */
  firstSession: LocalDate | null;
  weeks: AthleteWeekFigures[];
  thresholds: StatusThresholds;
}

export interface CsvExport {
  file: Buffer;
  filename: string;
  from: LocalDate;
  to: LocalDate;
  rows: number;
  timeZone: string;
}

export class DigestService {
  constructor(
    private readonly deps: {
      repo: DigestRepository;
      clock: Clock;
      logger: Logger;
      /** The team's exercises beside the built-in ones, so team sessions' hard sets count like built-in ones. */
      library?: (guildId: string) => readonly Exercise[];
    },
  ) {}

  /** The team's exercises are read only when a session uses one (most weeks: no extra query). */
  private libraryFor(guildId: string, rows: readonly { prescriptionJson: string | null }[]): readonly Exercise[] | undefined {
    if (!this.deps.library || !rows.some((r) => r.prescriptionJson?.includes('"exerciseId":"team-'))) return undefined;
    return this.deps.library(guildId);
  }

  today(team: Team): LocalDate {
    return localDateOf(this.deps.clock.now(), team.timeZone);
  }

  thresholds(team: Team): StatusThresholds {
    return this.deps.repo.thresholds(team.guildId);
  }

  /**
   * The digest of `week` for the team (or one group): 4 queries. A week that contains the
   * team's today is computed "as of" today (later sessions are still to come).
   */
  computeDigest(team: Team, week: IsoWeek, opts: { group?: string | null } = {}): DigestFigures {
    const { repo } = this.deps;
    const span = weekSpan(week);
    const today = this.today(team);
    const thresholds = repo.thresholds(team.guildId);
    const roster = repo.roster(team.guildId);
    const rows = repo.sessions(team.guildId, loadWindowStart(span.end), span.end, span.start);
    const historyStarts = repo.historyStarts(team.guildId, span.end);
    const dailyLoads = repo.dailyLoads(team.guildId, span.end);
    return buildDigest({ week, roster, rows, historyStarts, group: opts.group ?? null, ctx: { thresholds, asOf: today, dailyLoads, library: this.libraryFor(team.guildId, rows) } });
  }

  /** /digest: a coach's week input ('last', '2026-W11', a date) and optional group. */
  digestFor(team: Team, weekInput: string | null | undefined, group: string | null | undefined): Outcome<DigestFigures> {
    const today = this.today(team);
    let week = parseWeekInput(weekInput, today);
    if (!week.ok) {
      // A date as coaches type it ("26 Nov", "last monday"... "26/11"): the week it falls in.
      const date = pastDate(weekInput, today, team);
      if (date) week = parseWeekInput(date, today);
    }
    if (!week.ok) return week;
    const wanted = group?.trim() || null;
    const figures = this.computeDigest(team, week.value, { group: wanted });
    if (wanted && figures.athletes.length === 0) {
      const groups = [...new Set(this.deps.repo.roster(team.guildId).flatMap((a) => a.groups))].sort((a, b) => a.localeCompare(b));
      return refuse(`Nobody is in a group called "${wanted}". ${groups.length ? `Groups: ${groups.join(', ')}.` : 'There are no groups yet.'}`);
    }
    return ok(figures);
  }

  /**
   * One athlete's last `weeks` ISO weeks, the current one (in progress) last, but never from
   * before their first assignment: 5 queries, all scoped to the team AND the athlete. Refuses
   * someone who was never on the team's squad; `weeks` is empty when nothing was ever assigned.
   */
  athleteHistory(team: Team, athleteId: string, weeks: number = DEFAULT_TREND_WEEKS): Outcome<AthleteHistory> {
    const { repo } = this.deps;
    if (!Number.isInteger(weeks) || weeks < 1 || weeks > MAX_TREND_WEEKS) {
      return refuse(`Pick from 1 to ${MAX_TREND_WEEKS} weeks.`);
    }
    const athlete = repo.athlete(team.guildId, athleteId);
    if (!athlete) return refuse(`<@${athleteId}> has never been on this team's squad, so there is nothing to show.`);
    const today = this.today(team);
    const thresholds = repo.thresholds(team.guildId);
    const first = repo.firstAssignment(team.guildId, athleteId);
    if (first === undefined || first > isoWeekRange(isoWeekOf(today)).end) return ok({ athlete, thresholds, firstSession: first ?? null, weeks: [] });
    const firstMonday = isoWeekRange(isoWeekOf(first)).start;
    const list = weeksEndingWith(isoWeekOf(today), weeks).filter((w) => isoWeekRange(w).start >= firstMonday);
    const from = addDays(isoWeekRange(list[0]!).end, -(ACWR_HISTORY_DAYS - 1));
    const rows = repo.athleteSessions(team.guildId, athleteId, from, today, isoWeekRange(list[0]!).start);
    const historyStart = repo.historyStart(team.guildId, athleteId, today);
    const dailyLoads = repo.dailyLoads(team.guildId, today, athleteId);
    return ok({ athlete, thresholds, firstSession: first, weeks: athleteTrend(athlete, rows, list, historyStart, { thresholds, asOf: today, dailyLoads, library: this.libraryFor(team.guildId, rows) }) });
  }

  /** /export: the CSV of assignments and check-ins dated from..to (default: the last 12 weeks). */
  exportCsv(team: Team, fromInput: string | null | undefined, toInput: string | null | undefined): Outcome<CsvExport> {
    const today = this.today(team);
    const to = parseExportDate(toInput, today, 'end', team);
    if (!to.ok) return to;
    const defaultFrom = addDays(isoWeekRange(isoWeekOf(to.value)).start, -7 * (DEFAULT_EXPORT_WEEKS - 1));
    const from = fromInput?.trim() ? parseExportDate(fromInput, today, 'start', team) : ok(defaultFrom);
    if (!from.ok) return from;
    if (from.value > to.value) return refuse(`"from" (${from.value}) is after "to" (${to.value}).`);
    if (daysBetween(from.value, to.value) + 1 > MAX_EXPORT_DAYS) {
      return refuse(`That is more than ${MAX_EXPORT_DAYS} days. Export at most two years at a time.`);
    }
    const rows = this.deps.repo.exportRows(team.guildId, from.value, to.value);
    const file = exportCsv(rows, { timeZone: team.timeZone, today });
    if (file.length > MAX_EXPORT_BYTES) {
      return refuse(`The file would be ${(file.length / 1024 / 1024).toFixed(1)} MB, too big for Discord. Export a shorter range.`);
    }
    return ok({ file, filename: exportFilename(from.value, to.value), from: from.value, to: to.value, rows: rows.length, timeZone: team.timeZone });
  }
}

/**
 * A date in the past year as a coach types it ("26 Nov", "26/11" in the team's order, "yesterday"),
 * as YYYY-MM-DD; a date without a year is its latest occurrence up to today.
 */
function pastDate(input: string | null | undefined, today: LocalDate, team: Pick<Team, 'dateOrder'> | undefined): LocalDate | undefined {
  if (!input?.trim()) return undefined;
  const parsed = parseSessionDate(input, today, { maxPastDays: 364, maxFutureDays: 0, order: team?.dateOrder });
  return parsed.ok ? parsed.value : undefined;
}

/** An export bound: YYYY-MM-DD, an ISO week (its Monday or Sunday), 'today', or a date as coaches type it. */
export function parseExportDate(input: string | null | undefined, today: LocalDate, edge: 'start' | 'end', team?: Pick<Team, 'dateOrder'>): Outcome<LocalDate> {
  const text = (input ?? '').trim();
  if (text === '' || text.toLowerCase() === 'today') return ok(today);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return isValidLocalDate(text) ? ok(text) : refuse(`"${text}" is not a real calendar date. Use YYYY-MM-DD, e.g. 2026-03-09.`);
  }
  if (/^\d{4}-?w\d{1,2}$/i.test(text)) {
    const week = parseWeekInput(text, '9999-12-31');
    if (!week.ok) return week;
    const range = isoWeekRange(week.value);
    return ok(edge === 'start' ? range.start : range.end);
  }
  const lenient = pastDate(text, today, team);
  if (lenient) return ok(lenient);
  return refuse(`I couldn't read the date "${text}". Use a date such as 2026-03-09, "26 Nov" or "yesterday", an ISO week such as 2026-W11, or "today".`);
}
