import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { CheckinValues } from '../domain/checkin';
import { isPainFlag, PAIN_AREA_LABELS } from '../domain/pain';
import { sessionLoad } from '../domain/load';
import { addDays, formatLocalDate, localDateOf } from '../domain/time';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { CheckinRepository, CheckinSource } from '../repositories/checkins';
import type { SquadRepository } from '../repositories/squad';
import type { Team, TeamRepository } from '../repositories/teams';
import type { Messenger } from './messenger';
import { ok, refuse, type Outcome } from './results';

export interface LoggedCheckin {
  team: Team;
  assignment: Assignment;
  values: CheckinValues;
  loadAu: number;
  replaced: boolean;
  /** Pain above the team's limit (pain-monitoring model): hold the load, staff are told. */
  painFlag: boolean;
}

/** How far back a session can still be logged, in days (matches /assign's after-the-fact window). */
export const LOG_WINDOW_DAYS = 14;

export class CheckinService {
  constructor(
    private readonly deps: {
      teams: TeamRepository;
      squad: SquadRepository;
      assignments: AssignmentRepository;
      checkins: CheckinRepository;
      messenger: Messenger;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** The assignment if this user may log it, or why not. */
  loggableBy(userId: string, assignmentId: number): Outcome<{ team: Team; assignment: Assignment }> {
    const assignment = this.deps.assignments.getForAthlete(userId, assignmentId);
    if (!assignment) return refuse('Only the athlete this session was assigned to can log it.');
    const team = this.deps.teams.get(assignment.guildId);
    if (!team || !this.deps.squad.get(team.guildId, userId)) {
      return refuse("You're no longer on this team's squad, so this session can't be logged. Ask your coach if that's a mistake.");
    }
    const today = localDateOf(this.deps.clock.now(), team.timeZone);
    if (assignment.sessionDate > today) {
      return refuse(`This session is planned for ${formatLocalDate(assignment.sessionDate)}. Log it once you've done it.`);
    }
    if (assignment.sessionDate < addDays(today, -LOG_WINDOW_DAYS)) {
      return refuse(`This session was on ${formatLocalDate(assignment.sessionDate)}, more than ${LOG_WINDOW_DAYS} days ago, so it can no longer be logged.`);
    }
    return ok({ team, assignment });
  }

  /** Stores the check-in in one transaction; the caller acknowledges only after this returns. */
  logCompleted(userId: string, assignmentId: number, values: CheckinValues, source: CheckinSource): Outcome<LoggedCheckin> {
    const target = this.loggableBy(userId, assignmentId);
    if (!target.ok) return target;
    const { team, assignment } = target.value;
    const { replaced } = this.deps.checkins.saveCompleted(
      { guildId: team.guildId, assignmentId, athleteId: userId },
      values,
      source,
      this.deps.clock.now(),
    );
    return ok({
      team,
      assignment: this.deps.assignments.get(team.guildId, assignmentId)!,
      values,
      loadAu: sessionLoad(values.rpe, values.minutes),
      replaced,
      painFlag: isPainFlag(values.pain, { painLimit: team.painLimit }),
    });
  }

  logMissed(userId: string, assignmentId: number, reason: string | null, source: CheckinSource): Outcome<{ team: Team; assignment: Assignment; replaced: boolean }> {
    const target = this.loggableBy(userId, assignmentId);
    if (!target.ok) return target;
    const { team } = target.value;
    const trimmed = reason?.trim() ? reason.trim().slice(0, 500) : null;
    const { replaced } = this.deps.checkins.saveMissed({ guildId: team.guildId, assignmentId, athleteId: userId }, trimmed, source, this.deps.clock.now());
    return ok({ team, assignment: this.deps.assignments.get(team.guildId, assignmentId)!, replaced });
  }

  /** Tells the staff channel about pain above the limit; pain is never posted anywhere else. */
  async flagPainToStaff(logged: LoggedCheckin): Promise<void> {
    const { team, assignment, values } = logged;
    const area = values.painArea ? PAIN_AREA_LABELS[values.painArea].toLowerCase() : 'area not given';
    const result = await this.deps.messenger.postStaffNotice(team, {
      title: 'Pain flag',
      severity: 'alert',
      lines: [
        `<@${assignment.athleteId}> reported pain ${values.pain}/10 (${area}) after ${assignment.title} on ${formatLocalDate(assignment.sessionDate)}.`,
        `Above the team's limit of ${team.painLimit}/10 (pain-monitoring model): hold the load. The athlete is asked tomorrow morning whether it has settled; if not, or if it happens twice in a row, their next session is regressed and you'll be told.`,
        ...(values.note ? [`Athlete's note: ${values.note}`] : []),
      ],
    });
    if (!result.ok) this.deps.logger.error({ guildId: team.guildId, detail: result.detail }, 'could not post pain flag to staff channel');
  }

  /**
   * Sessions a free-text DM reply could be logging: unlogged and dated today or in the last
   * 7 days in their team's zone (an athlete may train before the planned time), latest first.
   */
  replyCandidates(userId: string): Assignment[] {
    const now = this.deps.clock.now();
    // Instants wide enough to hold "today" in any zone; the exact day is checked per team below.
    const windowStart = new Date(now.getTime() - 9 * 86_400_000);
    const windowEnd = new Date(now.getTime() + 2 * 86_400_000);
    return this.deps.assignments.unloggedForUser(userId, windowStart, windowEnd).filter((a) => {
      const team = this.deps.teams.get(a.guildId);
      if (!team || !this.deps.squad.get(a.guildId, userId)) return false;
      const today = localDateOf(now, team.timeZone);
      return a.sessionDate <= today && a.sessionDate >= addDays(today, -7);
    });
  }
}
