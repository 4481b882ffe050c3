import { FALLBACK_WHAT } from '../../outbox/fallback';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { assignmentSlot, dateWindow, sessionCard, loadOpenSession, localTimeAt, MINUTE, MOBILITY_TEMPLATE } from './common';

export const SESSION_DELIVERY = 'session_delivery';

/**
 * Program sessions are not DMed in advance: on the day, at the team's reminder time, the session
 * itself (embed with Log / Couldn't train) is the morning reminder. Late is still useful the same
 * day (the athlete needs the session to train), hence 12 hours of grace.
 */
export const sessionDeliveryJob: ScheduledJob = {
  kind: SESSION_DELIVERY,
  graceMinutes: 12 * 60,
  due(app, now, since = new Date(now.getTime() - 12 * 60 * MINUTE), tick = new TickContext(app)) {
    const window = dateWindow(since, now);
    const teams = tick.teams();
    const excused = tick.excusalLookup(window);
    // A session made in the last two minutes is still being delivered by whoever created it.
    const settleBefore = now.getTime() - 2 * MINUTE;
    return tick.sessionCandidates(window).flatMap((c): DueNotification[] => {
      const team = teams.get(c.guildId);
      if (!team || c.programId === null || c.templateId === MOBILITY_TEMPLATE || c.deliveredAt || c.checkin) return [];
      if (c.createdAt.getTime() > settleBefore || excused.isExcused(c.guildId, c.athleteId, c.sessionDate)) return [];
      return [
        {
          kind: SESSION_DELIVERY,
          guildId: c.guildId,
          subject: c.athleteId,
          slot: assignmentSlot(c.id),
          dueAt: localTimeAt(c.sessionDate, team.reminderTime, team.timeZone),
        },
      ];
    });
  },
  owe(app, n, ctx) {
    const loaded = loadOpenSession(app, n, ctx.reads);
    if ('skip' in loaded) return loaded;
    const { assignment: a } = loaded;
    if (a.deliveredAt) return { skip: 'already delivered' };
    return { owed: [sessionCard(n, a, FALLBACK_WHAT.session, ctx)] };
  },
};
