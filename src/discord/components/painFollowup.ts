import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { hasRole } from '../preconditions';
import { painNotSettledReply, painSettledButRegressedReply, painSettledReply, undoneLine } from '../render/reminders';
import { replyPrivately } from '../reply';
import type { ComponentHandler } from './registry';

/** After deferUpdate, a refusal goes to the clicker alone and leaves the message as it was. */
async function refuseAfterDefer(interaction: ButtonInteraction, message: string): Promise<void> {
  await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}

function positiveId(raw: string | undefined): number | undefined {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** "Has it settled?" Yes / No, in the athlete's DM: painfu:<followupId>:yes|no. */
export const painAnswerButton: ComponentHandler = {
  prefix: 'painfu',
  async button(interaction, args, app) {
    const id = positiveId(args[0]);
    const answer = args[1];
    if (!id || (answer !== 'yes' && answer !== 'no')) return replyPrivately(interaction, 'That question is out of date.');
    // Regressing and telling staff can take longer than Discord's 3 seconds.
    await interaction.deferUpdate();
    const result = app.pain.answer(id, interaction.user.id, answer === 'yes');
    if (!result.ok) return refuseAfterDefer(interaction, result.message);
    // Replace the buttons with the answer, so the question can't be answered twice.
    await interaction.editReply({ content: `${interaction.message.content}\n\n**You answered:** ${answer === 'yes' ? "yes, it's settled" : 'no, not yet'}.\n${!result.value.settled ? painNotSettledReply(result.value.regressed) : result.value.regressed ? painSettledButRegressedReply(result.value.regressed) : painSettledReply()}`, components: [] });
  },
};

/** Staff's "Undo" under a regression notice: painundo:<adjustmentId>. Coaches only. */
export const painUndoButton: ComponentHandler = {
  prefix: 'painundo',
  async button(interaction, args, app) {
    const id = positiveId(args[0]);
    const team = interaction.guildId ? app.teams.get(interaction.guildId) : undefined;
    if (!id || !team) return replyPrivately(interaction, 'That button is out of date.');
    if (!hasRole(interaction.member, team.coachRoleId)) {
      return replyPrivately(interaction, `Only coaches (<@&${team.coachRoleId}>) can undo an adjustment.`);
    }
    await interaction.deferUpdate();
    const result = app.pain.undo(team.guildId, id, interaction.user.id);
    if (!result.ok) return refuseAfterDefer(interaction, result.message);
    await interaction.editReply({ content: undoneLine(interaction.user.id, result.value.target), components: [], allowedMentions: { parse: [] } });
  },
};

export const painFollowupComponents: ComponentHandler[] = [painAnswerButton, painUndoButton];
