/**
 * Issue 13's scheduled parts as ScheduledJobs (registered in ./index.ts). The due() decisions are the pure functions of
 * src/domain/allTrainingSchedule.ts; owe() re-checks the database and returns the message the
 * services build, keyed by the notification key (readinessKeys.prompt / teamRpeKeys.nudge are the
 * same strings, so the services' own enqueue and these jobs never both send).
 */
import { dueReadinessChecks, dueTeamRpeNudges, readinessDateWindow, TEAM_RPE_NUDGE_DELAY_MS } from '../../domain/allTrainingSchedule';
import { readinessCandidatesOf } from '../../services/allTrainingJobs';
import type { DueNotification, ScheduledJob } from '../job';
import { TickContext } from '../tickContext';
import { MINUTE } from './common';

const FAR_FUTURE = new Date(8.64e15);

export const READINESS_CHECK = 'readiness_check';
export const TEAM_RPE_NUDGE = 'team_rpe_nudge';

/** The check before each session, at the team's ask time (or reminder time); useless once the session has started. */
export const readinessCheckJob: ScheduledJob = {
  kind: READINESS_CHECK,
  graceMinutes: 4 * 60,
  due(app, now, since = new Date(now.getTime() - 4 * 60 * MINUTE), tick = new TickContext(app)) {
    const window = readinessDateWindow(now, since);
    const excused = tick.excusalLookup(window);
    // The tick's candidate sessions, shared with the other jobs (not a read of its own).
    return dueReadinessChecks({
      teams: tick.readinessTeams(),
      sessions: readinessCandidatesOf(tick.sessionCandidates(window)),
      now,
      since,
      isExcused: (g, a, d) => excused.isExcused(g, a, d),
    }).map((d): DueNotification => ({ kind: READINESS_CHECK, guildId: d.guildId, subject: d.athleteId, slot: d.date, dueAt: d.dueAt }));
  },
  owe(app, n, ctx) {
    const team = app.teams.get(n.guildId);
    if (!team || !app.readinessRepo.settings(n.guildId).enabled) return { skip: 'readiness check turned off' };
    if (!app.squad.get(n.guildId, n.subject)) return { skip: 'not on the squad' };
    if (app.readinessRepo.forAthlete(n.guildId, n.subject, n.slot, n.slot).length > 0) return { skip: 'already answered today' };
    const message = app.readiness.promptMessage(team, n.subject, n.slot, null, ctx.now);
    return { owed: [{ ...message, key: ctx.key, expiresAt: ctx.expiresAt }] };
  },
};

/** One nudge 12 h after a team session's RPE prompt, while the athlete has not rated it. */
export const teamRpeNudgeJob: ScheduledJob = {
  kind: TEAM_RPE_NUDGE,
  graceMinutes: 12 * 60,
  due(app, now, since = new Date(now.getTime() - 12 * 60 * MINUTE), tick = new TickContext(app)) {
    const sessions = tick.teamRpeCandidates(new Date(since.getTime() - TEAM_RPE_NUDGE_DELAY_MS));
    // Nudges not yet due are returned too: the runner keeps what is due now and wakes the team for the rest.
    return dueTeamRpeNudges({ sessions, now: FAR_FUTURE, since }).map((d): DueNotification => ({
      kind: TEAM_RPE_NUDGE,
      guildId: d.guildId,
      subject: d.athleteId,
      slot: `other:${d.otherSessionId}`,
      dueAt: d.dueAt,
    }));
  },
  owe(app, n, ctx) {
    const id = Number(/^other:(\d+)$/.exec(n.slot)?.[1]);
    const s = Number.isSafeInteger(id) ? app.otherRepo.get(n.guildId, id) : undefined;
    if (!s || s.athleteId !== n.subject) return { skip: 'team session removed' };
    if (s.rpe !== null) return { skip: 'already rated' };
    if (!app.squad.get(n.guildId, n.subject)) return { skip: 'not on the squad' };
    return { owed: [{ ...app.otherTraining.rpeMessage(s, 'nudge', ctx.now), key: ctx.key, expiresAt: ctx.expiresAt }] };
  },
};
