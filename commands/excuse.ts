import { SlashCommandBuilder } from 'discord.js';
import { formatLocalDate } from '../src/domain/time';
import { respondWithDates } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import type { ExcusalReason } from '../src/repositories/excusals';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('excuse')
    .setDescription('Excuse an ill or injured athlete: no prompts or reminders, no compliance penalty')
    .setContexts(0)
    .addUserOption((o) => o.setName('athlete').setDescription('The athlete').setRequired(true))
    .addStringOption((o) =>
      o
        .setName('from')
        .setDescription('First day: today, friday, next monday, 26 Nov, 26/11…')
        .setRequired(true)
        .setMaxLength(40)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName('to')
        .setDescription('Last day (inclusive): today, friday, 30 Nov, 30/11…')
        .setRequired(true)
        .setMaxLength(40)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o
        .setName('reason')
        .setDescription('Illness or injury (only staff see it)')
        .addChoices({ name: 'Illness', value: 'illness' }, { name: 'Injury', value: 'injury' }),
    )
    .toJSON(),
  preconditions: COACH,
  async autocomplete({ interaction, app }) {
    await respondWithDates(interaction, app);
  },
  async execute({ interaction, app, team }) {
    const athlete = interaction.options.getUser('athlete', true);
    const reason = interaction.options.getString('reason') as ExcusalReason | null;
    const result = app.excusals.excuse({
      team,
      coachId: interaction.user.id,
      athleteId: athlete.id,
      from: interaction.options.getString('from', true),
      to: interaction.options.getString('to', true),
      reason,
      now: app.clock.now(),
    });
    if (!result.ok) return replyPrivately(interaction, result.message);
    const e = result.value;
    const span =
      e.fromDate === e.toDate ? `on ${formatLocalDate(e.fromDate)}` : `from ${formatLocalDate(e.fromDate)} to ${formatLocalDate(e.toDate)}`;
    await replyPrivately(
      interaction,
      `✅ <@${e.athleteId}> is excused ${span}${e.reason ? ` (${e.reason})` : ''}. No session reminders, check-in prompts or follow-ups in that window, and those days don't count against their compliance. Their sessions stay in place: they can still log one if they train.`,
    );
  },
});
