import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { CHECKIN_LIMITS, checkinSchema, NOTE_MAX_LENGTH, rangeText, type CheckinValues } from '../domain/checkin';
import { describePainArea, isPainFlag, needsMorningQuestion } from '../domain/pain';
import { sessionLoad } from '../domain/load';
import { addDays, formatLocalDate, localDateOf, teamToday, type LocalDate } from '../domain/time';
import type { Db } from '../db/database';
import { memoize } from '../memoize';
import type { Outbox } from '../outbox/outbox';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { CheckinRepository, CheckinSource } from '../repositories/checkins';
import type { SquadRepository } from '../repositories/squad';
import type { Team, TeamRepository } from '../repositories/teams';
import type { PrivacyService } from './privacy';
import { ok, refuse, type Outcome } from './results';

export interface LoggedCheckin {
  team: Team;
  assignment: Assignment;
  values: CheckinValues;
  loadAu: number;
  replaced: boolean;
  /** Pain above the team's limit (pain-monitoring model): hold the load; the staff flag was committed with the check-in. */
  painFlag: boolean;
}

/** How far back a session can still be logged, in days (matches /assign's after-the-fact window). */
export const LOG_WINDOW_DAYS = 14;

/** A pain flag is still worth posting for two days; after that staff see it as undelivered in /status. */
const PAIN_FLAG_TTL_MS = 48 * 3_600_000;

export class CheckinService {
  constructor(
    private readonly deps: {
      teams: TeamRepository;
      squad: SquadRepository;
      assignments: AssignmentRepository;
      checkins: CheckinRepository;
      db: Db;
      outbox: Outbox;
      /** Check-ins are stored only with the athlete's consent (see src/domain/privacy.ts). */
      privacy: Pick<PrivacyService, 'refusalToStore'>;
      clock: Clock;
      logger: Logger;
      /** What else a completed check-in owes, in its transaction (e.g. the Nordic reps question). */
      onCompleted?: (assignment: Assignment) => void;
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
    const noConsent = this.deps.privacy.refusalToStore(team.guildId, userId);
    if (noConsent) return refuse(noConsent);
    // A coach cancelled it (an old form or a typed id can still point at it): training done anyway is other training.
    if (assignment.cancelledAt) {
      return refuse(
        `**${assignment.title}** (${formatLocalDate(assignment.sessionDate)}) was cancelled by your coach, so it can't be logged. If you trained anyway, log it with \`/log other\`.`,
      );
    }
    const today = teamToday(team, this.deps.clock);
    if (assignment.sessionDate > today) {
      return refuse(`This session is planned for ${formatLocalDate(assignment.sessionDate)}. Log it once you've done it.`);
    }
    if (assignment.sessionDate < addDays(today, -LOG_WINDOW_DAYS)) {
      return refuse(
        `This session was on ${formatLocalDate(assignment.sessionDate)}, more than ${LOG_WINDOW_DAYS} days ago, so it can no longer be logged.`,
      );
    }
    return ok({ team, assignment });
  }

  /**
   * Stores the check-in and, for pain above the team's limit, the staff flag it owes, in one
   * transaction; the caller acknowledges only after this returns, so "your coaches will be told"
   * is true when it is said.
   */
  logCompleted(userId: string, assignmentId: number, input: CheckinValues, source: CheckinSource): Outcome<LoggedCheckin> {
    // Every way in (form, DM reply, pick button, /checkin) validates first; this is the write's own guard.
    const parsed = checkinSchema.safeParse(input);
    if (!parsed.success)
      return refuse(`Nothing was saved: ${rangeText(CHECKIN_LIMITS.rpe)} for RPE and pain, ${rangeText(CHECKIN_LIMITS.minutes)} minutes.`);
    const values = parsed.data;
    return this.deps.db.transaction((): Outcome<LoggedCheckin> => {
      const target = this.loggableBy(userId, assignmentId);
      if (!target.ok) return target;
      const { team } = target.value;
      const now = this.deps.clock.now();
      const { replaced, checkin } = this.deps.checkins.saveCompleted(
        { guildId: team.guildId, assignmentId, athleteId: userId },
        values,
        source,
        now,
      );
      // The DM card then shows what was logged, with Edit in place of Log and Couldn't train.
      this.editCard(team.guildId, target.value.assignment, now);
      const painFlag = isPainFlag(values.pain, team.painLimit);
      if (painFlag) this.flagPain(team, userId, assignmentId, values, now);
      // The session as stored now, without reading it (and its prescription) a second time in the transaction.
      const assignment: Assignment = { ...target.value.assignment, checkin };
      this.deps.onCompleted?.(assignment);
      return ok({ team, assignment, values, loadAu: sessionLoad(values.rpe, values.minutes), replaced, painFlag });
    })();
  }

  /**
   * A correction of a logged check-in within the log window ("pain was 4", /today's Edit). Only
   * the given values change. Pain moving across the team's limit tells staff in the same
   * transaction; the morning follow-up reads the stored pain when it falls due, so it follows.
   */
  correct(
    userId: string,
    assignmentId: number,
    changes: Partial<CheckinValues>,
    source: CheckinSource,
  ): Outcome<{ before: CheckinValues; logged: LoggedCheckin; crossed: 'above' | 'below' | null }> {
    const target = this.loggableBy(userId, assignmentId);
    if (!target.ok) return target;
    const { team, assignment } = target.value;
    const c = assignment.checkin;
    if (c?.outcome !== 'completed' || c.rpe === null || c.minutes === null || c.pain === null) {
      return refuse(
        `**${assignment.title}** (${formatLocalDate(assignment.sessionDate)}) has no logged check-in to correct yet. Log it first.`,
      );
    }
    const before: CheckinValues = {
      rpe: c.rpe,
      minutes: c.minutes,
      pain: c.pain,
      painArea: c.painArea,
      painSide: c.painSide,
      note: c.note,
    };
    const after: CheckinValues = { ...before, ...changes };
    if (after.pain === 0 && changes.painArea === undefined) {
      after.painArea = null;
      after.painSide = null;
    }
    const wasFlag = isPainFlag(before.pain, team.painLimit);
    const isFlag = isPainFlag(after.pain, team.painLimit);
    const crossed = wasFlag === isFlag ? null : isFlag ? 'above' : 'below';
    const now = this.deps.clock.now();
    this.deps.db.transaction(() => {
      this.deps.checkins.saveCompleted({ guildId: team.guildId, assignmentId, athleteId: userId }, after, source, now);
      this.editCard(team.guildId, assignment, now);
      if (crossed === 'above') this.flagPain(team, userId, assignmentId, after, now);
      if (crossed === 'below') {
        this.deps.outbox.enqueue(
          {
            guildId: team.guildId,
            purpose: 'pain_flag',
            target: { to: 'staff' },
            aboutAthleteId: userId,
            body: {
              type: 'staffNotice',
              notice: {
                title: 'Pain flag withdrawn',
                severity: 'info',
                lines: [
                  `<@${userId}> corrected their pain after ${assignment.title} on ${formatLocalDate(assignment.sessionDate)} from ${before.pain}/10 to ${after.pain}/10${after.painArea ? ` (${describePainArea(after.painArea, after.painSide)})` : ''}: no longer above the team's limit of ${team.painLimit}/10.`,
                  needsMorningQuestion(after.pain, { painLimit: team.painLimit })
                    ? 'They are still asked the next morning whether it has settled (pain above the safe band must settle).'
                    : 'The morning question about it is no longer asked.',
                  'If their next session was already regressed for it, Undo on the regression notice restores it.',
                ],
              },
            },
            assignmentId,
            expiresAt: new Date(now.getTime() + PAIN_FLAG_TTL_MS),
          },
          now,
        );
      }
    })();
    const logged: LoggedCheckin = {
      team,
      assignment: this.deps.assignments.get(team.guildId, assignmentId)!,
      values: after,
      loadAu: sessionLoad(after.rpe, after.minutes),
      replaced: true,
      painFlag: isFlag,
    };
    return ok({ before, logged, crossed });
  }

  /** The athlete's completed check-ins a DM correction could mean, newest first, still inside the log window. */
  correctable(userId: string): { team: Team; assignment: Assignment }[] {
    return this.deps.checkins
      .recentCompleted(userId, 5)
      .map((r) => this.loggableBy(userId, r.assignmentId))
      .flatMap((o) => (o.ok && o.value.assignment.checkin?.outcome === 'completed' ? [o.value] : []));
  }

  /**
   * "Couldn't train". Replacing a completed check-in loses its RPE and pain, so that is refused
   * with `needsConfirmation` until the athlete has confirmed it.
   */
  logMissed(
    userId: string,
    assignmentId: number,
    reason: string | null,
    source: CheckinSource,
    opts: { confirmReplace?: boolean } = {},
  ): Outcome<{ team: Team; assignment: Assignment; replaced: boolean }> & { needsConfirmation?: true } {
    const target = this.loggableBy(userId, assignmentId);
    if (!target.ok) return target;
    const { team, assignment } = target.value;
    if (assignment.checkin?.outcome === 'completed' && !opts.confirmReplace) {
      return {
        ...refuse(
          `You already logged **${assignment.title}** as done (RPE ${assignment.checkin.rpe}, pain ${assignment.checkin.pain}/10). Replace that with "couldn't train"?`,
        ),
        needsConfirmation: true,
      };
    }
    const trimmed = reason?.trim() ? reason.trim().slice(0, NOTE_MAX_LENGTH) : null;
    const now = this.deps.clock.now();
    const { replaced } = this.deps.db.transaction(() => {
      const saved = this.deps.checkins.saveMissed({ guildId: team.guildId, assignmentId, athleteId: userId }, trimmed, source, now);
      this.editCard(team.guildId, assignment, now);
      return saved;
    })();
    return ok({ team, assignment: this.deps.assignments.get(team.guildId, assignmentId)!, replaced });
  }

  /** Pain above the limit: the staff flag, once per reported value (logging the same pain again does not flag twice). */
  private flagPain(team: Team, userId: string, assignmentId: number, values: CheckinValues, now: Date): void {
    this.deps.outbox.enqueue(
      {
        guildId: team.guildId,
        purpose: 'pain_flag',
        target: { to: 'staff' },
        aboutAthleteId: userId,
        body: {
          type: 'staffReport',
          report: 'pain_flag',
          athleteId: userId,
          pain: values.pain,
          area: values.painArea,
          note: values.note,
          painLimit: team.painLimit,
        },
        key: `pain_flag:${assignmentId}:${values.pain}:${values.painArea ?? ''}`,
        assignmentId,
        expiresAt: new Date(now.getTime() + PAIN_FLAG_TTL_MS),
      },
      now,
    );
  }

  /**
   * The session's DM card is edited to show its state. Written whether or not the card has gone
   * out yet: the courier renders the card as it is when it sends, and skips when there is none.
   */
  private editCard(guildId: string, assignment: Assignment, now: Date): void {
    this.deps.outbox.enqueue(
      {
        guildId,
        purpose: 'session_card_update',
        target: { to: 'athlete', athleteId: assignment.athleteId },
        body: { type: 'sessionCardUpdate' },
        assignmentId: assignment.id,
        expiresAt: new Date(now.getTime() + PAIN_FLAG_TTL_MS),
      },
      now,
    );
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
    // Each team's day (null: not on its squad), read once per team, not once per session.
    const dayIn = memoize((guildId: string): LocalDate | null => {
      const team = this.deps.teams.get(guildId);
      return team && this.deps.squad.get(guildId, userId) ? localDateOf(now, team.timeZone) : null;
    });
    return this.deps.assignments.unloggedForUser(userId, windowStart, windowEnd).filter((a) => {
      const today = dayIn(a.guildId);
      return today !== null && a.sessionDate <= today && a.sessionDate >= addDays(today, -7);
    });
  }
}
