import type { Clock } from '../clock';
import type { Db } from '../db/database';
import {
  NORDIC_QUALITY_LABELS,
  nordicCompliance,
  nordicWeekPlan,
  parseNordicReps,
  sumReps,
  type NordicCompliance,
  type NordicQuality,
} from '../domain/nordic';
import { addDays, formatLocalDate, teamToday } from '../domain/time';
import { NORDIC_TEMPLATE } from '../domain/sessionIds';
import { HOUR_MS, type OwedMessage } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { ExcusalRepository } from '../repositories/excusals';
import type { NordicLogRepository } from '../repositories/nordic';
import type { SquadRepository } from '../repositories/squad';
import type { TeamRepository } from '../repositories/teams';
import { allTrainingIds } from './allTrainingIds';
import type { PrivacyService } from './privacy';
import { ok, refuse, type Outcome } from './results';

/** Reps can be logged for a Nordic session up to this many days after it (as check-ins). */
export const NORDIC_LOG_WINDOW_DAYS = 14;

export const nordicKeys = { repsQuestion: (assignmentId: number) => `nordic_reps:${assignmentId}` };

export interface LoggedNordic {
  assignment: Assignment;
  reps: number[] | null;
  quality: NordicQuality | null;
  plannedReps: number[];
  replaced: boolean;
}

export interface AthleteNordic {
  athleteId: string;
  displayName: string;
  compliance: NordicCompliance;
}

/** "12, 10, 7 of 12, 10, 8 (partial range)" or "all done as prescribed (12, 10, 8)". */
export function describeNordicLog(l: Pick<LoggedNordic, 'reps' | 'quality' | 'plannedReps'>): string {
  const quality = l.quality ? ` (${NORDIC_QUALITY_LABELS[l.quality]})` : '';
  if (l.reps === null) return `all done as prescribed (${l.plannedReps.join(', ')})${quality}`;
  return `${l.reps.join(', ')} of ${l.plannedReps.join(', ')}: ${sumReps(l.reps)} of ${sumReps(l.plannedReps)} reps${quality}`;
}

export class NordicService {
  constructor(
    private readonly deps: {
      db: Db;
      outbox: Outbox;
      teams: TeamRepository;
      squad: SquadRepository;
      assignments: AssignmentRepository;
      nordic: NordicLogRepository;
      excusals: ExcusalRepository;
      clock: Clock;
      /** What athletes report is stored only with their consent (src/domain/privacy.ts). */
      privacy: Pick<PrivacyService, 'refusalToStore'>;
    },
  ) {}

  /** The athlete's Nordic session to log reps for: the one given, else their latest one up to today. */
  private sessionFor(guildId: string, athleteId: string, assignmentId: number | null): Outcome<Assignment> {
    const team = this.deps.teams.get(guildId);
    if (!team || !this.deps.squad.get(guildId, athleteId)) return refuse("You're not on this team's squad, so I can't log this.");
    const today = teamToday(team, this.deps.clock);
    if (assignmentId !== null) {
      const a = this.deps.assignments.get(guildId, assignmentId);
      if (!a || a.athleteId !== athleteId || a.templateId !== NORDIC_TEMPLATE || a.programWeek === null)
        return refuse('That is not one of your Nordic sessions.');
      if (a.sessionDate > today)
        return refuse(`That session is planned for ${formatLocalDate(a.sessionDate)}: log the reps once you've done it.`);
      if (a.sessionDate < addDays(today, -NORDIC_LOG_WINDOW_DAYS))
        return refuse(`That session was more than ${NORDIC_LOG_WINDOW_DAYS} days ago.`);
      return ok(a);
    }
    const latest = this.deps.assignments
      .forAthlete(guildId, athleteId, addDays(today, -NORDIC_LOG_WINDOW_DAYS), today)
      .filter((a) => a.templateId === NORDIC_TEMPLATE && a.programWeek !== null)
      .at(-1);
    return latest ? ok(latest) : refuse(`You have no Nordic session in the last ${NORDIC_LOG_WINDOW_DAYS} days to log reps for.`);
  }

  /** `/log nordic`, the "All done" tap, or a typed "5 5 3": the reps of one session (logging again replaces them). */
  logReps(
    req:
      | { guildId: string; athleteId: string; assignmentId: number | null; text: string }
      | { guildId: string; athleteId: string; assignmentId: number | null; reps: number[] | null; quality: NordicQuality | null },
  ): Outcome<LoggedNordic> {
    let reps: number[] | null;
    let quality: NordicQuality | null;
    if ('text' in req) {
      const parsed = parseNordicReps(req.text);
      if (!parsed.ok) return refuse(parsed.message);
      ({ reps, quality } = parsed);
    } else {
      ({ reps, quality } = req);
    }
    const session = this.sessionFor(req.guildId, req.athleteId, req.assignmentId);
    if (!session.ok) return session;
    const noConsent = this.deps.privacy.refusalToStore(req.guildId, req.athleteId);
    if (noConsent) return refuse(noConsent);
    const a = session.value;
    const { replaced } = this.deps.nordic.save(
      { guildId: req.guildId, athleteId: req.athleteId, assignmentId: a.id, reps, quality },
      this.deps.clock.now(),
    );
    return ok({ assignment: a, reps, quality, replaced, plannedReps: [...nordicWeekPlan(a.programWeek!).setReps] });
  }

  /** Asked once after a Nordic session is checked in: "All done" in one tap, or the sets typed. */
  repsQuestion(a: Assignment): OwedMessage {
    const now = this.deps.clock.now();
    const planned = nordicWeekPlan(a.programWeek ?? 1).setReps;
    return {
      guildId: a.guildId,
      purpose: 'nordic_reps',
      target: { to: 'athlete', athleteId: a.athleteId },
      key: nordicKeys.repsQuestion(a.id),
      assignmentId: a.id,
      body: {
        type: 'notice',
        notice: {
          text: `Nordics on ${formatLocalDate(a.sessionDate)}: the plan was ${planned.join(', ')}. Did you do them all? Tap **All done**, or type \`/log nordic\` with your sets (e.g. \`5 5 3\`, add \`partial\` or \`band\` if the lowering wasn't full range).`,
          buttons: [{ customId: allTrainingIds.nordicDone(a.guildId, a.id), label: 'All done', style: 'success' }],
        },
        fallbackWhat: 'Nordic reps to log',
      },
      expiresAt: new Date(now.getTime() + 24 * HOUR_MS),
    };
  }

  /** Call after a Nordic session is checked in (inside the check-in's transaction). */
  enqueueRepsQuestion(a: Assignment): boolean {
    if (a.templateId !== NORDIC_TEMPLATE || a.programWeek === null || this.deps.nordic.get(a.guildId, a.id)) return false;
    return this.deps.outbox.enqueue(this.repsQuestion(a), this.deps.clock.now()).created;
  }

  /** Compliance per athlete (or one athlete) over the sessions due by today, weekly and over the protocol. */
  compliance(guildId: string, athleteId?: string): AthleteNordic[] {
    const team = this.deps.teams.get(guildId);
    if (!team) return [];
    const today = teamToday(team, this.deps.clock);
    // One program per athlete is the rule; a restarted protocol is read as one record series.
    const records = this.deps.nordic.records(guildId, athleteId);
    const dates = records.flatMap((r) => r.records.map((x) => x.localDate)).sort();
    const excused = dates.length ? this.deps.excusals.lookup(dates[0]!, dates.at(-1)!) : undefined;
    const byAthlete = new Map<string, AthleteNordic & { records: Parameters<typeof nordicCompliance>[0][number][] }>();
    for (const r of records) {
      const e = byAthlete.get(r.athleteId) ?? {
        athleteId: r.athleteId,
        displayName: r.displayName,
        compliance: nordicCompliance([], today),
        records: [],
      };
      e.records.push(...r.records.map((x) => ({ ...x, excused: excused?.isExcused(guildId, r.athleteId, x.localDate) ?? false })));
      byAthlete.set(r.athleteId, e);
    }
    return [...byAthlete.values()].map(({ records, ...e }) => ({ ...e, compliance: nordicCompliance(records, today) }));
  }
}
