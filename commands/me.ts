import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { MEMBER } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import { athleteAllTrainingParts } from '../src/discord/render/allTraining';
import { athleteChartOffThread, renderAthleteTrend, replyWithMessages } from '../src/discord/render/digest';
import { DEFAULT_TREND_WEEKS, MAX_TREND_WEEKS } from '../src/services/digest';

/** An athlete's own figures, only ever their own: the id comes from the interaction, never from an option. */
export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('me')
    .setDescription('Your own load, hard sets, pain and sessions, week by week (only you see it)')
    .setContexts(0)
    .addIntegerOption((o) =>
      o
        .setName('weeks')
        .setDescription(`How many weeks, this one included (default ${DEFAULT_TREND_WEEKS})`)
        .setMinValue(1)
        .setMaxValue(MAX_TREND_WEEKS),
    )
    .toJSON(),
  preconditions: MEMBER,
  async execute({ interaction, app, team }) {
    const userId = interaction.user.id;
    if (!app.squad.get(team.guildId, userId)) {
      return replyPrivately(
        interaction,
        "You're not on this team's squad, so there are no figures to show. Ask a coach to add you with `/squad add`.",
      );
    }
    await deferPrivately(interaction);
    const history = app.digest.athleteHistory(team, userId, interaction.options.getInteger('weeks') ?? DEFAULT_TREND_WEEKS);
    if (!history.ok) return replyPrivately(interaction, history.message);
    const { athlete, weeks, thresholds, firstSession } = history.value;
    const onError = (err: unknown, chart: string) => app.logger.warn({ err, chart, guildId: team.guildId }, 'athlete chart failed');
    // Other training, readiness and Nordic compliance of this week (issue 13).
    const all = app.digest.athleteAllTraining(team, userId, weeks[0]?.span.start ?? null);
    // Both charts render on the chart workers, never on the event loop.
    const [chart, parts] = await Promise.all([
      athleteChartOffThread(athlete, weeks, thresholds, onError),
      athleteAllTrainingParts(all, { name: athlete.displayName, audience: 'athlete', onError }),
    ]);
    await replyWithMessages(
      interaction,
      renderAthleteTrend(athlete, weeks, { timeZone: team.timeZone, chart, firstSession, audience: 'athlete', ...parts }),
    );
  },
});
