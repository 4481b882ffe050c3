import type { Db } from '../db/database';
import type { NordicQuality, NordicSessionRecord } from '../domain/nordic';
import type { ProgramKey } from '../domain/programs';
import { NORDIC_TEMPLATE } from '../domain/sessionIds';

export interface NordicLog {
  assignmentId: number;
  athleteId: string;
  /** Reps per set; null = "all done" as prescribed. */
  reps: number[] | null;
  quality: NordicQuality | null;
  loggedAt: string;
}

export interface AthleteNordicRecords {
  athleteId: string;
  displayName: string;
  programId: number;
  records: NordicSessionRecord[];
}

interface RecordRow {
  athlete_id: string;
  display_name: string;
  program_id: number;
  program_week: number;
  session_date: string;
  outcome: 'completed' | 'missed' | null;
  reps_json: string | null;
  has_log: number;
}

export class NordicLogRepository {
  constructor(private readonly db: Db) {}

  /** The reps of one Nordic session; logging again replaces them. */
  save(
    entry: { guildId: string; athleteId: string; assignmentId: number; reps: number[] | null; quality: NordicQuality | null },
    now: Date,
  ): { replaced: boolean } {
    return this.db.transaction(() => {
      const replaced =
        this.db.prepare('SELECT 1 FROM nordic_logs WHERE guild_id = ? AND assignment_id = ?').get(entry.guildId, entry.assignmentId) !==
        undefined;
      this.db
        .prepare(
          `INSERT INTO nordic_logs (guild_id, athlete_id, assignment_id, reps_json, quality, logged_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (assignment_id) DO UPDATE SET reps_json = excluded.reps_json, quality = excluded.quality, logged_at = excluded.logged_at`,
        )
        .run(
          entry.guildId,
          entry.athleteId,
          entry.assignmentId,
          entry.reps === null ? null : JSON.stringify(entry.reps),
          entry.quality,
          now.toISOString(),
        );
      return { replaced };
    })();
  }

  get(guildId: string, assignmentId: number): NordicLog | undefined {
    const row = this.db
      .prepare<
        [string, number],
        { assignment_id: number; athlete_id: string; reps_json: string | null; quality: NordicQuality | null; logged_at: string }
      >('SELECT assignment_id, athlete_id, reps_json, quality, logged_at FROM nordic_logs WHERE guild_id = ? AND assignment_id = ?')
      .get(guildId, assignmentId);
    return (
      row && {
        assignmentId: row.assignment_id,
        athleteId: row.athlete_id,
        reps: row.reps_json === null ? null : (JSON.parse(row.reps_json) as number[]),
        quality: row.quality,
        loggedAt: row.logged_at,
      }
    );
  }

  /**
   * Every Nordic-protocol session of the team's programs, per athlete and program, as the
   * compliance domain reads them: reps logged, or "done" from a completed check-in (all done),
   * 'missed' from a missed check-in, 'open' otherwise. Optionally one athlete.
   */
  records(guildId: string, athleteId?: string): AthleteNordicRecords[] {
    const rows = this.db
      .prepare<{ guildId: string; athleteId: string | null; program: ProgramKey; template: string }, RecordRow>(
        `SELECT a.athlete_id, s.display_name, a.program_id, a.program_week, a.session_date, c.outcome, n.reps_json, n.id IS NOT NULL AS has_log
         FROM programs p
         -- The team's Nordic programs first, then their sessions by program (assignments_by_program):
         -- never the team's whole history of sessions (issue 14).
         CROSS JOIN assignments a ON a.program_id = p.id AND a.guild_id = p.guild_id
         JOIN athletes s ON s.guild_id = a.guild_id AND s.user_id = a.athlete_id
         LEFT JOIN checkins c ON c.assignment_id = a.id
         LEFT JOIN nordic_logs n ON n.assignment_id = a.id
         WHERE p.guild_id = @guildId AND p.program_key = @program AND (@athleteId IS NULL OR a.athlete_id = @athleteId)
           AND a.template_id = @template AND a.program_week IS NOT NULL
         ORDER BY s.display_name COLLATE NOCASE, a.athlete_id, a.program_id, a.session_date, a.id`,
      )
      .all({ guildId, athleteId: athleteId ?? null, program: 'nordic-protocol', template: NORDIC_TEMPLATE });
    const out: AthleteNordicRecords[] = [];
    for (const r of rows) {
      let entry = out.at(-1);
      if (!entry || entry.athleteId !== r.athlete_id || entry.programId !== r.program_id) {
        entry = { athleteId: r.athlete_id, displayName: r.display_name, programId: r.program_id, records: [] };
        out.push(entry);
      }
      const done = r.has_log === 1 || r.outcome === 'completed';
      entry.records.push({
        week: r.program_week,
        localDate: r.session_date,
        outcome: done ? 'done' : r.outcome === 'missed' ? 'missed' : 'open',
        reps: r.reps_json === null ? null : (JSON.parse(r.reps_json) as number[]),
      });
    }
    return out;
  }
}
