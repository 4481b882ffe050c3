import { ChannelType, PermissionFlagsBits, type Guild, type GuildBasedChannel, type TextChannel } from 'discord.js';
import type { App } from '../app';
import { errorSummary } from '../outbox/dispatcher';
import { JOIN_MESSAGE } from './render/help';

/**
 * When Backline joins a server it says, once, that an admin should run /setup. Nothing is owed
 * yet (there is no team, so no outbox row can be rendered): this answers the join itself, in
 * the server's system channel or else the first text channel the bot may write in.
 */
export async function announceJoin(guild: Guild, app: App): Promise<'posted' | 'already set up' | 'no channel'> {
  if (app.teams.get(guild.id)) return 'already set up';
  const me = guild.members.me;
  const canWrite = (c: GuildBasedChannel | null | undefined): c is TextChannel =>
    Boolean(
      c &&
      c.type === ChannelType.GuildText &&
      me &&
      c.permissionsFor(me)?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages]),
    );
  const channel = canWrite(guild.systemChannel)
    ? guild.systemChannel
    : guild.channels.cache
        .filter(canWrite)
        .sort((a, b) => a.rawPosition - b.rawPosition)
        .first();
  if (!channel || !canWrite(channel)) return 'no channel';
  try {
    await channel.send({ content: JOIN_MESSAGE, allowedMentions: { parse: [] } });
    return 'posted';
  } catch (err) {
    app.logger.warn({ guildId: guild.id, err: errorSummary(err) }, 'could not post the join message');
    return 'no channel';
  }
}
