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

const CANDIDATE_COLUMNS = `a.id, a.guild_id, a.athlete_id, a.template_id, a.session_date, a.planned_start_at, a.planned_minutes,
  a.created_at, a.delivered_at, a.program_id, c.outcome AS c_outcome, c.pain AS c_pain, c.logged_at AS c_logged_at`;

function toCandidate(r: CandidateRow): SessionCandidate {
  return {
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
  };
}

/** A team's watermark row: see migrations/0016_tick_watermarks.sql. */
export interface Watermark {
  guildId: string;
  notBefore: Date | null;
  evaluatedAt: Date | null;
  changes: number;
}

/** An athlete's place in a team session whose RPE nudge may be due. */
export interface TeamRpeCandidateRow {
  guildId: string;
  otherSessionId: number;
  athleteId: string;
  endsAt: Date;
  rated: boolean;
}

/** The reads the scheduler's due() computations make, for every team at once or a few teams at a time. */
export class ScheduleRepository {
  constructor(private readonly db: Db) {}

  /**
   * Sessions of athletes still on their squad, dated from..to (local dates, inclusive): one team's
   * (the tick reads a few teams at a time, yielding between them) or, without a team, every team's.
   */
  sessionCandidates(from: LocalDate, to: LocalDate, guildId?: string): SessionCandidate[] {
    const rows = guildId
      ? this.db
          .prepare<[string, string, string], CandidateRow>(
            `SELECT ${CANDIDATE_COLUMNS}
             FROM assignments a
             -- CROSS JOIN: the team's sessions of the window first, not every athlete of every team.
             CROSS JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
             LEFT JOIN checkins c ON c.assignment_id = a.id
             WHERE a.guild_id = ? AND a.session_date BETWEEN ? AND ? AND a.cancelled_at IS NULL`,
          )
          .all(guildId, from, to)
      : this.db
          .prepare<[string, string], CandidateRow>(
            `SELECT ${CANDIDATE_COLUMNS}
             FROM assignments a
             -- CROSS JOIN keeps the sessions of the window as the outer loop: without statistics SQLite
             -- would walk every athlete of every team instead.
             CROSS JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
             LEFT JOIN checkins c ON c.assignment_id = a.id
             WHERE a.session_date BETWEEN ? AND ? AND a.cancelled_at IS NULL`,
          )
          .all(from, to);
    return rows.map(toCandidate);
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
   * deloadRows for a few teams (the tick's chunk): each team's deload sessions through the
   * (guild_id, adjustment, session_date) index, so a chunk costs what its teams hold, not the fleet's deload weeks.
   */
  deloadRowsFor(guildIds: readonly string[], from: LocalDate, to: LocalDate): DeloadRow[] {
    if (guildIds.length === 0) return [];
    return this.db
      .prepare<{ from: string; to: string; guilds: string; mobility: string }, DeloadRow>(
        // The deload sessions of each team through (guild_id, adjustment, session_date), and the
        // regressed ones whose original was a deload; then their program weeks.
        `WITH g AS (SELECT value AS guild_id FROM json_each(@guilds)),
              ids AS (
                SELECT a.id FROM g CROSS JOIN assignments a
                  ON a.guild_id = g.guild_id AND a.adjustment = 'deload' AND a.session_date BETWEEN @from AND @to
                UNION
                SELECT s.assignment_id FROM session_adjustments s
                WHERE s.undone_at IS NULL AND s.original_adjustment = 'deload' AND s.guild_id IN (SELECT guild_id FROM g))
         SELECT a.guild_id, a.athlete_id, a.program_id, a.program_week, MIN(a.session_date) AS first_date, a.title,
                p.start_date, a.created_at
         FROM ids CROSS JOIN assignments a ON a.id = ids.id
         JOIN programs p ON p.id = a.program_id AND p.stopped_at IS NULL
         JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
         WHERE a.session_date BETWEEN @from AND @to AND a.template_id != @mobility
         GROUP BY a.program_id, a.program_week`,
      )
      .all({ from, to, guilds: JSON.stringify(guildIds), mobility: MOBILITY_TEMPLATE });
  }

  /** Athletes' places in the teams' team sessions that ended at or after `endedFrom` (their RPE nudge may be due). */
  teamRpeCandidates(guildIds: readonly string[], endedFrom: Date): TeamRpeCandidateRow[] {
    if (guildIds.length === 0) return [];
    return this.db
      .prepare<[string, string], { guild_id: string; id: number; athlete_id: string; ends_at: string; rpe: number | null }>(
        `SELECT o.guild_id, o.id, o.athlete_id, ts.ends_at, o.rpe
         FROM json_each(?) g
         CROSS JOIN team_sessions ts ON ts.guild_id = g.value AND ts.ends_at >= ?
         JOIN other_sessions o ON o.team_session_id = ts.id AND o.guild_id = ts.guild_id
         ORDER BY ts.ends_at, o.id`,
      )
      .all(JSON.stringify(guildIds), endedFrom.toISOString())
      .map((r) => ({
        guildId: r.guild_id,
        otherSessionId: r.id,
        athleteId: r.athlete_id,
        endsAt: new Date(r.ends_at),
        rated: r.rpe !== null,
      }));
  }

  /** The team's athletes still on the squad (a batch of decisions re-checks membership against this). */
  squadIds(guildId: string): Set<string> {
    return new Set(
      this.db
        .prepare<[string], { user_id: string }>('SELECT user_id FROM athletes WHERE guild_id = ? AND removed_at IS NULL ORDER BY user_id')
        .all(guildId)
        .map((r) => r.user_id),
    );
  }

  /** Every team's watermark row (teams without one have none yet). */
  watermarks(): Map<string, Watermark> {
    const rows = this.db
      .prepare<[], { guild_id: string; not_before: string | null; evaluated_at: string | null; changes: number }>(
        'SELECT guild_id, not_before, evaluated_at, changes FROM scheduler_watermarks',
      )
      .all();
    return new Map(
      rows.map((r) => [
        r.guild_id,
        {
          guildId: r.guild_id,
          notBefore: r.not_before ? new Date(r.not_before) : null,
          evaluatedAt: r.evaluated_at ? new Date(r.evaluated_at) : null,
          changes: r.changes,
        },
      ]),
    );
  }

  /**
   * Makes sure each team has a watermark row (so the triggers can count its changes from now on)
   * and returns each one's change count, read before the tick reads the teams' data.
   */
  watermarkChanges(guildIds: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    if (guildIds.length === 0) return out;
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO scheduler_watermarks (guild_id) SELECT value FROM json_each(?) WHERE true ON CONFLICT (guild_id) DO NOTHING')
        .run(JSON.stringify(guildIds));
      for (const r of this.db
        .prepare<[string], { guild_id: string; changes: number }>(
          'SELECT w.guild_id, w.changes FROM json_each(?) g CROSS JOIN scheduler_watermarks w ON w.guild_id = g.value',
        )
        .all(JSON.stringify(guildIds)))
        out.set(r.guild_id, r.changes);
    })();
    return out;
  }

  /**
   * Stores "nothing can fall due for these teams before notBefore", each only if nothing was
   * written for the team since its change count was read (a write in between wins: the team is
   * looked at again at the next tick). Returns how many were stored.
   */
  storeWatermarks(list: readonly { guildId: string; notBefore: Date; changes: number }[], evaluatedAt: Date): number {
    if (list.length === 0) return 0;
    return this.db
      .prepare(
        `UPDATE scheduler_watermarks SET not_before = j.value ->> '$.notBefore', evaluated_at = ?
         FROM json_each(?) j
         WHERE scheduler_watermarks.guild_id = j.value ->> '$.guildId' AND scheduler_watermarks.changes = j.value ->> '$.changes'`,
      )
      .run(
        evaluatedAt.toISOString(),
        JSON.stringify(list.map((w) => ({ guildId: w.guildId, notBefore: w.notBefore.toISOString(), changes: w.changes }))),
      ).changes;
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
