import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { Logger } from '../logger';
import { regressPrescription } from '../domain/adjustments';
import { isPainFlag, needsRegression, suggestEarlyDeload } from '../domain/pain';
import { addDays, localDateOf, type LocalDate } from '../domain/time';
import {
  earlyDeloadStaffNotice,
  FALLBACK_WHAT,
  painDmsClosedStaffNotice,
  painFollowupNotice,
  painNotSettledReply,
  painSettledReply,
  regressionStaffNotice,
} from '../discord/render/reminders';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { PainFollowup, PainFollowupRepository, SessionAdjustment, SessionAdjustmentRepository } from '../repositories/painFollowups';
import type { SquadRepository } from '../repositories/squad';
import type { Team, TeamRepository } from '../repositories/teams';
import type { SendOutcome } from '../scheduler/job';
import { nonceFor } from '../scheduler/sentLog';
import type { Messenger } from './messenger';
import { ok, refuse, type Outcome } from './results';

/** Mobility days are not training sessions: they are never regressed. */
const MOBILITY_TEMPLATE = 'mobility-day';

/**
 * The pain-monitoring model's morning check (Silbernagel et al. 2007, Am J Sports Med 35:897):
 * pain after training must settle by the next morning. Not settled, or above the limit twice in
 * a row (needsRegression), regresses the athlete's next session (regressPrescription), keeping
 * the original so staff can undo it; two flags within 14 days suggest an early deload.
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
      messenger: Messenger;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** The scheduler's send for a pain follow-up: asks "has it settled?" and regresses at once if it is the second flag in a row. */
  async ask(team: Team, assignmentId: number, nonce: string): Promise<SendOutcome> {
    const { assignments, followups, messenger, clock, squad } = this.deps;
    const source = assignments.get(team.guildId, assignmentId);
    const checkin = source?.checkin;
    if (!source || checkin?.outcome !== 'completed' || checkin.pain === null) return { status: 'skipped', why: 'no pain report on this session' };
    if (!isPainFlag(checkin.pain, { painLimit: team.painLimit })) return { status: 'skipped', why: 'pain is no longer above the limit' };
    if (!squad.get(team.guildId, source.athleteId)) return { status: 'skipped', why: 'athlete left the squad' };
    const followup = followups.ensure({ guildId: team.guildId, athleteId: source.athleteId, assignmentId, pain: checkin.pain }, clock.now());
    const dm = await messenger.sendNotice(source.athleteId, painFollowupNotice(followup.id, source, checkin.pain, checkin.painArea), { nonce });
    let status: 'sent' | 'fallback' = 'sent';
    if (!dm.ok) {
      if (dm.reason !== 'dms_closed') return { status: 'failed', why: dm.detail };
      // Closed DMs are final: a ping without health data, and staff (who may see it) ask in person.
      const posted = await messenger.postFallbackNotice(team, [source.athleteId], FALLBACK_WHAT.painFollowup, { nonce: nonceFor(nonce, 'fallback') });
      await messenger.postStaffNotice(team, painDmsClosedStaffNotice(source.athleteId, source, checkin.pain), { nonce: nonceFor(nonce, 'closed') });
      if (!posted.ok) return { status: 'failed', why: `DMs closed and ${posted.detail}` };
      status = 'fallback';
    }
    await this.evaluate(team, source, followup, null, nonce);
    return { status };
  }

  /** The athlete's Yes/No. Recorded once; "No" regresses the next session and tells staff. */
  async answer(followupId: number, userId: string, settled: boolean): Promise<Outcome<{ reply: string; regressed: Assignment | null }>> {
    const { followups, teams, assignments, clock } = this.deps;
    const followup = followups.get(followupId);
    if (!followup || followup.athleteId !== userId) return refuse('That question is out of date.');
    const team = teams.get(followup.guildId);
    const source = assignments.get(followup.guildId, followup.assignmentId);
    if (!team || !source) return refuse('That question is out of date.');
    if (!followups.answer(followupId, userId, settled ? 'settled' : 'not_settled', clock.now())) {
      return refuse('You already answered this one. Tell your coach if anything changed.');
    }
    const { adjustment, target } = await this.evaluate(team, source, followups.get(followupId)!, settled, nonceFor(`painfu:${followupId}:answer`));
    const regressed = adjustment && !adjustment.undoneAt ? target : null;
    return ok({ reply: settled && !regressed ? painSettledReply() : painNotSettledReply(regressed), regressed });
  }

  /** Staff's Undo: restores the original prescription (once, and only before the session is logged). */
  async undo(guildId: string, adjustmentId: number, coachId: string): Promise<Outcome<{ adjustment: SessionAdjustment; target: Assignment }>> {
    const { adjustments, assignments, teams, messenger, clock, logger } = this.deps;
    const result = adjustments.undo(guildId, adjustmentId, coachId, clock.now());
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
    const team = teams.get(guildId);
    if (team && target.deliveredVia === 'dm') {
      // The athlete already has the regressed version in DM: send the restored one.
      const sent = await messenger.sendSession(team, target, { nonce: nonceFor(`adjustment:${adjustmentId}`, 'restored') });
      if (!sent.ok) logger.warn({ guildId, adjustmentId, detail: sent.detail }, 'could not DM the restored session');
    }
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
    return this.deps.db
      .prepare<[string, string, number, string, string], { session_date: string }>(
        `SELECT x.session_date FROM checkins c JOIN assignments x ON x.id = c.assignment_id
         WHERE x.guild_id = ? AND x.athlete_id = ? AND c.outcome = 'completed' AND c.pain > ? AND x.session_date BETWEEN ? AND ?
         ORDER BY x.session_date, x.id`,
      )
      .all(team.guildId, athleteId, team.painLimit, addDays(today, -13), today)
      .map((r) => r.session_date);
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

  /** Applies the rules after the question is asked (settled unknown) or answered. Each step is idempotent. */
  private async evaluate(
    team: Team,
    source: Assignment,
    followup: PainFollowup,
    settled: boolean | null,
    nonce: string,
  ): Promise<{ adjustment: SessionAdjustment | null; target: Assignment | null }> {
    const { adjustments, assignments, messenger, clock, logger, followups } = this.deps;
    const now = clock.now();
    const pain = followup.pain;
    const previousPain = this.previousPain(team, source);
    const previousOver = previousPain !== null && isPainFlag(previousPain, { painLimit: team.painLimit });
    const regress = needsRegression({ painAfterSession: pain, settledNextMorning: settled, previousPainOverLimit: previousOver }, { painLimit: team.painLimit });
    const today = localDateOf(now, team.timeZone);
    const flags = this.flagDates(team, source.athleteId, today);
    const early = !followup.earlyDeloadNotedAt && suggestEarlyDeload(flags, today) ? flags : null;

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
          const reason = settled === false ? 'not_settled' : 'pain_twice';
          const applied = adjustments.apply(
            { guildId: team.guildId, athleteId: source.athleteId, assignmentId: next.id, original: next.prescription, regressed: regressPrescription(next.prescription) },
            { assignmentId: source.id, reason },
            now,
          );
          adjustment = applied.adjustment;
          target = assignments.get(team.guildId, next.id)!;
          tellStaff = !applied.adjustment.staffNotifiedAt;
          if (applied.created && target.deliveredVia === 'dm') {
            // Delivered in advance (an /assign): send the regressed version. Program sessions are delivered on the day.
            const sent = await messenger.sendSession(team, target, { nonce: nonceFor(`adjustment:${applied.adjustment.id}`, 'regressed') });
            if (!sent.ok) logger.warn({ guildId: team.guildId, assignmentId: target.id, detail: sent.detail }, 'could not DM the regressed session');
          }
        } else {
          tellStaff = true;
        }
      }
    }
    if (tellStaff) {
      const posted = await messenger.postStaffNotice(
        team,
        regressionStaffNotice({
          athleteId: source.athleteId,
          source,
          pain,
          area: source.checkin?.painArea ?? null,
          painLimit: team.painLimit,
          reason: adjustment?.reason ?? (settled === false ? 'not_settled' : 'pain_twice'),
          previousPain,
          target,
          adjustmentId: adjustment?.id ?? null,
          earlyDeloadFlags: early,
        }),
        { nonce: nonceFor(nonce, 'staff') },
      );
      if (posted.ok) {
        if (adjustment) adjustments.markStaffNotified(adjustment.id, now);
        if (early) followups.noteEarlyDeload(followup.id, now);
      } else {
        logger.error({ guildId: team.guildId, detail: posted.detail }, 'could not tell staff about a regressed session');
      }
    } else if (early) {
      const posted = await messenger.postStaffNotice(team, earlyDeloadStaffNotice(source.athleteId, early, team.painLimit), { nonce: nonceFor(nonce, 'deload') });
      if (posted.ok) followups.noteEarlyDeload(followup.id, now);
    }
    return { adjustment: adjustment ? (adjustments.forAssignment(adjustment.assignmentId) ?? adjustment) : null, target };
  }
}
