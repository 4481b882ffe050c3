/**
 * CSV of the training Backline did not assign (issue 13), one row per other session, with the
 * same conventions as the session export (src/csv/export.ts): UTF-8 BOM, header, CRLF, formula
 * escaping, ISO dates in the team's zone. Its own file (other_training.csv) beside the sessions
 * file, so a coach's existing spreadsheet columns don't move. Sessions never carry hard sets.
 */
import { stringify } from 'csv-stringify/sync';
import { OTHER_SESSION_LABELS } from '../domain/otherTraining';
import { formatIsoWeek, isoWeekOf, weekdayShort } from '../domain/time';
import { readinessTotal } from '../domain/readiness';
import type { OtherSession } from '../repositories/otherTraining';
import type { StoredReadiness } from '../repositories/readiness';

export const OTHER_TRAINING_COLUMNS = [
  'other_session_id',
  'session_date',
  'iso_week',
  'weekday',
  'time_zone',
  'athlete_id',
  'athlete_name',
  'type',
  'team_session_id',
  'rpe',
  'minutes',
  'load_au',
  'pain',
  'logged_via',
] as const;

export function otherTrainingCsv(rows: readonly (OtherSession & { athleteName: string })[], timeZone: string): Buffer {
  const records = rows.map((r) => ({
    other_session_id: r.id,
    session_date: r.sessionDate,
    iso_week: formatIsoWeek(isoWeekOf(r.sessionDate)),
    weekday: weekdayShort(r.sessionDate),
    time_zone: timeZone,
    athlete_id: r.athleteId,
    athlete_name: r.athleteName,
    type: OTHER_SESSION_LABELS[r.type],
    team_session_id: r.teamSessionId ?? '',
    // A team session not yet rated: empty RPE and load, never 0 (0 would read as a rest day).
    rpe: r.rpe ?? '',
    minutes: r.minutes,
    load_au: r.loadAu ?? '',
    pain: r.pain ?? '',
    logged_via: r.source === 'team_session' ? 'team session' : r.source === 'dm_reply' ? 'DM' : 'command',
  }));
  return Buffer.from(
    stringify(records, {
      bom: true,
      header: true,
      columns: [...OTHER_TRAINING_COLUMNS],
      record_delimiter: 'windows',
      escape_formulas: true,
    }),
    'utf8',
  );
}

const READINESS_COLUMNS = [
  'answer_date',
  'iso_week',
  'weekday',
  'time_zone',
  'athlete_id',
  'athlete_name',
  'sleep',
  'fatigue',
  'soreness',
  'stress',
  'mood',
  'total',
  'answered_via',
] as const;

/**
 * CSV of readiness answers (1-7 each, 7 = best; total 5-35; Hooper and Mackinnon 1995, McLean
 * et al. 2010), one row per athlete and day, same conventions as above. Coaches only (/export):
 * wellness answers are their team's data, never another team's.
 */
export function readinessCsv(rows: readonly (StoredReadiness & { athleteName: string })[], timeZone: string): Buffer {
  const records = rows.map((r) => ({
    answer_date: r.localDate,
    iso_week: formatIsoWeek(isoWeekOf(r.localDate)),
    weekday: weekdayShort(r.localDate),
    time_zone: timeZone,
    athlete_id: r.athleteId,
    athlete_name: r.athleteName,
    ...r.answers,
    total: readinessTotal(r.answers),
    answered_via: r.source === 'buttons' ? 'buttons' : r.source === 'dm_reply' ? 'DM' : 'command',
  }));
  return Buffer.from(
    stringify(records, { bom: true, header: true, columns: [...READINESS_COLUMNS], record_delimiter: 'windows', escape_formulas: true }),
    'utf8',
  );
}
