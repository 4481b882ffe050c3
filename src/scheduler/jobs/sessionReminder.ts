import { FALLBACK_WHAT } from '../../outbox/fallback';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { assignmentSlot, dateWindow, endOf, HOUR, loadOpenSession, localTimeAt, MINUTE, MOBILITY_TEMPLATE, remindAthlete } from './common';

export const SESSION_REMINDER = 'session_reminder';

/** A session the athlete received (or was meant to receive) at least this long before the morning reminder gets one. */
export const FRESH_DELIVERY_MS = 3 * HOUR;

/**
 * Morning reminder, at the team's reminder time, of a session sent earlier (an /assign made in
 * advance): a short DM pointing to it. Stale after two hours: a late morning reminder is noise.
 */
export const sessionReminderJob: ScheduledJob = {
  kind: SESSION_REMINDER,
  graceMinutes: 120,
  due(app, now, since = new Date(now.getTime() - 120 * MINUTE), tick = new TickContext(app)) {
    const window = dateWindow(since, now);
    const teams = tick.teams();
    const excused = tick.excusalLookup(window);
    return tick.sessionCandidates(window).flatMap((c): DueNotification[] => {
      const team = teams.get(c.guildId);
      if (!team || c.templateId === MOBILITY_TEMPLATE || c.checkin) return [];
      const dueAt = localTimeAt(c.sessionDate, team.reminderTime, team.timeZone);
      const freshBefore = dueAt.getTime() - FRESH_DELIVERY_MS;
      // Undelivered program sessions are delivered by session_delivery; a fresh DM needs no reminder.
      if (c.deliveredAt ? c.deliveredAt.getTime() > freshBefore : c.programId !== null || c.createdAt.getTime() > freshBefore) return [];
      // Once the session is over, the check-in prompt takes over.
      if (endOf(c) <= dueAt || excused.isExcused(c.guildId, c.athleteId, c.sessionDate)) return [];
      return [{ kind: SESSION_REMINDER, guildId: c.guildId, subject: c.athleteId, slot: assignmentSlot(c.id), dueAt }];
    });
  },
  owe(app, n, ctx) {
    const loaded = loadOpenSession(app, n, ctx.reads);
    if ('skip' in loaded) return loaded;
    return { owed: [remindAthlete(n, loaded.assignment, { reminder: 'session_reminder' }, FALLBACK_WHAT.reminder, ctx)] };
  },
};
