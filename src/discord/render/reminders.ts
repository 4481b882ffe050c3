/**
 * Texts of the scheduled reminders. Pain is only ever written into the athlete's own DM and
 * the staff channel; what goes to the fallback channel (FALLBACK_WHAT) carries no health data.
 */
import { CHECKIN_LIMITS, rangeText } from '../../domain/checkin';
import { isPainFlag, PAIN_AREA_LABELS, type PainArea } from '../../domain/pain';
import { formatLocalDate, localTimeOf, type LocalDate } from '../../domain/time';
import type { Assignment } from '../../repositories/assignments';
import type { Team } from '../../repositories/teams';
import type { DirectNotice, NoticeButton, StaffNotice } from '../../outbox/messages';
import { customIds } from '../customIds';
import { formatDose } from './session';

export { FALLBACK_WHAT } from '../../outbox/fallback';

function logButtons(a: Assignment): NoticeButton[] {
  return [
    { customId: customIds.logButton.encode({ assignmentId: a.id, retry: false }), label: 'Log session', style: 'success' },
    { customId: customIds.missButton.encode({ assignmentId: a.id }), label: "Couldn't train", style: 'secondary' },
  ];
}

const REPLY_HINT = 'or reply here with RPE, pain and minutes, e.g. `7 2 45`';

/** Morning reminder of a session whose full message went out earlier (an /assign made in advance). */
export function sessionReminderNotice(team: Team, a: Assignment): DirectNotice {
  const where =
    a.deliveredVia === 'dm' && a.dmChannelId && a.dmMessageId
      ? `The full session is [in this message](https://discord.com/channels/@me/${a.dmChannelId}/${a.dmMessageId}).`
      : "Run `/today` in your team's server to see it.";
  return {
    text: [
      `📅 Today: **${a.title}** at ${localTimeOf(new Date(a.plannedStartAt), team.timeZone)} (about ${a.plannedMinutes} min).`,
      where,
      `Afterwards, tap **Log session** ${REPLY_HINT}.`,
    ].join('\n'),
  };
}

/** Foster et al. 2001: ask for the session RPE about 30 minutes after the session. */
export function checkinPromptNotice(a: Assignment): DirectNotice {
  return {
    text: [
      `How did **${a.title}** go? Tap **Log session** to rate how hard it was (RPE ${rangeText(CHECKIN_LIMITS.rpe)}), the minutes and any pain, ${REPLY_HINT}.`,
      "If you couldn't train, tap **Couldn't train**: your coach sees why.",
    ].join('\n'),
    buttons: logButtons(a),
  };
}

/** One nudge the next morning; a rating given later is still valid (Foster et al. 2021). */
export function checkinNudgeNotice(a: Assignment): DirectNotice {
  return {
    text: [
      `**${a.title}** (${formatLocalDate(a.sessionDate)}) isn't logged yet. It takes 20 seconds: tap **Log session**, ${REPLY_HINT}.`,
      'A rating given now still counts.',
    ].join('\n'),
    buttons: logButtons(a),
  };
}

/** Mobility day: that day's drills in the message itself. */
export function mobilityReminderNotice(a: Assignment): DirectNotice {
  const drills = a.prescription.exercises.map((e) => `• ${e.name}: ${formatDose(e)}`);
  return {
    text: [`🧘 Mobility day: about ${a.plannedMinutes} min, any time today.`, ...drills, 'Tap **Log session** when done.']
      .join('\n')
      .slice(0, 2000),
    buttons: logButtons(a),
  };
}

const DELOAD_CHANGES = [
  '• **Fewer sets**: about half the working sets.',
  '• **More reps in reserve**: stop each set about 2 reps further from failure.',
  '• **Same exercises, same training days.**',
];

export function deloadHeadsUpNotice(weekStart: LocalDate): DirectNotice {
  return {
    text: [
      `🔋 Heads-up: after today, next week (from ${formatLocalDate(weekStart)}) is a **deload week**.`,
      ...DELOAD_CHANGES,
      'Nothing to do: your sessions are already adjusted. Planned lighter weeks let fatigue drop so you keep adapting.',
    ].join('\n'),
  };
}

/** Deloads (Rogerson et al. 2024, Sports Med Open 10:26): less volume and effort, same exercises and frequency. */
export function deloadStartNotice(): DirectNotice {
  return {
    text: [
      '🔋 **Your deload week starts today.** What changes:',
      ...DELOAD_CHANGES,
      "Why: a planned lighter week every few weeks lets fatigue drop while you keep your technique and strength. It's part of the plan, not a step back. Log your sessions as usual.",
    ].join('\n'),
  };
}

export interface DeloadStaffEntry {
  athleteId: string;
  title: string;
  weekStart: LocalDate;
  excused: boolean;
}

export function deloadStaffNotice(isoWeek: string, entries: DeloadStaffEntry[]): StaffNotice {
  return {
    title: `Deload week ${isoWeek}: ${entries.length} athlete${entries.length === 1 ? '' : 's'}`,
    severity: 'info',
    lines: [
      ...entries.map(
        (e) => `• <@${e.athleteId}>: ${e.title}, from ${formatLocalDate(e.weekStart)}${e.excused ? ' (currently excused)' : ''}`,
      ),
      'About half the working sets, 2 more reps in reserve, same exercises and days (Rogerson et al. 2024). Athletes were told on their last training day and get a note this morning.',
    ],
  };
}

function areaText(area: PainArea | null): string {
  return area ? ` (${PAIN_AREA_LABELS[area].toLowerCase()})` : '';
}

/** Pain-monitoring model (Silbernagel et al. 2007): pain after training must settle by the next morning. */
export function painFollowupNotice(followupId: number, a: Assignment, pain: number, area: PainArea | null, painLimit = 5): DirectNotice {
  return {
    text: [
      `After **${a.title}** (${formatLocalDate(a.sessionDate)}) you reported pain ${pain}/10${areaText(area)}. Has it settled this morning?`,
      isPainFlag(pain, painLimit)
        ? `Pain above ${painLimit}/10 is more than training should cause, so your next session uses simpler variations at a lighter load, and your coaches know.`
        : "Pain after training should have settled by the next morning; if it hasn't, your next session is made lighter.",
    ].join('\n'),
    buttons: [
      { customId: customIds.painAnswer.encode({ followupId, settled: true }), label: "Yes, it's settled", style: 'success' },
      { customId: customIds.painAnswer.encode({ followupId, settled: false }), label: 'No, not yet', style: 'danger' },
    ],
  };
}

export function painSettledReply(): string {
  return 'Good to hear. Train as planned, and tell your coach if it comes back.';
}

export function painSettledButRegressedReply(next: Assignment): string {
  return `Good that it settled. Because the pain was above the limit, your next session, **${next.title}** on ${formatLocalDate(next.sessionDate)}, still uses simpler variations at a lighter load; your coaches know.`;
}

export function painNotSettledReply(next: Assignment | null): string {
  return next
    ? `Thanks for telling me. Your next session, **${next.title}** on ${formatLocalDate(next.sessionDate)}, now uses simpler variations at a lighter load, and your coaches know. If the pain gets worse, talk to your coach or a physio before training.`
    : 'Thanks for telling me. Your coaches know. Talk to them or a physio before you train again.';
}

export interface RegressionNoticeInput {
  athleteId: string;
  source: Assignment;
  pain: number;
  area: PainArea | null;
  painLimit: number;
  reason: 'not_settled' | 'over_limit' | 'pain_twice';
  previousPain: number | null;
  target: Assignment | null;
  adjustmentId: number | null;
  /** Dates of pain flags in the last 14 days when they suggest an early deload. */
  earlyDeloadFlags: LocalDate[] | null;
}

export function regressionStaffNotice(n: RegressionNoticeInput): StaffNotice {
  const cause =
    n.reason === 'not_settled'
      ? `<@${n.athleteId}> reported pain ${n.pain}/10${areaText(n.area)} after **${n.source.title}** (${formatLocalDate(n.source.sessionDate)}) and says it has not settled this morning.`
      : n.reason === 'over_limit'
        ? `<@${n.athleteId}> reported pain ${n.pain}/10${areaText(n.area)} after **${n.source.title}** (${formatLocalDate(n.source.sessionDate)}), above the limit of ${n.painLimit}/10.`
        : `<@${n.athleteId}> reported pain above ${n.painLimit}/10 after two sessions in a row: ${n.previousPain ?? '?'}/10, then ${n.pain}/10${areaText(n.area)} after **${n.source.title}** (${formatLocalDate(n.source.sessionDate)}).`;
  const effect = n.target
    ? `Their next session, **${n.target.title}** on ${formatLocalDate(n.target.sessionDate)}, now uses simpler variations at a lighter load (pain-monitoring model, Silbernagel et al. 2007). Tap **Undo** to restore the original.`
    : 'They have no upcoming session to regress: adjust their next one by hand.';
  return {
    title: n.target ? 'Next session regressed after pain' : n.reason === 'not_settled' ? 'Pain has not settled' : 'Pain above the limit',
    severity: 'alert',
    lines: [cause, effect, ...(n.earlyDeloadFlags ? [earlyDeloadLine(n.earlyDeloadFlags, n.painLimit)] : [])],
    ...(n.target && n.adjustmentId
      ? { buttons: [{ customId: customIds.painUndo.encode({ adjustmentId: n.adjustmentId }), label: 'Undo', style: 'secondary' as const }] }
      : {}),
  };
}

function earlyDeloadLine(flags: LocalDate[], painLimit: number): string {
  return `⚠️ ${flags.length} sessions with pain above ${painLimit}/10 in the last 14 days (${flags.map(formatLocalDate).join(', ')}): consider bringing their deload week forward (deloads usually every 5.6 ± 2.3 weeks, Rogerson et al. 2024).`;
}

export function earlyDeloadStaffNotice(athleteId: string, flags: LocalDate[], painLimit: number): StaffNotice {
  return {
    title: 'Pain flags: consider an early deload',
    severity: 'warning',
    lines: [`<@${athleteId}>:`, earlyDeloadLine(flags, painLimit)],
  };
}

export function painDmsClosedStaffNotice(athleteId: string, a: Assignment, pain: number): StaffNotice {
  return {
    title: 'Pain follow-up not delivered',
    severity: 'warning',
    lines: [
      `I couldn't ask <@${athleteId}> whether the pain (${pain}/10 after **${a.title}**, ${formatLocalDate(a.sessionDate)}) has settled: their DMs are closed. Please ask them in person.`,
    ],
  };
}

export function undoneLine(coachId: string, target: Assignment): string {
  return `↩️ Undone by <@${coachId}>: **${target.title}** on ${formatLocalDate(target.sessionDate)} is back to the original prescription.`;
}

/** Pain above the team's limit, for the staff channel only (pain-monitoring model, Silbernagel et al. 2007). */
export function painFlagStaffNotice(
  a: Assignment,
  pain: number,
  area: PainArea | null,
  note: string | null,
  painLimit: number,
): StaffNotice {
  return {
    title: 'Pain flag',
    severity: 'alert',
    lines: [
      `<@${a.athleteId}> reported pain ${pain}/10 (${area ? PAIN_AREA_LABELS[area].toLowerCase() : 'area not given'}) after ${a.title} on ${formatLocalDate(a.sessionDate)}.`,
      `Above the team's limit of ${painLimit}/10 (pain-monitoring model): hold the load. The athlete is asked tomorrow morning whether it has settled; if not, or if it happens twice in a row, their next session is regressed and you'll be told.`,
      ...(note ? [`Athlete's note: ${note}`] : []),
    ],
  };
}
