import { addDays, localDateOf } from '../../domain/time';
import { FALLBACK_WHAT } from '../../outbox/fallback';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { promptDueAt } from './checkinPrompt';
import { assignmentSlot, dateWindow, HOUR, loadOpenSession, localTimeAt, MINUTE, MOBILITY_TEMPLATE, remindAthlete } from './common';

export const CHECKIN_NUDGE = 'checkin_nudge';

/** The nudge is skipped when the next morning comes this soon after the prompt (a session ending in the small hours). */
export const MIN_NUDGE_GAP_MS = 4 * HOUR;

/** One nudge the next morning, at the team's reminder time, if the session is still not logged. */
export const checkinNudgeJob: ScheduledJob = {
  kind: CHECKIN_NUDGE,
  graceMinutes: 4 * 60,
  due(app, now, since = new Date(now.getTime() - 4 * 60 * MINUTE), tick = new TickContext(app)) {
    const window = dateWindow(since, now, 1);
    const teams = tick.teams();
    const excused = tick.excusalLookup({ from: window.from, to: addDays(window.to, 1) });
    return tick.sessionCandidates(window).flatMap((c): DueNotification[] => {
      const team = teams.get(c.guildId);
      if (!team || c.templateId === MOBILITY_TEMPLATE || c.checkin) return [];
      const prompt = promptDueAt(c);
      const nextMorning = addDays(c.sessionDate, 1);
      const dueAt = localTimeAt(nextMorning, team.reminderTime, team.timeZone);
      if (c.createdAt >= prompt || dueAt.getTime() - prompt.getTime() < MIN_NUDGE_GAP_MS) return [];
      if (excused.isExcused(c.guildId, c.athleteId, c.sessionDate) || excused.isExcused(c.guildId, c.athleteId, nextMorning)) return [];
      return [{ kind: CHECKIN_NUDGE, guildId: c.guildId, subject: c.athleteId, slot: assignmentSlot(c.id), dueAt }];
    });
  },
  owe(app, n, ctx) {
    const loaded = loadOpenSession(app, n, ctx.reads);
    if ('skip' in loaded) return loaded;
    const { team, assignment: a } = loaded;
    // The nudge goes out the next morning: an excusal starting today silences it too.
    if ((ctx.reads ?? app.excusals).isExcused(team.guildId, a.athleteId, localDateOf(ctx.now, team.timeZone))) return { skip: 'excused' };
    return { owed: [remindAthlete(n, a, { reminder: 'checkin_nudge' }, FALLBACK_WHAT.checkin, ctx)] };
  },
};
