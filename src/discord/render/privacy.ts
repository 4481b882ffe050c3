import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import type { NoticeButton } from '../../outbox/messages';
import type { AuditEntry } from '../../repositories/privacy';
import type { PrivacySummary } from '../../services/privacy';

/** "What is stored about me in this team": every table that holds something, in the athlete's words. */
export function renderPrivacySummary(s: PrivacySummary): string {
  const lines = [`🔒 **What Backline stores about you in this server** (only you see this)`, `Consent: **${s.consentLabel}**`];
  if (s.categories.length === 0) lines.push('Nothing is stored about you here.');
  else for (const c of s.categories) lines.push(`• ${c.what}: ${c.rows}`);
  lines.push(
    `Kept for ${s.retentionMonths} months, then deleted. Seen by you and this team's coaches.`,
    '`/privacy export` sends you all of it (JSON and CSV); `/privacy erase` deletes it; `/privacy consent` changes your answer.',
  );
  return lines.join('\n');
}

const STYLE = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
} as const;

export function buttonRow(buttons: readonly NoticeButton[]): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    buttons.map((b) => new ButtonBuilder().setCustomId(b.customId).setLabel(b.label).setStyle(STYLE[b.style])),
  );
}

const ACTION_WORDS: Record<AuditEntry['action'], string> = {
  assign: 'assigned',
  cancel: 'cancelled',
  program_start: 'started a program',
  program_stop: 'stopped a program',
  excuse: 'excused',
  settings: 'changed settings',
  erase: 'erased data',
  consent: 'consent',
};

/** /audit: one line per action, newest first, no health data (details never carry any). */
export function renderAudit(entries: readonly AuditEntry[], days: number, athleteId: string | null): string {
  const head = `🧾 **Coach actions, last ${days} day${days === 1 ? '' : 's'}${athleteId ? ` about <@${athleteId}>` : ''}**`;
  if (entries.length === 0) return `${head}\nNothing recorded.`;
  const lines = entries.map((e) => {
    const who = e.actorId ? `<@${e.actorId}>` : e.action === 'consent' ? `<@${e.athleteId}>` : 'an athlete';
    const about = e.athleteId && e.action !== 'consent' ? ` <@${e.athleteId}>` : '';
    const detail = e.detail ? ` (${e.detail})` : '';
    return `<t:${Math.floor(e.at.getTime() / 1000)}:f> ${who} ${ACTION_WORDS[e.action]}${about}${detail}`;
  });
  // One message holds 2,000 characters: the newest lines first, then how many more.
  const out: string[] = [head];
  let length = head.length;
  for (const [i, line] of lines.entries()) {
    if (length + line.length + 60 > 2000) {
      out.push(`… and ${lines.length - i} older. Narrow it with \`athlete\` or \`days\`.`);
      break;
    }
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}
