import { needsMorningQuestion } from '../../domain/pain';
import { addDays, localDateOf } from '../../domain/time';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { assignmentSlot, dateWindow, loadForSend, MINUTE, localTimeAt } from './common';

export const PAIN_FOLLOWUP = 'pain_followup';

/** A report logged this many days after the session is too late to ask whether it settled "this morning". */
const MAX_FOLLOWUP_DAY = 2;

/**
 * The pain-monitoring model (Silbernagel et al. 2007): pain must settle by the next morning.
 * At the first reminder time after the check-in (and after the session day), a session logged
 * with pain above the safe band (3-5 acceptable, or above the team's limit) gets "has it
 * settled?" with Yes / No. Six hours of grace: asked in the afternoon it is still about this
 * morning. A question left unanswered is not asked again: the digest shows it as unknown.
 */
export const painFollowupJob: ScheduledJob = {
  kind: PAIN_FOLLOWUP,
  graceMinutes: 6 * 60,
  due(app, now, since = new Date(now.getTime() - 6 * 60 * MINUTE), tick = new TickContext(app)) {
    const window = dateWindow(since, now, MAX_FOLLOWUP_DAY + 1);
    const teams = tick.teams();
    const excused = tick.excusalLookup({ from: window.from, to: addDays(window.to, MAX_FOLLOWUP_DAY) });
    return tick.sessionCandidates(window).flatMap((c): DueNotification[] => {
      const team = teams.get(c.guildId);
      if (
        !team ||
        c.checkin?.outcome !== 'completed' ||
        c.checkin.pain === null ||
        !needsMorningQuestion(c.checkin.pain, { painLimit: team.painLimit })
      )
        return [];
      // The first morning after the session that comes after the report.
      for (let day = 1; day <= MAX_FOLLOWUP_DAY; day++) {
        const date = addDays(c.sessionDate, day);
        const dueAt = localTimeAt(date, team.reminderTime, team.timeZone);
        if (dueAt <= c.checkin.loggedAt) continue;
        if (excused.isExcused(c.guildId, c.athleteId, date)) return [];
        return [{ kind: PAIN_FOLLOWUP, guildId: c.guildId, subject: c.athleteId, slot: assignmentSlot(c.id), dueAt }];
      }
      return [];
    });
  },
  owe(app, n, ctx) {
    const loaded = loadForSend(app, n.guildId, n.slot, ctx.reads);
    if ('skip' in loaded) return loaded;
    const { team, assignment: a } = loaded;
    if ((ctx.reads ?? app.excusals).isExcused(team.guildId, a.athleteId, localDateOf(n.dueAt, team.timeZone))) return { skip: 'excused' };
    return app.pain.ask(team, a.id, ctx);
  },
};
