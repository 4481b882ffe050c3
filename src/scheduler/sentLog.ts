import { createHash } from 'node:crypto';
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

export type ClaimResult =
  | {
      claimed: true;
      attempt: number;
      /** A send may already have happened (a stale 'sending' claim): resend only with the same nonce. */
      resend: boolean;
    }
  | { claimed: false };

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

/** Discord nonces are at most 25 characters: 100 bits of a SHA-256 of the key (and an optional part). */
export function nonceFor(key: NotificationKeyParts | string, part?: string): string {
  const base = typeof key === 'string' ? key : notificationKey(key);
  return createHash('sha256')
    .update(part ? `${base}#${part}` : base)
    .digest('hex')
    .slice(0, 25);
}

const KEY_WHERE = 'kind = @kind AND guild_id = @guildId AND subject = @subject AND slot = @slot';

/**
 * The sent log: one row per notification key. Every state change is a single conditional
 * statement, so two processes on one database file can never both own a notification.
 */
export class SentLog {
  constructor(private readonly db: Db) {}

  /**
   * Claims a notification for `owner`: a new key is inserted (ON CONFLICT DO NOTHING decides
   * between racing processes); an existing one is taken over only when its lease has run out,
   * it is below `maxAttempts`, and either nothing was sent yet ('claimed') or the first send
   * started after `nonceCutoff` (Discord still dedupes the nonce).
   */
  claim(n: DueNotification, owner: string, now: Date, opts: { leaseMs: number; nonceCutoff: Date; maxAttempts: number }): ClaimResult {
    const at = now.toISOString();
    const lease = new Date(now.getTime() + opts.leaseMs).toISOString();
    const inserted = this.db
      .prepare(
        `INSERT INTO notifications (kind, guild_id, subject, slot, due_at, status, owner, attempts, claimed_at, lease_until)
         VALUES (@kind, @guildId, @subject, @slot, @dueAt, 'claimed', @owner, 1, @at, @lease)
         ON CONFLICT (kind, guild_id, subject, slot) DO NOTHING`,
      )
      .run({ kind: n.kind, guildId: n.guildId, subject: n.subject, slot: n.slot, dueAt: n.dueAt.toISOString(), owner, at, lease });
    if (inserted.changes === 1) return { claimed: true, attempt: 1, resend: false };
    const taken = this.db
      .prepare<Record<string, unknown>, { status: NotificationStatus; attempts: number }>(
        `UPDATE notifications SET owner = @owner, attempts = attempts + 1, claimed_at = @at, lease_until = @lease
         WHERE ${KEY_WHERE} AND lease_until <= @at AND attempts < @maxAttempts
           AND (status = 'claimed' OR (status = 'sending' AND first_send_at > @nonceCutoff))
         RETURNING status, attempts`,
      )
      .get({ ...keyParams(n), owner, at, lease, maxAttempts: opts.maxAttempts, nonceCutoff: opts.nonceCutoff.toISOString() });
    return taken ? { claimed: true, attempt: taken.attempts, resend: taken.status === 'sending' } : { claimed: false };
  }

  /** From here on a message may exist. False if the claim was lost (another process took it over). */
  beginSend(n: NotificationKeyParts, owner: string, now: Date, leaseMs: number): boolean {
    const at = now.toISOString();
    return (
      this.db
        .prepare(
          `UPDATE notifications SET status = 'sending', first_send_at = COALESCE(first_send_at, @at), lease_until = @lease
           WHERE ${KEY_WHERE} AND owner = @owner AND status IN ('claimed', 'sending')`,
        )
        .run({ ...keyParams(n), owner, at, lease: new Date(now.getTime() + leaseMs).toISOString() }).changes === 1
    );
  }

  /** Stores the outcome. False if the claim was lost meanwhile (the new owner stores its own). */
  finish(n: NotificationKeyParts, owner: string, status: FinalStatus, detail: string | null, now: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE notifications SET status = @status, detail = @detail, finished_at = @at, lease_until = NULL
           WHERE ${KEY_WHERE} AND owner = @owner AND status IN ('claimed', 'sending')`,
        )
        .run({ ...keyParams(n), owner, status, detail, at: now.toISOString() }).changes === 1
    );
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

  /**
   * Settles claims whose lease ran out and that may not be taken over any more:
   * too late for their grace window, out of attempts, or (a send was under way) past the
   * nonce window. Nothing was sent for a 'claimed' row, so it becomes skipped or failed;
   * a 'sending' row may have reached Discord, so it becomes 'uncertain' and is never retried.
   */
  reapExpired(kind: string, now: Date, opts: { dueCutoff: Date; nonceCutoff: Date; maxAttempts: number }): number {
    return this.db
      .prepare(
        `UPDATE notifications SET
           status = CASE WHEN status = 'sending' THEN 'uncertain' WHEN due_at < @dueCutoff THEN 'skipped' ELSE 'failed' END,
           detail = CASE
             WHEN status = 'sending' THEN 'interrupted while sending; not retried outside the nonce window'
             WHEN due_at < @dueCutoff THEN 'claim abandoned; too late to send'
             ELSE 'claim abandoned ' || attempts || ' times' END,
           finished_at = @at, lease_until = NULL
         WHERE kind = @kind AND status IN ('claimed', 'sending') AND lease_until <= @at
           AND (due_at < @dueCutoff OR attempts >= @maxAttempts OR (status = 'sending' AND first_send_at <= @nonceCutoff))`,
      )
      .run({ kind, at: now.toISOString(), dueCutoff: opts.dueCutoff.toISOString(), nonceCutoff: opts.nonceCutoff.toISOString(), maxAttempts: opts.maxAttempts })
      .changes;
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
