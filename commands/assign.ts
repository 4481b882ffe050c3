import { SlashCommandBuilder } from 'discord.js';
import { templates } from '../src/domain/library';
import { formatLocalDate } from '../src/domain/time';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import { deliveryLines } from '../src/discord/render/delivery';
import { fitContent } from '../src/discord/render/pack';
import type { AssignTarget, DeliveryReport } from '../src/services/assignments';

export function formatAssignSummary(report: DeliveryReport): string {
  const first = report.assignments[0]!;
  const lines = [`✅ **${first.title}** on ${formatLocalDate(first.sessionDate)} assigned to ${report.assignments.length} athlete${report.assignments.length === 1 ? '' : 's'}.`];
  lines.push(...deliveryLines(report, 'Session', 'The session is saved; they can see it with `/today`.'));
  return fitContent(lines.join('\n'));
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('assign')
    .setDescription('Give a session to an athlete, a group, or the whole squad')
    .setContexts(0)
    .addStringOption((o) => o.setName('session').setDescription('Session template').setRequired(true).setAutocomplete(true))
    .addUserOption((o) => o.setName('athlete').setDescription('One athlete (leave athlete and group empty for the whole squad)'))
    .addStringOption((o) => o.setName('group').setDescription('A squad group').setAutocomplete(true))
    .addStringOption((o) => o.setName('date').setDescription('YYYY-MM-DD, today, tomorrow or a weekday (default today)').setMaxLength(20))
    .addStringOption((o) => o.setName('time').setDescription('Planned start, 24-hour HH:MM (default: the team session time)').setMaxLength(5))
    .addStringOption((o) => o.setName('note').setDescription('A note for the athletes').setMaxLength(500))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const athlete = interaction.options.getUser('athlete');
    const group = interaction.options.getString('group')?.trim();
    if (athlete && group) return replyPrivately(interaction, 'Pick either an athlete or a group, not both. Leave both empty to assign the whole squad.');
    const target: AssignTarget = athlete ? { athleteId: athlete.id } : group ? { group } : { wholeSquad: true };
    // Sending many DMs can take longer than Discord's 3 seconds.
    await deferPrivately(interaction);
    const result = await app.assignments.assign({
      team,
      coachId: interaction.user.id,
      templateId: interaction.options.getString('session', true),
      target,
      date: interaction.options.getString('date'),
      time: interaction.options.getString('time'),
      note: interaction.options.getString('note'),
    });
    await replyPrivately(interaction, result.ok ? formatAssignSummary(result.value) : result.message);
  },
  async autocomplete(interaction, app) {
    const focused = interaction.options.getFocused(true).name;
    if (focused === 'group') {
      return respondWithMatches(interaction, app.squad.groups(interaction.guildId ?? '').map((g) => ({ name: g, value: g })));
    }
    await respondWithMatches(
      interaction,
      templates.map((t) => ({ name: `${t.name} (~${t.estimatedMinutes} min)`, value: t.id })),
    );
  },
});
