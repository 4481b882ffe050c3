import { customIds } from '../customIds';
import { COACH, type InTeam } from '../preconditions';
import { formatAssignSummary } from '../render/assign';
import { replyPrivately } from '../reply';
import type { ComponentHandler } from './registry';

/** "Yes, assign a second copy" under a duplicate /assign warning. */
export const assignAgainButton: ComponentHandler<{ interactionId: string }, InTeam> = {
  id: customIds.assignAgain,
  preconditions: COACH,
  async button({ interaction, value: { interactionId }, app, team }) {
    const request = app.assignments.keptForSecondCopy(interactionId, team.guildId, interaction.user.id);
    if (!request) return replyPrivately(interaction, 'That button is out of date. Run `/assign` again.');
    await interaction.deferUpdate();
    const result = await app.assignments.assign({ team, coachId: interaction.user.id, ...request, confirmed: true });
    await interaction.editReply({
      content: result.ok ? formatAssignSummary(result.value, team.timeZone) : result.message,
      components: [],
      allowedMentions: { parse: [] },
    });
    if (result.ok && result.value.pending.length > 0) {
      const final = await app.assignments.awaitDelivery(result.value.deliveries, 60_000);
      await interaction.editReply({
        content: formatAssignSummary({ ...result.value, ...final }, team.timeZone),
        components: [],
        allowedMentions: { parse: [] },
      });
    }
  },
};
