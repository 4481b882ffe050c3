import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { Exercise, SessionTemplate } from '../../domain/library/schema';
import { MUSCLE_LABELS, MUSCLES } from '../../domain/library/schema';
import { prescriptionOf } from '../../domain/teamSessions';
import { formatLocalDate } from '../../domain/time';
import type { PendingSession } from '../../repositories/corrections';
import type { SessionDraft } from '../../services/teamSessions';
import type { Assignment } from '../../repositories/assignments';
import type { Team } from '../../repositories/teams';
import { customIds, encodeIfValid, type PendingQuery } from '../customIds';
import { BRAND_COLOUR, prescriptionFields, sessionCardPayload } from './session';

const WHITEBOARD_HINT = 'One exercise per line, e.g.\nRDL 4x6 @2 RIR 3-1-1-0 rest 3m\nHip thrust 3x8-10 @2\nNordic 2x5';

/** The whiteboard form, optionally filled in (edit, copy, or fixing a text that had problems). */
export function whiteboardModal(customId: string, title: string, name = '', whiteboard = ''): ModalBuilder {
  const nameInput = new TextInputBuilder()
    .setCustomId('name')
    .setLabel('Session name')
    .setStyle(TextInputStyle.Short)
    .setMinLength(3)
    .setMaxLength(80)
    .setRequired(true)
    .setPlaceholder('Lower A');
  if (name) nameInput.setValue(name.slice(0, 80));
  const board = new TextInputBuilder()
    .setCustomId('whiteboard')
    .setLabel('The session, as on the whiteboard')
    .setStyle(TextInputStyle.Paragraph)
    .setMaxLength(2000)
    .setRequired(true)
    .setPlaceholder(WHITEBOARD_HINT.slice(0, 100));
  if (whiteboard) board.setValue(whiteboard.slice(0, 2000));
  return new ModalBuilder()
    .setCustomId(customId)
    .setTitle(title.slice(0, 45))
    .addComponents(
      new ActionRowBuilder<TextInputBuilder>().addComponents(nameInput),
      new ActionRowBuilder<TextInputBuilder>().addComponents(board),
    );
}

export function hardSetsLine(t: Pick<SessionTemplate, 'claimedHardSets'>): string {
  return MUSCLES.map((m) => `${MUSCLE_LABELS[m]} ${t.claimedHardSets[m] ?? 0}`).join(' · ');
}

/** The parsed card a coach confirms before it is saved. */
export function draftCard(
  draft: SessionDraft,
  library: readonly Exercise[],
): { embeds: EmbedBuilder[]; components: ActionRowBuilder<ButtonBuilder>[] } {
  const t = draft.session.template;
  const remarks = draft.session.items.flatMap((p, i) => p.remarks.map((r) => `Line ${i + 1}: ${r}`));
  const embed = new EmbedBuilder()
    .setColor(BRAND_COLOUR)
    .setTitle(`${draft.editing ? 'Edit' : 'New session'}: ${t.name}`.slice(0, 256))
    .setDescription(
      [
        `~${t.estimatedMinutes} min · hard sets: ${hardSetsLine(t)}`,
        remarks.length
          ? `**Check:**\n${remarks
              .slice(0, 10)
              .map((r) => `• ${r}`)
              .join('\n')}`
          : null,
        'Save it, fix the text, or discard it.',
      ]
        .filter(Boolean)
        .join('\n')
        .slice(0, 4000),
    )
    .addFields(prescriptionFields(prescriptionOf(t, library)));
  const buttons = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customIds.draftCard.encode({ action: 'save', token: draft.token }))
      .setLabel('Save')
      .setStyle(ButtonStyle.Success),
    new ButtonBuilder()
      .setCustomId(customIds.draftCard.encode({ action: 'fix', token: draft.token }))
      .setLabel('Fix the text')
      .setStyle(ButtonStyle.Secondary),
    new ButtonBuilder()
      .setCustomId(customIds.draftCard.encode({ action: 'discard', token: draft.token }))
      .setLabel('Discard')
      .setStyle(ButtonStyle.Danger),
  );
  return { embeds: [embed], components: [buttons] };
}

/** /pending: who owes a check-in, with one Nudge button per athlete (up to 20) and one for all. */
export function pendingMessage(
  rows: readonly PendingSession[],
  q: PendingQuery,
  nudged: ReadonlySet<number>,
): { content: string; components: ActionRowBuilder<ButtonBuilder>[] } {
  const span = q.from === q.to ? formatLocalDate(q.from) : `${formatLocalDate(q.from)} – ${formatLocalDate(q.to)}`;
  if (rows.length === 0) return { content: `✅ Nobody owes a check-in for ${span}${q.group ? ` in "${q.group}"` : ''}.`, components: [] };
  const lines = rows.map(
    (r) => `• <@${r.athleteId}>: **${r.title}** (${formatLocalDate(r.sessionDate)})${nudged.has(r.assignmentId) ? ' · nudged' : ''}`,
  );
  const shown = rows.slice(0, 20);
  const buttons = shown.map((r) =>
    new ButtonBuilder()
      .setCustomId(customIds.nudge.encode({ who: 'one', assignmentId: r.assignmentId }))
      .setLabel(`Nudge ${r.displayName}`.slice(0, 80))
      .setStyle(ButtonStyle.Secondary)
      .setDisabled(nudged.has(r.assignmentId)),
  );
  // Left out when the query does not fit in a custom id (a very long group name): the per-athlete buttons remain.
  const allId = encodeIfValid(customIds.nudge, { who: 'all', query: q });
  const open = rows.filter((r) => !nudged.has(r.assignmentId)).length;
  if (allId)
    buttons.push(
      new ButtonBuilder()
        .setCustomId(allId)
        .setLabel(`Nudge all (${open})`)
        .setStyle(ButtonStyle.Primary)
        .setDisabled(open === 0),
    );
  const components: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let i = 0; i < buttons.length; i += 5) components.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(i, i + 5)));
  const more =
    rows.length > shown.length ? `\n-# ${rows.length - shown.length} more not shown as buttons: "Nudge all" reaches them too.` : '';
  return { content: `**Still to log (${span})**: ${rows.length}\n${lines.join('\n')}`.slice(0, 1900) + more, components };
}

/**
 * The session card as it stands after a coach's fix: cancelled (no buttons, nothing to log) or
 * moved (says from when). Wraps the ordinary card so both stay one rendering.
 */
export function correctedCardPayload(team: Team, a: Assignment): ReturnType<typeof sessionCardPayload> {
  const payload = sessionCardPayload(team, a);
  const embed = payload.embeds[0];
  if (!embed) return payload;
  const description = embed.data.description ?? '';
  if (a.cancelledAt) {
    embed.setTitle(`❌ Cancelled: ${a.title} — ${formatLocalDate(a.sessionDate)}`.slice(0, 256));
    embed.setDescription('**Your coach cancelled this session.** Nothing to do or log.');
    embed.setColor(0x808080);
    return { embeds: [embed], components: [] };
  }
  if (a.movedFromDate && a.movedFromDate !== a.sessionDate) {
    embed.setDescription(
      `📅 **Moved** from ${formatLocalDate(a.movedFromDate)} to ${formatLocalDate(a.sessionDate)}.\n${description}`.slice(0, 4096),
    );
  }
  return payload;
}
