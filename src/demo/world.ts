import type { APIUser } from 'discord.js';
import type { LocalDiscord } from './local-discord';

export interface TeamServer {
  guildId: string;
  everyoneRoleId: string;
  coachRoleId: string;
  generalChannelId: string;
  staffChannelId: string;
  fallbackChannelId: string;
  /** The server owner: has Manage Server, runs /setup. */
  owner: APIUser;
  coach: APIUser;
  athletes: APIUser[];
}

/** A team's Discord server as a club would set it up: a coach role, a private staff channel, a training channel. */
export function buildTeamServer(discord: LocalDiscord, o: { name: string; coachName: string; athletes: string[] }): TeamServer {
  const owner = discord.createUser(`${o.name.toLowerCase().replace(/\W+/g, '-')}-owner`, { globalName: `${o.name} admin` });
  const guild = discord.createGuild({ name: o.name, ownerId: owner.id });
  const coachRoleId = discord.createRole(guild.id, 'Coach');
  const generalChannelId = discord.createChannel(guild.id, 'general');
  const staffChannelId = discord.createChannel(guild.id, 'staff-room', { private: { allowRoles: [coachRoleId] } });
  const fallbackChannelId = discord.createChannel(guild.id, 'training');
  const coach = discord.createUser(o.coachName.toLowerCase().replace(/\W+/g, '.'), { globalName: o.coachName });
  discord.addMember(guild.id, coach.id, { roles: [coachRoleId] });
  const athletes = o.athletes.map((name) => {
    const user = discord.createUser(name.toLowerCase().replace(/\W+/g, '.'), { globalName: name });
    discord.addMember(guild.id, user.id);
    return user;
  });
  return {
    guildId: guild.id,
    everyoneRoleId: guild.everyoneRoleId,
    coachRoleId,
    generalChannelId,
    staffChannelId,
    fallbackChannelId,
    owner,
    coach,
    athletes,
  };
}
