import type { Db } from '../db/database';
import type { Prescription } from '../domain/library/schema';
import type { PainAreaKey } from '../domain/checkin';
import type { PainSide } from '../domain/pain';
import { PrescriptionStore } from './prescriptions';

export interface Checkin {
  outcome: 'completed' | 'missed';
  rpe: number | null;
  minutes: number | null;
  pain: number | null;
  painArea: PainAreaKey | null;
  painSide: PainSide | null;
  note: string | null;
  missedReason: string | null;
  loadAu: number | null;
  source: 'modal' | 'dm_reply' | 'command';
  loggedAt: string;
  updatedAt: string;
}

export interface Assignment {
  id: number;
  guildId: string;
  athleteId: string;
  templateId: string;
  title: string;
  sessionDate: string;
  plannedStartAt: string;
  plannedMinutes: number;
  prescription: Prescription;
  note: string | null;
  assignedBy: string;
  createdAt: string;
  deliveredVia: 'dm' | 'fallback' | null;
  deliveredAt: string | null;
  dmChannelId: string | null;
  dmMessageId: string | null;
  programId: number | null;
  programWeek: number | null;
  /** The athletes who got one /assign share it (the first row's id); null before batches existed. */
  batchId: number | null;
  /** Set when a coach cancelled it: it stays for the card but leaves compliance, reminders and /pending. */
  cancelledAt: string | null;
  cancelledBy: string | null;
  /** The date it was first planned for, once moved. */
  movedFromDate: string | null;
  checkin: Checkin | null;
}

export interface NewAssignment {
  guildId: string;
  athleteId: string;
  templateId: string;
  title: string;
  sessionDate: string;
  plannedStartAt: Date;
  plannedMinutes: number;
  prescription: Prescription;
  note: string | null;
  assignedBy: string;
  programId?: number | null;
  programWeek?: number | null;
  /** An exercise swapped for this athlete; its prescription already holds the swap. */
  swap?: { from: string; to: string } | null;
}

interface Row {
  id: number;
  guild_id: string;
  athlete_id: string;
  template_id: string;
  title: string;
  session_date: string;
  planned_start_at: string;
  planned_minutes: number;
  prescription_id: number;
  note: string | null;
  assigned_by: string;
  created_at: string;
  delivered_via: 'dm' | 'fallback' | null;
  delivered_at: string | null;
  dm_channel_id: string | null;
  dm_message_id: string | null;
  program_id: number | null;
  program_week: number | null;
  batch_id: number | null;
  cancelled_at: string | null;
  cancelled_by: string | null;
  moved_from_date: string | null;
  c_outcome: 'completed' | 'missed' | null;
  c_rpe: number | null;
  c_minutes: number | null;
  c_pain: number | null;
  c_pain_area: PainAreaKey | null;
  c_pain_side: PainSide | null;
  c_note: string | null;
  c_missed_reason: string | null;
  c_load_au: number | null;
  c_source: Checkin['source'] | null;
  c_logged_at: string | null;
  c_updated_at: string | null;
}

export const SELECT_ASSIGNMENTS = `
  SELECT a.*, c.outcome AS c_outcome, c.rpe AS c_rpe, c.minutes AS c_minutes, c.pain AS c_pain,
         c.pain_area AS c_pain_area, c.pain_side AS c_pain_side, c.note AS c_note, c.missed_reason AS c_missed_reason,
         c.load_au AS c_load_au, c.source AS c_source, c.logged_at AS c_logged_at, c.updated_at AS c_updated_at
  FROM assignments a LEFT JOIN checkins c ON c.assignment_id = a.id`;

function toAssignment(row: Row, prescriptions: PrescriptionStore): Assignment {
  return {
    id: row.id,
    guildId: row.guild_id,
    athleteId: row.athlete_id,
    templateId: row.template_id,
    title: row.title,
    sessionDate: row.session_date,
    plannedStartAt: row.planned_start_at,
    plannedMinutes: row.planned_minutes,
    prescription: prescriptions.get(row.prescription_id),
    note: row.note,
    assignedBy: row.assigned_by,
    createdAt: row.created_at,
    deliveredVia: row.delivered_via,
    deliveredAt: row.delivered_at,
    dmChannelId: row.dm_channel_id,
    dmMessageId: row.dm_message_id,
    programId: row.program_id,
    programWeek: row.program_week,
    batchId: row.batch_id,
    cancelledAt: row.cancelled_at,
    cancelledBy: row.cancelled_by,
    movedFromDate: row.moved_from_date,
    checkin: row.c_outcome
      ? {
          outcome: row.c_outcome,
          rpe: row.c_rpe,
          minutes: row.c_minutes,
          pain: row.c_pain,
          painArea: row.c_pain_area,
          painSide: row.c_pain_side,
          note: row.c_note,
          missedReason: row.c_missed_reason,
          loadAu: row.c_load_au,
          source: row.c_source!,
          loggedAt: row.c_logged_at!,
          updatedAt: row.c_updated_at!,
        }
      : null,
  };
}

export class AssignmentRepository {
  private readonly prescriptions: PrescriptionStore;
  private readonly toAssignment = (row: Row): Assignment => toAssignment(row, this.prescriptions);

  constructor(private readonly db: Db) {
    this.prescriptions = new PrescriptionStore(db);
  }

  /** Inserts all rows in one transaction: either every athlete gets the session or none does. */
  createMany(rows: NewAssignment[], now: Date): Assignment[] {
    const insert = this.db.prepare(
      `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes,
                                prescription_id, note, assigned_by, created_at, program_id, program_week)
       VALUES (@guildId, @athleteId, @templateId, @title, @sessionDate, @plannedStartAt, @plannedMinutes, @prescriptionId, @note, @assignedBy, @createdAt,
               @programId, @programWeek)`,
    );
    const mark = this.db.prepare('UPDATE assignments SET batch_id = ? WHERE id = ?');
    const swap = this.db.prepare(
      `INSERT INTO assignment_swaps (guild_id, assignment_id, athlete_id, from_exercise_id, to_exercise_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const ids = this.db.transaction(() => {
      const inserted = rows.map((r) => {
        const id = Number(
          insert.run({
            ...r,
            plannedStartAt: r.plannedStartAt.toISOString(),
            prescriptionId: this.prescriptions.idOf(r.guildId, r.prescription),
            createdAt: now.toISOString(),
            programId: r.programId ?? null,
            programWeek: r.programWeek ?? null,
          }).lastInsertRowid,
        );
        if (r.swap) swap.run(r.guildId, id, r.athleteId, r.swap.from, r.swap.to, r.assignedBy, now.toISOString());
        return id;
      });
      // One batch per call, so the coach can later fix the assignment for everyone who got it.
      for (const id of inserted) mark.run(inserted[0], id);
      return inserted;
    })();
    return ids.map((id) => this.get(rows[0]!.guildId, id)!);
  }

  /** Athletes who were given this session on this date since `since` (the duplicate /assign check). */
  recentlyAssigned(guildId: string, templateId: string, sessionDate: string, since: Date): Set<string> {
    const rows = this.db
      .prepare<[string, string, string, string], { athlete_id: string }>(
        `SELECT athlete_id FROM assignments WHERE guild_id = ? AND template_id = ? AND session_date = ? AND created_at >= ?`,
      )
      .all(guildId, templateId, sessionDate, since.toISOString());
    return new Set(rows.map((r) => r.athlete_id));
  }

  get(guildId: string, id: number): Assignment | undefined {
    const row = this.db.prepare<[string, number], Row>(`${SELECT_ASSIGNMENTS} WHERE a.guild_id = ? AND a.id = ?`).get(guildId, id);
    return row && this.toAssignment(row);
  }

  /** An assignment as its athlete reaches it from a DM button, which carries no server. */
  getForAthlete(athleteId: string, id: number): Assignment | undefined {
    const row = this.db.prepare<[string, number], Row>(`${SELECT_ASSIGNMENTS} WHERE a.athlete_id = ? AND a.id = ?`).get(athleteId, id);
    return row && this.toAssignment(row);
  }

  markDelivered(guildId: string, id: number, via: 'dm' | 'fallback', at: Date, dm?: { channelId: string; messageId: string }): void {
    this.db
      .prepare(
        `UPDATE assignments SET delivered_via = ?, delivered_at = ?, dm_channel_id = COALESCE(?, dm_channel_id), dm_message_id = COALESCE(?, dm_message_id)
         WHERE guild_id = ? AND id = ?`,
      )
      .run(via, at.toISOString(), dm?.channelId ?? null, dm?.messageId ?? null, guildId, id);
  }

  /** An athlete's sessions dated from..to (team-local dates, inclusive), earliest first. */
  forAthlete(guildId: string, athleteId: string, from: string, to: string): Assignment[] {
    return this.db
      .prepare<[string, string, string, string], Row>(
        `${SELECT_ASSIGNMENTS} WHERE a.guild_id = ? AND a.athlete_id = ? AND a.session_date BETWEEN ? AND ? AND a.cancelled_at IS NULL
         ORDER BY a.session_date, a.planned_start_at, a.id`,
      )
      .all(guildId, athleteId, from, to)
      .map(this.toAssignment);
  }

  /** A user's sessions not yet logged, in any team, planned within the window, latest first. */
  unloggedForUser(userId: string, fromInstant: Date, toInstant: Date): Assignment[] {
    return this.db
      .prepare<[string, string, string], Row>(
        `${SELECT_ASSIGNMENTS} WHERE a.athlete_id = ? AND c.id IS NULL AND a.cancelled_at IS NULL AND a.planned_start_at BETWEEN ? AND ?
         ORDER BY a.planned_start_at DESC, a.id DESC`,
      )
      .all(userId, fromInstant.toISOString(), toInstant.toISOString())
      .map(this.toAssignment);
  }

  /** A program's sessions, earliest first. */
  forProgram(guildId: string, programId: number): Assignment[] {
    return this.db
      .prepare<[string, number], Row>(
        `${SELECT_ASSIGNMENTS} WHERE a.guild_id = ? AND a.program_id = ? ORDER BY a.session_date, a.planned_start_at, a.id`,
      )
      .all(guildId, programId)
      .map(this.toAssignment);
  }
}
