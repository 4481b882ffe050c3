/**
 * What the bot owes, described without Discord types: services and scheduler jobs write these
 * intents into the outbox (src/outbox/outbox.ts) in the same transaction as the change that
 * causes them; the Discord layer (src/discord/courier.ts) renders and delivers them.
 */

/** A button described without Discord types; its custom id routes it (see src/discord/customIds.ts). */
export interface NoticeButton {
  customId: string;
  label: string;
  style: 'primary' | 'secondary' | 'success' | 'danger';
}

/** A short direct message: text and optional buttons. */
export interface DirectNotice {
  text: string;
  buttons?: NoticeButton[];
}

/** A message for the private staff channel; the only place team health data is posted. */
export interface StaffNotice {
  title: string;
  lines: string[];
  severity: 'info' | 'warning' | 'alert';
  /** Optional buttons under the notice (e.g. the pain regression's "Undo"). */
  buttons?: NoticeButton[];
}

/** Who a message is for. */
export type OutboxTarget =
  /** The athlete's DM; closed DMs become one ping in the team's fallback channel, without health data. */
  | { to: 'athlete'; athleteId: string }
  /** The team's private staff channel (health data allowed). */
  | { to: 'staff' }
  /** The team's fallback channel (never health data). */
  | { to: 'fallback' }
  /** The coaches wherever the bot can still reach them (the staff channel, else the fallback channel with the coach role). */
  | { to: 'coaches' };

/** Reminders and questions to an athlete, rendered by the Discord layer when sent (about the row's assignment where they need one). */
export type AthleteReminder =
  | { reminder: 'session_reminder' }
  | { reminder: 'checkin_prompt' }
  | { reminder: 'checkin_nudge' }
  | { reminder: 'mobility' }
  | { reminder: 'deload_heads_up'; weekStart: string }
  | { reminder: 'deload_start' }
  /** "Has the pain settled?" (pain-monitoring model) about the row's assignment. */
  | { reminder: 'pain_question'; followupId: number; pain: number; area: string | null };

/** Reports for the private staff channel, rendered by the Discord layer when sent. */
export type StaffReport =
  /** Pain above the team's limit on the row's assignment. */
  | { report: 'pain_flag'; athleteId: string; pain: number; area: string | null; note: string | null; painLimit: number }
  | { report: 'deload_week'; isoWeek: string; entries: { athleteId: string; title: string; weekStart: string; excused: boolean }[] }
  /** Pain that did not settle (or came twice): the next session regressed (target) or not (no target). */
  | {
      report: 'regression';
      athleteId: string;
      sourceAssignmentId: number;
      targetAssignmentId: number | null;
      adjustmentId: number | null;
      pain: number;
      area: string | null;
      painLimit: number;
      reason: 'not_settled' | 'over_limit' | 'pain_twice';
      previousPain: number | null;
      earlyDeloadFlags: string[] | null;
    }
  | { report: 'early_deload'; athleteId: string; flags: string[]; painLimit: number }
  /** The pain question could not reach the athlete (closed DMs). */
  | { report: 'pain_question_undelivered'; athleteId: string; pain: number };

export type OutboxBody =
  | ({ type: 'reminder'; fallbackWhat: string } & AthleteReminder)
  | ({ type: 'staffReport' } & StaffReport)
  /** Text and buttons by DM. `fallbackWhat` is what the fallback ping says is waiting ("a session to log"); empty: no ping (e.g. a welcome). */
  | { type: 'notice'; notice: DirectNotice; fallbackWhat: string }
  /** The session card of `assignmentId`, rendered when it is sent (so it shows the session as it is then). */
  | { type: 'session'; fallbackWhat: string }
  /** Edits the session card already delivered for `assignmentId` to show its current state (logged, cancelled, moved). */
  | { type: 'sessionCardUpdate' }
  | { type: 'staffNotice'; notice: StaffNotice }
  /** The weekly digest of an ISO week, rendered with its charts when it is sent, in as many messages as it needs. */
  | { type: 'digest'; week: string }
  /** Mentions athletes whose DMs are closed: something is waiting in /today. No health data. */
  | { type: 'fallbackPing'; athleteIds: string[]; what: string }
  /** A plain note to the coaches, e.g. the staff channel can no longer be reached. Never health data. */
  | { type: 'coachNote'; text: string };

/** A message the bot owes, as a service or job writes it. */
export interface OwedMessage {
  guildId: string;
  /** What it is, in the product's words: 'session', 'checkin_prompt', 'pain_flag', 'digest', ... */
  purpose: string;
  target: OutboxTarget;
  body: OutboxBody;
  /** At most one message per key (a scheduled notification's key, an interaction id, a check-in's flag). */
  key?: string;
  /** The athlete it is about, for a message to staff or the fallback channel (erasure and /status find it by this). */
  aboutAthleteId?: string;
  /** The session it is about; with `onlyIfOpen` it is skipped if the session was logged, excused or removed meanwhile. */
  assignmentId?: number;
  onlyIfOpen?: boolean;
  /** For a DM: what staff are told instead if the athlete's DMs are closed (e.g. a pain question they must ask in person). */
  ifDmsClosed?: StaffReport;
  /** Not before this instant (default: now). */
  notBefore?: Date;
  /** Retried until this instant, then recorded as expired and shown to the coaches. */
  expiresAt: Date;
}

/** A session's card (embed with Log / Couldn't train) owed to its athlete: the one shape /assign, the scheduler and a regression owe. */
export function sessionCardOwed(
  a: { id: number; guildId: string; athleteId: string },
  o: { purpose: string; key: string; fallbackWhat: string; expiresAt: Date; onlyIfOpen?: boolean },
): OwedMessage {
  return {
    guildId: a.guildId,
    purpose: o.purpose,
    target: { to: 'athlete', athleteId: a.athleteId },
    body: { type: 'session', fallbackWhat: o.fallbackWhat },
    key: o.key,
    assignmentId: a.id,
    ...(o.onlyIfOpen ? { onlyIfOpen: true } : {}),
    expiresAt: o.expiresAt,
  };
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'fallback' | 'skipped' | 'expired' | 'failed' | 'uncertain';

/** An outbox row as the dispatcher and /status read it. */
export interface OutboxEntry {
  id: number;
  guildId: string;
  purpose: string;
  target: OutboxTarget['to'];
  athleteId: string | null;
  key: string | null;
  body: OutboxBody;
  assignmentId: number | null;
  onlyIfOpen: boolean;
  ifDmsClosed: StaffReport | null;
  status: OutboxStatus;
  nonce: string;
  attempts: number;
  notBefore: Date;
  expiresAt: Date;
  createdAt: Date;
  firstAttemptAt: Date | null;
  /** The earliest attempt that may have created the message (5xx, timeout, crash mid-send). */
  maybeSentAt: Date | null;
  finishedAt: Date | null;
  partsSent: number;
  resultChannelId: string | null;
  resultMessageId: string | null;
  detail: string | null;
}

/** How long messages stay worth sending, by purpose, when the caller has no better expiry (see README, Reminders). */
export const HOUR_MS = 3_600_000;

/** What Discord did with one delivery attempt, as the Discord layer reports it. */
export type DeliveryResult =
  | { status: 'sent'; channelId: string; messageId: string }
  /** 5xx, 429 after the client's own retries, timeouts, the gateway or network down: try again later. */
  | {
      status: 'retry';
      why: string;
      retryAfterMs?: number;
      /** Discord may have created it (5xx, timeout): resend only inside the nonce window. */ maybeSent?: boolean;
    }
  /** The athlete's DMs are closed (50007): final, never retried; one fallback ping instead. */
  | { status: 'dms_closed' }
  /** The channel is gone or the bot may not post there (10003, 50001, 50013): the coaches are told. */
  | { status: 'unreachable'; why: string }
  /** Nothing to send any more (the session was deleted, the team is gone). */
  | { status: 'skipped'; why: string }
  /** Discord refused it for good (e.g. an invalid body, an unknown user). */
  | { status: 'failed'; why: string };

/** The Discord layer's side of the outbox: renders a message and sends it with its nonce. */
export interface Courier {
  /**
   * Delivers one message. A multi-part message (the digest) starts at part `entry.partsSent` and
   * reports each confirmed part through `partSent`, so a retry resumes after it.
   */
  deliver(
    entry: OutboxEntry,
    progress: { partSent(partsSent: number, result: { channelId: string; messageId: string }): void },
  ): Promise<DeliveryResult>;
  /**
   * Looks in the channel for a message an earlier, unanswered attempt may have created (past the
   * nonce window a resend is no longer deduplicated): found, surely absent, or can't tell.
   */
  findExisting(entry: OutboxEntry): Promise<{ channelId: string; messageId: string } | 'absent' | 'unknown'>;
}
