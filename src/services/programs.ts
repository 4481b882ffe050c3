import type { Clock } from '../clock';
import type { Logger } from '../logger';
import {
  alignStartDate,
  expandProgram,
  expandSessionProgram,
  formatDays,
  getProgram,
  PROGRAMS,
  planDays,
  planSessionDays,
  planSessionProgram,
  programEndDate,
  programStatus,
  SESSION_PROGRAM_KEY,
  sessionProgramOutline,
  type DayPlan,
  type ExpandOptions,
  type PlannedSession,
  type ProgramOutline,
  type ProgramStatus,
  type SessionProgram,
} from '../domain/programs';
import {
  addDays,
  formatLocalDate,
  teamToday,
  parseSessionDate,
  WEEKDAY_SHORT,
  zonedInstant,
  type LocalDate,
  type Parsed,
} from '../domain/time';
import type { Assignment, AssignmentRepository } from '../repositories/assignments';
import type { Compliance, Program, ProgramRepository, StartedProgram, StopResult } from '../repositories/programs';
import type { Athlete, SquadRepository } from '../repositories/squad';
import type { Team } from '../repositories/teams';
import type { AssignmentService, AssignTarget } from './assignments';
import type { TeamSessionService } from './teamSessions';
import type { Db } from '../db/database';
import { FALLBACK_WHAT } from '../outbox/fallback';
import type { Outbox } from '../outbox/outbox';
import { SUMMARY_WAIT_MS } from './assignments';
import { awaitDeliveries, type DeliverySummary } from './deliveries';
import { ok, refuse, type Outcome } from './results';

export interface StartProgramRequest {
  team: Team;
  coachId: string;
  /** A fixed program (PROGRAMS), or null when `session` is given. */
  programKey?: string | null;
  /** A session to run as a program: a team session or built-in template, by id or name. */
  session?: string | null;
  /** Session programs: how many weeks (1 to MAX_SESSION_PROGRAM_WEEKS). */
  weeks?: number | null;
  /** Session programs: one deload week, or a deload every Nth week (not both). */
  deloadWeek?: number | null;
  deloadEvery?: number | null;
  target: AssignTarget;
  /** YYYY-MM-DD, today, tomorrow or a weekday; today at the earliest. */
  startDate: string | null | undefined;
  /** Training days such as "mon,thu". */
  days: string | null | undefined;
  /** A weekday, "none", or empty for the program's default. */
  mobilityDay?: string | null;
}

export interface ProgramStartReport {
  definition: ProgramOutline;
  /** The session a session program runs (null for a fixed program). */
  session: { name: string; team: boolean } | null;
  /** What the coach asked for. */
  requestedStart: LocalDate;
  /** What the program keeps: moved to the next Monday when no training day was left in the start week. */
  startDate: LocalDate;
  trainingDays: number[];
  mobilityDay: number | null;
  /** e.g. back-to-back training days. */
  warnings: string[];
  firstSession: LocalDate;
  sessionsPerAthlete: number;
  started: StartedProgram[];
  /** Where each athlete's summary DM stands. */
  delivery: DeliverySummary<Athlete>;
}

export interface ProgramStatusEntry {
  program: Program;
  definition: ProgramOutline;
  status: ProgramStatus;
  compliance: Compliance;
  nextSession: Assignment | null;
}

export type StopTarget = { athleteId: string } | { group: string };

export interface StopReport {
  stopped: (StopResult & { definition: ProgramOutline | undefined })[];
}

/** A program about to start: what it is, and how its days are checked and its sessions dated. */
interface ChosenProgram {
  outline: ProgramOutline;
  programKey: string;
  sessionPlan: SessionProgram | null;
  warnings: string[];
  planDays: () => Parsed<DayPlan>;
  expand: (opts: ExpandOptions) => PlannedSession[];
}

/** Finished programs still show in /program status this long after their last day. */
export const FINISHED_VISIBLE_DAYS = 28;

export class ProgramService {
  constructor(
    private readonly deps: {
      squad: SquadRepository;
      assignments: AssignmentService;
      assignmentRepo: AssignmentRepository;
      programs: ProgramRepository;
      sessions: TeamSessionService;
      db: Db;
      outbox: Outbox;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /**
   * Validates everything, stores one program per athlete with all its sessions in one
   * transaction, then sends each athlete one summary DM (not one per session: the
   * scheduler sends each session on its day).
   */
  async start(req: StartProgramRequest): Promise<Outcome<ProgramStartReport>> {
    const { team } = req;
    const session = req.session?.trim();
    if (session && req.programKey) {
      return refuse(
        'Pick either a program or a session, not both: a fixed program brings its own sessions, and `session` runs one session on your days.',
      );
    }
    if (!session && !req.programKey) {
      return refuse(
        `Pick a \`program\` (${PROGRAMS.map((p) => p.name).join(', ')}), or a \`session\` to run on your days for a number of weeks.`,
      );
    }
    const chosen = session ? this.sessionProgram(team, session, req) : this.fixedProgram(req);
    if (!chosen.ok) return chosen;
    const today = teamToday(team, this.deps.clock);
    // The library's date parser allows logging after the fact; programs may only start today or later.
    const date = parseSessionDate(req.startDate, today, { maxPastDays: 100_000, order: team.dateOrder });
    if (!date.ok) return refuse(date.message);
    if (date.value < today) return refuse(`${formatLocalDate(date.value)} is in the past. A program can start today at the earliest.`);
    const plan = chosen.value.planDays();
    if (!plan.ok) return refuse(plan.message);
    const athletes = this.deps.assignments.resolveAthletes(team, req.target);
    if (!athletes.ok) return athletes;

    const { outline, programKey, sessionPlan } = chosen.value;
    const { trainingDays, mobilityDay } = plan.value;
    const warnings = [...plan.value.warnings, ...chosen.value.warnings];
    const startDate = alignStartDate(date.value, trainingDays);
    const busy = athletes.value.filter((a) =>
      this.running(team, a.userId).some(
        (p) => p.program.programKey === programKey && p.program.plan?.session.templateId === sessionPlan?.session.templateId,
      ),
    );
    if (busy.length) {
      const names = busy.map((a) => `<@${a.userId}>`).join(', ');
      return refuse(
        `${names} ${busy.length === 1 ? 'is' : 'are'} already on the ${outline.name}. Stop it first with \`/program stop\`, or start it for the others only.`,
      );
    }

    const planned = chosen.value.expand({ startDate, trainingDays, mobilityDay });
    const sessions = planned.map((s) => ({
      templateId: s.templateId,
      title: s.title,
      sessionDate: s.date,
      // Each session's instant is computed from its own local date, so a DST change moves
      // the UTC instant by the offset while the local date and time stay put.
      plannedStartAt: zonedInstant(s.date, team.sessionTime, team.timeZone),
      plannedMinutes: s.prescription.estimatedMinutes,
      prescription: s.prescription,
      note: null,
      programWeek: s.week,
    }));
    // The programs, their sessions and each athlete's summary DM commit together.
    const { report, outboxIds } = this.deps.db.transaction(() => {
      const started = this.deps.programs.start(
        athletes.value.map((a) => ({
          program: {
            guildId: team.guildId,
            athleteId: a.userId,
            programKey,
            startDate,
            trainingDays,
            mobilityDay,
            startedBy: req.coachId,
            plan: sessionPlan,
          },
          sessions,
        })),
        this.deps.clock.now(),
      );
      const report: ProgramStartReport = {
        definition: outline,
        session: sessionPlan ? { name: sessionPlan.session.name, team: sessionPlan.session.team } : null,
        requestedStart: date.value,
        startDate,
        trainingDays,
        mobilityDay,
        warnings,
        firstSession: planned[0]!.date,
        sessionsPerAthlete: planned.length,
        started,
        delivery: { byDm: [], fellBack: [], unreached: [], pending: [] },
      };
      return { report, outboxIds: this.oweAnnouncements(team, athletes.value, report, req.coachId) };
    })();
    report.delivery = await awaitDeliveries(
      this.deps.outbox,
      athletes.value.map((a, i) => ({ item: a, outboxId: outboxIds[i]! })),
      { timeoutMs: SUMMARY_WAIT_MS },
    );
    return ok(report);
  }

  /** A fixed program from the code. */
  private fixedProgram(req: StartProgramRequest): Outcome<ChosenProgram> {
    const def = getProgram(req.programKey ?? '');
    if (!def) return refuse(`I don't know the program "${req.programKey}". Choose one of: ${PROGRAMS.map((p) => p.name).join(', ')}.`);
    const given = [req.weeks, req.deloadWeek, req.deloadEvery].some((n) => n !== null && n !== undefined);
    if (given) {
      return refuse(
        `The ${def.name} brings its own ${def.weeks.length} weeks and deloads: leave out \`weeks\`, \`deload_week\` and \`deload_every\`, or pick a \`session\` instead of the program to set them yourself.`,
      );
    }
    return ok({
      outline: def,
      programKey: def.key,
      sessionPlan: null,
      warnings: [],
      planDays: () => planDays(def, req.days, req.mobilityDay),
      expand: (opts) => expandProgram(def, opts),
    });
  }

  /**
   * A program that runs one session (the team's own or a built-in template): its prescription is
   * snapshotted now, so editing or archiving the team session later leaves the program as planned.
   */
  private sessionProgram(team: Team, session: string, req: StartProgramRequest): Outcome<ChosenProgram> {
    const picked = this.deps.sessions.pick(team.guildId, session);
    if (!picked.ok) return picked;
    const weeks = planSessionProgram({ weeks: req.weeks, deloadWeek: req.deloadWeek, deloadEvery: req.deloadEvery });
    if (!weeks.ok) return refuse(weeks.message);
    const { templateId, name, team: own, prescription } = picked.value;
    const sessionPlan: SessionProgram = {
      session: { templateId, name, team: own, prescription },
      weeks: weeks.value.weeks,
      deload: weeks.value.deload,
    };
    const library = this.deps.sessions.library(team.guildId);
    return ok({
      outline: sessionProgramOutline(sessionPlan),
      programKey: SESSION_PROGRAM_KEY,
      sessionPlan,
      warnings: weeks.value.warnings,
      planDays: () => planSessionDays(name, req.days, req.mobilityDay),
      expand: (opts) => expandSessionProgram(sessionPlan, opts, library),
    });
  }

  /** One summary DM per athlete (not one per session: the scheduler sends each session on its day). */
  private oweAnnouncements(team: Team, athletes: Athlete[], report: ProgramStartReport, coachId: string): number[] {
    const text = programSummaryText(team, report, coachId);
    const now = this.deps.clock.now();
    return athletes.map(
      (a, i) =>
        this.deps.outbox.enqueue(
          {
            guildId: team.guildId,
            purpose: 'program_started',
            target: { to: 'athlete', athleteId: a.userId },
            body: { type: 'notice', notice: { text }, fallbackWhat: FALLBACK_WHAT.program },
            key: `program_started:${report.started[i]?.program.id ?? `${report.startDate}:${a.userId}`}`,
            expiresAt: new Date(now.getTime() + 24 * 3_600_000),
          },
          now,
        ).id,
    );
  }

  /** Programs not stopped, and not finished more than FINISHED_VISIBLE_DAYS ago. */
  private running(team: Team, athleteId: string, opts: { includeRecentlyFinished?: boolean } = {}): ProgramStatusEntry[] {
    const today = teamToday(team, this.deps.clock);
    const now = this.deps.clock.now();
    const entries: ProgramStatusEntry[] = [];
    for (const program of this.deps.programs.openForAthlete(team.guildId, athleteId)) {
      const definition = outlineOf(program);
      if (!definition) continue; // a program retired from the code: nothing to report on
      const status = programStatus(definition, program.startDate, today);
      if (
        status.finished &&
        !(opts.includeRecentlyFinished && programEndDate(definition, program.startDate) >= addDays(today, -FINISHED_VISIBLE_DAYS))
      )
        continue;
      const nextSession =
        this.deps.assignmentRepo
          .forProgram(team.guildId, program.id)
          .find((a) => a.checkin === null && a.plannedStartAt > now.toISOString()) ?? null;
      entries.push({
        program,
        definition,
        status,
        compliance: this.deps.programs.compliance(team.guildId, program.id, today, now),
        nextSession,
      });
    }
    return entries;
  }

  /** Where an athlete is in each running program (and ones finished in the last 4 weeks). */
  status(team: Team, athleteId: string): Outcome<ProgramStatusEntry[]> {
    if (!this.deps.squad.get(team.guildId, athleteId)) return refuse(`<@${athleteId}> isn't on the squad.`);
    return ok(this.running(team, athleteId, { includeRecentlyFinished: true }));
  }

  /** The sessions the team's running session programs run (archived ones too), for /program stop's list. */
  runningSessions(team: Team): { templateId: string; name: string }[] {
    const today = teamToday(team, this.deps.clock);
    const byId = new Map<string, string>();
    for (const p of this.deps.programs.openSessionPrograms(team.guildId)) {
      if (p.plan && !programStatus(sessionProgramOutline(p.plan), p.startDate, today).finished) {
        byId.set(p.plan.session.templateId, p.plan.session.name);
      }
    }
    return [...byId].map(([templateId, name]) => ({ templateId, name }));
  }

  /**
   * Stops the running programs of an athlete or of everyone in a group (only `programKey`, or
   * only the programs running `session`, if given): future sessions not yet logged are deleted;
   * past and logged ones stay.
   */
  stop(team: Team, target: StopTarget, programKey?: string | null, session?: string | null): Outcome<StopReport> {
    const { programs, squad, clock } = this.deps;
    const def = programKey ? getProgram(programKey) : undefined;
    if (programKey && !def) return refuse(`I don't know the program "${programKey}".`);
    if (programKey && session) return refuse('Pick either a program or a session to stop, not both.');
    let candidates: Program[];
    let who: string;
    if ('athleteId' in target) {
      // Works for someone already taken off the squad too: their future sessions still need clearing.
      candidates = programs.openForAthlete(team.guildId, target.athleteId);
      who = `<@${target.athleteId}>`;
    } else {
      if (squad.inGroup(team.guildId, target.group).length === 0) {
        const groups = squad.groups(team.guildId);
        return refuse(
          `There is no group called "${target.group}" with anyone in it.${groups.length ? ` Groups: ${groups.join(', ')}.` : ''}`,
        );
      }
      candidates = programs.openForGroup(team.guildId, target.group);
      who = `anyone in "${target.group}"`;
    }
    const today = teamToday(team, this.deps.clock);
    // A session is matched by id (autocomplete) or by name as typed, even if it was archived since.
    const typed = session?.trim().toLowerCase();
    const runs = (p: Program) =>
      !typed || (p.plan !== null && (p.plan.session.templateId.toLowerCase() === typed || p.plan.session.name.toLowerCase() === typed));
    const toStop = candidates.filter((p) => {
      const d = outlineOf(p);
      return (!def || p.programKey === def.key) && runs(p) && !(d && programStatus(d, p.startDate, today).finished);
    });
    if (toStop.length === 0) {
      const what = def ? def.name : typed ? `program running "${session!.trim()}"` : 'program';
      return refuse(`${who} has no running ${what}, so there is nothing to stop.`);
    }
    const now = clock.now();
    const stopped = toStop
      .map((p) => programs.stop(team.guildId, p.id, today, now))
      .filter((r): r is StopResult => r !== undefined)
      .map((r) => ({ ...r, definition: outlineOf(r.program) }));
    return ok({ stopped });
  }
}

/** What a stored program is: its session plan, or a fixed program from the code (undefined if retired). */
function outlineOf(program: Program): ProgramOutline | undefined {
  return program.plan ? sessionProgramOutline(program.plan) : getProgram(program.programKey);
}

/** The one DM an athlete gets when a program starts. No health data. */
export function programSummaryText(team: Team, report: ProgramStartReport, coachId: string): string {
  const def = report.definition;
  const weeks = def.weeks.length;
  const mobility = report.mobilityDay ? ` + mobility on ${WEEKDAY_SHORT[report.mobilityDay - 1]}` : '';
  return [
    `🗓️ <@${coachId}> started the **${def.name}** for you.`,
    `${weeks} weeks from ${formatLocalDate(report.startDate)} · training on ${formatDays(report.trainingDays)}${mobility} · ${team.sessionTime}`,
    def.summary,
    `First session: **${formatLocalDate(report.firstSession)}**. Each session comes by DM on its day (and in \`/today\`); \`/program status\` shows your week and phase.`,
  ].join('\n');
}
