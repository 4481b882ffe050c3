import { formatAssignSummary, type AssignAgain } from '../render/assign';
import { coachOnly, teamConfigured } from '../preconditions';
import { replyPrivately } from '../reply';
import { customIds } from '../customIds';
import type { ComponentHandler } from './registry';

/** "Yes, assign a second copy" under a duplicate /assign warning. Coaches only. */
export const assignAgainButton: ComponentHandler<{ interactionId: string }> = {
  id: customIds.assignAgain,
  async button(interaction, { interactionId }, app) {
    const configured = teamConfigured.check(interaction, app);
    if (!configured.ok) return replyPrivately(interaction, configured.message);
    const coach = coachOnly.check(interaction, app);
    if (!coach.ok || !coach.team) return replyPrivately(interaction, coach.ok ? 'That button is out of date.' : coach.message);
    const request = app.interactions.payload<AssignAgain>(interactionId, coach.team.guildId, interaction.user.id);
    if (!request) return replyPrivately(interaction, 'That button is out of date. Run `/assign` again.');
    await interaction.deferUpdate();
    const result = await app.assignments.assign({ team: coach.team, coachId: interaction.user.id, ...request, confirmed: true });
    await interaction.editReply({ content: result.ok ? formatAssignSummary(result.value) : result.message, components: [], allowedMentions: { parse: [] } });
    if (result.ok && result.value.pending.length > 0) {
      const final = await app.assignments.awaitDelivery(result.value.deliveries, 60_000);
      await interaction.editReply({ content: formatAssignSummary({ ...result.value, ...final }), components: [], allowedMentions: { parse: [] } });
    }
  },
};
