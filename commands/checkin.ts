import { SlashCommandBuilder } from 'discord.js';
import { CHECKIN_LIMITS, rangeText, validateCheckinFields } from '../src/domain/checkin';
import { PAIN_AREA_LABELS, PAIN_AREAS } from '../src/domain/pain';
import { formatLocalDate } from '../src/domain/time';
import { respondWithMatches } from '../src/discord/autocomplete';
import { checkinConfirmation } from '../src/discord/checkinFlow';
import { checkinValueOption, RPE_OPTION_DESCRIPTION } from '../src/discord/commandOptions';
import { defineCommand } from '../src/discord/command';
import { MEMBER } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('checkin')
    .setDescription('Log a session: RPE, pain and minutes')
    .setContexts(0)
    .addStringOption((o) => o.setName('session').setDescription('One of your sessions to log').setRequired(true).setAutocomplete(true))
    .addIntegerOption((o) => checkinValueOption(o, 'rpe', RPE_OPTION_DESCRIPTION, true))
    .addIntegerOption((o) => checkinValueOption(o, 'pain', `Pain ${rangeText(CHECKIN_LIMITS.pain)} (0 none)`, true))
    .addIntegerOption((o) => checkinValueOption(o, 'minutes', 'Minutes trained (default: the planned time)'))
    .addStringOption((o) =>
      o
        .setName('area')
        .setDescription('Where the pain was')
        .addChoices(...PAIN_AREAS.map((a) => ({ name: PAIN_AREA_LABELS[a], value: a }))),
    )
    .toJSON(),
  preconditions: MEMBER,
  async execute({ interaction, app, team }) {
    const raw = interaction.options.getString('session', true);
    const assignmentId = /^\d+$/.test(raw) ? Number(raw) : NaN;
    const assignment = Number.isSafeInteger(assignmentId) ? app.assignments.get(team.guildId, assignmentId) : undefined;
    if (!assignment || assignment.athleteId !== interaction.user.id) {
      return replyPrivately(
        interaction,
        'Pick one of your own sessions from the list (start typing its name). `/today` shows what you have to log.',
      );
    }
    const fields = validateCheckinFields({
      rpe: String(interaction.options.getInteger('rpe', true)),
      pain: String(interaction.options.getInteger('pain', true)),
      minutes: String(interaction.options.getInteger('minutes') ?? assignment.plannedMinutes),
      area: interaction.options.getString('area'),
    });
    if (!fields.ok) return replyPrivately(interaction, `Nothing was saved:\n${fields.errors.map((e) => `• ${e}`).join('\n')}`);
    const logged = app.checkins.logCompleted(interaction.user.id, assignment.id, fields.value, 'command');
    if (!logged.ok) return replyPrivately(interaction, logged.message);
    await replyPrivately(interaction, checkinConfirmation(logged.value));
  },
  async autocomplete({ interaction, app, team }) {
    const loggable = app.assignments.loggable(team, interaction.user.id);
    await respondWithMatches(
      interaction,
      loggable.map((a) => ({ name: `${a.title} — ${formatLocalDate(a.sessionDate)}`, value: String(a.id) })),
    );
  },
});
