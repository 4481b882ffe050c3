import type { Assignment } from '../repositories/assignments';
import type { Team } from '../repositories/teams';

/** What happened to a direct message. A closed DM is final: it is never retried. */
export type DirectResult =
  | { ok: true; channelId: string; messageId: string }
  | { ok: false; reason: 'dms_closed' | 'error'; detail: string };

export type PostResult = { ok: true; messageId: string } | { ok: false; detail: string };

/** A message for the private staff channel; the only place team health data is posted. */
export interface StaffNotice {
  title: string;
  lines: string[];
  severity: 'info' | 'warning' | 'alert';
}

/**
 * The services' view of Discord. The discord.js shell implements it and does the rendering,
 * so the services stay free of Discord types and can be tested with a fake.
 */
export interface Messenger {
  sendSession(team: Team, assignment: Assignment): Promise<DirectResult>;
  sendDirectText(userId: string, text: string): Promise<DirectResult>;
  /** Mentions athletes in the fallback channel: a session or reminder is waiting in /today. No health data. */
  postFallbackNotice(team: Team, athleteIds: string[], what: string): Promise<PostResult>;
  postStaffNotice(team: Team, notice: StaffNotice): Promise<PostResult>;
}
