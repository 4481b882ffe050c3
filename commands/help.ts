import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { ANYONE, hasRole } from '../src/discord/preconditions';
import { athleteHelp, coachHelp, JOIN_MESSAGE } from '../src/discord/render/help';
import { replyPrivately } from '../src/discord/reply';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('help')
    .setDescription("How Backline works for you: logging and correcting, or a coach's first week")
    .toJSON(),
  // Works anywhere, before /setup too: that is when people need it most.
  preconditions: ANYONE,
  async execute({ interaction, app }) {
    const team = interaction.guildId ? app.teams.get(interaction.guildId) : undefined;
    if (interaction.inGuild() && !team) return replyPrivately(interaction, JOIN_MESSAGE);
    const coach = team !== undefined && hasRole(interaction.member, team.coachRoleId);
    await replyPrivately(interaction, coach ? coachHelp(team) : athleteHelp(team));
  },
});
