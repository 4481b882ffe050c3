import { DiscordAPIError, Events, RESTJSONErrorCodes, type Client } from 'discord.js';
import type { App } from '../app';

/**
 * The bot removed from a server (GUILD_DELETE without `unavailable`: discord.js emits an outage
 * as GuildUnavailable instead), added back (GUILD_CREATE), and members leaving
 * (GUILD_MEMBER_REMOVE, only delivered with the privileged Server Members intent).
 */
export function registerPrivacyEvents(client: Client, app: App): void {
  client.on(Events.GuildDelete, (guild) => {
    if (app.privacy.botLeft(guild.id))
      app.logger.info({ guildId: guild.id }, 'removed from a server: reminders stopped, data deleted in 30 days unless re-added');
  });
  client.on(Events.GuildCreate, (guild) => {
    if (app.privacy.botBack(guild.id))
      app.logger.info({ guildId: guild.id }, 'added back to a server: its data is kept and reminders resume');
  });
  client.on(Events.GuildMemberRemove, (member) => {
    const result = app.privacy.memberLeft(member.guild.id, member.id);
    if (result.ok) app.logger.info({ guildId: member.guild.id, cancelled: result.value.cancelled }, 'an athlete left the server');
  });
}

/**
 * At start: teams whose server the bot is no longer in were removed while it was down (no
 * GUILD_DELETE came), and teams marked left whose server is back are resumed.
 */
export function reconcileGuilds(app: App, guildIds: ReadonlySet<string>): { left: string[]; back: string[] } {
  const left: string[] = [];
  const back: string[] = [];
  for (const team of app.teams.all()) {
    if (!guildIds.has(team.guildId) && !team.leftAt && app.privacy.botLeft(team.guildId)) left.push(team.guildId);
    if (guildIds.has(team.guildId) && team.leftAt && app.privacy.botBack(team.guildId)) back.push(team.guildId);
  }
  if (left.length || back.length) app.logger.info({ left, back }, 'servers reconciled at start');
  return { left, back };
}

/**
 * Whether an athlete is still a member, asking Discord. Unknown Member means they left: they
 * leave the squad then and there (as GUILD_MEMBER_REMOVE would). Call it when a DM to an athlete
 * fails with "Cannot send messages to this user" (50007), or wherever a member fetch is made.
 * Other errors say nothing about membership: the athlete is kept.
 */
export async function stillAMember(client: Client, app: App, guildId: string, userId: string): Promise<boolean> {
  try {
    const guild = await client.guilds.fetch(guildId);
    await guild.members.fetch({ user: userId, force: true });
    return true;
  } catch (err) {
    if (err instanceof DiscordAPIError && err.code === RESTJSONErrorCodes.UnknownMember) {
      const result = app.privacy.memberLeft(guildId, userId);
      if (result.ok) app.logger.info({ guildId, cancelled: result.value.cancelled }, 'an athlete left the server (Unknown Member)');
      return false;
    }
    return true;
  }
}
