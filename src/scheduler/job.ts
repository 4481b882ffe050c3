import type { Runtime } from '../app';
import type { LocalDate } from '../domain/time';
import type { OwedMessage } from '../outbox/messages';
import type { Team } from '../repositories/teams';
import type { TickContext } from './tickContext';

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

/** What a due notification turns into: messages owed (written to the outbox), or nothing and why. */
export type Owed = { owed: OwedMessage[] } | { skip: string };

/** What a job knows when it decides: the notification's key (the first message's outbox key) and its expiry. */
export interface OweContext {
  key: string;
  now: Date;
  /** dueAt + the job's grace: after this the message is no longer worth sending. */
  expiresAt: Date;
  /**
   * Re-checks shared by the decisions of one batch (one transaction): the team, its squad and its
   * excusals read once per team per batch, not once per notification. Read inside the batch's
   * transaction, so they are what the decision would have read itself.
   */
  reads?: DecideReads;
}

/** What owe() re-checks, read once per team per batch of decisions. */
export interface DecideReads {
  team(guildId: string): Team | undefined;
  onSquad(guildId: string, athleteId: string): boolean;
  isExcused(guildId: string, athleteId: string, date: LocalDate): boolean;
}

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
   * `tick` holds what this tick already read (teams, candidate sessions, excusals, deload weeks),
   * shared by every job; without it a job reads for itself.
   */
  due(app: Runtime, now: Date, since?: Date, tick?: TickContext): DueNotification[];
  /**
   * Decides what a due notification owes, re-checking the database (already logged, excused).
   * Runs inside the transaction that records the decision, so its state changes and the outbox
   * rows it returns commit together with it; it must not talk to Discord.
   */
  owe(app: Runtime, notification: DueNotification, ctx: OweContext): Owed;
}

/** The sent-log key of a notification, as one string (for sets and logs). */
export function notificationKey(n: Pick<DueNotification, 'kind' | 'guildId' | 'subject' | 'slot'>): string {
  return `${n.kind}|${n.guildId}|${n.subject}|${n.slot}`;
}
