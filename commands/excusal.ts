import { SlashCommandBuilder } from 'discord.js';
import { addDays, formatLocalDate, teamToday } from '../src/domain/time';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('excusal')
    .setDescription('End an excusal early, or remove one made in error')
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName('end')
        .setDescription('The athlete is back: end the excusal early')
        .addUserOption((o) => o.setName('athlete').setDescription('The athlete').setRequired(true))
        .addStringOption((o) => o.setName('excusal').setDescription('Which excusal').setRequired(true).setAutocomplete(true))
        .addStringOption((o) =>
          o.setName('last_day').setDescription('Last excused day (default yesterday): YYYY-MM-DD, yesterday, today').setMaxLength(20),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Remove an excusal made in error: those days count again')
        .addUserOption((o) => o.setName('athlete').setDescription('The athlete').setRequired(true))
        .addStringOption((o) => o.setName('excusal').setDescription('Which excusal').setRequired(true).setAutocomplete(true)),
    )
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const athlete = interaction.options.getUser('athlete', true);
    const id = Number(interaction.options.getString('excusal', true));
    const excusal = app.excusals.forAthlete(team.guildId, athlete.id).find((e) => e.id === id);
    if (!excusal)
      return replyPrivately(interaction, `That is not one of <@${athlete.id}>'s excusals. Pick it from the list that appears as you type.`);
    if (interaction.options.getSubcommand(true) === 'remove') {
      const r = app.fixes.removeExcusal(team, excusal.id);
      return replyPrivately(
        interaction,
        r.ok
          ? `🗑️ Removed <@${athlete.id}>'s excusal (${formatLocalDate(excusal.fromDate)} – ${formatLocalDate(excusal.toDate)}). Those days count as ordinary days again.`
          : r.message,
      );
    }
    const r = app.fixes.endExcusal(team, interaction.user.id, excusal, interaction.options.getString('last_day'));
    await replyPrivately(
      interaction,
      r.ok
        ? `✅ <@${athlete.id}>'s excusal now ends on ${formatLocalDate(r.value)}. Prompts and reminders start again after that.`
        : r.message,
    );
  },
  async autocomplete({ interaction, app, team }) {
    const athlete = interaction.options.get('athlete')?.value;
    if (typeof athlete !== 'string') return interaction.respond([]);
    const since = addDays(teamToday(team, app.clock), -60);
    // Dates only: the reason is health data and autocomplete lists are not the place for it.
    await respondWithMatches(
      interaction,
      app.excusals
        .forAthlete(team.guildId, athlete)
        .filter((e) => e.toDate >= since)
        .map((e) => ({ name: `${formatLocalDate(e.fromDate)} – ${formatLocalDate(e.toDate)}`, value: String(e.id) })),
    );
  },
});
