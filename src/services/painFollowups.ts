import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import { regressPrescription } from '../domain/adjustments';
import { isPainFlag, needsMorningQuestion, needsRegression, suggestEarlyDeload } from '../domain/pain';
import { addDays, localDateOf, type LocalDate } from '../domain/time';
import { FALLBACK_WHAT } from '../outbox/fallback';
import { sessionCardOwed, type OwedMessage } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { PainFollowup, PainFollowupRepository, SessionAdjustment, SessionAdjustmentRepository } from '../repositories/painFollowups';
import type { SquadRepository } from '../repositories/squad';
import type { Team, TeamRepository } from '../repositories/teams';
import { ok, refuse, type Outcome } from './results';

/** Mobility days are not training sessions: they are never regressed. */
import { MOBILITY_TEMPLATE } from '../domain/sessionIds';

/**
 * The pain-monitoring model as published (Silbernagel et al. 2007, Am J Sports Med 35:897):
 * pain after training may reach the limit (5/10) and must settle by the next morning. Every
 * session with pain above the safe band (3-5 and above 5) gets the next-morning question.
 * Pain above the limit regresses the athlete's next session when the question is asked;
 * "not settled" regresses it when answered (needsRegression). The original is kept so staff
 * can undo it, and staff are told. A question left unanswered is unknown: the digest shows
 * it, and it regresses nothing on its own. Two flags within 14 days suggest an early deload.
 */
export class PainFollowupService {
  constructor(
    private readonly deps: {
      db: Db;
      teams: TeamRepository;
      squad: SquadRepository;
      assignments: AssignmentRepository;
      followups: PainFollowupRepository;
      adjustments: SessionAdjustmentRepository;
      outbox: Outbox;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /**
   * The scheduler's decision for a pain follow-up: owes "has it settled?" to the athlete and
   * regresses at once if the pain was above the limit. Runs inside the scheduler's transaction.
   * If the athlete's DMs turn out to be closed, the dispatcher pings them without health data;
   * staff (who may see pain) are told by the 'pain_question_undelivered' report then.
   */
  ask(team: Team, assignmentId: number, ctx: { key: string; expiresAt: Date }): { owed: OwedMessage[] } | { skip: string } {
    const { assignments, followups, clock, squad } = this.deps;
    const source = assignments.get(team.guildId, assignmentId);
    const checkin = source?.checkin;
    if (!source || checkin?.outcome !== 'completed' || checkin.pain === null) return { skip: 'no pain report on this session' };
    if (!needsMorningQuestion(checkin.pain, { painLimit: team.painLimit })) return { skip: 'pain is no longer above the safe band' };
    if (!squad.get(team.guildId, source.athleteId)) return { skip: 'athlete left the squad' };
    const followup = followups.ensure(
      { guildId: team.guildId, athleteId: source.athleteId, assignmentId, pain: checkin.pain },
      clock.now(),
    );
    const question: OwedMessage = {
      guildId: team.guildId,
      purpose: 'pain_question',
      target: { to: 'athlete', athleteId: source.athleteId },
      body: {
        type: 'reminder',
        fallbackWhat: FALLBACK_WHAT.painFollowup,
        reminder: 'pain_question',
        followupId: followup.id,
        pain: checkin.pain,
        area: checkin.painArea,
      },
      key: ctx.key,
      assignmentId,
      ifDmsClosed: { report: 'pain_question_undelivered', athleteId: source.athleteId, pain: checkin.pain },
      expiresAt: ctx.expiresAt,
    };
    return { owed: [question, ...this.evaluate(team, source, followup, null)] };
  }

  /** The athlete's Yes/No. Recorded once; "No" regresses the next session and tells staff. */
  answer(followupId: number, userId: string, settled: boolean): Outcome<{ settled: boolean; regressed: Assignment | null }> {
    const { db, followups, teams, assignments, clock, outbox } = this.deps;
    const followup = followups.get(followupId);
    if (!followup || followup.athleteId !== userId) return refuse('That question is out of date.');
    const team = teams.get(followup.guildId);
    const source = assignments.get(followup.guildId, followup.assignmentId);
    if (!team || !source) return refuse('That question is out of date.');
    return db.transaction((): Outcome<{ settled: boolean; regressed: Assignment | null }> => {
      const now = clock.now();
      if (!followups.answer(followupId, userId, settled ? 'settled' : 'not_settled', now)) {
        return refuse('You already answered this one. Tell your coach if anything changed.');
      }
      for (const m of this.evaluate(team, source, followups.get(followupId)!, settled)) outbox.enqueue(m, now);
      const adjustment = this.deps.adjustments.bySource(source.id);
      const target = adjustment ? (assignments.get(team.guildId, adjustment.assignmentId) ?? null) : null;
      return ok({ settled, regressed: adjustment && !adjustment.undoneAt ? target : null });
    })();
  }

  /** Staff's Undo: restores the original prescription (once, and only before the session is logged). */
  undo(guildId: string, adjustmentId: number, coachId: string): Outcome<{ adjustment: SessionAdjustment; target: Assignment }> {
    return this.deps.db.transaction(() => this.undoInTransaction(guildId, adjustmentId, coachId))();
  }

  private undoInTransaction(
    guildId: string,
    adjustmentId: number,
    coachId: string,
  ): Outcome<{ adjustment: SessionAdjustment; target: Assignment }> {
    const { adjustments, assignments, clock, outbox } = this.deps;
    const now = clock.now();
    const result = adjustments.undo(guildId, adjustmentId, coachId, now);
    if (!result.ok) {
      return refuse(
        result.why === 'already_undone'
          ? 'This was already undone.'
          : result.why === 'already_logged'
            ? 'The session has been logged already, so its prescription stays as it was done.'
            : "I can't find that adjustment any more.",
      );
    }
    const target = assignments.get(guildId, result.adjustment.assignmentId)!;
    // The athlete already has the regressed version in DM: they are owed the restored one.
    if (target.deliveredVia === 'dm') outbox.enqueue(resentSession(target, `adjustment:${adjustmentId}:restored`, now), now);
    return ok({ adjustment: result.adjustment, target });
  }

  /** Pain of the athlete's previous completed session before this one, if any. */
  previousPain(team: Team, a: Assignment): number | null {
    const row = this.deps.db
      .prepare<[string, string, string, string, number], { pain: number | null }>(
        `SELECT c.pain FROM checkins c JOIN assignments x ON x.id = c.assignment_id
         WHERE x.guild_id = ? AND x.athlete_id = ? AND c.outcome = 'completed'
           AND (x.planned_start_at < ? OR (x.planned_start_at = ? AND x.id < ?))
         ORDER BY x.planned_start_at DESC, x.id DESC LIMIT 1`,
      )
      .get(team.guildId, a.athleteId, a.plannedStartAt, a.plannedStartAt, a.id);
    return row?.pain ?? null;
  }

  /** Session dates of pain flags (above the team's limit) in the 14 days up to today. */
  flagDates(team: Team, athleteId: string, today: LocalDate): LocalDate[] {
    return (
      this.deps.db
        .prepare<[string, string, string, string], { session_date: string; pain: number }>(
          `SELECT x.session_date, c.pain FROM checkins c JOIN assignments x ON x.id = c.assignment_id
         WHERE x.guild_id = ? AND x.athlete_id = ? AND c.outcome = 'completed' AND x.session_date BETWEEN ? AND ?
         ORDER BY x.session_date, x.id`,
        )
        .all(team.guildId, athleteId, addDays(today, -13), today)
        // The rule lives in isPainFlag, not restated in SQL; a fortnight of one athlete's sessions is a few rows.
        .filter((r) => isPainFlag(r.pain, team.painLimit))
        .map((r) => r.session_date)
    );
  }

  /** The athlete's next training session that has not started and is not logged. */
  nextSession(team: Team, athleteId: string, now: Date): Assignment | null {
    const today = localDateOf(now, team.timeZone);
    return (
      this.deps.assignments
        .forAthlete(team.guildId, athleteId, today, addDays(today, 60))
        .find((a) => a.checkin === null && a.templateId !== MOBILITY_TEMPLATE && new Date(a.plannedStartAt) > now) ?? null
    );
  }

  /**
   * Applies the rules after the question is asked (settled unknown) or answered, and returns the
   * messages that follow (the regressed session, staff reports). Each step is idempotent; it runs
   * inside the caller's transaction, so the regression and its messages commit together.
   */
  private evaluate(team: Team, source: Assignment, followup: PainFollowup, settled: boolean | null): OwedMessage[] {
    const { adjustments, assignments, clock, followups } = this.deps;
    const now = clock.now();
    const pain = followup.pain;
    const previousPain = this.previousPain(team, source);
    const previousOver = previousPain !== null && isPainFlag(previousPain, team.painLimit);
    const regress = needsRegression({ painAfterSession: pain, settledNextMorning: settled }, { painLimit: team.painLimit });
    const why = settled === false ? 'not_settled' : previousOver && isPainFlag(pain, team.painLimit) ? 'pain_twice' : 'over_limit';
    const today = localDateOf(now, team.timeZone);
    const flags = this.flagDates(team, source.athleteId, today);
    const early = !followup.earlyDeloadNotedAt && suggestEarlyDeload(flags, today) ? flags : null;
    const owed: OwedMessage[] = [];
    const staff = (key: string, body: Extract<OwedMessage['body'], { type: 'staffReport' }>, ttlHours = 48): OwedMessage => ({
      guildId: team.guildId,
      purpose: body.report,
      target: { to: 'staff' },
      aboutAthleteId: source.athleteId,
      body,
      key,
      assignmentId: source.id,
      expiresAt: new Date(now.getTime() + ttlHours * 3_600_000),
    });

    let adjustment: SessionAdjustment | null = null;
    let target: Assignment | null = null;
    let tellStaff = false;
    if (regress) {
      const existing = adjustments.bySource(source.id);
      if (existing) {
        adjustment = existing;
        target = assignments.get(team.guildId, existing.assignmentId) ?? null;
        tellStaff = !existing.staffNotifiedAt;
      } else {
        const next = this.nextSession(team, source.athleteId, now);
        if (next) {
          const applied = adjustments.apply(
            {
              guildId: team.guildId,
              athleteId: source.athleteId,
              assignmentId: next.id,
              original: next.prescription,
              regressed: regressPrescription(next.prescription),
            },
            { assignmentId: source.id, reason: why },
            now,
          );
          adjustment = applied.adjustment;
          target = assignments.get(team.guildId, next.id)!;
          tellStaff = !applied.adjustment.staffNotifiedAt;
          // Delivered in advance (an /assign): the athlete is owed the regressed version. Program sessions are delivered on the day.
          if (applied.created && target.deliveredVia === 'dm')
            owed.push(resentSession(target, `adjustment:${applied.adjustment.id}:regressed`, now));
        } else {
          tellStaff = true;
        }
      }
    }
    if (tellStaff) {
      owed.push(
        staff(`pain_regression:${source.id}`, {
          type: 'staffReport',
          report: 'regression',
          athleteId: source.athleteId,
          sourceAssignmentId: source.id,
          targetAssignmentId: target?.id ?? null,
          adjustmentId: adjustment?.id ?? null,
          pain,
          area: source.checkin?.painArea ?? null,
          painLimit: team.painLimit,
          reason: adjustment?.reason ?? why,
          previousPain,
          earlyDeloadFlags: early,
        }),
      );
      // Owed, and so as good as told: the outbox delivers it or shows the coaches it could not.
      if (adjustment) adjustments.markStaffNotified(adjustment.id, now);
      if (early) followups.noteEarlyDeload(followup.id, now);
    } else if (early) {
      owed.push(
        staff(`early_deload:${followup.id}`, {
          type: 'staffReport',
          report: 'early_deload',
          athleteId: source.athleteId,
          flags: early,
          painLimit: team.painLimit,
        }),
      );
      followups.noteEarlyDeload(followup.id, now);
    }
    return owed;
  }
}

/** A session card sent again after its prescription changed (regressed, or restored by Undo). */
function resentSession(target: Assignment, key: string, now: Date): OwedMessage {
  return sessionCardOwed(target, {
    purpose: 'session_changed',
    key,
    fallbackWhat: FALLBACK_WHAT.session,
    onlyIfOpen: true,
    expiresAt: new Date(now.getTime() + 24 * 3_600_000),
  });
}
