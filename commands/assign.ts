import { ActionRowBuilder, ButtonBuilder, ButtonStyle, SlashCommandBuilder } from 'discord.js';
import { respondWithDates, respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { customIds } from '../src/discord/customIds';
import { COACH } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import { formatAssignSummary } from '../src/discord/render/assign';
import type { AssignAgain, AssignTarget } from '../src/services/assignments';

/** How long /assign keeps following a big squad's DMs before its last word (real time). */
const FINAL_SUMMARY_WAIT_MS = 60_000;

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('assign')
    .setDescription('Give a session to an athlete, a group, or the whole squad')
    .setContexts(0)
    .addStringOption((o) => o.setName('session').setDescription('Session template').setRequired(true).setAutocomplete(true))
    .addUserOption((o) => o.setName('athlete').setDescription('One athlete (leave athlete and group empty for the whole squad)'))
    .addStringOption((o) => o.setName('group').setDescription('A squad group').setAutocomplete(true))
    .addStringOption((o) =>
      o
        .setName('date')
        .setDescription('today, tomorrow, friday, next monday, 26 Nov, 26/11 or 2026-11-26 (default today)')
        .setMaxLength(40)
        .setAutocomplete(true),
    )
    .addStringOption((o) =>
      o.setName('time').setDescription('Planned start: 17:30, 5:30pm, 7am… (default: the team session time)').setMaxLength(10),
    )
    .addStringOption((o) => o.setName('note').setDescription('A note for the athletes').setMaxLength(500))
    .addUserOption((o) => o.setName('swap_for').setDescription('Swap one exercise for this athlete only'))
    .addStringOption((o) => o.setName('swap_out').setDescription('The exercise they skip').setAutocomplete(true))
    .addStringOption((o) => o.setName('swap_in').setDescription('The exercise they do instead').setAutocomplete(true))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const athlete = interaction.options.getUser('athlete');
    const group = interaction.options.getString('group')?.trim();
    if (athlete && group)
      return replyPrivately(interaction, 'Pick either an athlete or a group, not both. Leave both empty to assign the whole squad.');
    const target: AssignTarget = athlete ? { athleteId: athlete.id } : group ? { group } : { wholeSquad: true };
    const swapFor = interaction.options.getUser('swap_for');
    const swapOut = interaction.options.getString('swap_out');
    const swapIn = interaction.options.getString('swap_in');
    if ((swapFor || swapOut || swapIn) && !(swapFor && swapOut && swapIn)) {
      return replyPrivately(interaction, 'To swap an exercise, fill in all three: `swap_for` (the athlete), `swap_out` and `swap_in`.');
    }
    // Sending many DMs can take longer than Discord's 3 seconds.
    await deferPrivately(interaction);
    const request: AssignAgain = {
      templateId: interaction.options.getString('session', true),
      target,
      date: interaction.options.getString('date'),
      time: interaction.options.getString('time'),
      note: interaction.options.getString('note'),
      swap: swapFor && swapOut && swapIn ? { athleteId: swapFor.id, fromExerciseId: swapOut, toExerciseId: swapIn } : null,
    };
    const result = await app.assignments.assign({ team, coachId: interaction.user.id, ...request });
    if (!result.ok && 'duplicate' in result) {
      // Kept so the confirmation button can make the second copy on purpose.
      app.assignments.keepForSecondCopy(interaction.id, request);
      return replyPrivately(interaction, {
        content: `${result.message} Assign it again anyway? Each athlete would get a second copy, and an unlogged copy counts as missed.`,
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(customIds.assignAgain.encode({ interactionId: interaction.id }))
              .setLabel('Yes, assign a second copy')
              .setStyle(ButtonStyle.Danger),
          ),
        ],
      });
    }
    if (!result.ok) return replyPrivately(interaction, result.message);
    await replyPrivately(interaction, formatAssignSummary(result.value, team.timeZone));
    // A big squad takes longer than the first summary waited: say once more how it ended (the token lives 15 minutes).
    if (result.value.pending.length > 0) {
      const final = await app.assignments.awaitDelivery(result.value.deliveries, FINAL_SUMMARY_WAIT_MS);
      await replyPrivately(interaction, formatAssignSummary({ ...result.value, ...final }, team.timeZone));
    }
  },
  async autocomplete({ interaction, app, team }) {
    const focused = interaction.options.getFocused(true).name;
    if (focused === 'date') return respondWithDates(interaction, app);
    if (focused === 'group') {
      return respondWithMatches(
        interaction,
        app.squad.groups(team.guildId).map((g) => ({ name: g, value: g })),
      );
    }
    const guildId = interaction.guildId ?? '';
    if (focused === 'swap_out') {
      const chosen = app.sessions.sessionFor(guildId, interaction.options.getString('session') ?? '');
      const names = new Map((chosen?.prescription.exercises ?? []).map((e) => [e.exerciseId, e.name]));
      return respondWithMatches(
        interaction,
        [...names].map(([value, name]) => ({ name, value })),
      );
    }
    if (focused === 'swap_in')
      return respondWithMatches(
        interaction,
        app.sessions.library(guildId).map((e) => ({ name: e.name, value: e.id })),
      );
    // Built-in templates and the team's own sessions, side by side.
    await respondWithMatches(
      interaction,
      app.sessions
        .pickable(guildId)
        .map((t) => ({ name: `${t.name}${t.team ? ' (team)' : ''} (~${t.estimatedMinutes} min)`, value: t.id })),
    );
  },
});
