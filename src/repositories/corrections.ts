/**
 * Fixing what a coach got wrong: assignments cancelled, moved, noted or with an exercise
 * swapped; excusals ended early or removed; check-ins deleted when logged in error; and who
 * still owes a check-in. Every query is scoped to the team (guild).
 */
import type { Db } from '../db/database';
import type { Prescription } from '../domain/library/schema';
import type { LocalDate } from '../domain/time';
import { type Assignment, AssignmentRepository } from './assignments';
import { PrescriptionStore } from './prescriptions';

export interface Swap {
  id: number;
  assignmentId: number;
  athleteId: string;
  fromExerciseId: string;
  toExerciseId: string;
  createdBy: string;
  createdAt: string;
}

/** A session as /assignment offers it. */
export interface PickableAssignment {
  assignmentId: number;
  athleteId: string;
  displayName: string;
  title: string;
  sessionDate: LocalDate;
  /** Athletes on the same /assign (1 when alone). */
  batchSize: number;
  logged: boolean;
}

/** A session due and not logged: one row of /pending. */
export interface PendingSession {
  assignmentId: number;
  athleteId: string;
  displayName: string;
  templateId: string;
  title: string;
  sessionDate: LocalDate;
  plannedStartAt: string;
}

export class CorrectionRepository {
  private readonly assignments: AssignmentRepository;
  private readonly prescriptions: PrescriptionStore;

  constructor(private readonly db: Db) {
    this.assignments = new AssignmentRepository(db);
    this.prescriptions = new PrescriptionStore(db);
  }

  /** Every session of one /assign (its batch), or just this one if it has none. */
  batchOf(guildId: string, assignmentId: number): Assignment[] {
    const one = this.assignments.get(guildId, assignmentId);
    if (!one) return [];
    if (one.batchId === null) return [one];
    return this.db
      .prepare<[string, number], { id: number }>('SELECT id FROM assignments WHERE guild_id = ? AND batch_id = ? ORDER BY id')
      .all(guildId, one.batchId)
      .map((row) => this.assignments.get(guildId, row.id)!);
  }

  /** Cancels sessions not yet logged nor cancelled; returns the ids it cancelled. */
  cancel(guildId: string, ids: readonly number[], by: string, now: Date): number[] {
    const stmt = this.db.prepare(
      `UPDATE assignments SET cancelled_at = ?, cancelled_by = ?
       WHERE guild_id = ? AND id = ? AND cancelled_at IS NULL AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.assignment_id = assignments.id)`,
    );
    return this.db.transaction(() => ids.filter((id) => stmt.run(now.toISOString(), by, guildId, id).changes > 0))();
  }

  /** Moves sessions not yet logged nor cancelled to a new date and start; the first planned date is kept. */
  move(guildId: string, ids: readonly number[], to: { sessionDate: LocalDate; plannedStartAt: Date }): number[] {
    const stmt = this.db.prepare(
      `UPDATE assignments SET moved_from_date = COALESCE(moved_from_date, session_date), session_date = ?, planned_start_at = ?
       WHERE guild_id = ? AND id = ? AND cancelled_at IS NULL AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.assignment_id = assignments.id)`,
    );
    return this.db.transaction(() =>
      ids.filter((id) => stmt.run(to.sessionDate, to.plannedStartAt.toISOString(), guildId, id).changes > 0),
    )();
  }

  /** Sets (or, with null, clears) the coach's note on sessions that are not cancelled. */
  note(guildId: string, ids: readonly number[], note: string | null): number[] {
    const stmt = this.db.prepare('UPDATE assignments SET note = ? WHERE guild_id = ? AND id = ? AND cancelled_at IS NULL');
    return this.db.transaction(() => ids.filter((id) => stmt.run(note, guildId, id).changes > 0))();
  }

  /** Stores one athlete's swapped prescription and what was swapped, together. */
  swap(
    guildId: string,
    assignmentId: number,
    change: { from: string; to: string; prescription: Prescription },
    by: string,
    now: Date,
  ): boolean {
    return this.db.transaction(() => {
      const prescriptionId = this.prescriptions.idOf(guildId, change.prescription);
      const updated = this.db
        .prepare(
          `UPDATE assignments SET prescription_id = ?
           WHERE guild_id = ? AND id = ? AND cancelled_at IS NULL AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.assignment_id = assignments.id)`,
        )
        .run(prescriptionId, guildId, assignmentId);
      if (updated.changes === 0) return false;
      this.db
        .prepare(
          `INSERT INTO assignment_swaps (guild_id, assignment_id, athlete_id, from_exercise_id, to_exercise_id, created_by, created_at)
           SELECT guild_id, id, athlete_id, ?, ?, ?, ? FROM assignments WHERE guild_id = ? AND id = ?
           ON CONFLICT (assignment_id, from_exercise_id) DO UPDATE SET to_exercise_id = excluded.to_exercise_id,
             created_by = excluded.created_by, created_at = excluded.created_at`,
        )
        .run(change.from, change.to, by, now.toISOString(), guildId, assignmentId);
      return true;
    })();
  }

  swaps(guildId: string, assignmentId: number): Swap[] {
    return this.db
      .prepare<
        [string, number],
        {
          id: number;
          assignment_id: number;
          athlete_id: string;
          from_exercise_id: string;
          to_exercise_id: string;
          created_by: string;
          created_at: string;
        }
      >('SELECT * FROM assignment_swaps WHERE guild_id = ? AND assignment_id = ? ORDER BY id')
      .all(guildId, assignmentId)
      .map((r) => ({
        id: r.id,
        assignmentId: r.assignment_id,
        athleteId: r.athlete_id,
        fromExerciseId: r.from_exercise_id,
        toExerciseId: r.to_exercise_id,
        createdBy: r.created_by,
        createdAt: r.created_at,
      }));
  }

  /**
   * Deletes a check-in logged in error, and the pain follow-up it caused, keeping only who
   * deleted it and when. Returns false if the session had no check-in.
   */
  deleteCheckin(guildId: string, assignmentId: number, by: string, now: Date): boolean {
    return this.db.transaction(() => {
      const row = this.db
        .prepare<[string, number], { athlete_id: string }>('SELECT athlete_id FROM checkins WHERE guild_id = ? AND assignment_id = ?')
        .get(guildId, assignmentId);
      if (!row) return false;
      this.db.prepare('DELETE FROM pain_followups WHERE guild_id = ? AND assignment_id = ?').run(guildId, assignmentId);
      this.db.prepare('DELETE FROM checkins WHERE guild_id = ? AND assignment_id = ?').run(guildId, assignmentId);
      this.db
        .prepare('INSERT INTO checkin_deletions (guild_id, assignment_id, athlete_id, deleted_by, deleted_at) VALUES (?, ?, ?, ?, ?)')
        .run(guildId, assignmentId, row.athlete_id, by, now.toISOString());
      return true;
    })();
  }

  /**
   * Ends an excusal early: it now runs to `lastDay` (inclusive). Refuses (false) a last day
   * before it starts or not earlier than its current end.
   */
  endExcusal(guildId: string, excusalId: number, lastDay: LocalDate, by: string, now: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE excusals SET to_date = ?, ended_at = ?, ended_by = ?
           WHERE guild_id = ? AND id = ? AND from_date <= ? AND to_date > ?`,
        )
        .run(lastDay, now.toISOString(), by, guildId, excusalId, lastDay, lastDay).changes > 0
    );
  }

  /** Removes an excusal made in error: its dates count as ordinary days again. */
  removeExcusal(guildId: string, excusalId: number): boolean {
    return this.db.prepare('DELETE FROM excusals WHERE guild_id = ? AND id = ?').run(guildId, excusalId).changes > 0;
  }

  /** A team's sessions dated from..to, not cancelled, latest first (what /assignment offers to pick). */
  recent(guildId: string, from: LocalDate, to: LocalDate, athleteId: string | null, limit = 200): PickableAssignment[] {
    return this.db
      .prepare<
        { guildId: string; from: string; to: string; athleteId: string | null; limit: number },
        { id: number; athlete_id: string; display_name: string; title: string; session_date: string; batch_size: number; logged: number }
      >(
        `SELECT a.id, a.athlete_id, ath.display_name, a.title, a.session_date, c.id IS NOT NULL AS logged,
                CASE WHEN a.batch_id IS NULL THEN 1 ELSE (SELECT count(*) FROM assignments b WHERE b.guild_id = a.guild_id AND b.batch_id = a.batch_id AND b.cancelled_at IS NULL) END AS batch_size
         FROM assignments a
         JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id
         LEFT JOIN checkins c ON c.assignment_id = a.id
         WHERE a.guild_id = @guildId AND a.session_date BETWEEN @from AND @to AND a.cancelled_at IS NULL
           AND (@athleteId IS NULL OR a.athlete_id = @athleteId)
         ORDER BY a.session_date DESC, a.planned_start_at DESC, ath.display_name COLLATE NOCASE
         LIMIT @limit`,
      )
      .all({ guildId, from, to, athleteId, limit })
      .map((r) => ({
        assignmentId: r.id,
        athleteId: r.athlete_id,
        displayName: r.display_name,
        title: r.title,
        sessionDate: r.session_date,
        batchSize: r.batch_size,
        logged: r.logged === 1,
      }));
  }

  /**
   * Sessions due by `dueBy` and dated from..to that nobody has logged: not cancelled, athlete
   * still on the squad and not excused that day. Optionally one session (template) or one group
   * (compared without case or surrounding spaces).
   */
  pending(
    guildId: string,
    q: { from: LocalDate; to: LocalDate; dueBy: Date; templateId?: string | null; group?: string | null },
  ): PendingSession[] {
    return this.db
      .prepare<
        { guildId: string; from: string; to: string; dueBy: string; templateId: string | null; group: string | null },
        {
          id: number;
          athlete_id: string;
          display_name: string;
          template_id: string;
          title: string;
          session_date: string;
          planned_start_at: string;
        }
      >(
        `SELECT a.id, a.athlete_id, ath.display_name, a.template_id, a.title, a.session_date, a.planned_start_at
         FROM assignments a
         JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
         LEFT JOIN checkins c ON c.assignment_id = a.id
         WHERE a.guild_id = @guildId AND a.session_date BETWEEN @from AND @to AND a.planned_start_at <= @dueBy
           AND a.cancelled_at IS NULL AND c.id IS NULL
           AND NOT EXISTS (SELECT 1 FROM excusals e WHERE e.guild_id = a.guild_id AND e.athlete_id = a.athlete_id
                           AND e.from_date <= a.session_date AND e.to_date >= a.session_date)
           AND (@templateId IS NULL OR a.template_id = @templateId)
           AND (@group IS NULL OR EXISTS (SELECT 1 FROM athlete_groups g WHERE g.guild_id = a.guild_id AND g.user_id = a.athlete_id
                                          AND g.group_name = trim(@group) COLLATE NOCASE))
         ORDER BY a.session_date, ath.display_name COLLATE NOCASE, a.id`,
      )
      .all({ guildId, from: q.from, to: q.to, dueBy: q.dueBy.toISOString(), templateId: q.templateId ?? null, group: q.group ?? null })
      .map((r) => ({
        assignmentId: r.id,
        athleteId: r.athlete_id,
        displayName: r.display_name,
        templateId: r.template_id,
        title: r.title,
        sessionDate: r.session_date,
        plannedStartAt: r.planned_start_at,
      }));
  }
}
