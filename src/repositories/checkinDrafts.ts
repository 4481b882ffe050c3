import { z } from 'zod';
import type { Db } from '../db/database';
import type { CheckinDraft } from '../domain/checkinReply';
import { PAIN_AREAS, PAIN_SIDES } from '../domain/pain';

/** How long a half-finished DM check-in is kept: after this nothing from it is ever stored. */
export const DRAFT_LIFETIME_MS = 12 * 3_600_000;

const field = z.enum(['rpe', 'pain', 'minutes']);
const draftSchema = z.object({
  known: z.object({ rpe: z.number().int().optional(), pain: z.number().int().optional(), minutes: z.number().int().optional() }),
  area: z.enum(PAIN_AREAS).nullable(),
  side: z.enum(PAIN_SIDES).nullable(),
  note: z.string().nullable(),
  pending: z.object({ value: z.number().int(), candidates: z.array(field) }).nullable(),
  asked: z.array(field),
});

export interface StoredDraft {
  guildId: string;
  athleteId: string;
  assignmentId: number;
  draft: CheckinDraft;
  expiresAt: Date;
}

interface Row {
  guild_id: string;
  athlete_id: string;
  assignment_id: number;
  draft_json: string;
  expires_at: string;
}

/**
 * The DM conversation an athlete is in the middle of: one per athlete (their DMs are one
 * channel), for one session. Expired drafts are deleted, never read.
 */
export class CheckinDraftRepository {
  constructor(private readonly db: Db) {}

  /** The athlete's live draft; an expired one is deleted instead. */
  get(athleteId: string, now: Date): StoredDraft | undefined {
    this.purgeExpired(now);
    const row = this.db
      .prepare<[string], Row>('SELECT guild_id, athlete_id, assignment_id, draft_json, expires_at FROM checkin_drafts WHERE athlete_id = ?')
      .get(athleteId);
    if (!row) return undefined;
    const parsed = draftSchema.safeParse(JSON.parse(row.draft_json));
    if (!parsed.success) {
      this.delete(row.guild_id, athleteId);
      return undefined;
    }
    return { guildId: row.guild_id, athleteId, assignmentId: row.assignment_id, draft: parsed.data, expiresAt: new Date(row.expires_at) };
  }

  /** Starts or continues the athlete's conversation; it lives 12 hours from this message. */
  save(target: { guildId: string; athleteId: string; assignmentId: number }, draft: CheckinDraft, now: Date): void {
    const at = now.toISOString();
    this.db
      .prepare(
        `INSERT INTO checkin_drafts (guild_id, athlete_id, assignment_id, draft_json, created_at, updated_at, expires_at)
         VALUES (@guildId, @athleteId, @assignmentId, @json, @at, @at, @expiresAt)
         ON CONFLICT (athlete_id) DO UPDATE SET
           guild_id = excluded.guild_id, assignment_id = excluded.assignment_id, draft_json = excluded.draft_json,
           created_at = CASE WHEN checkin_drafts.assignment_id = excluded.assignment_id THEN checkin_drafts.created_at ELSE excluded.created_at END,
           updated_at = excluded.updated_at, expires_at = excluded.expires_at`,
      )
      .run({
        ...target,
        json: JSON.stringify(draftSchema.parse(draft)),
        at,
        expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS).toISOString(),
      });
  }

  delete(guildId: string, athleteId: string): void {
    this.db.prepare('DELETE FROM checkin_drafts WHERE guild_id = ? AND athlete_id = ?').run(guildId, athleteId);
  }

  /** Health data is not kept past its use: every expired draft, whichever team. */
  purgeExpired(now: Date): number {
    const at = now.toISOString();
    // Looked for first (by index): most DMs find none, and a read takes no write lock.
    if (!this.db.prepare('SELECT 1 FROM checkin_drafts WHERE expires_at <= ? LIMIT 1').get(at)) return 0;
    return this.db.prepare('DELETE FROM checkin_drafts WHERE expires_at <= ?').run(at).changes;
  }
}
