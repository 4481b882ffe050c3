import { FALLBACK_WHAT } from '../../outbox/fallback';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { assignmentSlot, dateWindow, sessionCard, loadOpenSession, localTimeAt, MINUTE, MOBILITY_TEMPLATE, remindAthlete } from './common';
import { FRESH_DELIVERY_MS } from './sessionReminder';

export const MOBILITY_REMINDER = 'mobility_reminder';

/**
 * Mobility days (assignments of the 'mobility-day' template): at the team's reminder time, that
 * day's drills. Undelivered ones (program mobility days) are delivered as the session itself.
 * Mobility can be done any time of the day, so six hours of grace.
 */
export const mobilityReminderJob: ScheduledJob = {
  kind: MOBILITY_REMINDER,
  graceMinutes: 6 * 60,
  due(app, now, since = new Date(now.getTime() - 6 * 60 * MINUTE), tick = new TickContext(app)) {
    const window = dateWindow(since, now);
    const teams = tick.teams();
    const excused = tick.excusalLookup(window);
    const settleBefore = now.getTime() - 2 * MINUTE;
    return tick.sessionCandidates(window).flatMap((c): DueNotification[] => {
      const team = teams.get(c.guildId);
      if (!team || c.templateId !== MOBILITY_TEMPLATE || c.checkin) return [];
      const dueAt = localTimeAt(c.sessionDate, team.reminderTime, team.timeZone);
      if (c.deliveredAt ? c.deliveredAt.getTime() > dueAt.getTime() - FRESH_DELIVERY_MS : c.createdAt.getTime() > settleBefore) return [];
      if (excused.isExcused(c.guildId, c.athleteId, c.sessionDate)) return [];
      return [{ kind: MOBILITY_REMINDER, guildId: c.guildId, subject: c.athleteId, slot: assignmentSlot(c.id), dueAt }];
    });
  },
  owe(app, n, ctx) {
    const loaded = loadOpenSession(app, n, ctx.reads);
    if ('skip' in loaded) return loaded;
    const { assignment: a } = loaded;
    if (!a.deliveredAt) return { owed: [sessionCard(n, a, FALLBACK_WHAT.mobility, ctx)] };
    return { owed: [remindAthlete(n, a, { reminder: 'mobility' }, FALLBACK_WHAT.mobility, ctx)] };
  },
};
