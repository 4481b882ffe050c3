import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Message } from 'discord.js';
import type { App } from '../app';
import type { CheckinField } from '../domain/checkinReply';
import { formatLocalDate } from '../domain/time';
import { allTrainingDmReply } from '../services/allTrainingDm';
import type { DmReplyResult } from '../services/checkinReplies';
import { checkinConfirmation, correctionConfirmation } from './checkinFlow';
import { customIds } from './customIds';
import type { ComponentHandler } from './components/registry';
import { ANYONE } from './preconditions';

const CHOICE_LABEL: Record<CheckinField, string> = { rpe: 'Effort (RPE)', pain: 'Pain', minutes: 'Minutes' };

/** What the athlete sees for each outcome of their reply. */
function renderReply(result: DmReplyResult): { content: string; components: ActionRowBuilder<ButtonBuilder>[] } {
  switch (result.kind) {
    case 'logged':
      return { content: checkinConfirmation(result.logged), components: [] };
    case 'corrected':
      return { content: correctionConfirmation(result.before, result.logged), components: [] };
    case 'question': {
      // "Was 7 your effort or your pain?" is quicker answered with a tap; typing works too.
      const buttons = result.choices.map((f) =>
        new ButtonBuilder()
          .setCustomId(customIds.answer.encode({ field: f }))
          .setLabel(CHOICE_LABEL[f])
          .setStyle(ButtonStyle.Primary),
      );
      return {
        content: `${result.text}\nNothing is saved until I have every value.`,
        components: buttons.length ? [new ActionRowBuilder<ButtonBuilder>().addComponents(buttons)] : [],
      };
    }
    case 'message':
      return { content: result.text, components: [] };
    case 'pick': {
      const v = result.values;
      const rows = result.sessions.map((a) =>
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(
              customIds.pickButton.encode({
                assignmentId: a.id,
                values: { rpe: v.rpe, pain: v.pain, minutes: v.minutes, painArea: v.painArea },
              }),
            )
            .setLabel(`${a.title} (${formatLocalDate(a.sessionDate)})`.slice(0, 80))
            .setStyle(ButtonStyle.Primary),
        ),
      );
      return {
        content: `Got it: RPE ${v.rpe}, pain ${v.pain}, ${v.minutes} min. You have ${result.sessions.length} sessions waiting to be logged: which one was it?`,
        components: rows,
      };
    }
  }
}

/**
 * An athlete's DM reply ("7 2 45", "rpe 8, 1 hour, hammy a bit sore 2", "pain was 4") continues
 * their check-in conversation. Anything unclear is asked back; nothing is stored until it is clear.
 */
export async function handleDirectMessage(message: Message, app: App): Promise<void> {
  if (message.author.bot || message.inGuild() || !message.content.trim()) return;
  // Other training ("match 8 90"), a readiness reply ("5 4 3 5 6") or a team session's RPE; else a check-in.
  const other = allTrainingDmReply(app, message.author.id, message.content);
  if (other) {
    await message.reply(other);
    return;
  }
  await message.reply(renderReply(app.checkinReplies.reply(message.author.id, message.content)));
}

/** The RPE / Pain buttons under "Was 7 your effort or your pain?": the same as typing the word. */
export const answerButton: ComponentHandler<{ field: CheckinField }> = {
  id: customIds.answer,
  // In the athlete's own DM conversation: the draft is theirs.
  preconditions: ANYONE,
  async button({ interaction, value: { field }, app }) {
    await interaction.update(renderReply(app.checkinReplies.reply(interaction.user.id, field)));
  },
};
