import { EmbedBuilder, SlashCommandBuilder } from 'discord.js';
import { exercises, getExercise, templates } from '../src/domain/library';
import { MUSCLE_LABELS, MUSCLES, type Exercise } from '../src/domain/library/schema';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { ANYONE } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import { BRAND_COLOUR, legendLine, prescriptionFields } from '../src/discord/render/session';

function exerciseCard(e: Exercise): EmbedBuilder {
  const credit = MUSCLES.filter((m) => e.muscles[m]).map(
    (m) => `${MUSCLE_LABELS[m]} ${e.muscles[m] === 1 ? '(prime mover)' : '(synergist)'}`,
  );
  const regression = e.regressionId ? getExercise(e.regressionId)?.name : null;
  const progression = e.progressionId ? getExercise(e.progressionId)?.name : null;
  return new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle(e.name)
    .setDescription(`Pattern: ${e.pattern.replaceAll('_', ' ')} · ${e.kind}${e.equipment.length ? ` · ${e.equipment.join(', ')}` : ''}`)
    .addFields(
      { name: 'Coaching cues', value: e.cues.map((c) => `• ${c}`).join('\n') },
      { name: 'Works', value: credit.length ? credit.join(', ') : 'Mobility / skill: not counted as hard sets' },
      { name: 'Simpler (regression)', value: regression ?? '— (simplest in its line)', inline: true },
      { name: 'Harder (progression)', value: progression ?? '— (hardest in its line)', inline: true },
    );
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('library')
    .setDescription('Browse the session templates and the exercise library')
    .addStringOption((o) => o.setName('session').setDescription('A session template').setAutocomplete(true))
    .addStringOption((o) => o.setName('exercise').setDescription('An exercise').setAutocomplete(true))
    .toJSON(),
  preconditions: ANYONE,
  async execute({ interaction, app }) {
    const sessionId = interaction.options.getString('session');
    const exerciseId = interaction.options.getString('exercise');
    const embeds: EmbedBuilder[] = [];
    if (sessionId) {
      // Built-in templates and, in a server, the team's own sessions.
      const found = app.sessions.sessionFor(interaction.guildId ?? '', sessionId);
      if (!found) return replyPrivately(interaction, `I don't know the session "${sessionId}". Pick one from the list.`);
      const template = found.template;
      const sets = MUSCLES.map((m) => `${MUSCLE_LABELS[m]} ${template.claimedHardSets[m] ?? 0}`).join(' · ');
      embeds.push(
        new EmbedBuilder()
          .setColor(BRAND_COLOUR)
          .setTitle(template.name)
          .setDescription(
            [
              `${template.summary}`,
              `~${template.estimatedMinutes} min · hard sets: ${sets}`,
              legendLine(found.prescription),
              `-# Source: ${template.source}`,
            ]
              .filter(Boolean)
              .join('\n'),
          )
          .addFields(prescriptionFields(found.prescription)),
      );
    }
    if (exerciseId) {
      const exercise = app.sessions.library(interaction.guildId ?? '').find((e) => e.id === exerciseId);
      if (!exercise) return replyPrivately(interaction, `I don't know the exercise "${exerciseId}". Pick one from the list.`);
      embeds.push(exerciseCard(exercise));
    }
    if (embeds.length === 0) {
      const own = interaction.guildId ? app.sessions.list(interaction.guildId) : [];
      embeds.push(
        new EmbedBuilder()
          .setColor(BRAND_COLOUR)
          .setTitle('Backline library')
          .setDescription(
            `**Sessions**\n${templates.map((t) => `• **${t.name}** (~${t.estimatedMinutes} min): ${t.summary}`).join('\n')}\n\n` +
              (own.length
                ? `**Your team's sessions**\n${own.map((t) => `• **${t.name}** (~${t.template.estimatedMinutes} min)`).join('\n')}\n\n`
                : '') +
              `**${exercises.length} exercises**: pick one with \`/library exercise\` to see cues, regression and progression.`,
          ),
      );
    }
    await replyPrivately(interaction, { embeds });
  },
  async autocomplete({ interaction, app }) {
    const guildId = interaction.guildId ?? '';
    const focused = interaction.options.getFocused(true).name;
    if (focused === 'exercise')
      return respondWithMatches(
        interaction,
        app.sessions.library(guildId).map((e) => ({ name: e.name, value: e.id })),
      );
    await respondWithMatches(
      interaction,
      app.sessions.pickable(guildId).map((t) => ({ name: `${t.name}${t.team ? ' (team)' : ''}`, value: t.id })),
    );
  },
});
