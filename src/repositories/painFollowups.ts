import type { Db } from '../db/database';
import { prescriptionSchema, type Prescription } from '../domain/library/schema';
import { PrescriptionStore } from './prescriptions';

export type PainAnswer = 'settled' | 'not_settled';

/** "Has it settled?", asked the morning after a session logged with pain above the safe band (Silbernagel et al. 2007). */
export interface PainFollowup {
  id: number;
  guildId: string;
  athleteId: string;
  assignmentId: number;
  pain: number;
  askedAt: string;
  answer: PainAnswer | null;
  answeredAt: string | null;
  earlyDeloadNotedAt: string | null;
}

/** Why a session was regressed: pain not settled by the morning, above the limit, or (rows before issue 8) above it twice in a row. */
export type AdjustmentReason = 'not_settled' | 'over_limit' | 'pain_twice';

/** A session regressed after pain; the original prescription is kept so staff can undo it. */
export interface SessionAdjustment {
  id: number;
  guildId: string;
  athleteId: string;
  assignmentId: number;
  sourceAssignmentId: number | null;
  reason: AdjustmentReason;
  originalPrescription: Prescription;
  createdAt: string;
  staffNotifiedAt: string | null;
  undoneAt: string | null;
  undoneBy: string | null;
}

interface FollowupRow {
  id: number;
  guild_id: string;
  athlete_id: string;
  assignment_id: number;
  pain: number;
  asked_at: string;
  answer: PainAnswer | null;
  answered_at: string | null;
  early_deload_noted_at: string | null;
}

interface AdjustmentRow {
  id: number;
  guild_id: string;
  athlete_id: string;
  assignment_id: number;
  source_assignment_id: number | null;
  reason: AdjustmentReason;
  original_prescription_json: string;
  created_at: string;
  staff_notified_at: string | null;
  undone_at: string | null;
  undone_by: string | null;
}

const toFollowup = (r: FollowupRow): PainFollowup => ({
  id: r.id,
  guildId: r.guild_id,
  athleteId: r.athlete_id,
  assignmentId: r.assignment_id,
  pain: r.pain,
  askedAt: r.asked_at,
  answer: r.answer,
  answeredAt: r.answered_at,
  earlyDeloadNotedAt: r.early_deload_noted_at,
});

const toAdjustment = (r: AdjustmentRow): SessionAdjustment => ({
  id: r.id,
  guildId: r.guild_id,
  athleteId: r.athlete_id,
  assignmentId: r.assignment_id,
  sourceAssignmentId: r.source_assignment_id,
  reason: r.reason,
  originalPrescription: prescriptionSchema.parse(JSON.parse(r.original_prescription_json)),
  createdAt: r.created_at,
  staffNotifiedAt: r.staff_notified_at,
  undoneAt: r.undone_at,
  undoneBy: r.undone_by,
});

export class PainFollowupRepository {
  constructor(private readonly db: Db) {}

  /** The follow-up for a session, created on first use (a retried send finds the same row). */
  ensure(f: { guildId: string; athleteId: string; assignmentId: number; pain: number }, now: Date): PainFollowup {
    this.db
      .prepare(
        `INSERT INTO pain_followups (guild_id, athlete_id, assignment_id, pain, asked_at) VALUES (@guildId, @athleteId, @assignmentId, @pain, @at)
         ON CONFLICT (assignment_id) DO NOTHING`,
      )
      .run({ ...f, at: now.toISOString() });
    return this.forAssignment(f.assignmentId)!;
  }

  get(id: number): PainFollowup | undefined {
    const row = this.db.prepare<[number], FollowupRow>('SELECT * FROM pain_followups WHERE id = ?').get(id);
    return row && toFollowup(row);
  }

  forAssignment(assignmentId: number): PainFollowup | undefined {
    const row = this.db.prepare<[number], FollowupRow>('SELECT * FROM pain_followups WHERE assignment_id = ?').get(assignmentId);
    return row && toFollowup(row);
  }

  /** Records the athlete's answer once; false if it was answered already (a double tap). */
  answer(id: number, athleteId: string, answer: PainAnswer, now: Date): boolean {
    return (
      this.db
        .prepare('UPDATE pain_followups SET answer = ?, answered_at = ? WHERE id = ? AND athlete_id = ? AND answer IS NULL')
        .run(answer, now.toISOString(), id, athleteId).changes === 1
    );
  }

  noteEarlyDeload(id: number, now: Date): void {
    this.db
      .prepare('UPDATE pain_followups SET early_deload_noted_at = ? WHERE id = ? AND early_deload_noted_at IS NULL')
      .run(now.toISOString(), id);
  }
}

export class SessionAdjustmentRepository {
  private readonly prescriptions: PrescriptionStore;

  constructor(private readonly db: Db) {
    this.prescriptions = new PrescriptionStore(db);
  }

  /**
   * Swaps the session's prescription for `regressed`, keeping the original, in one transaction.
   * A session is adjusted at most once (UNIQUE assignment_id): returns the existing adjustment
   * with created = false if it already was.
   */
  apply(
    a: { guildId: string; athleteId: string; assignmentId: number; original: Prescription; regressed: Prescription },
    source: { assignmentId: number; reason: AdjustmentReason },
    now: Date,
  ): { adjustment: SessionAdjustment; created: boolean } {
    return this.db.transaction(() => {
      const inserted = this.db
        .prepare(
          `INSERT INTO session_adjustments (guild_id, athlete_id, assignment_id, source_assignment_id, reason, original_prescription_json, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assignment_id) DO NOTHING`,
        )
        .run(a.guildId, a.athleteId, a.assignmentId, source.assignmentId, source.reason, JSON.stringify(a.original), now.toISOString());
      if (inserted.changes === 1) {
        this.db
          .prepare('UPDATE assignments SET prescription_id = ? WHERE guild_id = ? AND id = ?')
          .run(this.prescriptions.idOf(a.guildId, a.regressed), a.guildId, a.assignmentId);
      }
      return { adjustment: this.forAssignment(a.assignmentId)!, created: inserted.changes === 1 };
    })();
  }

  get(guildId: string, id: number): SessionAdjustment | undefined {
    const row = this.db
      .prepare<[string, number], AdjustmentRow>('SELECT * FROM session_adjustments WHERE guild_id = ? AND id = ?')
      .get(guildId, id);
    return row && toAdjustment(row);
  }

  forAssignment(assignmentId: number): SessionAdjustment | undefined {
    const row = this.db.prepare<[number], AdjustmentRow>('SELECT * FROM session_adjustments WHERE assignment_id = ?').get(assignmentId);
    return row && toAdjustment(row);
  }

  /** An adjustment made because of this (pain) session, if any. */
  bySource(sourceAssignmentId: number): SessionAdjustment | undefined {
    const row = this.db
      .prepare<[number], AdjustmentRow>('SELECT * FROM session_adjustments WHERE source_assignment_id = ? ORDER BY id LIMIT 1')
      .get(sourceAssignmentId);
    return row && toAdjustment(row);
  }

  markStaffNotified(id: number, now: Date): void {
    this.db
      .prepare('UPDATE session_adjustments SET staff_notified_at = ? WHERE id = ? AND staff_notified_at IS NULL')
      .run(now.toISOString(), id);
  }

  /**
   * Restores the original prescription, once, and only while the session is not logged
   * (a logged session's record of what was prescribed stays as it was done).
   */
  undo(
    guildId: string,
    id: number,
    by: string,
    now: Date,
  ): { ok: true; adjustment: SessionAdjustment } | { ok: false; why: 'not_found' | 'already_undone' | 'already_logged' } {
    return this.db.transaction(() => {
      const adjustment = this.get(guildId, id);
      if (!adjustment) return { ok: false as const, why: 'not_found' as const };
      if (adjustment.undoneAt) return { ok: false as const, why: 'already_undone' as const };
      const logged = this.db.prepare('SELECT 1 FROM checkins WHERE assignment_id = ?').get(adjustment.assignmentId) !== undefined;
      if (logged) return { ok: false as const, why: 'already_logged' as const };
      this.db
        .prepare('UPDATE assignments SET prescription_id = ? WHERE guild_id = ? AND id = ?')
        .run(this.prescriptions.idOf(guildId, adjustment.originalPrescription), guildId, adjustment.assignmentId);
      this.db.prepare('UPDATE session_adjustments SET undone_at = ?, undone_by = ? WHERE id = ?').run(now.toISOString(), by, id);
      return { ok: true as const, adjustment: this.get(guildId, id)! };
    })();
  }
}
