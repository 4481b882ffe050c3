import { ActionRowBuilder, ButtonBuilder, ButtonStyle, TextInputBuilder, type ModalBuilder, type ModalSubmitInteraction } from 'discord.js';
import { validateCheckinFields } from '../../domain/checkin';
import { describePainArea, PAIN_AREAS, PAIN_AREA_LABELS } from '../../domain/pain';
import { checkinConfirmation, correctionConfirmation, tryAgainRow } from '../checkinFlow';
import { customIds, formFields, type LogButtonValue, type MissValue, type PickValue, type SessionRef } from '../customIds';
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

type TypedFields = Record<'rpe' | 'minutes' | 'pain' | 'area' | 'note', string | null>;

/**
 * What an athlete typed into a form that was refused, so "Try again" reopens it as they left it.
 * Kept in memory for a few minutes only (it may hold health data, and a restart may lose it).
 */
const typedForms = new Map<string, { fields: TypedFields; at: number }>();
const TYPED_TTL_MS = 15 * 60_000;

function rememberTyped(userId: string, assignmentId: number, fields: TypedFields, now: number): void {
  for (const [key, entry] of typedForms) if (now - entry.at > TYPED_TTL_MS) typedForms.delete(key);
  typedForms.set(`${userId}:${assignmentId}`, { fields, at: now });
}

function takeTyped(userId: string, assignmentId: number, now: number): TypedFields | undefined {
  const key = `${userId}:${assignmentId}`;
  const entry = typedForms.get(key);
  typedForms.delete(key);
  return entry && now - entry.at <= TYPED_TTL_MS ? entry.fields : undefined;
}

/** Fills the form's inputs (what was typed, or the logged area with its side) and lists every area. */
function fillForm(modal: ModalBuilder, values: Partial<TypedFields>): ModalBuilder {
  for (const row of modal.components) {
    for (const component of (row as ActionRowBuilder<TextInputBuilder>).components) {
      if (!(component instanceof TextInputBuilder)) continue;
      const id = component.data.custom_id as keyof TypedFields | undefined;
      if (id === 'area')
        component
          .setPlaceholder(
            PAIN_AREAS.map((a) => PAIN_AREA_LABELS[a].toLowerCase())
              .join(', ')
              .slice(0, 100),
          )
          .setMaxLength(40);
      const value = id ? values[id] : undefined;
      if (value !== undefined && value !== null && value !== '') component.setValue(value.slice(0, component.data.max_length ?? 4000));
    }
  }
  return modal;
}

/** "Log session", "Edit" and "Try again": open the check-in form for the athlete's own session. */
export const logButton: ComponentHandler<LogButtonValue> = {
  id: customIds.logButton,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async button({ interaction, value: { assignmentId, retry }, app }) {
    const target = app.checkins.loggableBy(interaction.user.id, assignmentId);
    if (!target.ok) return replyPrivately(interaction, target.message);
    const { assignment } = target.value;
    const typed = retry ? takeTyped(interaction.user.id, assignment.id, app.clock.now().getTime()) : undefined;
    const logged = assignment.checkin?.outcome === 'completed' ? assignment.checkin : null;
    const values: Partial<TypedFields> = typed ?? (logged?.painArea ? { area: describePainArea(logged.painArea, logged.painSide) } : {});
    await interaction.showModal(fillForm(checkinModal(assignment), values));
  },
};

export const missButton: ComponentHandler<MissValue> = {
  id: customIds.missButton,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async button({ interaction, value: { assignmentId, replace }, app }) {
    const target = app.checkins.loggableBy(interaction.user.id, assignmentId);
    if (!target.ok) return replyPrivately(interaction, target.message);
    const { assignment } = target.value;
    const c = assignment.checkin;
    if (c?.outcome === 'completed' && !replace) {
      // Replacing a logged session loses its RPE and pain: ask first.
      return replyPrivately(interaction, {
        content: `You already logged **${assignment.title}** as done (RPE ${c.rpe}, ${c.minutes} min, pain ${c.pain}/10). Replace that with "couldn't train"?`,
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder()
              .setCustomId(customIds.missButton.encode({ assignmentId: assignment.id, replace: true }))
              .setLabel("Yes, I couldn't train")
              .setStyle(ButtonStyle.Danger),
          ),
        ],
      });
    }
    const modal = missedModal(assignment);
    if (replace) modal.setCustomId(customIds.missModal.encode({ assignmentId: assignment.id, replace: true }));
    await interaction.showModal(modal);
  },
};

/** The check-in form: stored only if every field is valid, acknowledged only after the commit. */
export const logModal: ComponentHandler<SessionRef> = {
  id: customIds.logModal,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async modal({ interaction, value: { assignmentId: id }, app }) {
    const f = formFields.checkin;
    const typed: TypedFields = {
      rpe: field(interaction, f.rpe),
      minutes: field(interaction, f.minutes),
      pain: field(interaction, f.pain),
      area: field(interaction, f.area),
      note: field(interaction, f.note),
    };
    const fields = validateCheckinFields(typed);
    if (!fields.ok) {
      rememberTyped(interaction.user.id, id, typed, app.clock.now().getTime());
      return replyPrivately(interaction, {
        content: `Nothing was saved:\n${fields.errors.map((e) => `• ${e}`).join('\n')}`,
        components: [tryAgainRow(id)],
      });
    }
    const target = app.checkins.loggableBy(interaction.user.id, id);
    if (target.ok && target.value.assignment.checkin?.outcome === 'completed') {
      // Editing a logged check-in (the card's Edit, /today's Update) is a correction: before and after.
      const corrected = app.checkins.correct(interaction.user.id, id, fields.value, 'modal');
      if (!corrected.ok) return replyPrivately(interaction, corrected.message);
      return replyPrivately(interaction, correctionConfirmation(corrected.value.before, corrected.value.logged));
    }
    const logged = app.checkins.logCompleted(interaction.user.id, id, fields.value, 'modal');
    if (!logged.ok) return replyPrivately(interaction, logged.message);
    await replyPrivately(interaction, checkinConfirmation(logged.value));
  },
};

export const missModal: ComponentHandler<MissValue> = {
  id: customIds.missModal,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async modal({ interaction, value: { assignmentId, replace }, app }) {
    const result = app.checkins.logMissed(interaction.user.id, assignmentId, field(interaction, formFields.missed.reason), 'modal', {
      confirmReplace: replace === true,
    });
    if (!result.ok) return replyPrivately(interaction, result.message);
    await replyPrivately(
      interaction,
      `Noted: you couldn't train for **${result.value.assignment.title}**. Your coach will see it. If you did train after all, tap **Log session** to replace this.`,
    );
  },
};

/** Confirms a free-text DM reply onto the session the athlete picked; the numbers were validated when the id was parsed. */
export const pickButton: ComponentHandler<PickValue> = {
  id: customIds.pickButton,
  // In the athlete's DM; the service checks the session is the clicker's own.
  preconditions: ANYONE,
  async button({ interaction, value: { assignmentId, values }, app }) {
    // The reply's draft holds everything it said (the area's side, the note); the id only the numbers.
    const fromDraft = app.checkinReplies.logPicked(interaction.user.id, assignmentId);
    if (fromDraft?.kind === 'logged')
      return void (await interaction.update({ content: checkinConfirmation(fromDraft.logged), components: [] }));
    if (fromDraft?.kind === 'message') return replyPrivately(interaction, fromDraft.text);
    const logged = app.checkins.logCompleted(interaction.user.id, assignmentId, { ...values, note: null }, 'dm_reply');
    if (!logged.ok) return replyPrivately(interaction, logged.message);
    await interaction.update({ content: checkinConfirmation(logged.value), components: [] });
  },
};

export const checkinComponents: ComponentHandler[] = [logButton, missButton, logModal, missModal, pickButton];
