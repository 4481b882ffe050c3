import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import { athleteAllTrainingParts } from '../src/discord/render/allTraining';
import { athleteChartOffThread, renderAthleteTrend, replyWithMessages } from '../src/discord/render/digest';
import { DEFAULT_TREND_WEEKS, MAX_TREND_WEEKS } from '../src/services/digest';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('athlete')
    .setDescription("One athlete's load, hard sets, pain and compliance, week by week (only you see it)")
    .setContexts(0)
    .addUserOption((o) => o.setName('athlete').setDescription('The athlete').setRequired(true))
    .addIntegerOption((o) =>
      o
        .setName('weeks')
        .setDescription(`How many weeks, this one included (default ${DEFAULT_TREND_WEEKS})`)
        .setMinValue(1)
        .setMaxValue(MAX_TREND_WEEKS),
    )
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    await deferPrivately(interaction);
    const user = interaction.options.getUser('athlete', true);
    const history = app.digest.athleteHistory(team, user.id, interaction.options.getInteger('weeks') ?? DEFAULT_TREND_WEEKS);
    if (!history.ok) return replyPrivately(interaction, history.message);
    const { athlete, weeks, thresholds, firstSession } = history.value;
    const onError = (err: unknown, chart: string) => app.logger.warn({ err, chart, guildId: team.guildId }, 'athlete chart failed');
    // Other training, readiness and Nordic compliance of this week (issue 13).
    const all = app.digest.athleteAllTraining(team, user.id, weeks[0]?.span.start ?? null);
    // Both charts render on the chart workers, never on the event loop.
    const [chart, parts] = await Promise.all([
      athleteChartOffThread(athlete, weeks, thresholds, onError),
      athleteAllTrainingParts(all, { name: athlete.displayName, audience: 'coach', onError }),
    ]);
    await replyWithMessages(
      interaction,
      renderAthleteTrend(athlete, weeks, { timeZone: team.timeZone, chart, firstSession, audience: 'coach', ...parts }),
    );
  },
});
