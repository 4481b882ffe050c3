import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { COACH } from '../src/discord/preconditions';
import { statusText } from '../src/discord/render/status';
import { replyPrivately } from '../src/discord/reply';

/** How far back /status looks for messages that could not be delivered. */
const STATUS_DAYS = 7;

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('Coaches: is Backline keeping up, and which messages did not reach whom')
    .setContexts(0)
    .toJSON(),
  preconditions: COACH,
  async execute({ interaction, app, team }) {
    const now = app.clock.now();
    const status = app.status.forTeam(team.guildId, new Date(now.getTime() - STATUS_DAYS * 86_400_000));
    await replyPrivately(interaction, statusText(status, team.timeZone, now));
  },
});
