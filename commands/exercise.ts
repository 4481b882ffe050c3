import { SlashCommandBuilder } from 'discord.js';
import { exercises } from '../src/domain/library';
import { MOVEMENT_PATTERNS, MUSCLE_LABELS, REP_UNITS, type Muscle, type MovementPattern, type RepUnit } from '../src/domain/library/schema';
import { respondWithMatches } from '../src/discord/autocomplete';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';

const MUSCLE_CHOICES = [
  { name: 'Glutes', value: 'glutes' },
  { name: 'Hamstrings', value: 'hamstrings' },
  { name: 'Lower back', value: 'lowerBack' },
];
const UNIT_NAMES: Record<RepUnit, string> = {
  reps: 'Reps',
  reps_each_side: 'Reps each side',
  seconds: 'Seconds',
  seconds_each_side: 'Seconds each side',
  metres: 'Metres',
  breaths: 'Breaths',
};

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('exercise')
    .setDescription("Your team's own exercises (built-in ones never change)")
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Add an exercise your sessions can use')
        .addStringOption((o) =>
          o.setName('name').setDescription('e.g. Copenhagen plank').setRequired(true).setMinLength(2).setMaxLength(60),
        )
        .addStringOption((o) =>
          o
            .setName('pattern')
            .setDescription('Movement pattern')
            .setRequired(true)
            .addChoices(...MOVEMENT_PATTERNS.map((p) => ({ name: p.replaceAll('_', ' '), value: p }))),
        )
        .addStringOption((o) =>
          o.setName('cues').setDescription('Coaching cues, separated by ";" (up to 5)').setRequired(true).setMaxLength(500),
        )
        .addStringOption((o) =>
          o
            .setName('unit')
            .setDescription('How it is dosed (default reps)')
            .addChoices(...REP_UNITS.map((u) => ({ name: UNIT_NAMES[u], value: u }))),
        )
        .addStringOption((o) =>
          o
            .setName('works')
            .setDescription('Prime mover credited with hard sets (leave empty for none)')
            .addChoices(...MUSCLE_CHOICES),
        )
        .addStringOption((o) =>
          o
            .setName('also')
            .setDescription('A synergist (half a set)')
            .addChoices(...MUSCLE_CHOICES),
        )
        .addStringOption((o) =>
          o
            .setName('also2')
            .setDescription('Another synergist (half a set)')
            .addChoices(...MUSCLE_CHOICES),
        )
        .addStringOption((o) => o.setName('regression').setDescription('A simpler library exercise').setAutocomplete(true))
        .addStringOption((o) => o.setName('progression').setDescription('A harder library exercise').setAutocomplete(true)),
    )
    .addSubcommand((s) => s.setName('list').setDescription("Your team's exercises"))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    if (interaction.options.getSubcommand(true) === 'list') {
      const own = app.sessions.teamExercises(team.guildId);
      return replyPrivately(
        interaction,
        own.length
          ? `**Team exercises (${own.length})**\n${own
              .map(
                (e) =>
                  `• **${e.name}** (${e.pattern.replaceAll('_', ' ')}; ${
                    Object.keys(e.muscles)
                      .map((m) => MUSCLE_LABELS[m as Muscle])
                      .join(', ') || 'no hard-set credit'
                  })`,
              )
              .join('\n')}`.slice(0, 1990)
          : 'No team exercises yet. Add one with `/exercise add`.',
      );
    }
    const works = interaction.options.getString('works') as Muscle | null;
    const synergists = [interaction.options.getString('also'), interaction.options.getString('also2')].filter((m): m is Muscle => !!m);
    if (!works && synergists.length) return replyPrivately(interaction, 'Pick the prime mover in `works` before any synergist in `also`.');
    const r = app.sessions.addExercise(team.guildId, interaction.user.id, {
      name: interaction.options.getString('name', true),
      pattern: interaction.options.getString('pattern', true) as MovementPattern,
      unit: (interaction.options.getString('unit') as RepUnit | null) ?? 'reps',
      muscles: works ? [works, ...synergists] : [],
      cues: interaction.options.getString('cues', true).split(';'),
      regressionId: interaction.options.getString('regression'),
      progressionId: interaction.options.getString('progression'),
    });
    if (!r.ok) return replyPrivately(interaction, r.message);
    const credit = Object.entries(r.value.muscles)
      .map(([m, c]) => `${MUSCLE_LABELS[m as Muscle]} ${c === 1 ? '1 set' : '½ set'}`)
      .join(', ');
    await replyPrivately(
      interaction,
      `✅ **${r.value.name}** added. Each hard set credits: ${credit || 'nothing (it never counts as a hard set)'}. Use it on the whiteboard with \`/session create\`.`,
    );
  },
  async autocomplete({ interaction }) {
    await respondWithMatches(
      interaction,
      exercises.map((e) => ({ name: e.name, value: e.id })),
    );
  },
});
