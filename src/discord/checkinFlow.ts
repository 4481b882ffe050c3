import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { cr10Label } from '../domain/load';
import { describePainArea, isPainFlag, painBand } from '../domain/pain';
import type { CheckinValues } from '../domain/checkin';
import { formatLocalDate } from '../domain/time';
import type { LoggedCheckin } from '../services/checkins';
import { customIds } from './customIds';

/** What the athlete sees once the check-in is committed: what was understood, the load, and what the pain means. */
export function checkinConfirmation(logged: LoggedCheckin, opts: { assumedMinutes?: boolean } = {}): string {
  const { assignment, values, loadAu, replaced, team } = logged;
  const minutes = `${values.minutes} min${opts.assumedMinutes ? ' (the planned time: reply with the real minutes to correct it)' : ''}`;
  const area = values.painArea ? ` (${describePainArea(values.painArea, values.painSide)})` : '';
  const lines = [
    `✅ ${replaced ? 'Updated' : 'Logged'} **${assignment.title}** (${formatLocalDate(assignment.sessionDate)}): RPE ${values.rpe} — ${cr10Label(values.rpe)}, ${minutes}, pain ${values.pain}/10${area}.`,
    `Session load: ${values.rpe} × ${values.minutes} = **${loadAu} AU**.`,
  ];
  const band = painBand(values.pain, { painLimit: team.painLimit });
  if (logged.painFlag) {
    lines.push(
      `⚠️ Pain ${values.pain}/10 is above ${team.painLimit}, more than training should cause. Hold the load: don't add weight or sets. Your coaches will be told. Tomorrow morning I'll ask whether it has settled: if it hasn't (or pain is this high again next time), your next session is regressed to simpler variations at a lighter load.`,
    );
  } else if (band === 'acceptable') {
    lines.push(`Pain ${values.pain}/10 is acceptable as long as it has settled by tomorrow morning. If it hasn't, tell your coach.`);
  }
  return lines.join('\n');
}

/** Before and after, so the athlete sees exactly what the correction changed. */
export function correctionConfirmation(before: CheckinValues, logged: LoggedCheckin): string {
  const { assignment, values, loadAu, team } = logged;
  const show = (v: CheckinValues): string =>
    `RPE ${v.rpe}, ${v.minutes} min, pain ${v.pain}/10${v.painArea ? ` (${describePainArea(v.painArea, v.painSide)})` : ''}`;
  const lines = [
    `✏️ Corrected **${assignment.title}** (${formatLocalDate(assignment.sessionDate)}).`,
    `Before: ${show(before)}.`,
    `Now: ${show(values)}. Session load: ${values.rpe} × ${values.minutes} = **${loadAu} AU**.`,
  ];
  if (logged.painFlag && !isPainFlag(before.pain, team.painLimit))
    lines.push(
      `⚠️ Pain ${values.pain}/10 is above ${team.painLimit}: hold the load. Your coaches will be told, and tomorrow morning I'll ask whether it has settled.`,
    );
  if (!logged.painFlag && isPainFlag(before.pain, team.painLimit))
    lines.push(`Pain is no longer above ${team.painLimit}: your coaches will be told.`);
  return lines.join('\n');
}

export function tryAgainRow(assignmentId: number): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(customIds.logButton.encode({ assignmentId, retry: true }))
      .setLabel('Try again')
      .setStyle(ButtonStyle.Primary),
  );
}
