import { SlashCommandBuilder, type ChatInputCommandInteraction, type GuildMember } from 'discord.js';
import type { App } from '../src/app';
import type { Team } from '../src/repositories/teams';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import type { Athlete } from '../src/repositories/squad';

const GROUP_NAME = /^[\p{L}\p{N}][\p{L}\p{N} _-]{0,31}$/u;

export function formatSquad(athletes: Athlete[]): string {
  if (athletes.length === 0) return 'The squad is empty. Add athletes with `/squad add`.';
  const byGroup = new Map<string, Athlete[]>();
  for (const a of athletes) for (const g of a.groups.length ? a.groups : ['No group']) byGroup.set(g, [...(byGroup.get(g) ?? []), a]);
  const sections = [...byGroup.entries()]
    .sort(([a], [b]) => (a === 'No group' ? 1 : b === 'No group' ? -1 : a.localeCompare(b)))
    .map(([group, members]) => `**${group}** (${members.length})\n${members.map((m) => `• <@${m.userId}>`).join('\n')}`);
  return [`**Squad: ${athletes.length} athlete${athletes.length === 1 ? '' : 's'}**`, ...sections].join('\n\n').slice(0, 1990);
}

/** Snowflakes mentioned in a text: <@123> or <@!123>. */
function mentionedIds(text: string): string[] {
  return [...new Set([...text.matchAll(/<@!?(\d{17,20})>/g)].map((m) => m[1]!))];
}

/** /squad add with a role and/or several members: who was added, who already was, who was skipped. */
async function addMany(interaction: ChatInputCommandInteraction, app: App, team: Team): Promise<void> {
  const group = interaction.options.getString('group')?.trim() || null;
  if (group && !GROUP_NAME.test(group)) {
    return replyPrivately(
      interaction,
      `"${group}" can't be a group name: use up to 32 letters, numbers, spaces or dashes, e.g. "sprinters".`,
    );
  }
  const guild = interaction.guild;
  if (!guild) return replyPrivately(interaction, "This works in your team's server.");
  await deferPrivately(interaction);
  const found = new Map<string, GuildMember>();
  const skipped: string[] = [];
  const role = interaction.options.getRole('role');
  if (role) {
    // Listing members needs the Server Members Intent switched on for the bot (README, Setup).
    const all = await guild.members.list({ limit: 1000 }).catch(() => null);
    if (!all) {
      return replyPrivately(
        interaction,
        "I can't list this server's members. Turn on **Server Members Intent** for Backline in the Discord Developer Portal, or mention the athletes in `members` instead.",
      );
    }
    for (const m of all.values()) if (m.roles.cache.has(role.id)) found.set(m.id, m);
  }
  for (const id of mentionedIds(interaction.options.getString('members') ?? '')) {
    const m = await guild.members.fetch(id).catch(() => null);
    if (m) found.set(id, m);
    else skipped.push(`<@${id}> (not a member of this server)`);
  }
  const single = interaction.options.getMember('athlete');
  if (single && 'id' in single && 'roles' in single && !Array.isArray(single.roles)) found.set(single.id, single);
  const people = [...found.values()].filter((m) => {
    if (m.user.bot) skipped.push(`<@${m.id}> (a bot)`);
    return !m.user.bot;
  });
  if (people.length === 0) {
    return replyPrivately(
      interaction,
      `Nobody to add${role ? `: no one holds <@&${role.id}>` : ''}.${skipped.length ? ` Skipped: ${skipped.join(', ')}.` : ''}`,
    );
  }
  const { added, already } = app.squad.addMany(
    team,
    people.map((m) => ({ userId: m.id, displayName: m.displayName ?? m.user.globalName ?? m.user.username })),
    group,
    interaction.user.id,
    app.clock.now(),
  );
  const lines = [
    added.length
      ? `✅ Added (${added.length}): ${added.map((a) => `<@${a.userId}>`).join(', ')}. New athletes get a short welcome DM.`
      : 'Nobody new was added.',
    already.length
      ? `Already on the squad (${already.length}): ${already.map((a) => `<@${a.userId}>`).join(', ')}${group ? ` (now in "${group}")` : ''}`
      : null,
    skipped.length ? `Skipped: ${skipped.join(', ')}` : null,
  ];
  await replyPrivately(interaction, lines.filter(Boolean).join('\n').slice(0, 1990));
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('squad')
    .setDescription('Manage the squad')
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Add athletes to the squad (one, several, or everyone with a role), optionally to a group')
        .addUserOption((o) => o.setName('athlete').setDescription('One athlete'))
        .addStringOption((o) =>
          o.setName('group').setDescription('A group such as "sprinters" or "backs"').setAutocomplete(true).setMaxLength(32),
        )
        .addRoleOption((o) => o.setName('role').setDescription('Everyone holding this role'))
        .addStringOption((o) => o.setName('members').setDescription('Several athletes: mention them, e.g. @Ana @Ben').setMaxLength(1000)),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Take an athlete off the squad (their history is kept)')
        .addUserOption((o) => o.setName('athlete').setDescription('The athlete').setRequired(true)),
    )
    .addSubcommand((s) => s.setName('list').setDescription('Show the squad by group'))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'list') return replyPrivately(interaction, formatSquad(app.squad.list(team.guildId)));

    if (sub === 'add' && (interaction.options.getRole('role') || interaction.options.getString('members')))
      return addMany(interaction, app, team);
    const user = interaction.options.getUser('athlete');
    if (!user) return replyPrivately(interaction, 'Pick an `athlete`, several `members` (mention them) or a `role`.');
    if (sub === 'remove') {
      const removed = app.squad.remove(team.guildId, user.id, app.clock.now());
      return replyPrivately(
        interaction,
        removed
          ? `<@${user.id}> is off the squad. Their logged sessions stay in the history.`
          : `<@${user.id}> isn't on the squad, so there was nothing to remove.`,
      );
    }

    if (user.bot) return replyPrivately(interaction, `<@${user.id}> is a bot, not an athlete.`);
    const member = interaction.options.getMember('athlete');
    if (!member) return replyPrivately(interaction, `<@${user.id}> isn't a member of this server. Invite them first, then add them.`);
    const group = interaction.options.getString('group')?.trim() || null;
    if (group && !GROUP_NAME.test(group)) {
      return replyPrivately(
        interaction,
        `"${group}" can't be a group name: use up to 32 letters, numbers, spaces or dashes, e.g. "sprinters".`,
      );
    }
    const displayName = ('displayName' in member ? member.displayName : null) ?? user.globalName ?? user.username;
    const { joined, athlete, welcomed } = app.squad.add(
      team,
      { userId: user.id, displayName, group, coachId: interaction.user.id },
      app.clock.now(),
    );
    const groups = athlete.groups.length ? ` Groups: ${athlete.groups.join(', ')}.` : '';
    await replyPrivately(
      interaction,
      joined
        ? `✅ <@${user.id}> joined the squad.${groups}${welcomed ? ' They get a short welcome DM now.' : ''}`
        : `<@${user.id}> is already on the squad${group ? ` and is now in "${group}"` : ''}.${groups}`,
    );
  },
  async autocomplete({ interaction, app, team }) {
    await respondWithMatches(
      interaction,
      app.squad.groups(team.guildId).map((g) => ({ name: g, value: g })),
    );
  },
});
