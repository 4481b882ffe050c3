import type { Assignment } from '../repositories/assignments';
import type { Team } from '../repositories/teams';

/** What happened to a direct message. A closed DM is final: it is never retried. */
export type DirectResult =
  | { ok: true; channelId: string; messageId: string }
  | { ok: false; reason: 'dms_closed' | 'error'; detail: string };

export type PostResult = { ok: true; messageId: string } | { ok: false; detail: string };

export type { DirectNotice, NoticeButton, StaffNotice } from '../outbox/messages';
import type { DirectNotice, StaffNotice } from '../outbox/messages';

/**
 * Delivery options. `nonce` (at most 25 characters) is sent with enforce_nonce: Discord then
 * returns the first message instead of posting again when the same author repeats the nonce
 * within a few minutes, which makes a scheduler retry after a crash safe inside that window.
 */
export interface SendOptions {
  nonce?: string;
}

/** An embed described without Discord types (a subset of Discord's embed object). */
export interface StaffEmbed {
  title?: string;
  description?: string;
  color?: number;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  image?: { url: string };
}

/** A file attached to a staff message; an embed shows it with image.url 'attachment://<name>'. */
export interface StaffFile {
  name: string;
  data: Buffer;
  /** Alt text. */
  description?: string;
}

/** A rich message for the private staff channel (e.g. one part of the weekly digest). */
export interface StaffMessage {
  embeds: StaffEmbed[];
  files?: StaffFile[];
}

/**
 * The services' view of Discord. The discord.js shell implements it and does the rendering,
 * so the services stay free of Discord types and can be tested with a fake.
 */
export interface Messenger {
  sendSession(team: Team, assignment: Assignment, options?: SendOptions): Promise<DirectResult>;
  sendDirectText(userId: string, text: string): Promise<DirectResult>;
  /** A reminder or question by DM, with optional buttons; closed DMs come back as 'dms_closed' (never retried). */
  sendNotice(userId: string, notice: DirectNotice, options?: SendOptions): Promise<DirectResult>;
  /** Mentions athletes in the fallback channel: a session or reminder is waiting in /today. No health data. */
  postFallbackNotice(team: Team, athleteIds: string[], what: string, options?: SendOptions): Promise<PostResult>;
  postStaffNotice(team: Team, notice: StaffNotice, options?: SendOptions): Promise<PostResult>;
  /**
   * Embeds and attached images for the staff channel (the weekly digest). Optional, so fakes
   * need not implement it: without it the digest goes out as text notices, without charts.
   */
  postStaffMessage?(team: Team, message: StaffMessage, options?: SendOptions): Promise<PostResult>;
}
