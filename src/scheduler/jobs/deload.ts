import type { Runtime } from '../../app';
import { addDays, formatIsoWeek, isoWeekday, isoWeekOf, type LocalDate } from '../../domain/time';
import { FALLBACK_WHAT } from '../../outbox/fallback';
import type { AthleteReminder, OwedMessage } from '../../outbox/messages';
import type { DeloadRow } from '../../repositories/schedule';
import type { DueNotification, OweContext, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { dateWindow, MINUTE, localTimeAt } from './common';

export const DELOAD_HEADS_UP = 'deload_heads_up';
export const DELOAD_START = 'deload_start';
export const DELOAD_STAFF = 'deload_staff';

/** One athlete's deload week in one program: the week whose sessions have prescription.adjustment 'deload'. */
export interface DeloadWeek {
  guildId: string;
  athleteId: string;
  programId: number;
  programWeek: number | null;
  /** Monday of the (ISO, Monday-Sunday) program week, or the program's start if later. */
  weekStart: LocalDate;
  isoWeek: string;
  /** The last training session (not mobility) before the deload week, if any. */
  lastTrainingDay: LocalDate | null;
  title: string;
  createdAt: Date;
}

export function programWeekSlot(w: Pick<DeloadWeek, 'programId' | 'programWeek' | 'isoWeek'>): string {
  // Keyed by program week, not date: regressing a deload session must not make a "new" deload week.
  return `program:${w.programId}:week:${w.programWeek ?? w.isoWeek}`;
}

/**
 * Deload weeks with a deload session dated from..to, for running programs of athletes on the squad.
 * A deload session later regressed after pain still counts (its original was the deload).
 */
export function deloadWeeks(app: Runtime, from: LocalDate, to: LocalDate, only?: { guildId: string; programId?: number }): DeloadWeek[] {
  return toDeloadWeeks(app, app.schedule.deloadRows(from, to, only));
}

/** Rows -> weeks, with every week's last training day read in one statement (not one per athlete). */
function toDeloadWeeks(app: Runtime, rows: readonly DeloadRow[]): DeloadWeek[] {
  const starts = rows.map((r) => {
    const monday = addDays(r.first_date, 1 - isoWeekday(r.first_date));
    return r.start_date > monday ? r.start_date : monday;
  });
  const lastDays = app.schedule.lastTrainingDaysBefore(rows.map((r, i) => ({ programId: r.program_id, before: starts[i]! })));
  return rows.map((r, i) => ({
    guildId: r.guild_id,
    athleteId: r.athlete_id,
    programId: r.program_id,
    programWeek: r.program_week,
    weekStart: starts[i]!,
    isoWeek: formatIsoWeek(isoWeekOf(r.first_date)),
    lastTrainingDay: lastDays[i] ?? null,
    title: r.title,
    createdAt: new Date(r.created_at),
  }));
}

/** The three deload jobs of one tick read the same weeks: worked out once per read of the rows. */
const weeksOfRows = new WeakMap<readonly DeloadRow[], DeloadWeek[]>();

/** Deload weeks that may hold something due in (since, now]: the heads-up comes up to a few weeks before. */
function weeksAround(app: Runtime, since: Date, now: Date, tick: TickContext): DeloadWeek[] {
  const rows = tick.deloadRows(dateWindow(since, now, 0, 21));
  let weeks = weeksOfRows.get(rows);
  if (!weeks) {
    weeks = toDeloadWeeks(app, rows);
    weeksOfRows.set(rows, weeks);
  }
  return weeks;
}

function stillDeload(app: Runtime, guildId: string, slot: string): DeloadWeek | undefined {
  const m = /^program:(\d+):week:/.exec(slot);
  if (!m) return undefined;
  const today = app.clock.now().toISOString().slice(0, 10);
  return deloadWeeks(app, addDays(today, -14), addDays(today, 42), { guildId, programId: Number(m[1]) }).find(
    (w) => programWeekSlot(w) === slot,
  );
}

/** On the last training day before a deload week, at the reminder time: a heads-up to the athlete. */
export const deloadHeadsUpJob: ScheduledJob = {
  kind: DELOAD_HEADS_UP,
  graceMinutes: 12 * 60,
  due(app, now, since = new Date(now.getTime() - 12 * 60 * MINUTE), tick = new TickContext(app)) {
    const teams = tick.teams();
    const weeks = weeksAround(app, since, now, tick);
    const excused = tick.excusalLookup(dateWindow(since, now, 0, 21));
    return weeks.flatMap((w): DueNotification[] => {
      const team = teams.get(w.guildId);
      if (!team || !w.lastTrainingDay || excused.isExcused(w.guildId, w.athleteId, w.lastTrainingDay)) return [];
      const dueAt = localTimeAt(w.lastTrainingDay, team.reminderTime, team.timeZone);
      if (w.createdAt > dueAt) return [];
      return [{ kind: DELOAD_HEADS_UP, guildId: w.guildId, subject: w.athleteId, slot: programWeekSlot(w), dueAt }];
    });
  },
  owe(app, n, ctx) {
    const week = stillDeload(app, n.guildId, n.slot);
    if (!app.teams.get(n.guildId) || !week) return { skip: 'no longer a deload week' };
    if (week.lastTrainingDay && app.excusals.isExcused(n.guildId, n.subject, week.lastTrainingDay)) return { skip: 'excused' };
    return { owed: [deloadNote(n, { reminder: 'deload_heads_up', weekStart: week.weekStart }, ctx)] };
  },
};

/** On the deload week's first day, at the reminder time: what changes and why. */
export const deloadStartJob: ScheduledJob = {
  kind: DELOAD_START,
  graceMinutes: 12 * 60,
  due(app, now, since = new Date(now.getTime() - 12 * 60 * MINUTE), tick = new TickContext(app)) {
    const teams = tick.teams();
    const excused = tick.excusalLookup(dateWindow(since, now, 0, 21));
    return weeksAround(app, since, now, tick).flatMap((w): DueNotification[] => {
      const team = teams.get(w.guildId);
      if (!team || excused.isExcused(w.guildId, w.athleteId, w.weekStart)) return [];
      const dueAt = localTimeAt(w.weekStart, team.reminderTime, team.timeZone);
      if (w.createdAt > dueAt) return [];
      return [{ kind: DELOAD_START, guildId: w.guildId, subject: w.athleteId, slot: programWeekSlot(w), dueAt }];
    });
  },
  owe(app, n, ctx) {
    const week = stillDeload(app, n.guildId, n.slot);
    if (!app.teams.get(n.guildId) || !week) return { skip: 'no longer a deload week' };
    if (app.excusals.isExcused(n.guildId, n.subject, week.weekStart)) return { skip: 'excused' };
    return { owed: [deloadNote(n, { reminder: 'deload_start' }, ctx)] };
  },
};

/** Monday of an ISO week string such as '2026-W11'. */
function mondayOfIsoWeek(isoWeek: string): LocalDate {
  const m = /^(\d{4})-W(\d{2})$/.exec(isoWeek)!;
  const jan4 = `${m[1]}-01-04`;
  return addDays(addDays(jan4, 1 - isoWeekday(jan4)), (Number(m[2]) - 1) * 7);
}

/** One staff message per team per ISO week, on its Monday at the reminder time: who enters a deload this week. */
export const deloadStaffJob: ScheduledJob = {
  kind: DELOAD_STAFF,
  graceMinutes: 24 * 60,
  due(app, now, since = new Date(now.getTime() - 24 * 60 * MINUTE), tick = new TickContext(app)) {
    const teams = tick.teams();
    const byTeamWeek = new Map<string, DueNotification>();
    for (const w of weeksAround(app, since, now, tick)) {
      const team = teams.get(w.guildId);
      if (!team) continue;
      const dueAt = localTimeAt(mondayOfIsoWeek(w.isoWeek), team.reminderTime, team.timeZone);
      if (w.createdAt > dueAt) continue;
      byTeamWeek.set(`${w.guildId}|${w.isoWeek}`, { kind: DELOAD_STAFF, guildId: w.guildId, subject: 'staff', slot: w.isoWeek, dueAt });
    }
    return [...byTeamWeek.values()];
  },
  owe(app, n, ctx) {
    if (!app.teams.get(n.guildId)) return { skip: 'team gone' };
    const monday = mondayOfIsoWeek(n.slot);
    const entries = deloadWeeks(app, monday, addDays(monday, 6), { guildId: n.guildId })
      .filter((w) => w.isoWeek === n.slot)
      .sort((a, b) => a.weekStart.localeCompare(b.weekStart) || a.athleteId.localeCompare(b.athleteId))
      .map((w) => ({
        athleteId: w.athleteId,
        title: w.title,
        weekStart: w.weekStart,
        excused: app.excusals.isExcused(n.guildId, w.athleteId, w.weekStart),
      }));
    if (entries.length === 0) return { skip: 'nobody enters a deload this week' };
    return {
      owed: [
        {
          guildId: n.guildId,
          purpose: n.kind,
          target: { to: 'staff' },
          body: { type: 'staffReport', report: 'deload_week', isoWeek: n.slot, entries },
          key: ctx.key,
          expiresAt: ctx.expiresAt,
        },
      ],
    };
  },
};

/** A deload note by DM (not about one session, so not skipped when one is logged). */
function deloadNote(n: DueNotification, reminder: AthleteReminder, ctx: OweContext): OwedMessage {
  return {
    guildId: n.guildId,
    purpose: n.kind,
    target: { to: 'athlete', athleteId: n.subject },
    body: { type: 'reminder', fallbackWhat: FALLBACK_WHAT.deload, ...reminder },
    key: ctx.key,
    expiresAt: ctx.expiresAt,
  };
}
