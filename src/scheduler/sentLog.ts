import type { Db } from '../db/database';
import { notificationKey, type DueNotification } from './job';

/** See migrations/0003_scheduler.sql for what each status means. */
export type NotificationStatus = 'claimed' | 'sending' | 'sent' | 'fallback' | 'skipped' | 'failed' | 'uncertain';
export type FinalStatus = 'sent' | 'fallback' | 'skipped' | 'failed';

export type NotificationKeyParts = Pick<DueNotification, 'kind' | 'guildId' | 'subject' | 'slot'>;

export interface SentLogEntry {
  kind: string;
  guildId: string;
  subject: string;
  slot: string;
  dueAt: string;
  status: NotificationStatus;
  owner: string | null;
  attempts: number;
  claimedAt: string | null;
  leaseUntil: string | null;
  firstSendAt: string | null;
  finishedAt: string | null;
  detail: string | null;
}

interface Row {
  kind: string;
  guild_id: string;
  subject: string;
  slot: string;
  due_at: string;
  status: NotificationStatus;
  owner: string | null;
  attempts: number;
  claimed_at: string | null;
  lease_until: string | null;
  first_send_at: string | null;
  finished_at: string | null;
  detail: string | null;
}

function toEntry(r: Row): SentLogEntry {
  return {
    kind: r.kind,
    guildId: r.guild_id,
    subject: r.subject,
    slot: r.slot,
    dueAt: r.due_at,
    status: r.status,
    owner: r.owner,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    leaseUntil: r.lease_until,
    firstSendAt: r.first_send_at,
    finishedAt: r.finished_at,
    detail: r.detail,
  };
}

const KEY_WHERE = 'kind = @kind AND guild_id = @guildId AND subject = @subject AND slot = @slot';

/**
 * The scheduler's decision log: one row per notification key (UNIQUE), written in the same
 * transaction as the outbox rows the decision owes, so a notification is decided once whatever
 * restarts happen and however many processes tick. Delivery is the outbox's (src/outbox).
 * Status 'sent' here means "its messages were written to the outbox"; 'skipped' says why not.
 */
export class SentLog {
  constructor(private readonly db: Db) {}

  /** Records the decision for `n`; false if it was already decided (by this or another process). */
  record(n: DueNotification, now: Date): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO notifications (kind, guild_id, subject, slot, due_at, status, attempts, finished_at, detail)
           VALUES (@kind, @guildId, @subject, @slot, @dueAt, 'sent', 1, @at, 'written to the outbox')
           ON CONFLICT (kind, guild_id, subject, slot) DO NOTHING`,
        )
        .run({ ...keyParams(n), dueAt: n.dueAt.toISOString(), at: now.toISOString() }).changes === 1
    );
  }

  /** A decision that nothing is owed after all (already logged, excused ...). */
  markDecidedSkip(n: NotificationKeyParts, why: string): void {
    this.db.prepare(`UPDATE notifications SET status = 'skipped', detail = @why WHERE ${KEY_WHERE}`).run({ ...keyParams(n), why });
  }

  /** Records a notification that was too late to send; does nothing if the key is already logged. */
  markSkipped(n: DueNotification, why: string, now: Date): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO notifications (kind, guild_id, subject, slot, due_at, status, attempts, finished_at, detail)
           VALUES (@kind, @guildId, @subject, @slot, @dueAt, 'skipped', 0, @at, @why)
           ON CONFLICT (kind, guild_id, subject, slot) DO NOTHING`,
        )
        .run({ ...keyParams(n), dueAt: n.dueAt.toISOString(), at: now.toISOString(), why }).changes === 1
    );
  }

  /** Keys of this kind (due at or after `since`) in a final state: nothing more to do for them. */
  settledKeys(kind: string, since: Date): Set<string> {
    const rows = this.db
      .prepare<[string, string], { guild_id: string; subject: string; slot: string }>(
        `SELECT guild_id, subject, slot FROM notifications WHERE kind = ? AND due_at >= ? AND status NOT IN ('claimed', 'sending')`,
      )
      .all(kind, since.toISOString());
    return new Set(rows.map((r) => notificationKey({ kind, guildId: r.guild_id, subject: r.subject, slot: r.slot })));
  }

  /** settledKeys for a few teams (the tick's chunk), through the (kind, guild_id, due_at) index. */
  settledKeysFor(kind: string, guildIds: readonly string[], since: Date): Set<string> {
    const rows = this.db
      .prepare<[string, string, string], { guild_id: string; subject: string; slot: string }>(
        `SELECT n.guild_id, n.subject, n.slot FROM json_each(?) g
         CROSS JOIN notifications n ON n.kind = ? AND n.guild_id = g.value AND n.due_at >= ?
         WHERE n.status NOT IN ('claimed', 'sending')`,
      )
      .all(JSON.stringify(guildIds), kind, since.toISOString());
    return new Set(rows.map((r) => notificationKey({ kind, guildId: r.guild_id, subject: r.subject, slot: r.slot })));
  }

  get(key: NotificationKeyParts): SentLogEntry | undefined {
    const row = this.db.prepare<Record<string, string>, Row>(`SELECT * FROM notifications WHERE ${KEY_WHERE}`).get(keyParams(key));
    return row && toEntry(row);
  }

  /** The log, oldest due first; optionally one guild and/or one kind. */
  list(filter: { guildId?: string; kind?: string } = {}): SentLogEntry[] {
    return this.db
      .prepare<{ guildId: string | null; kind: string | null }, Row>(
        `SELECT * FROM notifications WHERE (@guildId IS NULL OR guild_id = @guildId) AND (@kind IS NULL OR kind = @kind)
         ORDER BY due_at, kind, guild_id, subject, slot`,
      )
      .all({ guildId: filter.guildId ?? null, kind: filter.kind ?? null })
      .map(toEntry);
  }

  /** When the last tick (of any process) completed, to know after a restart how long we were down. */
  lastTickAt(): Date | null {
    const row = this.db.prepare<[], { value: string }>(`SELECT value FROM scheduler_state WHERE name = 'last_tick_at'`).get();
    return row ? new Date(row.value) : null;
  }

  recordTick(at: Date): void {
    // max(): two processes may finish ticks out of order.
    this.db
      .prepare(
        `INSERT INTO scheduler_state (name, value) VALUES ('last_tick_at', @at)
         ON CONFLICT (name) DO UPDATE SET value = max(value, excluded.value)`,
      )
      .run({ at: at.toISOString() });
  }
}

function keyParams(n: NotificationKeyParts): Record<string, string> {
  return { kind: n.kind, guildId: n.guildId, subject: n.subject, slot: n.slot };
}
