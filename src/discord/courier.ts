/**
 * The Discord side of the outbox: renders each owed message from what the database holds at
 * send time and posts it with the row's nonce (enforce_nonce), then says what Discord did.
 * This is the one place a message leaves the bot; the one "DM, or else fall back" rule is the
 * dispatcher's (src/outbox/dispatcher.ts).
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  EmbedBuilder,
  HTTPError,
  RateLimitError,
  RESTJSONErrorCodes,
  SnowflakeUtil,
  type APIEmbed,
  type Client,
  type MessageCreateOptions,
} from 'discord.js';
import type { Runtime } from '../app';
import type { PainArea } from '../domain/pain';
import type { Courier, DeliveryResult, DirectNotice, NoticeButton, OutboxEntry, StaffNotice } from '../outbox/messages';
import { addDays, isoWeekRange, zonedInstant, type IsoWeek } from '../domain/time';
import type { Assignment } from '../repositories/assignments';
import type { Team } from '../repositories/teams';
import { errorSummary } from '../outbox/dispatcher';
import { renderDigestWithCharts } from './render/digestMessages';
import { fitContent, fitEmbed } from './render/pack';
import { problemLine } from './render/status';
import { staffChannelGuard } from './staffChannel';
import {
  checkinNudgeNotice,
  checkinPromptNotice,
  deloadHeadsUpNotice,
  deloadStaffNotice,
  deloadStartNotice,
  earlyDeloadStaffNotice,
  mobilityReminderNotice,
  painDmsClosedStaffNotice,
  painFlagStaffNotice,
  painFollowupNotice,
  regressionStaffNotice,
  sessionReminderNotice,
} from './render/reminders';
import { sessionCardPayload, sessionEmbed } from './render/session';
import { correctedCardPayload } from './render/teamSession';

const SEVERITY_COLOUR: Record<StaffNotice['severity'], number> = { info: 0x3b82f6, warning: 0xf59e0b, alert: 0xdc2626 };

const BUTTON_STYLE: Record<NoticeButton['style'], ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Buttons in rows of 5, at most 5 rows (Discord's limits): an RPE 0-10 scale takes 3 rows, a 1-7 scale 2. */
export function noticeButtonRows(buttons: readonly NoticeButton[] | undefined): ActionRowBuilder<ButtonBuilder>[] {
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  const kept = (buttons ?? []).slice(0, 25);
  for (let i = 0; i < kept.length; i += 5) {
    rows.push(
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        kept.slice(i, i + 5).map((b) => new ButtonBuilder().setCustomId(b.customId).setLabel(b.label).setStyle(BUTTON_STYLE[b.style])),
      ),
    );
  }
  return rows;
}

export function staffNoticeEmbed(notice: StaffNotice): EmbedBuilder {
  return new EmbedBuilder()
    .setColor(SEVERITY_COLOUR[notice.severity])
    .setTitle(notice.title.slice(0, 256))
    .setDescription(fitContent(notice.lines.join('\n'), 4096));
}

/** Discord error codes after which the channel will not take our messages: coaches must fix it. */
const UNREACHABLE_CODES = new Set<number>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.UnknownGuild,
]);

/** What a failed call means for the message: try again, fall back, tell the coaches, or give up. */
export function classifyError(error: unknown): DeliveryResult {
  if (error instanceof DiscordAPIError) {
    if (error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) return { status: 'dms_closed' };
    if (typeof error.code === 'number' && UNREACHABLE_CODES.has(error.code))
      return { status: 'unreachable', why: `${error.message} (${error.code})` };
    if (error.status === 429) return { status: 'retry', why: 'Discord answered 429' };
    if (error.status >= 500) return { status: 'retry', why: `Discord answered ${error.status}`, maybeSent: true };
    return { status: 'failed', why: `${error.message} (${error.code})` };
  }
  if (error instanceof RateLimitError) return { status: 'retry', why: 'rate limited', retryAfterMs: error.retryAfter };
  if (error instanceof HTTPError) return { status: 'retry', why: `Discord answered ${error.status}`, maybeSent: error.status !== 429 };
  // Timeouts (AbortError), connection resets and refused connections: the request may have been carried out.
  return { status: 'retry', why: errorSummary(error), maybeSent: true };
}

function nonceOptions(nonce: string): Pick<MessageCreateOptions, 'nonce' | 'enforceNonce'> {
  return { nonce, enforceNonce: true };
}

/** What an owed message becomes once read against the database, before any Discord call. */
export type RenderedMessage =
  | { channel: 'dm'; userId: string; notice: DirectNotice }
  | { channel: 'dm'; userId: string; session: Assignment }
  | { channel: 'editCard'; session: Assignment }
  | { channel: 'staff'; notice: StaffNotice }
  | { channel: 'fallback'; athleteIds: string[]; what: string }
  | { channel: 'coaches'; text: string }
  | { channel: 'digest'; week: IsoWeek }
  | { skip: string };

/** Reads an owed message against the database as it is now (the session as it stands, current titles). */
export function renderOwed(app: Runtime, entry: OutboxEntry): RenderedMessage {
  const body = entry.body;
  const assignment = entry.assignmentId === null ? undefined : app.assignmentRepo.get(entry.guildId, entry.assignmentId);
  const team = app.teams.get(entry.guildId);
  if (!team) return { skip: 'the team is no longer set up' };
  switch (body.type) {
    case 'session':
      return assignment ? { channel: 'dm', userId: assignment.athleteId, session: assignment } : { skip: 'the session no longer exists' };
    case 'sessionCardUpdate':
      if (!assignment?.dmChannelId || !assignment.dmMessageId) return { skip: 'no session card in DM to update' };
      return { channel: 'editCard', session: assignment };
    case 'reminder': {
      const notice = renderReminder(team, assignment, body);
      return notice ? { channel: 'dm', userId: entry.athleteId!, notice } : { skip: 'the session no longer exists' };
    }
    case 'notice':
      return { channel: 'dm', userId: entry.athleteId!, notice: body.notice };
    case 'staffReport': {
      const notice = renderStaffReport(app, entry.guildId, assignment, body);
      return notice ? { channel: 'staff', notice } : { skip: 'the session no longer exists' };
    }
    case 'staffNotice':
      return { channel: 'staff', notice: body.notice };
    case 'fallbackPing':
      return { channel: 'fallback', athleteIds: body.athleteIds, what: body.what };
    case 'coachNote':
      return { channel: 'coaches', text: body.text };
    case 'digest': {
      const m = /^(\d{4})-W(\d{2})$/.exec(body.week);
      return m ? { channel: 'digest', week: { year: Number(m[1]), week: Number(m[2]) } } : { skip: `"${body.week}" is not an ISO week` };
    }
  }
}

function renderReminder(
  team: Team,
  a: Assignment | undefined,
  body: Extract<OutboxEntry['body'], { type: 'reminder' }>,
): DirectNotice | undefined {
  switch (body.reminder) {
    case 'deload_heads_up':
      return deloadHeadsUpNotice(body.weekStart);
    case 'deload_start':
      return deloadStartNotice();
    case 'session_reminder':
      return a && sessionReminderNotice(team, a);
    case 'checkin_prompt':
      return a && checkinPromptNotice(a);
    case 'checkin_nudge':
      return a && checkinNudgeNotice(a);
    case 'mobility':
      return a && mobilityReminderNotice(a);
    case 'pain_question':
      return a && painFollowupNotice(body.followupId, a, body.pain, body.area as PainArea | null, team.painLimit);
  }
}

function renderStaffReport(
  app: Runtime,
  guildId: string,
  a: Assignment | undefined,
  body: Extract<OutboxEntry['body'], { type: 'staffReport' }>,
): StaffNotice | undefined {
  const get = (id: number | null) => (id === null ? undefined : app.assignmentRepo.get(guildId, id));
  switch (body.report) {
    case 'deload_week':
      return deloadStaffNotice(body.isoWeek, body.entries);
    case 'early_deload':
      return earlyDeloadStaffNotice(body.athleteId, body.flags, body.painLimit);
    case 'pain_flag':
      return a && painFlagStaffNotice(a, body.pain, body.area as PainArea | null, body.note, body.painLimit);
    case 'pain_question_undelivered':
      return a && painDmsClosedStaffNotice(body.athleteId, a, body.pain);
    case 'regression': {
      const source = get(body.sourceAssignmentId);
      if (!source) return undefined;
      return regressionStaffNotice({
        athleteId: body.athleteId,
        source,
        pain: body.pain,
        area: body.area as PainArea | null,
        painLimit: body.painLimit,
        reason: body.reason,
        previousPain: body.previousPain,
        target: get(body.targetAssignmentId) ?? null,
        adjustmentId: body.adjustmentId,
        earlyDeloadFlags: body.earlyDeloadFlags,
      });
    }
  }
}

/** The fallback channel's ping: who, and that something waits in /today. Never health data. */
function fallbackPingText(athleteIds: readonly string[], what: string): string {
  const mentions = athleteIds.map((id) => `<@${id}>`).join(' ');
  return `${mentions} you have ${what} waiting: run \`/today\` to see it and log it.\n-# Your DMs from this server are closed, so I couldn't message you directly. Open them (Server menu → Privacy Settings) to get sessions and reminders in DM.`;
}

export class DiscordCourier implements Courier {
  constructor(
    private readonly client: Client,
    private readonly app: Runtime,
  ) {}

  async deliver(entry: OutboxEntry, progress: Parameters<Courier['deliver']>[1]): Promise<DeliveryResult> {
    try {
      return await this.send(entry, renderOwed(this.app, entry), progress);
    } catch (error) {
      return classifyError(error);
    }
  }

  async findExisting(entry: OutboxEntry): Promise<{ channelId: string; messageId: string } | 'absent' | 'unknown'> {
    const r = renderOwed(this.app, entry);
    if ('skip' in r || r.channel === 'digest') return 'unknown';
    // Editing a card again is harmless: nothing to look for.
    if (r.channel === 'editCard') return 'absent';
    const team = this.app.teams.get(entry.guildId)!;
    const expected = this.fingerprint(team, r);
    const channelId =
      r.channel === 'dm'
        ? (await this.client.users.createDM(r.userId)).id
        : r.channel === 'staff'
          ? team.staffChannelId
          : team.fallbackChannelId;
    if (!channelId || !expected) return 'unknown';
    const channel = await this.client.channels.fetch(channelId);
    if (!channel?.isTextBased()) return 'unknown';
    const since = SnowflakeUtil.generate({ timestamp: (entry.maybeSentAt ?? entry.createdAt).getTime() - 5_000 }).toString();
    const recent = await channel.messages.fetch({ after: since, limit: 100 });
    const mine = recent.filter((m) => m.author.id === this.client.user?.id);
    const match = mine.find((m) =>
      expected.content !== undefined ? m.content === expected.content : m.embeds[0]?.title === expected.title,
    );
    if (match) return { channelId, messageId: match.id };
    // A full page may hide older messages of ours: then we can't be sure it is absent.
    return recent.size >= 100 ? 'unknown' : 'absent';
  }

  /** What identifies the message a rendering produces (its content, or its first embed's title). */
  private fingerprint(team: Team, r: RenderedMessage): { content?: string; title?: string } | undefined {
    if ('skip' in r) return undefined;
    switch (r.channel) {
      case 'dm':
        return 'session' in r ? { title: sessionEmbed(team, r.session).data.title } : { content: fitContent(r.notice.text) };
      case 'staff':
        return { title: staffNoticeEmbed(r.notice).data.title };
      case 'fallback':
        return { content: fitContent(fallbackPingText(r.athleteIds, r.what)) };
      case 'coaches':
        return { content: fitContent(`<@&${team.coachRoleId}> ${r.text}`) };
      default:
        return undefined;
    }
  }

  private async send(entry: OutboxEntry, r: RenderedMessage, progress: Parameters<Courier['deliver']>[1]): Promise<DeliveryResult> {
    if ('skip' in r) return { status: 'skipped', why: r.skip };
    const team = this.app.teams.get(entry.guildId)!;
    const nonce = nonceOptions(entry.nonce);
    switch (r.channel) {
      case 'dm':
        return 'session' in r
          ? this.dm(r.userId, { ...sessionCardPayload(team, r.session), ...nonce })
          : this.dm(r.userId, {
              content: fitContent(r.notice.text),
              components: noticeButtonRows(r.notice.buttons),
              allowedMentions: { parse: [] },
              ...nonce,
            });
      case 'editCard': {
        const channel = await this.client.channels.fetch(r.session.dmChannelId!);
        if (!channel?.isTextBased()) return { status: 'skipped', why: 'the DM channel is gone' };
        const message = await channel.messages.edit(r.session.dmMessageId!, correctedCardPayload(team, r.session));
        return { status: 'sent', channelId: channel.id, messageId: message.id };
      }
      case 'staff': {
        // Staff-only is checked, not assumed: a channel that became visible to others gets no health data.
        const guard = await staffChannelGuard(this.client, team);
        if (!guard.ok) return { status: 'unreachable', why: guard.why };
        return this.post(team.staffChannelId, {
          embeds: [staffNoticeEmbed(r.notice)],
          components: noticeButtonRows(r.notice.buttons),
          allowedMentions: { parse: [] },
          ...nonce,
        });
      }
      case 'fallback': {
        if (!team.fallbackChannelId) return { status: 'failed', why: 'no fallback channel is set' };
        return this.post(team.fallbackChannelId, {
          content: fitContent(fallbackPingText(r.athleteIds, r.what)),
          allowedMentions: { users: r.athleteIds.slice(0, 100) },
          ...nonce,
        });
      }
      case 'coaches': {
        // The staff channel may be what failed: the coaches are mentioned in the fallback channel, without health data.
        if (!team.fallbackChannelId) return { status: 'failed', why: 'no fallback channel to reach the coaches in' };
        return this.post(team.fallbackChannelId, {
          content: fitContent(`<@&${team.coachRoleId}> ${r.text}`),
          allowedMentions: { roles: [team.coachRoleId] },
          ...nonce,
        });
      }
      case 'digest':
        return this.digest(team, entry, r.week, progress);
    }
  }

  private async digest(
    team: Team,
    entry: OutboxEntry,
    week: IsoWeek,
    progress: Parameters<Courier['deliver']>[1],
  ): Promise<DeliveryResult> {
    const messages = await renderDigestWithCharts(this.app, team, week);
    const undelivered = this.undeliveredEmbed(team, week);
    if (undelivered) messages.push({ embeds: [undelivered], files: [] });
    const channel = await this.client.channels.fetch(team.staffChannelId);
    if (!channel?.isSendable()) return { status: 'unreachable', why: 'the staff channel is not a text channel I can post in' };
    let last: { channelId: string; messageId: string } | undefined;
    // Each part has its own nonce, so a resend after a crash never posts a part twice.
    for (let i = entry.partsSent; i < messages.length; i++) {
      const message = messages[i]!;
      const sent = await channel.send({
        embeds: message.embeds,
        files: (message.files ?? []).map(
          (f) => new AttachmentBuilder(f.data, { name: f.name, ...(f.description ? { description: f.description } : {}) }),
        ),
        allowedMentions: { parse: [] },
        nonce: i === 0 ? entry.nonce : `${entry.nonce.slice(0, 22)}-${i}`,
        enforceNonce: true,
      });
      last = { channelId: channel.id, messageId: sent.id };
      progress.partSent(i + 1, last);
    }
    if (last) return { status: 'sent', ...last };
    // Every part was confirmed before a crash kept the row from being settled: it was sent.
    if (entry.partsSent > 0 && entry.resultChannelId && entry.resultMessageId)
      return { status: 'sent', channelId: entry.resultChannelId, messageId: entry.resultMessageId };
    return { status: 'skipped', why: 'nothing to post' };
  }

  /** The week's messages that could not be delivered, named for the coaches (no health data: purpose and athlete only). */
  private undeliveredEmbed(team: Team, week: IsoWeek): APIEmbed | undefined {
    const range = isoWeekRange(week);
    const from = zonedInstant(range.start, '00:00', team.timeZone);
    const to = zonedInstant(addDays(range.end, 1), '00:00', team.timeZone);
    const missed = this.app.status.undelivered(team.guildId, from, to);
    if (missed.length === 0) return undefined;
    const lines = missed.slice(0, 20).map((e) => problemLine(e, team.timeZone));
    if (missed.length > lines.length) lines.push(`…and ${missed.length - lines.length} more: see \`/status\`.`);
    return fitEmbed({ title: `Not delivered this week: ${missed.length}`, description: lines.join('\n'), color: 0xf59e0b });
  }

  private async dm(userId: string, payload: MessageCreateOptions): Promise<DeliveryResult> {
    const channel = await this.client.users.createDM(userId);
    const message = await channel.send(payload);
    return { status: 'sent', channelId: channel.id, messageId: message.id };
  }

  private async post(channelId: string, payload: MessageCreateOptions): Promise<DeliveryResult> {
    const channel = await this.client.channels.fetch(channelId);
    if (!channel?.isSendable()) return { status: 'unreachable', why: 'not a text channel I can post in' };
    const message = await channel.send(payload);
    return { status: 'sent', channelId: channel.id, messageId: message.id };
  }
}
