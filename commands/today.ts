import { SlashCommandBuilder } from 'discord.js';
import { defineCommand } from '../src/discord/command';
import { MEMBER } from '../src/discord/preconditions';
import { replyPrivately } from '../src/discord/reply';
import { todayView } from '../src/discord/render/today';

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('today')
    .setDescription("Your sessions for today and any you haven't logged from the last week")
    .setContexts(0)
    .toJSON(),
  preconditions: MEMBER,
  async execute({ interaction, app, team }) {
    if (!app.squad.get(team.guildId, interaction.user.id)) {
      return replyPrivately(interaction, "You're not on this team's squad yet. Ask a coach to add you with `/squad add`.");
    }
    await replyPrivately(interaction, todayView(app.assignments.todayFor(team, interaction.user.id)));
  },
});
