import { ActionRowBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import { formatLocalDate } from '../../domain/time';
import type { Assignment } from '../../repositories/assignments';
import { customIds } from '../customIds';
import { BRAND_COLOUR, formatDose } from './session';

export function checkinSummary(a: Assignment): string {
  const c = a.checkin;
  if (!c) return 'not logged yet';
  if (c.outcome === 'missed') return `couldn't train${c.missedReason ? ` (${c.missedReason})` : ''}`;
  return `logged: RPE ${c.rpe}, ${c.minutes} min, load ${c.loadAu} AU, pain ${c.pain}/10`;
}

/** An athlete's own view: today's sessions and the unlogged ones from the last week, each with its Log button, then what's coming up. */
export function todayView(list: { today: Assignment[]; overdue: Assignment[]; upcoming: Assignment[] }): {
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
} {
  const all = [...list.today, ...list.overdue];
  // Built from data, not setters: the setters' validators (setColor, setDescription) build and
  // throw away an error for each form they try first, a tenth of /today's CPU. The description
  // is cut to Discord's limit here, and the local Discord and Discord check the rest.
  const embed = (description: string) => new EmbedBuilder({ color: BRAND_COLOUR, title: 'Your sessions', description });
  const upcoming = list.upcoming.length
    ? `__Coming up__\n${list.upcoming.map((a) => `• ${formatLocalDate(a.sessionDate)}: **${a.title}**`).join('\n')}`
    : null;
  if (all.length === 0) {
    return {
      embeds: [
        embed(['Nothing planned for today and nothing left to log from the last 7 days. 👍', upcoming].filter(Boolean).join('\n\n')),
      ],
      components: [],
    };
  }
  const describe = (a: Assignment) =>
    `**${a.title}** — ${formatLocalDate(a.sessionDate)} · ${checkinSummary(a)}\n${a.prescription.exercises
      .filter((e) => e.role !== 'warmup')
      .slice(0, 6)
      .map((e) => `• ${e.name}: ${formatDose(e)}`)
      .join('\n')}`;
  const sections = [
    list.today.length ? `__Today__\n${list.today.map(describe).join('\n\n')}` : '__Today__\nNothing planned today.',
    list.overdue.length ? `__Still to log (last 7 days)__\n${list.overdue.map(describe).join('\n\n')}` : null,
    upcoming,
  ].filter(Boolean);
  const description = sections.join('\n\n').slice(0, 4000);
  // Five rows of buttons is Discord's limit; one row per session, oldest unlogged last. "Couldn't
  // train" stays usable on a logged session: the athlete is asked before it replaces the log.
  const components = all.slice(0, 5).map((a) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder()
        .setCustomId(customIds.logButton.encode({ assignmentId: a.id, retry: false }))
        .setLabel(`${a.checkin ? 'Update' : 'Log'}: ${a.title} (${formatLocalDate(a.sessionDate)})`.slice(0, 80))
        .setStyle(a.checkin ? ButtonStyle.Secondary : ButtonStyle.Success),
      new ButtonBuilder()
        .setCustomId(customIds.missButton.encode({ assignmentId: a.id }))
        .setLabel("Couldn't train")
        .setStyle(ButtonStyle.Secondary)
        .setDisabled(a.checkin?.outcome === 'missed'),
    ),
  );
  return { embeds: [embed(description)], components };
}
