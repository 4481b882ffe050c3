/**
 * Weekly digest use cases: the team digest (scheduled and /digest), one athlete's trend
 * (/athlete for coaches, /me for the athlete themself) and the CSV export (/export).
 *
 * Each computation is a fixed handful of set-based queries (see repositories/digest.ts),
 * independent of squad size: thresholds, roster, ONE sessions query over the load window,
 * and first-logged dates. The figures themselves are pure (domain/digest.ts).
 */
import type { Clock } from '../clock';
import { otherTrainingCsv, readinessCsv } from '../csv/allTraining';
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
import { ACWR_HISTORY_DAYS, advanceEwmaState, type DatedLoad, type EwmaState } from '../domain/load';
import type { NordicCompliance } from '../domain/nordic';
import type { OtherSessionLoad } from '../domain/otherTraining';
import { READINESS_BASELINE_DAYS, readinessTotal } from '../domain/readiness';
import type { StatusThresholds } from '../domain/status';
import {
  addDays,
  daysBetween,
  isoWeekOf,
  isoWeekRange,
  isValidLocalDate,
  parseSessionDate,
  teamToday,
  weekdayShort,
  type IsoWeek,
  type LocalDate,
} from '../domain/time';
import type { Logger } from '../logger';
import type { AssignmentRepository } from '../repositories/assignments';
import type { Exercise } from '../domain/library/schema';
import type { DigestRepository } from '../repositories/digest';
import { ratedLoads, type OtherSession, type OtherTrainingRepository } from '../repositories/otherTraining';
import type { ReadinessRepository } from '../repositories/readiness';
import { athleteAllTraining, teamAllTrainingLines, teamAllTrainingWeek, type AthleteAllTraining } from './allTrainingFigures';
import type { AthleteNordic } from './nordic';
import type { Team } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';
import { onWorkerOrHere, type FromWorker } from './offThread';

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
  /** Other training (issue 13) as a second file; null when there was none in the range. */
  other?: { file: Buffer; filename: string; rows: number } | null;
  /** Readiness answers (issue 13) as a third file; null when there were none. */
  readiness?: { file: Buffer; filename: string; rows: number } | null;
}

/** Issue 13's stores: other training, readiness answers and Nordic compliance. */
export interface AllTrainingSources {
  other: OtherTrainingRepository;
  readiness: ReadinessRepository;
  assignments: AssignmentRepository;
  nordic: { compliance(guildId: string, athleteId?: string): AthleteNordic[] };
}

/** The whole history: other sessions feed the EWMA from the first one (like `dailyLoads`). */
const HISTORY_START: LocalDate = '0001-01-01';

/** /me and /athlete's all-training figures of the current week, with the readiness chart's points. */
export interface AthleteAllTrainingNow {
  figures: AthleteAllTraining;
  nordic: NordicCompliance | undefined;
  /** Readiness totals (5-35) over the trend's days, oldest first, and the athlete's own mean over the last 28 days. */
  readiness: { points: { localDate: LocalDate; total: number }[]; baselineMean: number | null };
}

export class DigestService {
  constructor(
    private readonly deps: {
      repo: DigestRepository;
      clock: Clock;
      logger: Logger;
      /** Without it (older tests) the digest counts assigned sessions only. */
      allTraining?: AllTrainingSources;
      /** The team's exercises beside the built-in ones, so team sessions' hard sets count like built-in ones. */
      library?: (guildId: string) => readonly Exercise[];
      /** Athletes' consent (issue 11): those who said no or withdrew are named, not judged. */
      consent?: (guildId: string) => ReadonlyMap<string, { stored: boolean; label: string }>;
      /** Heavy reads done off the bot's thread (createApp: on a chart worker, for a database file), or why they could not be. */
      offThread?: {
        figures(team: Team, week: IsoWeek, group: string | null): Promise<FromWorker<DigestFigures>>;
        exportCsv(team: Team, from: string | null, to: string | null): Promise<FromWorker<Outcome<CsvExport>>>;
      };
    },
  ) {}

  /** Rated other sessions per athlete from `from` (default: the whole history) up to `upTo`: ONE query. */
  private otherLoads(
    guildId: string,
    upTo: LocalDate,
    athleteId?: string,
    from: LocalDate = HISTORY_START,
  ): { loads: Map<string, OtherSessionLoad[]>; sessions: OtherSession[] } {
    const other = this.deps.allTraining?.other;
    const out = new Map<string, OtherSessionLoad[]>();
    if (!other) return { loads: out, sessions: [] };
    const sessions = athleteId ? other.forAthlete(guildId, athleteId, from, upTo) : other.forTeam(guildId, from, upTo);
    const byAthlete = new Map<string, typeof sessions>();
    for (const s of sessions) byAthlete.set(s.athleteId, [...(byAthlete.get(s.athleteId) ?? []), s]);
    for (const [id, list] of byAthlete) out.set(id, ratedLoads(list));
    return { loads: out, sessions };
  }

  /** The team's exercises are read only when a session uses one (most weeks: no extra query). */
  private libraryFor(guildId: string, rows: readonly { prescriptionJson: string | null }[]): readonly Exercise[] | undefined {
    if (!this.deps.library || !rows.some((r) => r.prescriptionJson?.includes('"exerciseId":"team-'))) return undefined;
    return this.deps.library(guildId);
  }

  /**
   * What the EWMA needs without reading years (issue 14): each athlete's start of load history
   * (first check-in or first rated other session), their EWMA state on `boundary` (the day before
   * the rows window), and the daily loads after it. A state that is stored and still valid is
   * advanced to `boundary`; one the triggers deleted (its history changed) is rebuilt from that
   * athlete's whole history, once; both are stored again. The figures are those of the whole
   * history (test/storage/digestEwma.test.ts). Synchronous from the first read to the write, so no
   * check-in of this process can come between.
   */
  private loadHistory(
    guildId: string,
    upTo: LocalDate,
    asOf: LocalDate,
    boundary: LocalDate,
  ): { starts: Map<string, LocalDate>; states: Map<string, EwmaState>; dailyLoads: Map<string, DatedLoad[]>; from: LocalDate } {
    const { repo } = this.deps;
    const starts = repo.historyStarts(guildId, upTo);
    if (boundary >= asOf) return { starts, states: new Map(), dailyLoads: repo.dailyLoads(guildId, upTo), from: HISTORY_START };
    // Other training starts the load history too (read up to asOf, as the figures read it).
    if (this.deps.allTraining) {
      for (const [id, first] of repo.firstRatedOther(guildId, asOf)) {
        const gym = starts.get(id);
        if (gym === undefined || first < gym) starts.set(id, first);
      }
    }
    const stored = repo.ewmaStates(guildId);
    const states = new Map<string, EwmaState>();
    const advance = new Map<string, EwmaState>();
    const rebuild: string[] = [];
    for (const [id, start] of starts) {
      if (start > boundary || boundary >= asOf) continue; // the bounded read holds their whole history
      const state = stored.get(id);
      if (state && state.start === start && state.through <= boundary) advance.set(id, state);
      else rebuild.push(id);
    }
    let from = addDays(boundary, 1);
    for (const s of advance.values()) if (s.through < from) from = addDays(s.through, 1);
    const dailyLoads = repo.dailyLoads(guildId, upTo, undefined, from);
    const behind = [...advance].filter(([, s]) => s.through < boundary).map(([id]) => id);
    const otherFrom = this.deps.allTraining ? repo.ratedOtherLoadsOf(guildId, behind, boundary, from) : new Map<string, DatedLoad[]>();
    const changed = new Map<string, EwmaState>();
    for (const [id, state] of advance) {
      if (state.through === boundary) states.set(id, state);
      else {
        const loads = [...(dailyLoads.get(id) ?? []), ...(otherFrom.get(id) ?? [])];
        changed.set(id, advanceEwmaState(loads, state.start, boundary, state));
      }
    }
    if (rebuild.length > 0) {
      const gym = repo.dailyLoadsOf(guildId, rebuild, boundary);
      const otherLoads = this.deps.allTraining ? repo.ratedOtherLoadsOf(guildId, rebuild, boundary) : new Map<string, DatedLoad[]>();
      for (const id of rebuild) {
        const state = advanceEwmaState([...(gym.get(id) ?? []), ...(otherLoads.get(id) ?? [])], starts.get(id)!, boundary);
        // A digest of an older week must not replace a newer state with an older one.
        const newer = stored.get(id);
        if (newer && newer.start === state.start && newer.through > boundary) states.set(id, state);
        else changed.set(id, state);
      }
    }
    repo.saveEwmaStates(guildId, changed);
    for (const [id, state] of changed) states.set(id, state);
    return { starts, states, dailyLoads, from };
  }

  thresholds(team: Team): StatusThresholds {
    return this.deps.repo.thresholds(team.guildId);
  }

  /**
   * Why a week's digest would have nothing to say (no athlete on the squad, nothing assigned that
   * week), or undefined when it is worth posting: two indexed reads, so the scheduler can decide in
   * its tick and leave the figures to the courier, which computes them off the event loop.
   */
  nothingToReport(team: Team, week: IsoWeek): string | undefined {
    const span = weekSpan(week);
    const { squad, assigned } = this.deps.repo.weekToReport(team.guildId, span.start, span.end);
    if (!squad) return 'no athletes on the squad';
    // A week with nothing assigned (the team's first, or a break) has nothing to report: no empty digest.
    if (!assigned) return 'nothing was assigned that week';
    return undefined;
  }

  /**
   * The digest of `week` for the team (or one group): 4 queries. A week that contains the
   * team's today is computed "as of" today (later sessions are still to come).
   */
  computeDigest(team: Team, week: IsoWeek, opts: { group?: string | null } = {}): DigestFigures {
    const { repo } = this.deps;
    const span = weekSpan(week);
    const today = teamToday(team, this.deps.clock);
    const thresholds = repo.thresholds(team.guildId);
    const roster = repo.roster(team.guildId);
    const windowStart = loadWindowStart(span.end);
    const rows = repo.sessions(team.guildId, windowStart, span.end, span.start);
    const asOf = today < span.end ? today : span.end;
    const history = this.loadHistory(team.guildId, span.end, asOf, addDays(windowStart, -1));
    const other = this.otherLoads(team.guildId, span.end, undefined, history.from);
    const consent = this.deps.consent?.(team.guildId);
    // An unanswered question is not a "no": those athletes are asked in their welcome DM.
    const withoutConsent = new Set(
      [...(consent ?? [])].filter(([, c]) => !c.stored && c.label !== 'consent not answered yet').map(([userId]) => userId),
    );
    const figures = buildDigest({
      week,
      roster,
      rows,
      historyStarts: history.starts,
      group: opts.group ?? null,
      withoutConsent,
      ctx: {
        thresholds,
        asOf: today,
        dailyLoads: history.dailyLoads,
        ewmaStates: history.states,
        otherLoads: other.loads,
        library: this.libraryFor(team.guildId, rows),
      },
    });
    const sources = this.deps.allTraining;
    if (sources) {
      const included = new Set(figures.athletes.map((a) => a.athlete.userId));
      // The week's other sessions come from the history already read (no second query).
      const weekOther = {
        forTeam: (_g: string, from: LocalDate, to: LocalDate) => other.sessions.filter((s) => s.sessionDate >= from && s.sessionDate <= to),
      };
      const week13 = teamAllTrainingWeek(
        { other: weekOther, readiness: sources.readiness },
        {
          guildId: team.guildId,
          weekStart: span.start,
          threshold: sources.readiness.settings(team.guildId).threshold,
          names: new Map(figures.athletes.map((a) => [a.athlete.userId, a.athlete.displayName])),
          nordic: sources.nordic.compliance(team.guildId).filter((n) => included.has(n.athleteId)),
          athleteIds: included,
        },
      );
      figures.allTrainingLines = teamAllTrainingLines(week13, weekdayShort);
    }
    return figures;
  }

  /**
   * The figures of `week` off the bot's thread when the app can (15-80 ms a team, 60-90 ms at 200
   * athletes, which would hold up every interaction meanwhile), else here. If the worker fails, the
   * figures are computed here, with a warning: the digest still goes out.
   */
  figures(team: Team, week: IsoWeek, opts: { group?: string | null } = {}): Promise<DigestFigures> {
    const { offThread, logger } = this.deps;
    return onWorkerOrHere(
      offThread && (() => offThread.figures(team, week, opts.group ?? null)),
      () => this.computeDigest(team, week, opts),
      (errors) => logger.warn({ guildId: team.guildId, errors }, 'digest figures failed on the worker; computed in-process'),
    );
  }

  /** /export's files (`exportCsv`), made off the bot's thread like `figures`, or here if the worker fails. */
  exportFiles(team: Team, fromInput: string | null | undefined, toInput: string | null | undefined): Promise<Outcome<CsvExport>> {
    const { offThread, logger } = this.deps;
    return onWorkerOrHere(
      offThread && (() => offThread.exportCsv(team, fromInput ?? null, toInput ?? null)),
      () => this.exportCsv(team, fromInput, toInput),
      (errors) => logger.warn({ guildId: team.guildId, errors }, 'export failed on the worker; made in-process'),
    );
  }

  /** /digest: a coach's week input ('last', '2026-W11', a date) and optional group. */
  async digestFor(team: Team, weekInput: string | null | undefined, group: string | null | undefined): Promise<Outcome<DigestFigures>> {
    const today = teamToday(team, this.deps.clock);
    let week = parseWeekInput(weekInput, today);
    if (!week.ok) {
      // A date as coaches type it ("26 Nov", "last monday"... "26/11"): the week it falls in.
      const date = pastDate(weekInput, today, team);
      if (date) week = parseWeekInput(date, today);
    }
    if (!week.ok) return week;
    const wanted = group?.trim() || null;
    const figures = await this.figures(team, week.value, { group: wanted });
    if (wanted && figures.athletes.length === 0) {
      const groups = [...new Set(this.deps.repo.roster(team.guildId).flatMap((a) => a.groups))].sort((a, b) => a.localeCompare(b));
      return refuse(
        `Nobody is in a group called "${wanted}". ${groups.length ? `Groups: ${groups.join(', ')}.` : 'There are no groups yet.'}`,
      );
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
    const today = teamToday(team, this.deps.clock);
    const thresholds = repo.thresholds(team.guildId);
    const first = repo.firstAssignment(team.guildId, athleteId);
    if (first === undefined || first > isoWeekRange(isoWeekOf(today)).end)
      return ok({ athlete, thresholds, firstSession: first ?? null, weeks: [] });
    const firstMonday = isoWeekRange(isoWeekOf(first)).start;
    const list = weeksEndingWith(isoWeekOf(today), weeks).filter((w) => isoWeekRange(w).start >= firstMonday);
    const from = addDays(isoWeekRange(list[0]!).end, -(ACWR_HISTORY_DAYS - 1));
    const rows = repo.athleteSessions(team.guildId, athleteId, from, today, isoWeekRange(list[0]!).start);
    const historyStart = repo.historyStart(team.guildId, athleteId, today);
    const dailyLoads = repo.dailyLoads(team.guildId, today, athleteId);
    const otherLoads = this.otherLoads(team.guildId, today, athleteId).loads;
    return ok({
      athlete,
      thresholds,
      firstSession: first,
      weeks: athleteTrend(athlete, rows, list, historyStart, {
        thresholds,
        asOf: today,
        dailyLoads,
        otherLoads,
        library: this.libraryFor(team.guildId, rows),
      }),
    });
  }

  /**
   * /me and /athlete's all-training field (issue 13): this week's load by type, monotony, strain
   * and ACWR of all training, readiness against the athlete's own baseline, Nordic compliance;
   * and the readiness chart's points from `from`. Null without the sources. Scoped to the team
   * AND the athlete.
   */
  athleteAllTraining(team: Team, athleteId: string, fromInput: LocalDate | null): AthleteAllTrainingNow | null {
    const sources = this.deps.allTraining;
    if (!sources) return null;
    const today = teamToday(team, this.deps.clock);
    const threshold = sources.readiness.settings(team.guildId).threshold;
    const weekStart = isoWeekRange(isoWeekOf(today)).start;
    const raw = athleteAllTraining(sources, { guildId: team.guildId, athleteId, weekStart, threshold });
    // Issue 8's rules for the ratio: none for a week in progress, none before 28 days of history
    // (gym check-ins or other training, whichever came first).
    const weekEnd = addDays(weekStart, 6);
    const gymStart = this.deps.repo.historyStart(team.guildId, athleteId, today);
    const otherStart = sources.other.forAthlete(team.guildId, athleteId, HISTORY_START, today).find((s) => s.rpe !== null)?.sessionDate;
    const start = [gymStart, otherStart].filter((d): d is LocalDate => d !== undefined).sort()[0];
    const historyDays = start === undefined ? 0 : daysBetween(start, weekEnd) + 1;
    const inProgress = today < weekEnd;
    const acwrNote = inProgress
      ? 'Load change (ACWR): shown once the week is over'
      : historyDays < ACWR_HISTORY_DAYS
        ? `Load change (ACWR): after 28 days of training (${Math.max(0, historyDays)} so far)`
        : undefined;
    const figures: AthleteAllTraining = { ...raw, inProgress, ...(acwrNote ? { acwrNote, acwrRatio: null } : {}) };
    const nordic = sources.nordic.compliance(team.guildId, athleteId)[0]?.compliance;
    const baselineFrom = addDays(today, -(READINESS_BASELINE_DAYS - 1));
    const from = fromInput ?? baselineFrom;
    const answers = sources.readiness.forAthlete(team.guildId, athleteId, from < baselineFrom ? from : baselineFrom, today);
    const recent = answers.filter((a) => a.localDate >= baselineFrom).map((a) => readinessTotal(a.answers));
    return {
      figures,
      nordic,
      readiness: {
        points: answers.filter((a) => a.localDate >= from).map((a) => ({ localDate: a.localDate, total: readinessTotal(a.answers) })),
        baselineMean: recent.length > 0 ? recent.reduce((x, y) => x + y, 0) / recent.length : null,
      },
    };
  }

  /** /export's third file: the team's readiness answers dated from..to with athlete names. */
  readinessRows(team: Team, from: LocalDate, to: LocalDate) {
    const sources = this.deps.allTraining;
    if (!sources) return [];
    const names = new Map(this.deps.repo.roster(team.guildId).map((a) => [a.userId, a.displayName]));
    return sources.readiness
      .forTeam(team.guildId, from, to)
      .sort(
        (a, b) =>
          a.localDate.localeCompare(b.localDate) ||
          (names.get(a.athleteId) ?? a.athleteId).localeCompare(names.get(b.athleteId) ?? b.athleteId),
      )
      .map((r) => ({ ...r, athleteName: names.get(r.athleteId) ?? r.athleteId }));
  }

  /** /export's second file: the team's other sessions dated from..to with athlete names. */
  otherTrainingRows(team: Team, from: LocalDate, to: LocalDate) {
    const sources = this.deps.allTraining;
    if (!sources) return [];
    const names = new Map(this.deps.repo.roster(team.guildId).map((a) => [a.userId, a.displayName]));
    return sources.other.forTeam(team.guildId, from, to).map((s) => ({ ...s, athleteName: names.get(s.athleteId) ?? s.athleteId }));
  }

  /** /export: the CSV of assignments and check-ins dated from..to (default: the last 12 weeks). */
  exportCsv(team: Team, fromInput: string | null | undefined, toInput: string | null | undefined): Outcome<CsvExport> {
    const today = teamToday(team, this.deps.clock);
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
    // Team sessions' own exercises count in the prescribed hard sets, as in the digest.
    const file = exportCsv(rows, { timeZone: team.timeZone, today, library: this.libraryFor(team.guildId, rows) });
    // Other training in its own file, so the session file's columns stay where coaches expect them.
    const otherRows = this.otherTrainingRows(team, from.value, to.value);
    const otherFile = otherRows.length > 0 ? otherTrainingCsv(otherRows, team.timeZone) : null;
    const readinessRows = this.readinessRows(team, from.value, to.value);
    const readinessFile = readinessRows.length > 0 ? readinessCsv(readinessRows, team.timeZone) : null;
    const bytes = file.length + (otherFile?.length ?? 0) + (readinessFile?.length ?? 0);
    if (bytes > MAX_EXPORT_BYTES) {
      return refuse(`The files would be ${(bytes / 1024 / 1024).toFixed(1)} MB, too big for Discord. Export a shorter range.`);
    }
    return ok({
      file,
      filename: exportFilename(from.value, to.value),
      from: from.value,
      to: to.value,
      rows: rows.length,
      timeZone: team.timeZone,
      other: otherFile ? { file: otherFile, filename: otherTrainingFilename(from.value, to.value), rows: otherRows.length } : null,
      readiness: readinessFile
        ? { file: readinessFile, filename: readinessFilename(from.value, to.value), rows: readinessRows.length }
        : null,
    });
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
export function parseExportDate(
  input: string | null | undefined,
  today: LocalDate,
  edge: 'start' | 'end',
  team?: Pick<Team, 'dateOrder'>,
): Outcome<LocalDate> {
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
  return refuse(
    `I couldn't read the date "${text}". Use a date such as 2026-03-09, "26 Nov" or "yesterday", an ISO week such as 2026-W11, or "today".`,
  );
}

/** 'backline-other-training-2026-01-05-to-2026-03-29.csv'. */
function otherTrainingFilename(from: LocalDate, to: LocalDate): string {
  return `backline-other-training-${from}-to-${to}.csv`;
}

/** 'backline-readiness-2026-01-05-to-2026-03-29.csv'. */
function readinessFilename(from: LocalDate, to: LocalDate): string {
  return `backline-readiness-${from}-to-${to}.csv`;
}
