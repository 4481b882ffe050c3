import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import type { ReadinessSettings } from '../src/repositories/readiness';

export function formatReadinessSettings(s: ReadinessSettings, reminderTime: string): string {
  return [
    `**Readiness check: ${s.enabled ? 'on' : 'off'}**`,
    `• Asked ${s.askTime ? `at **${s.askTime}**` : `with the session reminder (**${reminderTime}**)`} on each training day, before the session: sleep, fatigue, soreness, stress, mood on 1-7 (Hooper & Mackinnon 1995; McLean et al. 2010).`,
    `• Staff are told when an athlete's total is below **z ${s.threshold}** against their own last 28 days (at least 7 answers). A description, never a diagnosis.`,
    'Change it with `/readiness` and the option you want.',
  ].join('\n');
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('readiness')
    .setDescription('See or change the readiness check before training')
    .setContexts(0)
    .addBooleanOption((o) => o.setName('enabled').setDescription('Ask athletes before each session'))
    .addNumberOption((o) =>
      o.setName('line').setDescription('Tell staff below this total z-score (default -1.5)').setMinValue(-3).setMaxValue(-0.5),
    )
    .addStringOption((o) =>
      o.setName('time').setDescription('HH:MM on training days, or "reminder" to ask with the session reminder').setMaxLength(8),
    )
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const enabled = interaction.options.getBoolean('enabled') ?? undefined;
    const threshold = interaction.options.getNumber('line') ?? undefined;
    const time = interaction.options.getString('time') ?? undefined;
    if (enabled === undefined && threshold === undefined && time === undefined) {
      return replyPrivately(interaction, formatReadinessSettings(app.readiness.settings(team.guildId), team.reminderTime));
    }
    const result = app.readiness.updateSettings(team, { enabled, threshold, time });
    if (!result.ok) return replyPrivately(interaction, result.message);
    return replyPrivately(interaction, `✅ Saved.\n${formatReadinessSettings(result.value, team.reminderTime)}`);
  },
});
