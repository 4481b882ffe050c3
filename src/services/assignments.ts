import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { getTemplate, toPrescription } from '../domain/library';
import type { Prescription } from '../domain/library/schema';
import { addDays, isValidLocalTime, localDateOf, parseSessionDate, zonedInstant } from '../domain/time';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { Athlete, SquadRepository } from '../repositories/squad';
import type { Team } from '../repositories/teams';
import type { Messenger } from './messenger';
import { reachAthletes } from './reach';
import { ok, refuse, type Outcome } from './results';

export type AssignTarget = { athleteId: string } | { group: string } | { wholeSquad: true };

export interface AssignRequest {
  team: Team;
  coachId: string;
  templateId: string;
  target: AssignTarget;
  date?: string | null;
  time?: string | null;
  note?: string | null;
}

export interface DeliveryReport {
  assignments: Assignment[];
  deliveredByDm: Athlete[];
  /** DMs closed: told in the fallback channel instead. */
  fellBack: Athlete[];
  /** Could not be told at all (closed DMs and no fallback channel, or Discord errors). */
  unreached: { athlete: Athlete; why: string }[];
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
      messenger: Messenger;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  today(team: Team): string {
    return localDateOf(this.deps.clock.now(), team.timeZone);
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

  /** Validates everything first, stores all assignments in one transaction, then tells each athlete. */
  async assign(req: AssignRequest): Promise<Outcome<DeliveryReport>> {
    const template = getTemplate(req.templateId);
    if (!template) return refuse(`I don't know the session "${req.templateId}". Pick one from the list, or browse them with \`/library\`.`);
    const date = parseSessionDate(req.date, this.today(req.team));
    if (!date.ok) return refuse(date.message);
    const time = req.time?.trim() || req.team.sessionTime;
    if (!isValidLocalTime(time)) return refuse(`"${req.time}" isn't a time I can read. Use 24-hour HH:MM, e.g. 17:30.`);
    const note = req.note?.trim() || null;
    if (note && note.length > 500) return refuse('The note is too long: keep it under 500 characters.');
    const athletes = this.resolveAthletes(req.team, req.target);
    if (!athletes.ok) return athletes;
    const session: SessionSpec = { templateId: template.id, title: template.name, prescription: toPrescription(template) };
    const assignments = this.create(req.team, athletes.value, session, date.value, time, note, req.coachId);
    return ok(await this.deliver(req.team, assignments, athletes.value));
  }

  create(team: Team, athletes: Athlete[], session: SessionSpec, date: string, time: string, note: string | null, coachId: string): Assignment[] {
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
        prescription: session.prescription,
        note,
        assignedBy: coachId,
      })),
      this.deps.clock.now(),
    );
  }

  /** DMs each athlete their session; closed DMs fall back to one mention in the fallback channel. */
  async deliver(team: Team, assignments: Assignment[], athletes: Athlete[]): Promise<DeliveryReport> {
    const { messenger, assignments: repo, clock } = this.deps;
    const byId = new Map(athletes.map((a) => [a.userId, a]));
    const athleteOf = (a: Assignment) => byId.get(a.athleteId)!;
    const reached = await reachAthletes(this.deps, team, assignments, (a) => a.athleteId, (a) => messenger.sendSession(team, a), 'a new session');
    for (const { item, channelId, messageId } of reached.byDm) repo.markDelivered(team.guildId, item.id, 'dm', clock.now(), { channelId, messageId });
    for (const item of reached.fellBack) repo.markDelivered(team.guildId, item.id, 'fallback', clock.now());
    return {
      assignments,
      deliveredByDm: reached.byDm.map((r) => athleteOf(r.item)),
      fellBack: reached.fellBack.map(athleteOf),
      unreached: reached.unreached.map((u) => ({ athlete: athleteOf(u.item), why: u.why })),
    };
  }

  /** An athlete's sessions for today, any still unlogged from the last 7 days, and the next 7 days'. */
  todayFor(team: Team, athleteId: string): { today: Assignment[]; overdue: Assignment[]; upcoming: Assignment[] } {
    const today = this.today(team);
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
