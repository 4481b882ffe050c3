import { SlashCommandBuilder } from 'discord.js';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import { digestChartsOffThread, methodHelp, renderDigest, replyWithMessages } from '../src/discord/render/digest';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('digest')
    .setDescription('The weekly staff digest for any past week (only you see it)')
    .setContexts(0)
    .addStringOption((o) =>
      o
        .setName('week')
        .setDescription('"last" (default), "this", 2026-W11, or a day in that week: 26 Nov, 26/11, 2026-11-26')
        .setMaxLength(30),
    )
    .addStringOption((o) => o.setName('group').setDescription('Only this squad group').setAutocomplete(true).setMaxLength(32))
    .addBooleanOption((o) => o.setName('explain').setDescription('Show how the digest decides green, amber and red, with the sources'))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    if (interaction.options.getBoolean('explain')) {
      const [title, ...lines] = methodHelp(app.digest.thresholds(team)).split('\n');
      return replyPrivately(interaction, { embeds: [{ title: title!.replaceAll('**', ''), description: lines.join('\n') }] });
    }
    // The figures and charts are worked out on a chart worker, which can take longer than Discord's 3 seconds.
    await deferPrivately(interaction);
    const figures = await app.digest.digestFor(team, interaction.options.getString('week'), interaction.options.getString('group'));
    if (!figures.ok) return replyPrivately(interaction, figures.message);
    const charts = await digestChartsOffThread(figures.value, (err, chart) =>
      app.logger.warn({ err, chart, guildId: team.guildId }, 'digest chart failed'),
    );
    await replyWithMessages(interaction, renderDigest(figures.value, { timeZone: team.timeZone, charts }));
  },
  async autocomplete({ interaction, app, team }) {
    await respondWithMatches(
      interaction,
      app.squad.groups(team.guildId).map((g) => ({ name: g, value: g })),
    );
  },
});
