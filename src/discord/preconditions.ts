import { PermissionFlagsBits, type BaseInteraction, type GuildMember, type APIInteractionGuildMember } from 'discord.js';
import type { App } from '../app';
import type { Team } from '../repositories/teams';

/** A check declared once and attached to commands; a refusal says what to do instead. */
export interface Precondition {
  name: string;
  check(interaction: BaseInteraction, app: App): { ok: true; team?: Team } | { ok: false; message: string };
}

export const guildOnly: Precondition = {
  name: 'guildOnly',
  check: (interaction) =>
    interaction.inGuild() ? { ok: true } : { ok: false, message: 'This command works in your team\'s server, not in DMs.' },
};

export const manageServer: Precondition = {
  name: 'manageServer',
  check: (interaction) =>
    interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)
      ? { ok: true }
      : { ok: false, message: 'Only someone with the **Manage Server** permission can set Backline up.' },
};

export const teamConfigured: Precondition = {
  name: 'teamConfigured',
  check: (interaction, app) => {
    const team = interaction.guildId ? app.teams.get(interaction.guildId) : undefined;
    return team
      ? { ok: true, team }
      : { ok: false, message: 'Backline isn\'t set up on this server yet. Someone with Manage Server can run `/setup` first.' };
  },
};

export function hasRole(member: GuildMember | APIInteractionGuildMember | null, roleId: string): boolean {
  if (!member) return false;
  const roles = member.roles;
  return Array.isArray(roles) ? roles.includes(roleId) : roles.cache.has(roleId);
}

/** Needs teamConfigured before it. */
export const coachOnly: Precondition = {
  name: 'coachOnly',
  check: (interaction, app) => {
    const team = interaction.guildId ? app.teams.get(interaction.guildId) : undefined;
    if (!team) return teamConfigured.check(interaction, app);
    return hasRole(interaction.member, team.coachRoleId)
      ? { ok: true, team }
      : { ok: false, message: `This command is for coaches: you need the <@&${team.coachRoleId}> role. Ask a coach if you need a session changed.` };
  },
};

export const COACH: readonly Precondition[] = [guildOnly, teamConfigured, coachOnly];
export const MEMBER: readonly Precondition[] = [guildOnly, teamConfigured];
