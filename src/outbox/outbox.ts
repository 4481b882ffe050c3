import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/database';
import type { OutboxBody, OutboxEntry, OutboxStatus, OwedMessage, StaffReport } from './messages';

interface Row {
  id: number;
  guild_id: string;
  purpose: string;
  target: OutboxEntry['target'];
  athlete_id: string | null;
  dedupe_key: string | null;
  body: string;
  assignment_id: number | null;
  status: OutboxStatus;
  nonce: string;
  attempts: number;
  not_before: string;
  expires_at: string;
  created_at: string;
  first_attempt_at: string | null;
  last_attempt_at: string | null;
  maybe_sent_at: string | null;
  finished_at: string | null;
  parts_sent: number;
  result_channel_id: string | null;
  result_message_id: string | null;
  detail: string | null;
}

interface StoredBody {
  body: OutboxBody;
  onlyIfOpen?: boolean;
  ifDmsClosed?: StaffReport;
}

function toEntry(r: Row): OutboxEntry {
  const stored = JSON.parse(r.body) as StoredBody;
  return {
    id: r.id,
    guildId: r.guild_id,
    purpose: r.purpose,
    target: r.target,
    athleteId: r.athlete_id,
    key: r.dedupe_key,
    body: stored.body,
    assignmentId: r.assignment_id,
    onlyIfOpen: stored.onlyIfOpen === true,
    ifDmsClosed: stored.ifDmsClosed ?? null,
    status: r.status,
    nonce: r.nonce,
    attempts: r.attempts,
    notBefore: new Date(r.not_before),
    expiresAt: new Date(r.expires_at),
    createdAt: new Date(r.created_at),
    firstAttemptAt: r.first_attempt_at ? new Date(r.first_attempt_at) : null,
    maybeSentAt: r.maybe_sent_at ? new Date(r.maybe_sent_at) : null,
    finishedAt: r.finished_at ? new Date(r.finished_at) : null,
    partsSent: r.parts_sent,
    resultChannelId: r.result_channel_id,
    resultMessageId: r.result_message_id,
    detail: r.detail,
  };
}

/** Discord nonces are at most 25 characters: 100 bits of a SHA-256 of the message's identity (and part). */
export function nonceFor(identity: string, part?: number): string {
  return createHash('sha256')
    .update(part ? `${identity}#${part}` : identity)
    .digest('hex')
    .slice(0, 25);
}

export type FinalOutboxStatus = Exclude<OutboxStatus, 'pending' | 'sending'>;

/**
 * The outbox's storage. `enqueue` is meant to be called inside the caller's transaction, so the
 * message and the change that causes it commit together; everything else is the dispatcher's,
 * each state change one conditional statement, so two processes never both own a message.
 */
export class Outbox {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly db: Db) {}

  /**
   * Writes an owed message. With a key already present nothing is written and the existing row's
   * id is returned (`created: false`). The dispatcher is kicked after the current synchronous
   * work, i.e. after the caller's transaction has committed.
   */
  enqueue(m: OwedMessage, now: Date): { id: number; created: boolean } {
    const athleteId = m.target.to === 'athlete' ? m.target.athleteId : (m.aboutAthleteId ?? null);
    const identity = m.key ?? randomUUID();
    const stored: StoredBody = {
      body: m.body,
      ...(m.onlyIfOpen ? { onlyIfOpen: true } : {}),
      ...(m.ifDmsClosed ? { ifDmsClosed: m.ifDmsClosed } : {}),
    };
    const inserted = this.db
      .prepare<Record<string, unknown>, { id: number }>(
        `INSERT INTO outbox (guild_id, purpose, target, athlete_id, dedupe_key, body, assignment_id, status, nonce, not_before, expires_at, created_at)
         VALUES (@guildId, @purpose, @target, @athleteId, @key, @body, @assignmentId, 'pending', @nonce, @notBefore, @expiresAt, @now)
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id`,
      )
      .get({
        guildId: m.guildId,
        purpose: m.purpose,
        target: m.target.to,
        athleteId,
        key: m.key ?? null,
        body: JSON.stringify(stored),
        assignmentId: m.assignmentId ?? null,
        nonce: nonceFor(identity),
        notBefore: (m.notBefore ?? now).toISOString(),
        expiresAt: m.expiresAt.toISOString(),
        now: now.toISOString(),
      });
    if (inserted) {
      this.kickSoon();
      return { id: inserted.id, created: true };
    }
    const existing = this.db.prepare<[string], { id: number }>('SELECT id FROM outbox WHERE dedupe_key = ?').get(m.key!);
    return { id: existing!.id, created: false };
  }

  /** Records, under its key, a message that was already too late when it fell due (nothing is sent). */
  recordTooLate(m: OwedMessage, why: string, now: Date): boolean {
    const { id, created } = this.enqueue({ ...m, notBefore: now }, now);
    if (!created) return false;
    this.db
      .prepare(`UPDATE outbox SET status = 'skipped', detail = ?, finished_at = ? WHERE id = ? AND status = 'pending'`)
      .run(why, now.toISOString(), id);
    return true;
  }

  /** Keys already in the outbox among `keys` (whatever their state). */
  existingKeys(keys: readonly string[]): Set<string> {
    const found = new Set<string>();
    const stmt = this.db.prepare<[string], { dedupe_key: string }>(
      `SELECT dedupe_key FROM outbox WHERE dedupe_key IN (SELECT value FROM json_each(?))`,
    );
    for (let i = 0; i < keys.length; i += 500) {
      for (const r of stmt.all(JSON.stringify(keys.slice(i, i + 500)))) found.add(r.dedupe_key);
    }
    return found;
  }

  /** Whether anything delivers this outbox in this process (a dispatcher subscribed). */
  hasDeliverer(): boolean {
    return this.listeners.size > 0;
  }

  /** Called (once per burst) after new messages were written; the dispatcher subscribes. */
  onEnqueued(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private kickPending = false;

  private kickSoon(): void {
    if (this.kickPending || this.listeners.size === 0) return;
    this.kickPending = true;
    setImmediate(() => {
      this.kickPending = false;
      for (const l of this.listeners) l();
    });
  }

  /** Pending messages whose turn has come, oldest first. */
  due(now: Date, limit: number): OutboxEntry[] {
    return this.db
      .prepare<[string, number], Row>(`SELECT * FROM outbox WHERE status = 'pending' AND not_before <= ? ORDER BY not_before, id LIMIT ?`)
      .all(now.toISOString(), limit)
      .map(toEntry);
  }

  /** The earliest instant something pending falls due, to know when to look again. */
  nextDueAt(): Date | null {
    const row = this.db.prepare<[], { at: string | null }>(`SELECT min(not_before) AS at FROM outbox WHERE status = 'pending'`).get();
    return row?.at ? new Date(row.at) : null;
  }

  /** Takes a pending message for `owner` until the lease ends; from here a message may exist. */
  claim(id: number, owner: string, now: Date, leaseMs: number): OutboxEntry | undefined {
    const row = this.db
      .prepare<Record<string, unknown>, Row>(
        `UPDATE outbox SET status = 'sending', owner = @owner, lease_until = @lease, attempts = attempts + 1,
           first_attempt_at = COALESCE(first_attempt_at, @now), last_attempt_at = @now
         WHERE id = @id AND status = 'pending' AND not_before <= @now
         RETURNING *`,
      )
      .get({ id, owner, now: now.toISOString(), lease: new Date(now.getTime() + leaseMs).toISOString() });
    return row && toEntry(row);
  }

  /** The message was looked for and is not there: a resend is a first send again. */
  clearMaybeSent(id: number, owner: string): void {
    this.db.prepare(`UPDATE outbox SET maybe_sent_at = NULL WHERE id = ? AND owner = ? AND status = 'sending'`).run(id, owner);
  }

  /** Keeps a claim alive during a long send (a digest's many parts). */
  extendLease(id: number, owner: string, until: Date): boolean {
    return (
      this.db
        .prepare(`UPDATE outbox SET lease_until = ? WHERE id = ? AND owner = ? AND status = 'sending'`)
        .run(until.toISOString(), id, owner).changes === 1
    );
  }

  /** One part of a multi-part message was confirmed by Discord. */
  partSent(id: number, owner: string, partsSent: number, result: { channelId: string; messageId: string } | null): boolean {
    return (
      this.db
        .prepare(
          `UPDATE outbox SET parts_sent = @partsSent,
             result_channel_id = COALESCE(result_channel_id, @channelId), result_message_id = COALESCE(result_message_id, @messageId)
           WHERE id = @id AND owner = @owner AND status = 'sending'`,
        )
        .run({ id, owner, partsSent, channelId: result?.channelId ?? null, messageId: result?.messageId ?? null }).changes === 1
    );
  }

  /** Stores a final outcome. False if the claim was lost meanwhile. */
  finish(
    id: number,
    owner: string,
    status: FinalOutboxStatus,
    now: Date,
    extra: { detail?: string | null; channelId?: string | null; messageId?: string | null } = {},
  ): boolean {
    return (
      this.db
        .prepare(
          `UPDATE outbox SET status = @status, finished_at = @now, lease_until = NULL, detail = COALESCE(@detail, detail),
             result_channel_id = COALESCE(@channelId, result_channel_id), result_message_id = COALESCE(@messageId, result_message_id)
           WHERE id = @id AND owner = @owner AND status = 'sending'`,
        )
        .run({
          id,
          owner,
          status,
          now: now.toISOString(),
          detail: extra.detail ?? null,
          channelId: extra.channelId ?? null,
          messageId: extra.messageId ?? null,
        }).changes === 1
    );
  }

  /**
   * A transient failure: back to pending, next try at `at`. `maybeSent` (a 5xx or a timeout: Discord
   * may have created the message) remembers when this attempt started, for the nonce window.
   */
  retryAt(id: number, owner: string, at: Date, why: string, maybeSent: boolean): boolean {
    return (
      this.db
        .prepare(
          `UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL, not_before = @at, detail = @why,
             maybe_sent_at = CASE WHEN @maybeSent THEN COALESCE(maybe_sent_at, last_attempt_at) ELSE maybe_sent_at END
           WHERE id = @id AND owner = @owner AND status = 'sending'`,
        )
        .run({ at: at.toISOString(), why, id, owner, maybeSent: maybeSent ? 1 : 0 }).changes === 1
    );
  }

  /**
   * Settles claims of crashed or stalled processes: a 'sending' row whose lease ran out goes back
   * to pending, marked as possibly sent (the dispatcher resends inside the nonce window, and past
   * it looks for the message first). Pending rows past their expiry become 'expired'. Returns the
   * rows that became uncertain or expired, to be logged and shown to the coaches.
   */
  reap(now: Date, nonceCutoff: Date): OutboxEntry[] {
    const at = now.toISOString();
    return this.db.transaction(() => {
      // An interrupted attempt may have created the message: it counts from when it started.
      this.db
        .prepare(
          `UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL, detail = 'interrupted while sending; resent with the same nonce',
             maybe_sent_at = COALESCE(maybe_sent_at, last_attempt_at)
           WHERE status = 'sending' AND lease_until <= @at AND COALESCE(maybe_sent_at, last_attempt_at) > @cutoff AND expires_at > @at`,
        )
        .run({ at, cutoff: nonceCutoff.toISOString() });
      // Past the nonce window the dispatcher first looks for the message before sending again.
      this.db
        .prepare(
          `UPDATE outbox SET status = 'pending', owner = NULL, lease_until = NULL, detail = 'interrupted while sending; checked for before resending',
             maybe_sent_at = COALESCE(maybe_sent_at, last_attempt_at)
           WHERE status = 'sending' AND lease_until <= @at AND expires_at > @at`,
        )
        .run({ at });
      const uncertain = this.db
        .prepare<Record<string, string>, Row>(
          `UPDATE outbox SET status = 'uncertain', finished_at = @at, lease_until = NULL,
             detail = 'interrupted while sending and expired before it could be checked: it may or may not have arrived'
           WHERE status = 'sending' AND lease_until <= @at
           RETURNING *`,
        )
        .all({ at });
      const expired = this.db
        .prepare<Record<string, string>, Row>(
          `UPDATE outbox SET status = 'expired', finished_at = @at,
             detail = 'not delivered in time' || CASE WHEN detail IS NULL THEN '' ELSE ' (last error: ' || detail || ')' END
           WHERE status = 'pending' AND expires_at <= @at
           RETURNING *`,
        )
        .all({ at });
      return [...uncertain, ...expired].map(toEntry);
    })();
  }

  get(id: number): OutboxEntry | undefined {
    const row = this.db.prepare<[number], Row>('SELECT * FROM outbox WHERE id = ?').get(id);
    return row && toEntry(row);
  }

  getByKey(key: string): OutboxEntry | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM outbox WHERE dedupe_key = ?').get(key);
    return row && toEntry(row);
  }

  /** One team's messages, newest first; optionally created since an instant and/or in some states. */
  list(guildId: string, filter: { since?: Date; statuses?: readonly OutboxStatus[]; purpose?: string } = {}): OutboxEntry[] {
    return this.db
      .prepare<Record<string, string | null>, Row>(
        `SELECT * FROM outbox WHERE guild_id = @guildId AND (@since IS NULL OR created_at >= @since)
           AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
           AND (@purpose IS NULL OR purpose = @purpose)
         ORDER BY created_at DESC, id DESC`,
      )
      .all({
        guildId,
        since: filter.since?.toISOString() ?? null,
        statuses: filter.statuses ? JSON.stringify(filter.statuses) : null,
        purpose: filter.purpose ?? null,
      })
      .map(toEntry);
  }

  /** The state of some messages, by id (one query whatever their number). */
  statuses(ids: readonly number[]): Map<number, { status: OutboxStatus; detail: string | null }> {
    const rows = this.db
      .prepare<[string], { id: number; status: OutboxStatus; detail: string | null }>(
        `SELECT id, status, detail FROM outbox WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ids));
    return new Map(rows.map((r) => [r.id, { status: r.status, detail: r.detail }]));
  }

  /** Every row, oldest first (tests and the crash suite's audit). */
  all(): OutboxEntry[] {
    return this.db.prepare<[], Row>('SELECT * FROM outbox ORDER BY id').all().map(toEntry);
  }
}
