import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { BRAND_COLOUR } from '../src/discord/render/session';
import { customIds } from '../src/discord/customIds';
import { hardSetsLine, whiteboardModal } from '../src/discord/render/teamSession';
import { replyPrivately } from '../src/discord/reply';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('session')
    .setDescription("Your team's own sessions, written as on the whiteboard")
    .setContexts(0)
    .addSubcommand((s) => s.setName('create').setDescription('Write a session, one exercise per line (e.g. "RDL 4x6 @2 rest 3m")'))
    .addSubcommand((s) =>
      s
        .setName('edit')
        .setDescription("Change one of your team's sessions (sessions already assigned keep theirs)")
        .addStringOption((o) => o.setName('session').setDescription('Your team session').setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((s) =>
      s
        .setName('copy')
        .setDescription('Start from a built-in template or another team session')
        .addStringOption((o) => o.setName('from').setDescription('The session to copy').setRequired(true).setAutocomplete(true))
        .addStringOption((o) => o.setName('name').setDescription('Name of the copy').setMinLength(3).setMaxLength(80)),
    )
    .addSubcommand((s) =>
      s
        .setName('archive')
        .setDescription('Take a team session out of /assign (sessions already assigned stay)')
        .addStringOption((o) => o.setName('session').setDescription('Your team session').setRequired(true).setAutocomplete(true)),
    )
    .addSubcommand((s) => s.setName('list').setDescription("Your team's sessions"))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const sub = interaction.options.getSubcommand(true);
    if (sub === 'create') {
      await interaction.showModal(whiteboardModal(customIds.whiteboard.encode({ mode: 'new' }), 'New session'));
      return;
    }
    if (sub === 'list') {
      const list = app.sessions.list(team.guildId);
      if (list.length === 0)
        return replyPrivately(
          interaction,
          'No team sessions yet. Write one with `/session create`, or start from a template with `/session copy`.',
        );
      const embed = new EmbedBuilder()
        .setColor(BRAND_COLOUR)
        .setTitle(`Team sessions (${list.length})`)
        .setDescription(
          list
            .map(
              (s) =>
                `• **${s.name}**: ~${s.template.estimatedMinutes} min · ${s.template.exercises.length} exercises · hard sets ${hardSetsLine(s.template)}`,
            )
            .join('\n')
            .slice(0, 4000),
        );
      return replyPrivately(interaction, { embeds: [embed] });
    }
    if (sub === 'archive') {
      const r = app.sessions.archive(team.guildId, interaction.options.getString('session', true), interaction.user.id);
      return replyPrivately(
        interaction,
        r.ok
          ? `🗄️ **${r.value.name}** is archived: it no longer shows in \`/assign\`. Sessions already assigned stay as they are.`
          : r.message,
      );
    }
    const id = interaction.options.getString(sub === 'edit' ? 'session' : 'from', true);
    const opened = app.sessions.whiteboardOf(team.guildId, id);
    if (!opened.ok) return replyPrivately(interaction, opened.message);
    if (sub === 'edit') {
      if (!opened.value.team)
        return replyPrivately(interaction, 'Built-in templates cannot be changed. Use `/session copy` to make your own version.');
      await interaction.showModal(
        whiteboardModal(
          customIds.whiteboard.encode({ mode: 'edit', templateId: id }),
          'Edit session',
          opened.value.name,
          opened.value.whiteboard,
        ),
      );
      return;
    }
    const name = interaction.options.getString('name')?.trim() || `${opened.value.name} (our version)`.slice(0, 80);
    await interaction.showModal(
      whiteboardModal(customIds.whiteboard.encode({ mode: 'new' }), 'Copy session', name, opened.value.whiteboard),
    );
  },
  async autocomplete({ interaction, app }) {
    const guildId = interaction.guildId ?? '';
    const focused = interaction.options.getFocused(true).name;
    const own = app.sessions.list(guildId).map((s) => ({ name: `${s.name} (team)`, value: s.templateId }));
    if (focused === 'from')
      return respondWithMatches(
        interaction,
        app.sessions.pickable(guildId).map((p) => ({ name: `${p.name}${p.team ? ' (team)' : ''}`, value: p.id })),
      );
    await respondWithMatches(interaction, own);
  },
});
