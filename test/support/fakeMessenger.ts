import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import type { DirectNotice, DirectResult, Messenger, PostResult, StaffNotice } from '../../src/services/messenger';

/** Records what would reach Discord; users in `closedDms` refuse DMs as Discord's 50007 does. */
export class FakeMessenger implements Messenger {
  readonly closedDms = new Set<string>();
  readonly sessions: { userId: string; assignmentId: number }[] = [];
  readonly texts: { userId: string; text: string }[] = [];
  readonly notices: { userId: string; notice: DirectNotice }[] = [];
  readonly fallbackNotices: { guildId: string; athleteIds: string[]; what: string }[] = [];
  readonly staffNotices: { guildId: string; notice: StaffNotice }[] = [];
  private nextId = 1;

  async sendSession(_team: Team, assignment: Assignment): Promise<DirectResult> {
    if (this.closedDms.has(assignment.athleteId)) return { ok: false, reason: 'dms_closed', detail: 'DMs closed' };
    this.sessions.push({ userId: assignment.athleteId, assignmentId: assignment.id });
    return { ok: true, channelId: `dm-${assignment.athleteId}`, messageId: String(this.nextId++) };
  }

  async sendDirectText(userId: string, text: string): Promise<DirectResult> {
    if (this.closedDms.has(userId)) return { ok: false, reason: 'dms_closed', detail: 'DMs closed' };
    this.texts.push({ userId, text });
    return { ok: true, channelId: `dm-${userId}`, messageId: String(this.nextId++) };
  }

  async sendNotice(userId: string, notice: DirectNotice): Promise<DirectResult> {
    if (this.closedDms.has(userId)) return { ok: false, reason: 'dms_closed', detail: 'DMs closed' };
    this.notices.push({ userId, notice });
    return { ok: true, channelId: `dm-${userId}`, messageId: String(this.nextId++) };
  }

  async postFallbackNotice(team: Team, athleteIds: string[], what: string): Promise<PostResult> {
    if (!team.fallbackChannelId) return { ok: false, detail: 'no fallback channel is set' };
    this.fallbackNotices.push({ guildId: team.guildId, athleteIds, what });
    return { ok: true, messageId: String(this.nextId++) };
  }

  async postStaffNotice(team: Team, notice: StaffNotice): Promise<PostResult> {
    this.staffNotices.push({ guildId: team.guildId, notice });
    return { ok: true, messageId: String(this.nextId++) };
  }
}
