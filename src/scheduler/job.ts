import type { App } from '../app';

/**
 * One notification the scheduler may send, identified by its key (kind, team, subject, slot).
 * The key is claimed in the sent-log table (UNIQUE) before sending, so it goes out once
 * whatever restarts happen and however many processes tick against the database.
 */
export interface DueNotification {
  kind: string;
  guildId: string;
  /** Who it is for: an athlete's user id, or 'staff' for the team's staff channel. */
  subject: string;
  /** What it is about, e.g. a local date '2026-03-09', an ISO week '2026-W11', or 'assignment:42'. */
  slot: string;
  /** When it should go out (UTC instant computed from the team's local time). */
  dueAt: Date;
}

export type SendOutcome = { status: 'sent' | 'fallback' } | { status: 'skipped'; why: string } | { status: 'failed'; why: string };

/** A kind of scheduled work. What is due is always computed from the database, never held in memory. */
export interface ScheduledJob {
  kind: string;
  /** How late it is still worth sending; older ones are recorded as skipped (a check-in prompt is useful 12 h late, a morning reminder is not). */
  graceMinutes: number;
  /**
   * Everything of this kind due at or before `now` and not older than the grace window.
   * With `since` (extension, used after downtime), everything due after `since` instead, even
   * beyond the grace window, so the runner can record what it is too late for as skipped.
   * Jobs that ignore `since` still work; what they missed just isn't recorded.
   */
  due(app: App, now: Date, since?: Date): DueNotification[];
  /** Sends one claimed notification; re-checks the database (e.g. already logged, excused) before sending. */
  send(app: App, notification: DueNotification, idempotencyKey: string): Promise<SendOutcome>;
}

/** The sent-log key of a notification, as one string (for sets and logs). */
export function notificationKey(n: Pick<DueNotification, 'kind' | 'guildId' | 'subject' | 'slot'>): string {
  return `${n.kind}|${n.guildId}|${n.subject}|${n.slot}`;
}
