/**
 * CSV export of assignments and check-ins: one row per assignment, for a coach's spreadsheet.
 *
 * - Written with csv-stringify: a header row, RFC 4180 quoting, CRLF line ends.
 * - A UTF-8 byte order mark, so Excel opens accented names correctly.
 * - Formula injection (OWASP "CSV Injection"): any text cell starting with = + - @ (or tab /
 *   carriage return, or their full-width forms) gets a leading ' (csv-stringify's
 *   `escape_formulas`), so a name or note like "=HYPERLINK(…)" is shown, never evaluated.
 *   Numbers are written as numbers and never escaped.
 * - Dates are ISO 8601: session dates are the team's local calendar dates, instants carry
 *   their UTC offset in the team's zone, and every row names the zone.
 */
import { TZDate } from '@date-fns/tz';
import { stringify } from 'csv-stringify/sync';
import { hardSetsOfSessions, type DigestSessionRow, type PainFollowupState } from '../domain/digest';
import { memoize } from '../memoize';
import type { Exercise } from '../domain/library/schema';
import { formatIsoWeek, isoWeekOf, weekdayShort, type LocalDate } from '../domain/time';

/** One assignment with its check-in, athlete and follow-up state, as the export query returns it. */
export interface ExportRow extends DigestSessionRow {
  athleteName: string;
  groups: string[];
  templateId: string;
  programWeek: number | null;
  plannedStartAt: string;
  plannedMinutes: number;
  missedReason: string | null;
  note: string | null;
  loggedAt: string | null;
  source: string | null;
}

export const EXPORT_COLUMNS = [
  'assignment_id',
  'session_date',
  'iso_week',
  'weekday',
  'planned_start',
  'time_zone',
  'athlete_id',
  'athlete_name',
  'groups',
  'session',
  'template_id',
  'program_week',
  'adjustment',
  'planned_minutes',
  'status',
  'rpe',
  'minutes',
  'load_au',
  'pain',
  'pain_area',
  'pain_settled',
  'prescribed_hard_sets_glutes',
  'prescribed_hard_sets_hamstrings',
  'prescribed_hard_sets_lower_back',
  'missed_reason',
  'athlete_note',
  'logged_at',
  'logged_via',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export type ExportStatus = 'completed' | 'missed' | 'excused' | 'not logged' | 'upcoming';

export function exportStatus(row: DigestSessionRow, today: LocalDate): ExportStatus {
  if (row.outcome === 'completed') return 'completed';
  if (row.excused) return 'excused';
  if (row.outcome === 'missed') return 'missed';
  return row.sessionDate > today ? 'upcoming' : 'not logged';
}

/** An instant as ISO 8601 in the team's zone with its offset, e.g. 2026-07-09T18:00:00+01:00. */
export function zonedIso(instant: string | null, timeZone: string): string {
  if (!instant) return '';
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return '';
  return new TZDate(ms, timeZone).toISOString().replace(/\.\d{3}(?=[-+Z])/, '');
}

const SETTLED: Record<PainFollowupState, string> = { settled: 'yes', not_settled: 'no', pending: 'awaiting answer' };

function adjustmentOf(prescriptionJson: string | null): string {
  if (prescriptionJson === null) return '';
  try {
    const parsed = JSON.parse(prescriptionJson) as { adjustment?: unknown };
    return typeof parsed.adjustment === 'string' ? parsed.adjustment : '';
  } catch {
    return '';
  }
}

export type ExportRecord = Record<ExportColumn, string | number>;

/**
 * What many rows share, worked out once per export: a year of a 200-athlete squad is 31,000 rows
 * but a few dozen prescriptions, start times and dates (per row, this was 0.1 ms: 3 s of the bot's thread).
 */
function exportCells(timeZone: string, library?: readonly Exercise[]) {
  return {
    // Prescribed hard sets of a session whatever its outcome (the digest counts completed ones only).
    sets: memoize(
      (row: ExportRow) => hardSetsOfSessions([{ ...row, outcome: 'completed' }], library).perMuscle,
      (row) => row.prescriptionJson,
    ),
    adjustment: memoize(adjustmentOf),
    time: memoize((instant: string | null) => zonedIso(instant, timeZone)),
    isoWeek: memoize((date: LocalDate) => formatIsoWeek(isoWeekOf(date))),
    weekday: memoize(weekdayShort),
  };
}

function toExportRecord(row: ExportRow, timeZone: string, today: LocalDate, cells: ReturnType<typeof exportCells>): ExportRecord {
  const sets = cells.sets(row);
  const blankIfNull = (v: number | null) => (v === null ? '' : v);
  return {
    assignment_id: row.assignmentId,
    session_date: row.sessionDate,
    iso_week: cells.isoWeek(row.sessionDate),
    weekday: cells.weekday(row.sessionDate),
    planned_start: cells.time(row.plannedStartAt),
    time_zone: timeZone,
    athlete_id: row.athleteId,
    athlete_name: row.athleteName,
    groups: row.groups.join('; '),
    session: row.title,
    template_id: row.templateId,
    program_week: blankIfNull(row.programWeek),
    adjustment: cells.adjustment(row.prescriptionJson),
    planned_minutes: row.plannedMinutes,
    status: exportStatus(row, today),
    rpe: blankIfNull(row.rpe),
    minutes: blankIfNull(row.minutes),
    load_au: blankIfNull(row.loadAu),
    pain: blankIfNull(row.pain),
    pain_area: row.painArea ?? '',
    pain_settled: row.painFollowup ? SETTLED[row.painFollowup] : '',
    prescribed_hard_sets_glutes: sets.glutes,
    prescribed_hard_sets_hamstrings: sets.hamstrings,
    prescribed_hard_sets_lower_back: sets.lowerBack,
    missed_reason: row.missedReason ?? '',
    athlete_note: row.note ?? '',
    logged_at: cells.time(row.loggedAt),
    logged_via: row.source ?? '',
  };
}

/** The CSV file: UTF-8 with BOM, header row, CRLF, formula-escaped text cells. */
export function exportCsv(rows: readonly ExportRow[], opts: { timeZone: string; today: LocalDate; library?: readonly Exercise[] }): Buffer {
  const cells = exportCells(opts.timeZone, opts.library);
  const records = rows.map((r) => toExportRecord(r, opts.timeZone, opts.today, cells));
  const text = stringify(records, {
    bom: true,
    header: true,
    columns: [...EXPORT_COLUMNS],
    record_delimiter: 'windows',
    escape_formulas: true,
  });
  return Buffer.from(text, 'utf8');
}

export function exportFilename(from: LocalDate, to: LocalDate): string {
  return `backline-${from}_to_${to}.csv`;
}
