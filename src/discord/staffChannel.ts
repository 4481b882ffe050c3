import { OverwriteType, type Guild, type GuildBasedChannel } from 'discord.js';
import { staffOnlyViolations as violationsOf, type Violation } from '../domain/staffChannel';

/**
 * Who besides coaches, admins and the bot can view `channel` (empty: staff-only). Reads what the
 * client holds: fetch the channel, roles (and members, if the intent allows) first, as
 * `checkStaffChannel` does. Call it before /setup saves a staff channel and before a pain flag is posted.
 */
export function staffOnlyViolations(channel: GuildBasedChannel, guild: Guild, coachRoleId: string, botId: string): Violation[] {
  const overwrites = 'permissionOverwrites' in channel ? [...channel.permissionOverwrites.cache.values()] : [];
  return violationsOf(
    overwrites.map((o) => ({ id: o.id, type: o.type === OverwriteType.Member ? 'member' : 'role', allow: o.allow.bitfield, deny: o.deny.bitfield })),
    {
      id: guild.id,
      ownerId: guild.ownerId,
      roles: [...guild.roles.cache.values()].map((r) => ({ id: r.id, name: r.name, permissions: r.permissions.bitfield, managed: r.managed })),
      members: [...guild.members.cache.values()].map((m) => ({ id: m.id, name: m.displayName, roleIds: [...m.roles.cache.keys()] })),
    },
    coachRoleId,
    botId,
  );
}

/** Fetches the channel and roles from Discord (not the cache) and checks them; null if the channel is gone. */
export async function checkStaffChannel(guild: Guild, channelId: string, coachRoleId: string): Promise<{ violations: Violation[] } | null> {
  const channel = await guild.channels.fetch(channelId, { force: true }).catch(() => null);
  if (!channel) return null;
  await guild.roles.fetch(undefined, { force: true });
  await guild.members.fetchMe().catch(() => undefined);
  return { violations: staffOnlyViolations(channel, guild, coachRoleId, guild.client.user.id) };
}
