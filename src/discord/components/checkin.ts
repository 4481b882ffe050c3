import { type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import { validateCheckinFields } from '../../domain/checkin';
import { checkinConfirmation, tryAgainRow } from '../checkinFlow';
import { replyPrivately } from '../reply';
import { checkinModal, missedModal } from '../render/session';
import type { ComponentHandler } from './registry';

function assignmentIdOf(args: string[]): number | undefined {
  const id = Number(args[0]);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

function field(interaction: ModalSubmitInteraction, id: string): string | null {
  try {
    return interaction.fields.getTextInputValue(id);
  } catch {
    return null;
  }
}

/** "Log session" and "Try again": open the check-in form for the athlete's own session. */
export const logButton: ComponentHandler = {
  prefix: 'log',
  async button(interaction, args, app) {
    const id = assignmentIdOf(args);
    const target = id ? app.checkins.loggableBy(interaction.user.id, id) : undefined;
    if (!target?.ok) return replyPrivately(interaction, target?.message ?? 'That button is out of date. Use `/today` to log your sessions.');
    await interaction.showModal(checkinModal(target.value.assignment));
  },
};

export const missButton: ComponentHandler = {
  prefix: 'miss',
  async button(interaction, args, app) {
    const id = assignmentIdOf(args);
    const target = id ? app.checkins.loggableBy(interaction.user.id, id) : undefined;
    if (!target?.ok) return replyPrivately(interaction, target?.message ?? 'That button is out of date. Use `/today` to see your sessions.');
    await interaction.showModal(missedModal(target.value.assignment));
  },
};

/** The check-in form: stored only if every field is valid, acknowledged only after the commit. */
export const logModal: ComponentHandler = {
  prefix: 'logm',
  async modal(interaction, args, app) {
    const id = assignmentIdOf(args);
    if (!id) return replyPrivately(interaction, 'That form is out of date. Use `/today` to log your sessions.');
    const fields = validateCheckinFields({
      rpe: field(interaction, 'rpe'),
      minutes: field(interaction, 'minutes'),
      pain: field(interaction, 'pain'),
      area: field(interaction, 'area'),
      note: field(interaction, 'note'),
    });
    if (!fields.ok) {
      return replyPrivately(interaction, {
        content: `Nothing was saved:\n${fields.errors.map((e) => `• ${e}`).join('\n')}`,
        components: [tryAgainRow(id)],
      });
    }
    const logged = app.checkins.logCompleted(interaction.user.id, id, fields.value, 'modal');
    if (!logged.ok) return replyPrivately(interaction, logged.message);
    await replyPrivately(interaction, checkinConfirmation(logged.value));
  },
};

export const missModal: ComponentHandler = {
  prefix: 'missm',
  async modal(interaction, args, app) {
    const id = assignmentIdOf(args);
    if (!id) return replyPrivately(interaction, 'That form is out of date. Use `/today` to see your sessions.');
    const result = app.checkins.logMissed(interaction.user.id, id, field(interaction, 'reason'), 'modal');
    if (!result.ok) return replyPrivately(interaction, result.message);
    await replyPrivately(interaction, `Noted: you couldn't train for **${result.value.assignment.title}**. Your coach will see it. If you did train after all, tap **Log session** to replace this.`);
  },
};

/** Confirms a free-text DM reply onto the session the athlete picked. */
export const pickButton: ComponentHandler = {
  prefix: 'pick',
  async button(interaction: ButtonInteraction, args, app) {
    const [rawId, rpe, pain, minutes, area] = args;
    const id = assignmentIdOf([rawId ?? '']);
    const fields = validateCheckinFields({ rpe, pain, minutes, area });
    if (!id || !fields.ok) return replyPrivately(interaction, 'That choice is out of date. Reply again with RPE, pain and minutes, e.g. `7 2 45`.');
    const logged = app.checkins.logCompleted(interaction.user.id, id, fields.value, 'dm_reply');
    if (!logged.ok) return replyPrivately(interaction, logged.message);
    await interaction.update({ content: checkinConfirmation(logged.value), components: [] });
  },
};

export const checkinComponents: ComponentHandler[] = [logButton, missButton, logModal, missModal, pickButton];
