import { OverwriteType, type Client, type Guild, type GuildBasedChannel } from 'discord.js';
import { describeViolations, staffOnlyViolations as violationsOf, type Violation } from '../domain/staffChannel';

/**
 * Who besides coaches, admins and the bot can view `channel` (empty: staff-only). Reads what the
 * client holds: fetch the channel, roles (and members, if the intent allows) first, as
 * `checkStaffChannel` does. Call it before /setup saves a staff channel and before a pain flag is posted.
 */
export function staffOnlyViolations(channel: GuildBasedChannel, guild: Guild, coachRoleId: string, botId: string): Violation[] {
  const overwrites = 'permissionOverwrites' in channel ? [...channel.permissionOverwrites.cache.values()] : [];
  return violationsOf(
    overwrites.map((o) => ({
      id: o.id,
      type: o.type === OverwriteType.Member ? 'member' : 'role',
      allow: o.allow.bitfield,
      deny: o.deny.bitfield,
    })),
    {
      id: guild.id,
      ownerId: guild.ownerId,
      roles: [...guild.roles.cache.values()].map((r) => ({
        id: r.id,
        name: r.name,
        permissions: r.permissions.bitfield,
        managed: r.managed,
      })),
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

/**
 * The check before a pain flag (or anything with health data) is posted to the staff channel:
 * if someone besides staff can now view it, don't post, and say so to the coaches (without health
 * data) so they fix the channel or run /setup again.
 */
export async function staffChannelGuard(
  client: Client,
  team: { guildId: string; staffChannelId: string; coachRoleId: string },
): Promise<{ ok: true } | { ok: false; why: string; coachNote: string }> {
  const guild = await client.guilds.fetch(team.guildId).catch(() => null);
  const check = guild ? await checkStaffChannel(guild, team.staffChannelId, team.coachRoleId) : null;
  if (!check) {
    return {
      ok: false,
      why: 'staff channel unreachable',
      coachNote: `I can't open the staff channel <#${team.staffChannelId}>, so pain flags are on hold. Check my access there, or run \`/setup\` with another channel.`,
    };
  }
  if (check.violations.length === 0) return { ok: true };
  return {
    ok: false,
    why: `staff channel visible to ${check.violations.length} more`,
    coachNote: `<#${team.staffChannelId}> can now be seen by ${describeViolations(check.violations)}, so I've stopped posting pain flags there. Make it private to coaches again (or run \`/setup\` with another channel); flags resume once it is.`,
  };
}
