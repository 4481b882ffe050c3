import type { Db } from '../db/database';

/** Interactions already handled, by id: each is processed once even if Discord delivers it twice. */
export class InteractionLog {
  constructor(private readonly db: Db) {}

  /** True the first time an interaction id is seen. */
  firstTime(i: { id: string; guildId: string | null; userId: string; what: string }, now: Date): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO interactions_seen (interaction_id, guild_id, user_id, what, seen_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (interaction_id) DO NOTHING`,
        )
        .run(i.id, i.guildId, i.userId, i.what, now.toISOString()).changes === 1
    );
  }

  /** Keeps what a confirmation button will need to redo this interaction's request. */
  keepPayload(id: string, payload: unknown): void {
    this.db.prepare('UPDATE interactions_seen SET payload = ? WHERE interaction_id = ?').run(JSON.stringify(payload), id);
  }

  /** The payload kept for an interaction of this server and user, if any. */
  payload<T>(id: string, guildId: string, userId: string): T | undefined {
    const row = this.db
      .prepare<[string, string, string], { payload: string | null }>(
        'SELECT payload FROM interactions_seen WHERE interaction_id = ? AND guild_id = ? AND user_id = ?',
      )
      .get(id, guildId, userId);
    return row?.payload ? (JSON.parse(row.payload) as T) : undefined;
  }

  /** Forgets interactions older than `before` (Discord never replays those). */
  prune(before: Date): number {
    return this.db.prepare('DELETE FROM interactions_seen WHERE seen_at < ?').run(before.toISOString()).changes;
  }
}
