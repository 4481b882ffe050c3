import type { ModalSubmitInteraction } from 'discord.js';
import { validateCheckinFields } from '../../domain/checkin';
import { checkinConfirmation, tryAgainRow } from '../checkinFlow';
import { customIds, formFields, type LogButtonValue, type PickValue, type SessionRef } from '../customIds';
import { ANYONE } from '../preconditions';
import { replyPrivately } from '../reply';
import { checkinModal, missedModal } from '../render/session';
import type { ComponentHandler } from './registry';

function field(interaction: ModalSubmitInteraction, id: string): string | null {
  try {
    return interaction.fields.getTextInputValue(id);
  } catch {
    return null;
  }
}

/** "Log session" and "Try again": open the check-in form for the athlete's own session. */
export const logButton: ComponentHandler<LogButtonValue> = {
  id: customIds.logButton,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async button({ interaction, value: { assignmentId }, app }) {
    const target = app.checkins.loggableBy(interaction.user.id, assignmentId);
    if (!target.ok) return replyPrivately(interaction, target.message);
    await interaction.showModal(checkinModal(target.value.assignment));
  },
};

export const missButton: ComponentHandler<SessionRef> = {
  id: customIds.missButton,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async button({ interaction, value: { assignmentId }, app }) {
    const target = app.checkins.loggableBy(interaction.user.id, assignmentId);
    if (!target.ok) return replyPrivately(interaction, target.message);
    await interaction.showModal(missedModal(target.value.assignment));
  },
};

/** The check-in form: stored only if every field is valid, acknowledged only after the commit. */
export const logModal: ComponentHandler<SessionRef> = {
  id: customIds.logModal,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async modal({ interaction, value: { assignmentId }, app }) {
    const { rpe, minutes, pain, area, note } = formFields.checkin;
    const fields = validateCheckinFields({
      rpe: field(interaction, rpe),
      minutes: field(interaction, minutes),
      pain: field(interaction, pain),
      area: field(interaction, area),
      note: field(interaction, note),
    });
    if (!fields.ok) {
      return replyPrivately(interaction, {
        content: `Nothing was saved:\n${fields.errors.map((e) => `• ${e}`).join('\n')}`,
        components: [tryAgainRow(assignmentId)],
      });
    }
    const logged = app.checkins.logCompleted(interaction.user.id, assignmentId, fields.value, 'modal');
    if (!logged.ok) return replyPrivately(interaction, logged.message);
    await replyPrivately(interaction, checkinConfirmation(logged.value));
  },
};

export const missModal: ComponentHandler<SessionRef> = {
  id: customIds.missModal,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async modal({ interaction, value: { assignmentId }, app }) {
    const result = app.checkins.logMissed(interaction.user.id, assignmentId, field(interaction, formFields.missed.reason), 'modal');
    if (!result.ok) return replyPrivately(interaction, result.message);
    await replyPrivately(interaction, `Noted: you couldn't train for **${result.value.assignment.title}**. Your coach will see it. If you did train after all, tap **Log session** to replace this.`);
  },
};

/** Confirms a free-text DM reply onto the session the athlete picked; the numbers were validated when the id was parsed. */
export const pickButton: ComponentHandler<PickValue> = {
  id: customIds.pickButton,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async button({ interaction, value: { assignmentId, values }, app }) {
    const logged = app.checkins.logCompleted(interaction.user.id, assignmentId, { ...values, note: null }, 'dm_reply');
    if (!logged.ok) return replyPrivately(interaction, logged.message);
    await interaction.update({ content: checkinConfirmation(logged.value), components: [] });
  },
};

export const checkinComponents: ComponentHandler[] = [logButton, missButton, logModal, missModal, pickButton];
