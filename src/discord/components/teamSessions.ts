import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type ButtonInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { App } from '../../app';
import type { Team } from '../../repositories/teams';
import { customIds } from '../customIds';
import { COACH, type InTeam } from '../preconditions';
import { hardSetsLine, draftCard, teamSessionIds, whiteboardModal } from '../render/teamSession';
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
          new ButtonBuilder().setCustomId(teamSessionIds.modal('text', token)).setLabel('Fix the text').setStyle(ButtonStyle.Primary),
        ),
      ],
    });
  }
  await replyPrivately(interaction, draftCard(draft.value, app.sessions.library(team.guildId)));
}

/** The whiteboard form: tsm:new: | tsm:edit:<templateId> | tsm:text:<token> (submit), and the button that reopens a kept text. */
export const whiteboardForm: ComponentHandler<string[], InTeam> = {
  id: customIds.whiteboard,
  preconditions: COACH,
  async button({ interaction, value: args, app, team }) {
    const kept = args[0] === 'text' ? app.sessions.keptText(args[1] ?? '', team.guildId) : undefined;
    if (!kept) return replyPrivately(interaction, 'That text has expired (kept 30 minutes). Run `/session create` again.');
    const customId = kept.editing ? teamSessionIds.modal('edit', kept.editing) : teamSessionIds.modal('new');
    await interaction.showModal(whiteboardModal(customId, kept.editing ? 'Edit session' : 'New session', kept.name, kept.whiteboard));
  },
  async modal({ interaction, value: args, app, team }) {
    const name = interaction.fields.getTextInputValue('name').trim();
    const whiteboard = interaction.fields.getTextInputValue('whiteboard');
    const editing = args[0] === 'edit' && args[1] ? args[1] : null;
    await answerWhiteboard(interaction, app, team, { name, whiteboard, editing });
  },
};

/** Save / Fix the text / Discard under a draft card: tss:<action>:<token>. */
export const draftButtons: ComponentHandler<string[], InTeam> = {
  id: customIds.draftCard,
  preconditions: COACH,
  async button({ interaction, value: args, app, team }) {
    const [action, token = ''] = args;
    if (action === 'fix') {
      const d = app.sessions.getDraft(token, team.guildId);
      if (!d) return replyPrivately(interaction, 'This draft has expired (drafts last 30 minutes). Run `/session create` again.');
      const customId = d.editing ? teamSessionIds.modal('edit', d.editing) : teamSessionIds.modal('new');
      await interaction.showModal(
        whiteboardModal(customId, d.editing ? 'Edit session' : 'New session', d.session.template.name, d.whiteboard),
      );
      return;
    }
    if (action === 'discard') {
      app.sessions.discardDraft(token, team.guildId);
      await interaction.update({ content: 'Discarded: nothing was saved.', embeds: [], components: [] });
      return;
    }
    if (action !== 'save') return replyPrivately(interaction, 'That button is out of date.');
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

/** /pending's Nudge buttons: pn:one:<assignmentId> | pn:all:<from>:<to>:<templateId>:<group, base64url>. */
export const nudgeButtons: ComponentHandler<string[], InTeam> = {
  id: customIds.nudge,
  preconditions: COACH,
  async button({ interaction, value: args, app, team }) {
    let ids: number[];
    if (args[0] === 'one') {
      const id = Number(args[1]);
      if (!Number.isSafeInteger(id) || id <= 0) return replyPrivately(interaction, 'That button is out of date.');
      ids = [id];
    } else if (args[0] === 'all' && args[1] && args[2]) {
      const query = {
        from: args[1],
        to: args[2],
        templateId: args[3] || null,
        group: args[4] ? Buffer.from(args[4], 'base64url').toString('utf8') : null,
      };
      ids = app.fixes.pendingBetween(team, query).map((r) => r.assignmentId);
    } else {
      return replyPrivately(interaction, 'That button is out of date.');
    }
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
