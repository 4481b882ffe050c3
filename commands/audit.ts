import { SlashCommandBuilder } from 'discord.js';
import { z } from 'zod';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { renderAudit } from '../src/discord/render/privacy';
import { replyPrivately } from '../src/discord/reply';

const MAX_DAYS = 730;
const input = z.object({ days: z.number().int().min(1).max(MAX_DAYS) });

/** What coaches did (assign, cancel, programs, excusals, settings, erasures, consent changes). */
export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('audit')
    .setDescription('Coaches: who did what, e.g. sessions assigned, excusals, erasures (only you see it)')
    .setContexts(0)
    .addUserOption((o) => o.setName('athlete').setDescription('Only actions about this athlete'))
    .addIntegerOption((o) => o.setName('days').setDescription('How far back (default 30)').setMinValue(1).setMaxValue(MAX_DAYS))
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const parsed = input.safeParse({ days: interaction.options.getInteger('days') ?? 30 });
    if (!parsed.success) return replyPrivately(interaction, `Pick 1 to ${MAX_DAYS} days.`);
    const athleteId = interaction.options.getUser('athlete')?.id ?? null;
    const entries = app.privacy.auditLog(team.guildId, { days: parsed.data.days, ...(athleteId ? { athleteId } : {}) });
    await replyPrivately(interaction, renderAudit(entries, parsed.data.days, athleteId));
  },
});
