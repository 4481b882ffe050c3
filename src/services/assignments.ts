import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Prescription } from '../domain/library/schema';
import { addDays, parseSessionDate, teamToday, zonedInstant } from '../domain/time';
import { parseLocalTime } from '../domain/when';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { InteractionLog } from '../repositories/interactions';
import type { Athlete, SquadRepository } from '../repositories/squad';
import type { Team } from '../repositories/teams';
import type { Db } from '../db/database';
import { FALLBACK_WHAT } from '../outbox/fallback';
import { sessionCardOwed } from '../outbox/messages';
import type { Outbox } from '../outbox/outbox';
import { awaitDeliveries, type DeliverySummary } from './deliveries';
import { ok, refuse, type Outcome } from './results';
import { swapInPrescription } from '../domain/teamSessions';
import type { TeamSessionService } from './teamSessions';

export type AssignTarget = { athleteId: string } | { group: string } | { wholeSquad: true };

export interface AssignRequest {
  team: Team;
  coachId: string;
  templateId: string;
  target: AssignTarget;
  date?: string | null;
  time?: string | null;
  note?: string | null;
  /** One athlete's exercise swapped in this assignment ("Ben: ball curl instead of Nordic"). */
  swap?: { athleteId: string; fromExerciseId: string; toExerciseId: string } | null;
}

export interface DeliveryReport extends DeliverySummary<Athlete> {
  assignments: Assignment[];
  /** Each athlete's session DM in the outbox, to follow its delivery (see awaitDelivery). */
  deliveries: { item: Athlete; outboxId: number }[];
}

/** The same /assign again within this window asks the coach to confirm before a second copy is made. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;
/** How long /assign waits (in real time) for the DMs before its first summary; what is still sending is said as such. */
export const SUMMARY_WAIT_MS = 2_500;
/** A session DM is still worth sending until the end of its day; the card stays in /today anyway. */
const SESSION_DM_TTL_MS = 24 * 3_600_000;

/** What the "assign a second copy" button needs to redo an /assign. */
export interface AssignAgain {
  templateId: string;
  target: AssignTarget;
  date: string | null;
  time: string | null;
  note: string | null;
  /** One athlete's exercise swapped (issue 12), carried so "assign again" repeats it. */
  swap?: AssignRequest['swap'];
}

export interface SessionSpec {
  templateId: string;
  title: string;
  prescription: Prescription;
}

export class AssignmentService {
  constructor(
    private readonly deps: {
      squad: SquadRepository;
      assignments: AssignmentRepository;
      db: Db;
      outbox: Outbox;
      clock: Clock;
      logger: Logger;
      /** Built-in templates and the team's own sessions. */
      sessions: TeamSessionService;
      /** Where a duplicate /assign keeps its request for the "assign a second copy" button. */
      interactions: InteractionLog;
    },
  ) {}

  get(guildId: string, assignmentId: number): Assignment | undefined {
    return this.deps.assignments.get(guildId, assignmentId);
  }

  /** Keeps a refused duplicate /assign so the coach's confirmation button can redo it on purpose. */
  keepForSecondCopy(interactionId: string, request: AssignAgain): void {
    this.deps.interactions.keepPayload(interactionId, request);
  }

  /** The request kept by `keepForSecondCopy`, only for the same server and coach. */
  keptForSecondCopy(interactionId: string, guildId: string, coachId: string): AssignAgain | undefined {
    return this.deps.interactions.payload<AssignAgain>(interactionId, guildId, coachId);
  }

  resolveAthletes(team: Team, target: AssignTarget): Outcome<Athlete[]> {
    const { squad } = this.deps;
    if ('athleteId' in target) {
      const athlete = squad.get(team.guildId, target.athleteId);
      if (!athlete) return refuse(`<@${target.athleteId}> isn't in the squad. Add them first with \`/squad add\`.`);
      return ok([athlete]);
    }
    if ('group' in target) {
      const members = squad.inGroup(team.guildId, target.group);
      if (members.length === 0) {
        const groups = squad.groups(team.guildId);
        return refuse(
          `There is no group called "${target.group}" with anyone in it. ${groups.length ? `Groups: ${groups.join(', ')}.` : 'No groups yet: add athletes with `/squad add athlete group`.'}`,
        );
      }
      return ok(members);
    }
    const everyone = squad.list(team.guildId);
    if (everyone.length === 0) return refuse('The squad is empty. Add athletes with `/squad add` first.');
    return ok(everyone);
  }

  /**
   * Validates everything first, then stores all assignments and the session DMs they owe in one
   * transaction, and waits briefly for the DMs so the coach's summary is true. An identical
   * /assign (same session, date and athletes) within 10 minutes is refused with `duplicate`
   * unless `confirmed`.
   */
  async assign(
    req: AssignRequest & { confirmed?: boolean },
  ): Promise<Outcome<DeliveryReport> | { ok: false; duplicate: true; message: string }> {
    const found = this.deps.sessions.sessionFor(req.team.guildId, req.templateId);
    if (!found) return refuse(`I don't know the session "${req.templateId}". Pick one from the list, or browse them with \`/library\`.`);
    const { template } = found;
    const date = parseSessionDate(req.date, teamToday(req.team, this.deps.clock), { order: req.team.dateOrder });
    if (!date.ok) return refuse(date.message);
    const parsedTime = req.time?.trim() ? parseLocalTime(req.time) : ({ ok: true, value: req.team.sessionTime } as const);
    if (!parsedTime.ok) return refuse(parsedTime.message);
    const time = parsedTime.value;
    const note = req.note?.trim() || null;
    if (note && note.length > 500) return refuse('The note is too long: keep it under 500 characters.');
    const athletes = this.resolveAthletes(req.team, req.target);
    if (!athletes.ok) return athletes;
    const session: SessionSpec = { templateId: template.id, title: template.name, prescription: found.prescription };
    let swap: { athleteId: string; prescription: Prescription; from: string; to: string } | undefined;
    if (req.swap) {
      const { athleteId, fromExerciseId, toExerciseId } = req.swap;
      if (!athletes.value.some((a) => a.userId === athleteId))
        return refuse(`<@${athleteId}> isn't getting this session, so there is nothing to swap for them.`);
      const to = this.deps.sessions.library(req.team.guildId).find((e) => e.id === toExerciseId);
      if (!to) return refuse(`I don't know the exercise "${toExerciseId}". Pick one from the list.`);
      const result = swapInPrescription(found.prescription, fromExerciseId, to);
      if (!result.ok) return refuse(result.message);
      swap = { athleteId, prescription: result.prescription, from: fromExerciseId, to: toExerciseId };
    }
    if (!req.confirmed) {
      const since = new Date(this.deps.clock.now().getTime() - DUPLICATE_WINDOW_MS);
      const already = this.deps.assignments.recentlyAssigned(req.team.guildId, template.id, date.value, since);
      if (athletes.value.every((a) => already.has(a.userId))) {
        return {
          ok: false,
          duplicate: true,
          message: `**${template.name}** on ${date.value} was already assigned to ${athletes.value.length === 1 ? 'this athlete' : `these ${athletes.value.length} athletes`} in the last 10 minutes.`,
        };
      }
    }
    const { assignments, outboxIds } = this.deps.db.transaction(() => {
      const created = this.create(req.team, athletes.value, session, date.value, time, note, req.coachId, swap);
      return { assignments: created, outboxIds: this.oweSessionCards(created) };
    })();
    const byId = new Map(athletes.value.map((a) => [a.userId, a]));
    const deliveries = assignments.map((a, i) => ({ item: byId.get(a.athleteId)!, outboxId: outboxIds[i]! }));
    return ok({ assignments, deliveries, ...(await this.awaitDelivery(deliveries, SUMMARY_WAIT_MS)) });
  }

  /** Where a batch of session DMs stands once all are settled or `timeoutMs` (real time) passed. */
  awaitDelivery(deliveries: readonly { item: Athlete; outboxId: number }[], timeoutMs: number): Promise<DeliverySummary<Athlete>> {
    return awaitDeliveries(this.deps.outbox, deliveries, { timeoutMs });
  }

  /** Each new session's DM, owed in the caller's transaction (closed DMs fall back to one ping, in the outbox). */
  oweSessionCards(assignments: readonly Assignment[]): number[] {
    const now = this.deps.clock.now();
    return assignments.map(
      (a) =>
        this.deps.outbox.enqueue(
          sessionCardOwed(a, {
            purpose: 'session',
            key: `session:${a.id}`,
            fallbackWhat: FALLBACK_WHAT.newSession,
            expiresAt: new Date(now.getTime() + SESSION_DM_TTL_MS),
          }),
          now,
        ).id,
    );
  }

  create(
    team: Team,
    athletes: Athlete[],
    session: SessionSpec,
    date: string,
    time: string,
    note: string | null,
    coachId: string,
    swap?: { athleteId: string; prescription: Prescription; from: string; to: string },
  ): Assignment[] {
    const start = zonedInstant(date, time, team.timeZone);
    return this.deps.assignments.createMany(
      athletes.map((a) => ({
        guildId: team.guildId,
        athleteId: a.userId,
        templateId: session.templateId,
        title: session.title,
        sessionDate: date,
        plannedStartAt: start,
        plannedMinutes: session.prescription.estimatedMinutes,
        prescription: swap?.athleteId === a.userId ? swap.prescription : session.prescription,
        note,
        assignedBy: coachId,
        swap: swap?.athleteId === a.userId ? { from: swap.from, to: swap.to } : null,
      })),
      this.deps.clock.now(),
    );
  }

  /** An athlete's sessions for today, any still unlogged from the last 7 days, and the next 7 days'. */
  todayFor(team: Team, athleteId: string): { today: Assignment[]; overdue: Assignment[]; upcoming: Assignment[] } {
    const today = teamToday(team, this.deps.clock);
    const around = this.deps.assignments.forAthlete(team.guildId, athleteId, addDays(today, -7), addDays(today, 7));
    return {
      today: around.filter((a) => a.sessionDate === today),
      overdue: around.filter((a) => a.sessionDate < today && a.checkin === null),
      upcoming: around.filter((a) => a.sessionDate > today),
    };
  }

  /** Unlogged sessions an athlete can log now (dated today or up to 7 days back), latest first. */
  loggable(team: Team, athleteId: string): Assignment[] {
    const { today, overdue } = this.todayFor(team, athleteId);
    return [...today.filter((a) => a.checkin === null).reverse(), ...overdue.reverse()];
  }
}
