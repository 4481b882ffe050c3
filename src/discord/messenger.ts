import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  DiscordAPIError,
  EmbedBuilder,
  RESTJSONErrorCodes,
  type Client,
  type MessageCreateOptions,
} from 'discord.js';
import type { Logger } from '../logger';
import type { Assignment } from '../repositories/assignments';
import type { Team } from '../repositories/teams';
import type { DirectNotice, DirectResult, Messenger, NoticeButton, PostResult, SendOptions, StaffMessage, StaffNotice } from '../services/messenger';
import { sessionButtons, sessionEmbed } from './render/session';

const SEVERITY_COLOUR: Record<StaffNotice['severity'], number> = { info: 0x3b82f6, warning: 0xf59e0b, alert: 0xdc2626 };

const BUTTON_STYLE: Record<NoticeButton['style'], ButtonStyle> = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
};

/** Up to 5 buttons in one row (Discord's limit per row). */
export function noticeButtonRows(buttons: NoticeButton[] | undefined): ActionRowBuilder<ButtonBuilder>[] {
  if (!buttons?.length) return [];
  return [
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      buttons.slice(0, 5).map((b) => new ButtonBuilder().setCustomId(b.customId).setLabel(b.label).setStyle(BUTTON_STYLE[b.style])),
    ),
  ];
}

/** Discord dedupes a repeated nonce from the same author for a few minutes when enforce_nonce is set. */
function nonceOptions(options: SendOptions | undefined): Pick<MessageCreateOptions, 'nonce' | 'enforceNonce'> {
  return options?.nonce ? { nonce: options.nonce, enforceNonce: true } : {};
}

/** Discord side of the Messenger port. Rate limits are queued by @discordjs/rest; a closed DM is never retried. */
export class DiscordMessenger implements Messenger {
  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
  ) {}

  sendSession(team: Team, assignment: Assignment, options?: SendOptions): Promise<DirectResult> {
    return this.sendDirect(assignment.athleteId, {
      embeds: [sessionEmbed(team, assignment)],
      components: [sessionButtons(assignment.id)],
      ...nonceOptions(options),
    });
  }

  sendNotice(userId: string, notice: DirectNotice, options?: SendOptions): Promise<DirectResult> {
    return this.sendDirect(userId, { content: notice.text, components: noticeButtonRows(notice.buttons), allowedMentions: { parse: [] }, ...nonceOptions(options) });
  }

  sendDirectText(userId: string, text: string): Promise<DirectResult> {
    return this.sendDirect(userId, { content: text });
  }

  async sendDirect(userId: string, payload: MessageCreateOptions): Promise<DirectResult> {
    try {
      const channel = await this.client.users.createDM(userId);
      const message = await channel.send(payload);
      return { ok: true, channelId: channel.id, messageId: message.id };
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.CannotSendMessagesToThisUser) {
        return { ok: false, reason: 'dms_closed', detail: 'DMs closed' };
      }
      this.logger.warn({ err: error, userId }, 'direct message failed');
      return { ok: false, reason: 'error', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  postFallbackNotice(team: Team, athleteIds: string[], what: string, options?: SendOptions): Promise<PostResult> {
    if (!team.fallbackChannelId) return Promise.resolve({ ok: false, detail: 'no fallback channel is set' });
    const mentions = athleteIds.map((id) => `<@${id}>`).join(' ');
    return this.post(team.fallbackChannelId, {
      content: `${mentions} you have ${what} waiting: run \`/today\` to see it and log it.\n-# Your DMs from this server are closed, so I couldn't message you directly. Open them (Server menu → Privacy Settings) to get sessions and reminders in DM.`,
      allowedMentions: { users: athleteIds },
      ...nonceOptions(options),
    });
  }

  postStaffNotice(team: Team, notice: StaffNotice, options?: SendOptions): Promise<PostResult> {
    const embed = new EmbedBuilder()
      .setColor(SEVERITY_COLOUR[notice.severity])
      .setTitle(notice.title)
      .setDescription(notice.lines.join('\n').slice(0, 4096));
    return this.post(team.staffChannelId, { embeds: [embed], components: noticeButtonRows(notice.buttons), allowedMentions: { parse: [] }, ...nonceOptions(options) });
  }

  postStaffMessage(team: Team, message: StaffMessage, options?: SendOptions): Promise<PostResult> {
    return this.post(team.staffChannelId, {
      embeds: message.embeds,
      files: (message.files ?? []).map((f) => new AttachmentBuilder(f.data, { name: f.name, ...(f.description ? { description: f.description } : {}) })),
      allowedMentions: { parse: [] },
      ...nonceOptions(options),
    });
  }

  async post(channelId: string, payload: MessageCreateOptions): Promise<PostResult> {
    try {
      const channel = await this.client.channels.fetch(channelId);
      if (!channel?.isSendable()) return { ok: false, detail: `channel ${channelId} is not a text channel I can post in` };
      const message = await channel.send(payload);
      return { ok: true, messageId: message.id };
    } catch (error) {
      this.logger.warn({ err: error, channelId }, 'channel post failed');
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }
}
