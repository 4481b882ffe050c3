import { SlashCommandBuilder } from 'discord.js';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
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

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('squad')
    .setDescription('Manage the squad')
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Add an athlete to the squad, optionally to a group')
        .addUserOption((o) => o.setName('athlete').setDescription('The athlete').setRequired(true))
        .addStringOption((o) => o.setName('group').setDescription('A group such as "sprinters" or "backs"').setAutocomplete(true).setMaxLength(32)),
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

    const user = interaction.options.getUser('athlete', true);
    if (sub === 'remove') {
      const removed = app.squad.remove(team.guildId, user.id, app.clock.now());
      return replyPrivately(
        interaction,
        removed ? `<@${user.id}> is off the squad. Their logged sessions stay in the history.` : `<@${user.id}> isn't on the squad, so there was nothing to remove.`,
      );
    }

    if (user.bot) return replyPrivately(interaction, `<@${user.id}> is a bot, not an athlete.`);
    const member = interaction.options.getMember('athlete');
    if (!member) return replyPrivately(interaction, `<@${user.id}> isn't a member of this server. Invite them first, then add them.`);
    const group = interaction.options.getString('group')?.trim() || null;
    if (group && !GROUP_NAME.test(group)) {
      return replyPrivately(interaction, `"${group}" can't be a group name: use up to 32 letters, numbers, spaces or dashes, e.g. "sprinters".`);
    }
    const displayName = ('displayName' in member ? member.displayName : null) ?? user.globalName ?? user.username;
    const { joined, athlete, welcomed } = app.squadService.add(team, { userId: user.id, displayName, group, coachId: interaction.user.id }, app.clock.now());
    const groups = athlete.groups.length ? ` Groups: ${athlete.groups.join(', ')}.` : '';
    await replyPrivately(
      interaction,
      joined ? `✅ <@${user.id}> joined the squad.${groups}${welcomed ? ' They get a short welcome DM now.' : ''}` : `<@${user.id}> is already on the squad${group ? ` and is now in "${group}"` : ''}.${groups}`,
    );
  },
  async autocomplete({ interaction, app, team }) {
    await respondWithMatches(interaction, app.squad.groups(team.guildId).map((g) => ({ name: g, value: g })));
  },
});
