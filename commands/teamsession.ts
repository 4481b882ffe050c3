import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { checkinValueOption, otherSessionTypeOption } from '../src/discord/commandOptions';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import { OTHER_SESSION_LABELS, type OtherSessionType } from '../src/domain/otherTraining';
import { formatLocalDate, localDateOf, localTimeOf } from '../src/domain/time';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('teamsession')
    .setDescription('Log a team practice, match or conditioning session: each athlete is asked their RPE afterwards')
    .setContexts(0)
    .addStringOption((o) => otherSessionTypeOption(o, 'What it is'))
    .addIntegerOption((o) => checkinValueOption(o, 'minutes', 'How long, in minutes', true))
    .addStringOption((o) => o.setName('group').setDescription('A squad group (default: the whole squad)').setMaxLength(32))
    .addStringOption((o) =>
      o.setName('date').setDescription('Default today; YYYY-MM-DD, yesterday, tomorrow or a weekday').setMaxLength(20),
    )
    .addStringOption((o) => o.setName('start').setDescription("Start time HH:MM (default the team's session time)").setMaxLength(5))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const result = app.otherTraining.logTeamSession({
      team,
      coachId: interaction.user.id,
      type: interaction.options.getString('type', true) as OtherSessionType,
      minutes: interaction.options.getInteger('minutes', true),
      group: interaction.options.getString('group'),
      date: interaction.options.getString('date'),
      start: interaction.options.getString('start'),
    });
    if (!result.ok) return replyPrivately(interaction, result.message);
    const { teamSession: t, sessions, promptAt } = result.value;
    const who = t.groupName ? `the ${t.groupName} group` : 'the squad';
    const when =
      promptAt <= app.clock.now()
        ? 'now'
        : `at ${localTimeOf(promptAt, team.timeZone)} on ${formatLocalDate(localDateOf(promptAt, team.timeZone))}`;
    await replyPrivately(
      interaction,
      `✅ ${OTHER_SESSION_LABELS[t.type]} on ${formatLocalDate(t.sessionDate)} (${t.minutes} min) logged for ${who}: ${sessions.length} athlete${sessions.length === 1 ? '' : 's'}. Each is asked their RPE by DM ${when} (30 minutes after the end), with one reminder if they don't answer. It counts in their load once they rate it, never as hard sets.`,
    );
  },
});
