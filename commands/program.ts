import { SlashCommandBuilder } from 'discord.js';
import { formatDays, MAX_SESSION_PROGRAM_WEEKS, PROGRAMS } from '../src/domain/programs';
import { formatLocalDate, WEEKDAYS } from '../src/domain/time';
import { respondWithDates, respondWithMatches } from '../src/discord/autocomplete';
import { deliveryLines } from '../src/discord/render/delivery';
import { fitContent } from '../src/discord/render/pack';
import { defineCommand } from '../src/discord/command';
import { COACH, MEMBER, refusals } from '../src/discord/preconditions';
import { deferPrivately, replyPrivately } from '../src/discord/reply';
import type { AssignTarget } from '../src/services/assignments';
import type { ProgramStartReport, ProgramStatusEntry, StopReport } from '../src/services/programs';

const MAX_MESSAGE = 1990;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function formatStartReport(report: ProgramStartReport, sessionTime: string): string {
  const def = report.definition;
  const athletes = report.started.length;
  const mobility = report.mobilityDay ? ` + mobility on ${formatDays([report.mobilityDay])}` : '';
  const lines = [
    `✅ **${def.name}** started for ${plural(athletes, 'athlete')}: ${plural(def.weeks.length, 'week')} from ${formatLocalDate(report.startDate)}, training on ${formatDays(report.trainingDays)}${mobility} at ${sessionTime}.`,
    `${plural(report.sessionsPerAthlete, 'session')} each, first on ${formatLocalDate(report.firstSession)}. Each session is sent by DM on its day.`,
  ];
  if (report.session) {
    const deloads = def.weeks.flatMap((w, i) => (w.deload ? [i + 1] : []));
    lines.push(
      `${deloads.length ? `Deload ${deloads.length === 1 ? 'week' : 'weeks'} ${deloads.join(', ')} (about half the sets, 2 more reps in reserve). ` : 'No deload week. '}Every session is **${report.session.name}** as it is now${report.session.team ? ': editing or archiving it later leaves these sessions as they are' : ''}.`,
    );
  }
  if (report.startDate !== report.requestedStart) {
    lines.push(
      `ℹ️ No training day was left in the week of ${formatLocalDate(report.requestedStart)}, so week 1 starts ${formatLocalDate(report.startDate)}.`,
    );
  }
  for (const warning of report.warnings) lines.push(`⚠️ ${warning}`);
  lines.push(...deliveryLines(report.delivery, 'Program summary', 'The program is saved; they can see sessions with `/today`.'));
  return fitContent(lines.join('\n'));
}

export function formatStatusEntry(entry: ProgramStatusEntry): string {
  const { definition: def, status, compliance, nextSession, program } = entry;
  const lines = [
    `**${def.name}** · ${formatDays(program.trainingDays)}${program.mobilityDay ? ` + mobility ${formatDays([program.mobilityDay])}` : ''}`,
  ];
  if (status.finished) lines.push(`Finished on ${formatLocalDate(status.endDate)} (${plural(status.totalWeeks, 'week')}).`);
  else if (!status.started) lines.push(`Starts ${formatLocalDate(program.startDate)} · ${status.totalWeeks} weeks · ${status.phase}`);
  else lines.push(`Week ${status.week} of ${status.totalWeeks} · ${status.phase}${status.isDeloadWeek ? ' · **deload week**' : ''}`);
  if (!status.finished) {
    if (status.isDeloadWeek) {
      const later = def.weeks.findIndex((w, i) => w.deload && i + 1 > status.week);
      lines.push(later < 0 ? 'No further deload in this program.' : `Next deload after this one: week ${later + 1}.`);
    } else if (def.weeks.some((w) => w.deload)) {
      lines.push(status.nextDeload ? `Next deload: week of ${formatLocalDate(status.nextDeload)}` : 'No deload left in this program.');
    }
    if (nextSession) lines.push(`Next session: ${formatLocalDate(nextSession.sessionDate)} · ${nextSession.title}`);
  }
  if (compliance.assigned === 0) lines.push('Compliance so far: no session due yet.');
  else {
    const pct = Math.round((compliance.rate ?? 0) * 100);
    const extra = [compliance.missed ? `${compliance.missed} missed` : '', compliance.unlogged ? `${compliance.unlogged} not logged` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`Compliance so far: ${compliance.completed}/${compliance.assigned} sessions done (${pct} %)${extra ? ` · ${extra}` : ''}`);
    // Ripley et al. 2021: the Nordic programme's benefit shows with compliance above about 50 %.
    if (def.key === 'nordic-protocol' && pct < 50 && compliance.assigned >= 4)
      lines.push('-# The Nordic protocol protects best above about 50 % compliance (Ripley et al. 2021).');
  }
  return lines.join('\n');
}

export function formatStatus(entries: ProgramStatusEntry[], athleteId: string, self: boolean): string {
  if (entries.length === 0) {
    return self
      ? "You're not on a program right now. Your coach can start one with `/program start`."
      : `<@${athleteId}> isn't on a program right now. Start one with \`/program start\`.`;
  }
  const head = self ? '**Your programs**' : `**Programs of <@${athleteId}>**`;
  return [head, ...entries.map(formatStatusEntry)].join('\n\n').slice(0, MAX_MESSAGE);
}

export function formatStopReport(report: StopReport): string {
  return report.stopped
    .map(
      (s) =>
        `🛑 Stopped **${s.definition?.name ?? s.program.programKey}** for <@${s.program.athleteId}>: removed ${plural(s.removed, 'upcoming session')}; kept ${s.kept} (past or logged).`,
    )
    .join('\n')
    .slice(0, MAX_MESSAGE);
}

export default defineCommand({
  data: new SlashCommandBuilder()
    .setName('program')
    .setDescription('Multi-week programs: start one, see where an athlete is, or stop it')
    .setContexts(0)
    .addSubcommand((s) =>
      s
        .setName('start')
        .setDescription('Start a fixed program, or run one session on your days for some weeks (coaches)')
        .addStringOption((o) => o.setName('days').setDescription('Training days, e.g. mon,thu').setRequired(true).setMaxLength(60))
        .addStringOption((o) =>
          o
            .setName('program')
            .setDescription('A fixed program (or pick a session instead)')
            .addChoices(...PROGRAMS.map((p) => ({ name: p.name.slice(0, 100), value: p.key }))),
        )
        .addStringOption((o) =>
          o
            .setName('session')
            .setDescription("Run this session on every training day: your team's sessions or a template")
            .setMaxLength(100)
            .setAutocomplete(true),
        )
        .addIntegerOption((o) => o.setName('weeks').setDescription(`With a session: how many weeks (1 to ${MAX_SESSION_PROGRAM_WEEKS})`))
        .addIntegerOption((o) => o.setName('deload_week').setDescription('With a session: this week is a deload week, e.g. 4'))
        .addIntegerOption((o) => o.setName('deload_every').setDescription('With a session: every Nth week is a deload week, e.g. 4'))
        .addStringOption((o) =>
          o
            .setName('start')
            .setDescription('First day (default today): monday, next monday, 30 Nov, 30/11 or 2026-11-30')
            .setMaxLength(40)
            .setAutocomplete(true),
        )
        .addUserOption((o) => o.setName('athlete').setDescription('One athlete (leave athlete and group empty for the whole squad)'))
        .addStringOption((o) => o.setName('group').setDescription('A squad group').setAutocomplete(true))
        .addStringOption((o) =>
          o
            .setName('mobility_day')
            .setDescription('The light mobility day (default: picked for you where the program has one)')
            .addChoices(...WEEKDAYS.map((d) => ({ name: capitalised(d), value: d })), { name: 'None', value: 'none' }),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName('status')
        .setDescription('Week, phase, next deload and compliance (athletes: your own)')
        .addUserOption((o) => o.setName('athlete').setDescription('The athlete (coaches; leave empty for yourself)')),
    )
    .addSubcommand((s) =>
      s
        .setName('stop')
        .setDescription('Stop programs: upcoming unlogged sessions are removed, history stays (coaches)')
        .addUserOption((o) => o.setName('athlete').setDescription('One athlete'))
        .addStringOption((o) => o.setName('group').setDescription('Everyone in a group').setAutocomplete(true))
        .addStringOption((o) =>
          o
            .setName('program')
            .setDescription('Only this program (default: all their running programs)')
            .addChoices(...PROGRAMS.map((p) => ({ name: p.name.slice(0, 100), value: p.key }))),
        )
        .addStringOption((o) =>
          o.setName('session').setDescription('Only the programs running this session').setMaxLength(100).setAutocomplete(true),
        ),
    )
    .toJSON(),
  // Status is open to athletes, about themselves; start and stop are for coaches.
  preconditions: MEMBER,
  subcommandPreconditions: { start: COACH, stop: COACH },
  async execute({ interaction, app, team, member }) {
    const sub = interaction.options.getSubcommand(true);

    if (sub === 'status') {
      const user = interaction.options.getUser('athlete');
      const athleteId = user?.id ?? interaction.user.id;
      const self = athleteId === interaction.user.id;
      if (!self && !member.isCoach)
        return replyPrivately(interaction, `${refusals.coachOnly(team)} Leave the athlete empty to see your own program.`);
      if (self && !app.squad.get(team.guildId, athleteId)) {
        return replyPrivately(
          interaction,
          member.isCoach
            ? 'Pick an athlete to see their program, e.g. `/program status athlete:@name`.'
            : "You're not on this team's squad yet. Ask a coach to add you with `/squad add`.",
        );
      }
      const result = app.programs.status(team, athleteId);
      return replyPrivately(interaction, result.ok ? formatStatus(result.value, athleteId, self) : result.message);
    }

    const athlete = interaction.options.getUser('athlete');
    const group = interaction.options.getString('group')?.trim();
    if (athlete && group) return replyPrivately(interaction, 'Pick either an athlete or a group, not both.');

    if (sub === 'stop') {
      if (!athlete && !group) return replyPrivately(interaction, 'Say whose program to stop: pick an athlete or a group.');
      const result = app.programs.stop(
        team,
        athlete ? { athleteId: athlete.id } : { group: group! },
        interaction.options.getString('program'),
        interaction.options.getString('session'),
      );
      if (result.ok) {
        for (const s of result.value.stopped)
          app.privacy.recordCoachAction(
            team.guildId,
            interaction.user.id,
            'program_stop',
            s.program.athleteId,
            s.program.plan ? `${s.program.programKey}:${s.program.plan.session.templateId}` : s.program.programKey,
          );
      }
      return replyPrivately(interaction, result.ok ? formatStopReport(result.value) : result.message);
    }

    const target: AssignTarget = athlete ? { athleteId: athlete.id } : group ? { group } : { wholeSquad: true };
    // One DM per athlete can take longer than Discord's 3 seconds.
    await deferPrivately(interaction);
    const result = await app.programs.start({
      team,
      coachId: interaction.user.id,
      programKey: interaction.options.getString('program'),
      session: interaction.options.getString('session'),
      weeks: interaction.options.getInteger('weeks'),
      deloadWeek: interaction.options.getInteger('deload_week'),
      deloadEvery: interaction.options.getInteger('deload_every'),
      target,
      startDate: interaction.options.getString('start'),
      days: interaction.options.getString('days', true),
      mobilityDay: interaction.options.getString('mobility_day'),
    });
    await replyPrivately(interaction, result.ok ? formatStartReport(result.value, team.sessionTime) : result.message);
  },
  async autocomplete({ interaction, app, team }) {
    const focused = interaction.options.getFocused(true).name;
    if (focused === 'start') return respondWithDates(interaction, app);
    // Stopping: the sessions that running programs run (even one archived since).
    if (focused === 'session' && interaction.options.getSubcommand(false) === 'stop') {
      return respondWithMatches(
        interaction,
        app.programs.runningSessions(team).map((s) => ({ name: s.name, value: s.templateId })),
      );
    }
    // The team's live sessions and the built-in templates, side by side, as in /assign.
    if (focused === 'session') {
      return respondWithMatches(
        interaction,
        app.sessions
          .pickable(team.guildId)
          .map((t) => ({ name: `${t.name}${t.team ? ' (team)' : ''} (~${t.estimatedMinutes} min)`, value: t.id })),
      );
    }
    await respondWithMatches(
      interaction,
      app.squad.groups(team.guildId).map((g) => ({ name: g, value: g })),
    );
  },
});
