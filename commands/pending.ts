import { SlashCommandBuilder } from 'discord.js';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { pendingMessage } from '../src/discord/render/teamSession';
import { replyPrivately } from '../src/discord/reply';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('pending')
    .setDescription('Who still owes a check-in, with a Nudge button for each')
    .setContexts(0)
    .addStringOption((o) =>
      o.setName('date').setDescription('One day: YYYY-MM-DD, yesterday, today or a weekday (default: the last 7 days)').setMaxLength(20),
    )
    .addStringOption((o) => o.setName('session').setDescription('Only this session').setAutocomplete(true))
    .addStringOption((o) => o.setName('group').setDescription('Only this group').setAutocomplete(true))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const templateId = interaction.options.getString('session')?.trim() || null;
    const group = interaction.options.getString('group')?.trim() || null;
    const r = app.fixes.pending(team, { date: interaction.options.getString('date'), templateId, group });
    if (!r.ok) return replyPrivately(interaction, r.message);
    const nudged = app.fixes.alreadyNudged(
      team.guildId,
      r.value.rows.map((p) => p.assignmentId),
    );
    await replyPrivately(interaction, pendingMessage(r.value.rows, { from: r.value.from, to: r.value.to, templateId, group }, nudged));
  },
  async autocomplete({ interaction, app }) {
    const guildId = interaction.guildId ?? '';
    if (interaction.options.getFocused(true).name === 'group') {
      return respondWithMatches(
        interaction,
        app.squad.groups(guildId).map((g) => ({ name: g, value: g })),
      );
    }
    await respondWithMatches(
      interaction,
      app.sessions.pickable(guildId).map((p) => ({ name: `${p.name}${p.team ? ' (team)' : ''}`, value: p.id })),
    );
  },
});
