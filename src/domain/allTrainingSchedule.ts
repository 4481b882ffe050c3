/**
 * When the scheduled parts of issue 13 fall due, as pure functions for the scheduler's due():
 * the readiness check before each assigned session, and the one nudge for a team session's
 * RPE. Both return keyed items: enqueuing them (ReadinessService.enqueuePrompt,
 * OtherTrainingService.enqueueNudge) writes at most one outbox row per key, so a tick may
 * return the same item twice without anything going out twice.
 */
import { addDays, zonedInstant, type LocalDate } from './time';

const MINUTE = 60_000;
/** Foster et al. 2001: RPE about 30 minutes after the session; the nudge comes 12 hours after that. */
export const TEAM_RPE_NUDGE_DELAY_MS = 30 * MINUTE + 12 * 60 * MINUTE;

export interface ReadinessTeam {
  guildId: string;
  timeZone: string;
  /** The session reminder's local time (HH:MM): the check goes with it unless askTime is set. */
  reminderTime: string;
  enabled: boolean;
  askTime: string | null;
}

export interface ReadinessSessionCandidate {
  guildId: string;
  athleteId: string;
  assignmentId: number;
  sessionDate: LocalDate;
  plannedStartAt: Date;
  /** Mobility days are not training: no check. */
  isMobility: boolean;
}

export interface DueReadinessCheck {
  guildId: string;
  athleteId: string;
  date: LocalDate;
  assignmentId: number;
  dueAt: Date;
}

/**
 * One check per athlete per training day (their first assigned session that day), at the team's
 * ask time (or reminder time) on that day, due when that instant is in (since, now] and the
 * session has not started yet: after the start it no longer describes readiness *before* training.
 */
export function dueReadinessChecks(input: {
  teams: readonly ReadinessTeam[];
  sessions: readonly ReadinessSessionCandidate[];
  now: Date;
  since: Date;
  isExcused?: (guildId: string, athleteId: string, date: LocalDate) => boolean;
}): DueReadinessCheck[] {
  const teams = new Map(input.teams.map((t) => [t.guildId, t]));
  const sorted = [...input.sessions].sort(
    (a, b) => a.plannedStartAt.getTime() - b.plannedStartAt.getTime() || a.assignmentId - b.assignmentId,
  );
  const seen = new Set<string>();
  const out: DueReadinessCheck[] = [];
  for (const s of sorted) {
    const team = teams.get(s.guildId);
    if (!team?.enabled || s.isMobility) continue;
    const dayKey = `${s.guildId}|${s.athleteId}|${s.sessionDate}`;
    if (seen.has(dayKey)) continue;
    seen.add(dayKey);
    const dueAt = zonedInstant(s.sessionDate, team.askTime ?? team.reminderTime, team.timeZone);
    if (dueAt <= input.since || dueAt > input.now || input.now >= s.plannedStartAt) continue;
    if (input.isExcused?.(s.guildId, s.athleteId, s.sessionDate)) continue;
    out.push({ guildId: s.guildId, athleteId: s.athleteId, date: s.sessionDate, assignmentId: s.assignmentId, dueAt });
  }
  return out;
}

/** The local dates whose sessions a readiness tick must look at (a zone may be a day ahead of UTC). */
export function readinessDateWindow(now: Date, since: Date): { from: LocalDate; to: LocalDate } {
  return { from: addDays(since.toISOString().slice(0, 10), -1), to: addDays(now.toISOString().slice(0, 10), 1) };
}

export interface TeamRpeCandidate {
  guildId: string;
  otherSessionId: number;
  athleteId: string;
  endsAt: Date;
  rated: boolean;
}

export interface DueTeamRpeNudge {
  guildId: string;
  otherSessionId: number;
  athleteId: string;
  dueAt: Date;
}

/** The one nudge for a team session still unrated 12 hours after its prompt, due in (since, now]. */
export function dueTeamRpeNudges(input: { sessions: readonly TeamRpeCandidate[]; now: Date; since: Date }): DueTeamRpeNudge[] {
  return input.sessions.flatMap((s) => {
    if (s.rated) return [];
    const dueAt = new Date(s.endsAt.getTime() + TEAM_RPE_NUDGE_DELAY_MS);
    return dueAt > input.since && dueAt <= input.now
      ? [{ guildId: s.guildId, otherSessionId: s.otherSessionId, athleteId: s.athleteId, dueAt }]
      : [];
  });
}
