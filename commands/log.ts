import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { checkinValueOption, otherSessionTypeOption, RPE_OPTION_DESCRIPTION } from '../src/discord/commandOptions';
import { MEMBER } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import { CHECKIN_LIMITS, rangeText } from '../src/domain/checkin';
import type { OtherSessionType } from '../src/domain/otherTraining';
import { parseReadinessReply } from '../src/domain/readiness';
import { teamToday } from '../src/domain/time';
import { describeNordicLog } from '../src/services/nordic';
import { describeLoggedOther } from '../src/services/otherTraining';
import { describeOwnReadiness } from '../src/services/readiness';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('log')
    .setDescription('Log training Backline did not assign, Nordic reps, or your readiness')
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName('other')
        .setDescription('A practice, match, conditioning or other session (counts in your load, never as hard sets)')
        .addStringOption((o) => otherSessionTypeOption(o, 'What it was'))
        .addIntegerOption((o) => checkinValueOption(o, 'rpe', RPE_OPTION_DESCRIPTION, true))
        .addIntegerOption((o) => checkinValueOption(o, 'minutes', 'How long, in minutes', true))
        .addStringOption((o) =>
          o.setName('date').setDescription('Default today; YYYY-MM-DD, "yesterday" or "3 days ago" (up to 14 days back)').setMaxLength(20),
        )
        .addIntegerOption((o) =>
          checkinValueOption(o, 'pain', `Pain during or after, ${rangeText(CHECKIN_LIMITS.pain)} (only you and staff see it)`),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('nordic')
        .setDescription('Reps of your latest Nordic session')
        .addStringOption((o) =>
          o.setName('reps').setDescription('Reps per set, e.g. "5 5 3", or "all done"').setRequired(true).setMaxLength(40),
        )
        .addStringOption((o) =>
          o
            .setName('quality')
            .setDescription('How the lowering went (optional)')
            .addChoices(
              { name: 'Full range', value: 'full_range' },
              { name: 'Partial range', value: 'partial' },
              { name: 'Band-assisted', value: 'band_assisted' },
            ),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('readiness')
        .setDescription('Readiness today: sleep, fatigue, soreness, stress, mood, each 1-7 (7 = best)')
        .addStringOption((o) =>
          o.setName('answers').setDescription('Five numbers 1-7 in that order, e.g. "5 4 3 5 6"').setRequired(true).setMaxLength(30),
        ),
    )
    .toJSON(),
  preconditions: MEMBER,
  async execute({ interaction, app, team }) {
    const sub = interaction.options.getSubcommand(true);
    const athleteId = interaction.user.id;
    if (sub === 'other') {
      const result = app.otherTraining.log({
        team,
        athleteId,
        type: interaction.options.getString('type', true) as OtherSessionType,
        rpe: interaction.options.getInteger('rpe', true),
        minutes: interaction.options.getInteger('minutes', true),
        date: interaction.options.getString('date'),
        pain: interaction.options.getInteger('pain'),
        source: 'command',
      });
      if (!result.ok) return replyPrivately(interaction, result.message);
      const flag = result.value.painFlag
        ? `\nPain ${result.value.session.pain}/10 is above the team's limit (${team.painLimit}): your coaches will be told. Go lighter next time if it hasn't settled by tomorrow morning.`
        : '';
      return replyPrivately(interaction, `✅ ${describeLoggedOther(result.value.session)}${flag}`);
    }
    if (sub === 'nordic') {
      const quality = interaction.options.getString('quality');
      const text = `${interaction.options.getString('reps', true)}${quality ? ` ${quality === 'band_assisted' ? 'band' : quality === 'partial' ? 'partial' : 'full'}` : ''}`;
      const result = app.nordic.logReps({ guildId: team.guildId, athleteId, assignmentId: null, text });
      if (!result.ok) return replyPrivately(interaction, result.message);
      return replyPrivately(
        interaction,
        `✅ Nordics logged: ${describeNordicLog(result.value)}.${result.value.replaced ? ' (This replaces what you logged before.)' : ''}`,
      );
    }
    const parsed = parseReadinessReply(interaction.options.getString('answers', true));
    if (!parsed.ok)
      return replyPrivately(interaction, 'message' in parsed ? parsed.message : 'Give five numbers from 1 to 7, e.g. `5 4 3 5 6`.');
    const date = teamToday(team, app.clock);
    const result = app.readiness.answer({ guildId: team.guildId, athleteId, date, answers: parsed.answers, source: 'command' });
    if (!result.ok) return replyPrivately(interaction, result.message);
    return replyPrivately(interaction, `✅ ${describeOwnReadiness(parsed.answers, result.value.score)}`);
  },
});
