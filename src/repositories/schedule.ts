import type { Db } from '../db/database';
import type { LocalDate } from '../domain/time';
import { MOBILITY_TEMPLATE } from '../domain/sessionIds';

/** The lightweight view of an assignment the due() computations need, without parsing prescriptions. */
export interface SessionCandidate {
  id: number;
  guildId: string;
  athleteId: string;
  templateId: string;
  sessionDate: LocalDate;
  plannedStartAt: Date;
  plannedMinutes: number;
  createdAt: Date;
  deliveredAt: Date | null;
  programId: number | null;
  checkin: { outcome: 'completed' | 'missed'; pain: number | null; loggedAt: Date } | null;
}

interface CandidateRow {
  id: number;
  guild_id: string;
  athlete_id: string;
  template_id: string;
  session_date: string;
  planned_start_at: string;
  planned_minutes: number;
  created_at: string;
  delivered_at: string | null;
  program_id: number | null;
  c_outcome: 'completed' | 'missed' | null;
  c_pain: number | null;
  c_logged_at: string | null;
}

export interface DeloadRow {
  guild_id: string;
  athlete_id: string;
  program_id: number;
  program_week: number | null;
  first_date: string;
  start_date: string;
  title: string;
  created_at: string;
}

/** The reads the scheduler's due() computations make, across every team at once. */
export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  /** Sessions of athletes still on their squad, dated from..to (local dates, inclusive), every team. */
  sessionCandidates(from: LocalDate, to: LocalDate): SessionCandidate[] {
    return this.db
      .prepare<[string, string], CandidateRow>(
        `SELECT a.id, a.guild_id, a.athlete_id, a.template_id, a.session_date, a.planned_start_at, a.planned_minutes,
              a.created_at, a.delivered_at, a.program_id, c.outcome AS c_outcome, c.pain AS c_pain, c.logged_at AS c_logged_at
       FROM assignments a
       -- CROSS JOIN keeps the sessions of the window as the outer loop: without statistics SQLite
       -- would walk every athlete of every team instead.
       CROSS JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
       LEFT JOIN checkins c ON c.assignment_id = a.id
       WHERE a.session_date BETWEEN ? AND ? AND a.cancelled_at IS NULL`,
      )
      .all(from, to)
      .map((r) => ({
        id: r.id,
        guildId: r.guild_id,
        athleteId: r.athlete_id,
        templateId: r.template_id,
        sessionDate: r.session_date,
        plannedStartAt: new Date(r.planned_start_at),
        plannedMinutes: r.planned_minutes,
        createdAt: new Date(r.created_at),
        deliveredAt: r.delivered_at ? new Date(r.delivered_at) : null,
        programId: r.program_id,
        checkin: r.c_outcome ? { outcome: r.c_outcome, pain: r.c_pain, loggedAt: new Date(r.c_logged_at!) } : null,
      }));
  }

  /**
   * Deload weeks' first sessions dated from..to, for running programs of athletes on the squad.
   * A deload session later regressed after pain still counts (its original was the deload).
   */
  deloadRows(from: LocalDate, to: LocalDate, only?: { guildId: string; programId?: number }): DeloadRow[] {
    return this.db
      .prepare<{ from: string; to: string; guildId: string | null; programId: number | null; mobility: string }, DeloadRow>(
        // SQLite: bare columns next to MIN() come from the row holding the minimum (the first deload session).
        `SELECT a.guild_id, a.athlete_id, a.program_id, a.program_week, MIN(a.session_date) AS first_date, a.title,
                p.start_date, a.created_at
         FROM assignments a
         JOIN programs p ON p.id = a.program_id AND p.stopped_at IS NULL
         JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
         WHERE a.session_date BETWEEN @from AND @to AND a.template_id != @mobility
           AND (@guildId IS NULL OR a.guild_id = @guildId) AND (@programId IS NULL OR a.program_id = @programId)
           AND a.id IN (SELECT id FROM assignments WHERE adjustment = 'deload' AND session_date BETWEEN @from AND @to
                        UNION ALL
                        SELECT assignment_id FROM session_adjustments WHERE undone_at IS NULL AND original_adjustment = 'deload')
         GROUP BY a.program_id, a.program_week`,
      )
      .all({ from, to, guildId: only?.guildId ?? null, programId: only?.programId ?? null, mobility: MOBILITY_TEMPLATE });
  }

  /**
   * The last training (not mobility) day of each program before its date, in one statement for
   * the whole list (answers in the list's order; null where the program has none).
   */
  lastTrainingDaysBefore(list: readonly { programId: number; before: LocalDate }[]): (LocalDate | null)[] {
    if (list.length === 0) return [];
    const rows = this.db
      .prepare<[string, string], { i: number; d: string | null }>(
        `SELECT j.key AS i,
                (SELECT MAX(a.session_date) FROM assignments a
                 WHERE a.program_id = j.value ->> '$.programId' AND a.session_date < j.value ->> '$.before' AND a.template_id != ?) AS d
         FROM json_each(?) AS j`,
      )
      .all(MOBILITY_TEMPLATE, JSON.stringify(list));
    const out: (LocalDate | null)[] = list.map(() => null);
    for (const r of rows) out[r.i] = r.d;
    return out;
  }
}
