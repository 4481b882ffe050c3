import { formatLocalDate, localDateOf, localTimeOf } from '../../domain/time';
import type { OutboxEntry } from '../../outbox/messages';
import type { DeliveryStatus } from '../../services/status';
import { listWithMore, fitContent } from './pack';

/** What a message was, in the coach's words (the outbox's purpose). */
const PURPOSE_LABEL: Record<string, string> = {
  session: 'session',
  session_delivery: 'session',
  session_changed: 'updated session',
  session_reminder: 'session reminder',
  mobility_reminder: 'mobility reminder',
  checkin_prompt: 'check-in prompt',
  checkin_nudge: 'check-in nudge',
  pain_followup: 'pain question',
  pain_question: 'pain question',
  pain_flag: 'pain flag (staff)',
  regression: 'regression notice (staff)',
  early_deload: 'early-deload note (staff)',
  pain_question_undelivered: 'pain follow-up note (staff)',
  deload_heads_up: 'deload heads-up',
  deload_start: 'deload start',
  deload_staff: 'deload list (staff)',
  'weekly-digest': 'weekly digest',
  program_started: 'program summary',
  fallback_ping: 'fallback-channel ping',
  coach_note: 'note to coaches',
};

export function purposeLabel(purpose: string): string {
  return PURPOSE_LABEL[purpose] ?? purpose.replace(/[_-]/g, ' ');
}

const STATUS_WORD: Record<string, string> = { failed: 'refused', expired: 'gave up', uncertain: 'may not have arrived' };

/** "Tue 24 Nov 08:00 · check-in prompt to @Ana: gave up (not delivered in time …)" */
export function problemLine(e: OutboxEntry, timeZone: string): string {
  const when = `${formatLocalDate(localDateOf(e.createdAt, timeZone))} ${localTimeOf(e.createdAt, timeZone)}`;
  const who = e.athleteId
    ? ` ${e.target === 'athlete' ? 'to' : 'about'} <@${e.athleteId}>`
    : e.target === 'staff'
      ? ' to the staff channel'
      : '';
  const why = e.detail ? ` (${e.detail.slice(0, 120)})` : '';
  return `• ${when} · ${purposeLabel(e.purpose)}${who}: ${STATUS_WORD[e.status] ?? e.status}${why}`;
}

export function statusText(s: DeliveryStatus, timeZone: string, now: Date): string {
  const lines: string[] = [];
  if (s.lastTickAt) {
    const minutes = Math.round((now.getTime() - s.lastTickAt.getTime()) / 60_000);
    lines.push(
      `🕒 Reminders last checked ${minutes <= 1 ? 'just now' : `${minutes} min ago`} (${localTimeOf(s.lastTickAt, timeZone)}).${minutes > 5 ? ' ⚠️ That is late: is the bot running?' : ''}`,
    );
  } else {
    lines.push('🕒 Reminders have not run yet.');
  }
  lines.push(
    `📤 Waiting to be sent: ${s.waiting}${s.retrying.length ? `, of which ${s.retrying.length} being retried after Discord failed` : ''}.`,
  );
  if (s.problems.length === 0) lines.push('✅ Everything from the last 7 days was delivered (or was no longer needed).');
  else {
    lines.push(`❌ Not delivered in the last 7 days: ${s.problems.length}`);
    const shown = s.problems.slice(0, 15).map((e) => problemLine(e, timeZone));
    lines.push(...shown);
    if (s.problems.length > shown.length) lines.push(`…and ${s.problems.length - shown.length} more.`);
  }
  if (s.closedDms.length) {
    lines.push(
      `📪 DMs closed (pinged in the fallback channel instead): ${listWithMore(
        s.closedDms.map((id) => `<@${id}>`),
        400,
      )}. They can open DMs in Server menu → Privacy Settings.`,
    );
  }
  return fitContent(lines.join('\n'));
}
