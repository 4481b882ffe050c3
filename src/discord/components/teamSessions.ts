import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { App } from '../../app';
import type { Team } from '../../repositories/teams';
import { customIds, type DraftCardValue, type NudgeValue, type WhiteboardValue } from '../customIds';
import { COACH, type InTeam } from '../preconditions';
import { hardSetsLine, draftCard, whiteboardModal } from '../render/teamSession';
import { replyPrivately } from '../reply';
import type { ComponentHandler } from './registry';

/** The draft card, or every problem with a "Fix the text" button that reopens the form with what was typed. */
async function answerWhiteboard(
  interaction: ModalSubmitInteraction | ButtonInteraction,
  app: App,
  team: Team,
  input: { name: string; whiteboard: string; editing: string | null },
): Promise<void> {
  const draft = app.sessions.draft({ guildId: team.guildId, coachId: interaction.user.id, ...input });
  if (!draft.ok) {
    const token = app.sessions.keepText({ guildId: team.guildId, ...input });
    return replyPrivately(interaction, {
      content: draft.message.slice(0, 1900),
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(customIds.whiteboard.encode({ mode: 'text', token }))
            .setLabel('Fix the text')
            .setStyle(ButtonStyle.Primary),
        ),
      ],
    });
  }
  await replyPrivately(interaction, draftCard(draft.value, app.sessions.library(team.guildId)));
}

/** The form that reopens a kept text or draft: an edit stays an edit. */
const reopened = (editing: string | null): string =>
  customIds.whiteboard.encode(editing ? { mode: 'edit', templateId: editing } : { mode: 'new' });

/** The whiteboard form (submit) and the "Fix the text" button that reopens a kept text. */
export const whiteboardForm: ComponentHandler<WhiteboardValue, InTeam> = {
  id: customIds.whiteboard,
  preconditions: COACH,
  async button({ interaction, value, app, team }) {
    const kept = value.mode === 'text' ? app.sessions.keptText(value.token, team.guildId) : undefined;
    if (!kept) return replyPrivately(interaction, 'That text has expired (kept 30 minutes). Run `/session create` again.');
    await interaction.showModal(
      whiteboardModal(reopened(kept.editing), kept.editing ? 'Edit session' : 'New session', kept.name, kept.whiteboard),
    );
  },
  async modal({ interaction, value, app, team }) {
    const name = interaction.fields.getTextInputValue('name').trim();
    const whiteboard = interaction.fields.getTextInputValue('whiteboard');
    const editing = value.mode === 'edit' ? value.templateId : null;
    await answerWhiteboard(interaction, app, team, { name, whiteboard, editing });
  },
};

/** Save / Fix the text / Discard under a draft card. */
export const draftButtons: ComponentHandler<DraftCardValue, InTeam> = {
  id: customIds.draftCard,
  preconditions: COACH,
  async button({ interaction, value: { action, token }, app, team }) {
    if (action === 'fix') {
      const d = app.sessions.getDraft(token, team.guildId);
      if (!d) return replyPrivately(interaction, 'This draft has expired (drafts last 30 minutes). Run `/session create` again.');
      await interaction.showModal(
        whiteboardModal(reopened(d.editing), d.editing ? 'Edit session' : 'New session', d.session.template.name, d.whiteboard),
      );
      return;
    }
    if (action === 'discard') {
      app.sessions.discardDraft(token, team.guildId);
      await interaction.update({ content: 'Discarded: nothing was saved.', embeds: [], components: [] });
      return;
    }
    const saved = app.sessions.saveDraft(token, team.guildId, interaction.user.id);
    if (!saved.ok) {
      await interaction.update({ content: saved.message, embeds: [], components: [] });
      return;
    }
    const s = saved.value;
    await interaction.update({
      content: `✅ Saved **${s.name}** (~${s.template.estimatedMinutes} min · hard sets: ${hardSetsLine(s.template)}). Assign it with \`/assign session:${s.name}\`.`,
      embeds: [],
      components: [],
    });
  },
};

/** /pending's Nudge buttons: one athlete's session, or everyone /pending listed who still owes a check-in at the click. */
export const nudgeButtons: ComponentHandler<NudgeValue, InTeam> = {
  id: customIds.nudge,
  preconditions: COACH,
  async button({ interaction, value, app, team }) {
    const ids = value.who === 'one' ? [value.assignmentId] : app.fixes.pendingBetween(team, value.query).map((r) => r.assignmentId);
    const result = app.fixes.nudge(team, ids);
    const text = result.ok
      ? [
          result.value.nudged.length ? `📨 Nudged ${result.value.nudged.map((a) => `<@${a.athleteId}>`).join(', ')} by DM.` : null,
          result.value.already.length
            ? `Already nudged for that session: ${result.value.already.map((a) => `<@${a.athleteId}>`).join(', ')}.`
            : null,
        ]
          .filter(Boolean)
          .join('\n')
      : result.message;
    await replyPrivately(interaction, text);
  },
};

export const teamSessionComponents: ComponentHandler[] = [whiteboardForm, draftButtons, nudgeButtons];
