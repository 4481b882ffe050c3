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

export type OutboxBody =
  /** Text and buttons by DM. `fallbackWhat` is what the fallback ping says is waiting ("a session to log"). */
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
  /** The session it is about; with `onlyIfOpen` it is skipped if the session was logged, excused or removed meanwhile. */
  assignmentId?: number;
  onlyIfOpen?: boolean;
  /** Not before this instant (default: now). */
  notBefore?: Date;
  /** Retried until this instant, then recorded as expired and shown to the coaches. */
  expiresAt: Date;
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
  status: OutboxStatus;
  nonce: string;
  attempts: number;
  notBefore: Date;
  expiresAt: Date;
  createdAt: Date;
  firstAttemptAt: Date | null;
  finishedAt: Date | null;
  partsSent: number;
  resultChannelId: string | null;
  resultMessageId: string | null;
  detail: string | null;
}

/** How long messages stay worth sending, by purpose, when the caller has no better expiry (see README, Reminders). */
export const HOUR_MS = 3_600_000;
