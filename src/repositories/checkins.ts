import type { Db } from '../db/database';
import type { CheckinValues } from '../domain/checkin';
import type { Checkin } from './assignments';

export type CheckinSource = 'modal' | 'dm_reply' | 'command';

export class CheckinRepository {
  constructor(private readonly db: Db) {}

  /** One check-in per assignment: a second log replaces the first. Returns whether it replaced one. */
  saveCompleted(
    target: { guildId: string; assignmentId: number; athleteId: string },
    values: CheckinValues,
    source: CheckinSource,
    now: Date,
  ): Saved {
    return this.upsert(
      target,
      { outcome: 'completed', ...values, painSide: values.painArea ? (values.painSide ?? null) : null, missedReason: null },
      source,
      now,
    );
  }

  saveMissed(
    target: { guildId: string; assignmentId: number; athleteId: string },
    reason: string | null,
    source: CheckinSource,
    now: Date,
  ): Saved {
    return this.upsert(
      target,
      { outcome: 'missed', rpe: null, minutes: null, pain: null, painArea: null, painSide: null, note: null, missedReason: reason },
      source,
      now,
    );
  }

  /** The athlete's most recently updated completed check-ins (any team), newest first: what a DM correction may mean. */
  recentCompleted(athleteId: string, limit: number): { guildId: string; assignmentId: number }[] {
    return this.db
      .prepare<[string, number], { guildId: string; assignmentId: number }>(
        `SELECT guild_id AS guildId, assignment_id AS assignmentId FROM checkins
         WHERE athlete_id = ? AND outcome = 'completed' ORDER BY updated_at DESC, id DESC LIMIT ?`,
      )
      .all(athleteId, limit);
  }

  private upsert(
    target: { guildId: string; assignmentId: number; athleteId: string },
    v: {
      outcome: 'completed' | 'missed';
      rpe: number | null;
      minutes: number | null;
      pain: number | null;
      painArea: string | null;
      painSide: string | null;
      note: string | null;
      missedReason: string | null;
    },
    source: CheckinSource,
    now: Date,
  ): Saved {
    const at = now.toISOString();
    return this.db.transaction((): Saved => {
      const existed =
        this.db.prepare('SELECT 1 FROM checkins WHERE assignment_id = ? AND guild_id = ?').get(target.assignmentId, target.guildId) !==
        undefined;
      // RETURNING hands back what SQLite stored (its computed load_au, the first logged_at), so callers need not read it again.
      const row = this.db
        .prepare<Record<string, unknown>, { load_au: number | null; logged_at: string; updated_at: string }>(
          `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, pain_side, note, missed_reason, source, logged_at, updated_at)
           VALUES (@guildId, @assignmentId, @athleteId, @outcome, @rpe, @minutes, @pain, @painArea, @painSide, @note, @missedReason, @source, @at, @at)
           ON CONFLICT (assignment_id) DO UPDATE SET
             outcome = excluded.outcome, rpe = excluded.rpe, minutes = excluded.minutes, pain = excluded.pain,
             pain_area = excluded.pain_area, pain_side = excluded.pain_side, note = excluded.note, missed_reason = excluded.missed_reason,
             source = excluded.source, updated_at = excluded.updated_at
           RETURNING load_au, logged_at, updated_at`,
        )
        .get({ ...target, ...v, source, at })!;
      const checkin: Checkin = {
        ...v,
        painArea: v.painArea as Checkin['painArea'],
        painSide: v.painSide as Checkin['painSide'],
        loadAu: row.load_au,
        source,
        loggedAt: row.logged_at,
        updatedAt: row.updated_at,
      };
      return { replaced: existed, checkin };
    })();
  }
}

/** What was stored: whether it replaced a check-in, and the check-in as an Assignment carries it. */
export interface Saved {
  replaced: boolean;
  checkin: Checkin;
}
