import { FALLBACK_WHAT } from '../../outbox/fallback';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { assignmentSlot, dateWindow, endOf, loadOpenSession, MINUTE, MOBILITY_TEMPLATE, remindAthlete } from './common';

export const CHECKIN_PROMPT = 'checkin_prompt';

/** Foster et al. 2001: ask for the session RPE about 30 minutes after the session ends. */
export const PROMPT_DELAY_MS = 30 * MINUTE;

export function promptDueAt(c: { plannedStartAt: Date | string; plannedMinutes: number }): Date {
  return new Date(endOf(c).getTime() + PROMPT_DELAY_MS);
}

/**
 * Check-in prompt 30 minutes after the planned end (start + planned minutes + 30), unless it is
 * logged already. A rating stays valid when given later (Foster et al. 2021), so 12 hours of grace.
 */
export const checkinPromptJob: ScheduledJob = {
  kind: CHECKIN_PROMPT,
  graceMinutes: 12 * 60,
  due(app, now, since = new Date(now.getTime() - 12 * 60 * MINUTE), tick = new TickContext(app)) {
    const window = dateWindow(since, now, 1);
    const teams = tick.teams();
    const excused = tick.excusalLookup(window);
    return tick.sessionCandidates(window).flatMap((c): DueNotification[] => {
      if (!teams.has(c.guildId) || c.templateId === MOBILITY_TEMPLATE || c.checkin) return [];
      const dueAt = promptDueAt(c);
      // A session assigned after the fact was just sent with its Log button: no prompt on top.
      if (c.createdAt >= dueAt || excused.isExcused(c.guildId, c.athleteId, c.sessionDate)) return [];
      return [{ kind: CHECKIN_PROMPT, guildId: c.guildId, subject: c.athleteId, slot: assignmentSlot(c.id), dueAt }];
    });
  },
  owe(app, n, ctx) {
    const loaded = loadOpenSession(app, n, ctx.reads);
    if ('skip' in loaded) return loaded;
    return { owed: [remindAthlete(n, loaded.assignment, { reminder: 'checkin_prompt' }, FALLBACK_WHAT.checkin, ctx)] };
  },
};
