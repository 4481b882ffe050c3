/**
 * The scheduled parts of issue 13, ready for a job in src/scheduler/jobs: each reads its
 * candidates, asks the pure due() (src/domain/allTrainingSchedule.ts) what is due in (since, now],
 * and enqueues the keyed outbox message (once per key, whatever the ticks or restarts).
 */
import type { Runtime } from '../app';
import {
  dueReadinessChecks,
  dueTeamRpeNudges,
  readinessDateWindow,
  TEAM_RPE_NUDGE_DELAY_MS,
  type ReadinessSessionCandidate,
} from '../domain/allTrainingSchedule';
import { MOBILITY_TEMPLATE } from '../domain/sessionIds';
import type { SessionCandidate } from '../repositories/schedule';

/** The scheduler's candidate sessions as the readiness due() reads them: not yet logged (the same read every job shares). */
export function readinessCandidatesOf(sessions: readonly SessionCandidate[]): ReadinessSessionCandidate[] {
  return sessions.flatMap((c) =>
    c.checkin
      ? []
      : [
          {
            guildId: c.guildId,
            athleteId: c.athleteId,
            assignmentId: c.id,
            sessionDate: c.sessionDate,
            plannedStartAt: c.plannedStartAt,
            isMobility: c.templateId === MOBILITY_TEMPLATE,
          },
        ],
  );
}

/** Readiness checks before today's sessions; returns how many were enqueued. */
export function runReadinessChecks(
  app: Pick<Runtime, 'readinessRepo' | 'readiness' | 'excusals' | 'schedule'>,
  now: Date,
  since: Date,
): number {
  const window = readinessDateWindow(now, since);
  const due = dueReadinessChecks({
    teams: app.readinessRepo.teamsAsking(),
    sessions: readinessCandidatesOf(app.schedule.sessionCandidates(window.from, window.to)),
    now,
    since,
    isExcused: (guildId, athleteId, date) => app.excusals.isExcused(guildId, athleteId, date),
  });
  return due.filter((d) => app.readiness.enqueuePrompt(d.guildId, d.athleteId, d.date, d.assignmentId)).length;
}

/** Team-session RPE nudges due in (since, now]: the one nudge per unrated team-session RPE. */
export function dueTeamRpeNudgesAt(app: Pick<Runtime, 'otherRepo'>, now: Date, since: Date): ReturnType<typeof dueTeamRpeNudges> {
  const teamSessions = app.otherRepo.teamSessionsEndedBetween(
    new Date(since.getTime() - TEAM_RPE_NUDGE_DELAY_MS),
    new Date(now.getTime() - TEAM_RPE_NUDGE_DELAY_MS + 1),
  );
  const sessions = teamSessions.flatMap((ts) =>
    app.otherRepo.forTeamSession(ts.guildId, ts.id).map((s) => ({
      guildId: s.guildId,
      otherSessionId: s.id,
      athleteId: s.athleteId,
      endsAt: new Date(ts.endsAt),
      rated: s.rpe !== null,
    })),
  );
  return dueTeamRpeNudges({ sessions, now, since });
}

/** The one nudge per unrated team-session RPE; returns how many were enqueued. */
export function runTeamRpeNudges(app: Pick<Runtime, 'otherRepo' | 'otherTraining'>, now: Date, since: Date): number {
  return dueTeamRpeNudgesAt(app, now, since).filter((d) => app.otherTraining.enqueueNudge(d.guildId, d.otherSessionId)).length;
}
