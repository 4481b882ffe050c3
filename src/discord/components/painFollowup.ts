import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { customIds, type PainAnswerValue } from '../customIds';
import { ANYONE, COACH, type InTeam } from '../preconditions';
import { painNotSettledReply, painSettledButRegressedReply, painSettledReply, undoneLine } from '../render/reminders';
import type { ComponentHandler } from './registry';

/** After deferUpdate, a refusal goes to the clicker alone and leaves the message as it was. */
async function refuseAfterDefer(interaction: ButtonInteraction, message: string): Promise<void> {
  await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

/** "Has it settled?" Yes / No, in the athlete's DM. */
export const painAnswerButton: ComponentHandler<PainAnswerValue> = {
  id: customIds.painAnswer,
  // In the athlete's DM; the service checks the question was asked to the clicker.
  preconditions: ANYONE,
  async button({ interaction, value: { followupId, settled }, app }) {
    // Regressing and telling staff can take longer than Discord's 3 seconds.
    await interaction.deferUpdate();
    const result = app.pain.answer(followupId, interaction.user.id, settled);
    if (!result.ok) return refuseAfterDefer(interaction, result.message);
    // Replace the buttons with the answer, so the question can't be answered twice.
    await interaction.editReply({
      content: `${interaction.message.content}\n\n**You answered:** ${settled ? "yes, it's settled" : 'no, not yet'}.\n${!result.value.settled ? painNotSettledReply(result.value.regressed) : result.value.regressed ? painSettledButRegressedReply(result.value.regressed) : painSettledReply()}`,
      components: [],
    });
  },
};

/** Staff's "Undo" under a regression notice. */
export const painUndoButton: ComponentHandler<{ adjustmentId: number }, InTeam> = {
  id: customIds.painUndo,
  preconditions: COACH,
  async button({ interaction, value: { adjustmentId }, app, team }) {
    await interaction.deferUpdate();
    const result = app.pain.undo(team.guildId, adjustmentId, interaction.user.id);
    if (!result.ok) return refuseAfterDefer(interaction, result.message);
    await interaction.editReply({
      content: undoneLine(interaction.user.id, result.value.target),
      components: [],
      allowedMentions: { parse: [] },
    });
  },
};

export const painFollowupComponents: ComponentHandler[] = [painAnswerButton, painUndoButton];
