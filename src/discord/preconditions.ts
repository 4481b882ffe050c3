/**
 * Who may run what, declared once on each command, subcommand, button and form, and checked
 * by the router before anything runs (autocomplete included). A passed check hands the
 * handler what it established (the team, the member), so no handler looks them up again
 * and none can forget to. Each rule has one refusal, worded here.
 */
import { PermissionFlagsBits, type APIInteractionGuildMember, type BaseInteraction, type GuildMember } from 'discord.js';
import type { App } from '../app';
import type { Team } from '../repositories/teams';

/** What the checks read; slash commands, autocomplete, buttons and forms all have it. */
export type Checkable = Pick<BaseInteraction, 'guildId' | 'member' | 'memberPermissions' | 'user'>;

export interface TeamMember {
  userId: string;
  /** Has the team's coach role: may see and change the team's data. */
  isCoach: boolean;
}

/** In a server, any member. */
export interface InServer {
  guildId: string;
}

/** In a server where Backline is set up: its team and who is asking. */
export interface InTeam {
  team: Team;
  member: TeamMember;
}

export type Verdict<C> = { ok: true; context: C } | { ok: false; message: string };

/** A check declared once and attached where it applies; a refusal says what to do instead. */
export interface Precondition<C> {
  /** The rules it applies, in order, e.g. "guildOnly > teamConfigured > coachOnly". */
  name: string;
  check(interaction: Checkable, app: App): Verdict<C>;
}

/** The one wording of each rule's refusal. */
export const refusals = {
  guildOnly: () => "This works in your team's server, not in DMs.",
  manageServer: () => 'Only someone with the **Manage Server** permission can set Backline up.',
  teamConfigured: () => "Backline isn't set up on this server yet. Someone with Manage Server can run `/setup` first.",
  coachOnly: (team: Team) => `This is for coaches: you need the <@&${team.coachRoleId}> role. Ask a coach if you need something changed.`,
} as const;

export function hasRole(member: GuildMember | APIInteractionGuildMember | null, roleId: string): boolean {
  if (!member) return false;
  const roles = member.roles;
  return Array.isArray(roles) ? roles.includes(roleId) : roles.cache.has(roleId);
}

const refuse = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** Anyone, anywhere: the DM buttons, whose service checks that the session is the clicker's own. */
export const ANYONE: Precondition<object> = { name: 'anyone', check: () => ({ ok: true, context: {} }) };

function inServer(interaction: Checkable): Verdict<InServer> {
  return interaction.guildId ? { ok: true, context: { guildId: interaction.guildId } } : refuse(refusals.guildOnly());
}

function inTeam(interaction: Checkable, app: App): Verdict<InTeam> {
  const server = inServer(interaction);
  if (!server.ok) return server;
  const team = app.teams.get(server.context.guildId);
  if (!team) return refuse(refusals.teamConfigured());
  return { ok: true, context: { team, member: { userId: interaction.user.id, isCoach: hasRole(interaction.member, team.coachRoleId) } } };
}

/** /setup: in a server, with Manage Server. */
export const SERVER_ADMIN: Precondition<InServer> = {
  name: 'guildOnly > manageServer',
  check: (interaction) => {
    const server = inServer(interaction);
    if (!server.ok) return server;
    return interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ? server : refuse(refusals.manageServer());
  },
};

/** Any member of a server where Backline is set up. */
export const MEMBER: Precondition<InTeam> = { name: 'guildOnly > teamConfigured', check: inTeam };

/** Members with the team's coach role. */
export const COACH: Precondition<InTeam> = {
  name: 'guildOnly > teamConfigured > coachOnly',
  check: (interaction, app) => {
    const verdict = inTeam(interaction, app);
    if (!verdict.ok || verdict.context.member.isCoach) return verdict;
    return refuse(refusals.coachOnly(verdict.context.team));
  },
};
