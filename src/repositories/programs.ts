import type { Db } from '../db/database';
import { sessionProgramSchema, type SessionProgram } from '../domain/programs';
import type { Assignment, AssignmentRepository, NewAssignment } from './assignments';

/** One athlete's run of a program (a group start makes one per athlete). */
export interface Program {
  id: number;
  guildId: string;
  athleteId: string;
  programKey: string;
  /** Team-local start date (already aligned: see alignStartDate in src/domain/programs.ts). */
  startDate: string;
  /** ISO weekdays, 1 = Monday. */
  trainingDays: number[];
  mobilityDay: number | null;
  startedBy: string;
  createdAt: string;
  stoppedAt: string | null;
  /** A program that runs one session: its snapshot, weeks and deload rule. Null for the fixed programs. */
  plan: SessionProgram | null;
}

export type NewProgram = Omit<Program, 'id' | 'createdAt' | 'stoppedAt' | 'plan'> & { plan?: SessionProgram | null };

/** A dated program session; guild, athlete, coach and program id come from its program. */
export type ProgramSession = Omit<NewAssignment, 'guildId' | 'athleteId' | 'assignedBy' | 'programId' | 'programWeek'> & {
  programWeek: number;
};

export interface StartedProgram {
  program: Program;
  assignments: Assignment[];
}

export interface StopResult {
  program: Program;
  /** Future sessions with no check-in, deleted. */
  removed: number;
  /** Sessions left: past ones and any already logged. */
  kept: number;
}

/** Program sessions so far (not in the future), by check-in outcome. */
export interface Compliance {
  assigned: number;
  completed: number;
  missed: number;
  unlogged: number;
  /** completed / assigned, or null when nothing was due yet. */
  rate: number | null;
}

interface ProgramRow {
  id: number;
  guild_id: string;
  athlete_id: string;
  program_key: string;
  start_date: string;
  training_days: string;
  mobility_day: number | null;
  started_by: string;
  created_at: string;
  stopped_at: string | null;
  plan_json: string | null;
}

function toProgram(row: ProgramRow): Program {
  return {
    id: row.id,
    guildId: row.guild_id,
    athleteId: row.athlete_id,
    programKey: row.program_key,
    startDate: row.start_date,
    trainingDays: row.training_days.split(',').map(Number),
    mobilityDay: row.mobility_day,
    startedBy: row.started_by,
    createdAt: row.created_at,
    stoppedAt: row.stopped_at,
    // Parsed on the way out too: a plan that no longer fits the schema fails loudly, not silently.
    plan: row.plan_json === null ? null : sessionProgramSchema.parse(JSON.parse(row.plan_json)),
  };
}

/**
 * "Future" for stopping and compliance: dated after today in the team's zone, or planned
 * to start after now. A session of today that has started is past: it can still be logged.
 */
const IS_FUTURE = '(a.session_date > @today OR a.planned_start_at > @now)';

export class ProgramRepository {
  constructor(
    private readonly db: Db,
    private readonly assignments: AssignmentRepository,
  ) {}

  /** Stores every program and all its sessions in one transaction: all athletes get it, or none does. */
  start(entries: { program: NewProgram; sessions: ProgramSession[] }[], now: Date): StartedProgram[] {
    const insert = this.db.prepare(
      `INSERT INTO programs (guild_id, athlete_id, program_key, start_date, training_days, mobility_day, started_by, created_at, plan_json)
       VALUES (@guildId, @athleteId, @programKey, @startDate, @trainingDays, @mobilityDay, @startedBy, @createdAt, @planJson)`,
    );
    return this.db.transaction(() =>
      entries.map(({ program, sessions }) => {
        const id = Number(
          insert.run({
            guildId: program.guildId,
            athleteId: program.athleteId,
            programKey: program.programKey,
            startDate: program.startDate,
            trainingDays: program.trainingDays.join(','),
            mobilityDay: program.mobilityDay,
            startedBy: program.startedBy,
            createdAt: now.toISOString(),
            planJson: program.plan ? JSON.stringify(sessionProgramSchema.parse(program.plan)) : null,
          }).lastInsertRowid,
        );
        // createMany opens its own transaction: better-sqlite3 nests it as a savepoint of this one.
        const assignments =
          sessions.length === 0
            ? []
            : this.assignments.createMany(
                sessions.map((s) => ({
                  ...s,
                  guildId: program.guildId,
                  athleteId: program.athleteId,
                  assignedBy: program.startedBy,
                  programId: id,
                })),
                now,
              );
        return { program: this.get(program.guildId, id)!, assignments };
      }),
    )();
  }

  get(guildId: string, id: number): Program | undefined {
    const row = this.db.prepare<[string, number], ProgramRow>('SELECT * FROM programs WHERE guild_id = ? AND id = ?').get(guildId, id);
    return row && toProgram(row);
  }

  /** An athlete's programs not stopped (finished ones included: that depends on the definition), oldest first. */
  openForAthlete(guildId: string, athleteId: string): Program[] {
    return this.db
      .prepare<[string, string], ProgramRow>(
        'SELECT * FROM programs WHERE guild_id = ? AND athlete_id = ? AND stopped_at IS NULL ORDER BY start_date, id',
      )
      .all(guildId, athleteId)
      .map(toProgram);
  }

  /** The team's session programs not stopped (finished ones included), oldest first. */
  openSessionPrograms(guildId: string): Program[] {
    return this.db
      .prepare<[string], ProgramRow>(
        'SELECT * FROM programs WHERE guild_id = ? AND stopped_at IS NULL AND plan_json IS NOT NULL ORDER BY start_date, id',
      )
      .all(guildId)
      .map(toProgram);
  }

  /** Programs not stopped of everyone now in the group (and on the squad). */
  openForGroup(guildId: string, group: string): Program[] {
    return this.db
      .prepare<[string, string], ProgramRow>(
        `SELECT p.* FROM programs p
         JOIN athletes a ON a.guild_id = p.guild_id AND a.user_id = p.athlete_id AND a.removed_at IS NULL
         WHERE p.guild_id = ? AND p.stopped_at IS NULL
           AND EXISTS (SELECT 1 FROM athlete_groups g WHERE g.guild_id = p.guild_id AND g.user_id = p.athlete_id AND g.group_name = ?)
         ORDER BY p.athlete_id, p.start_date, p.id`,
      )
      .all(guildId, group)
      .map(toProgram);
  }

  /**
   * Stops a program: sets stopped_at and deletes its future sessions that have no
   * check-in. Past sessions and logged ones stay, for the history and compliance.
   * Undefined if there is no such program or it was stopped already.
   */
  stop(guildId: string, programId: number, today: string, now: Date): StopResult | undefined {
    return this.db.transaction(() => {
      const stopped = this.db
        .prepare('UPDATE programs SET stopped_at = ? WHERE guild_id = ? AND id = ? AND stopped_at IS NULL')
        .run(now.toISOString(), guildId, programId);
      if (stopped.changes === 0) return undefined;
      const removed = this.db
        .prepare(
          `DELETE FROM assignments AS a WHERE a.guild_id = @guildId AND a.program_id = @programId AND ${IS_FUTURE}
             AND NOT EXISTS (SELECT 1 FROM checkins c WHERE c.assignment_id = a.id)`,
        )
        .run({ guildId, programId, today, now: now.toISOString() }).changes;
      const kept = this.db
        .prepare<[string, number], { n: number }>('SELECT COUNT(*) AS n FROM assignments WHERE guild_id = ? AND program_id = ?')
        .get(guildId, programId)!.n;
      return { program: this.get(guildId, programId)!, removed, kept };
    })();
  }

  /** Completed check-ins / sessions due so far (future sessions excluded). */
  compliance(guildId: string, programId: number, today: string, now: Date): Compliance {
    const row = this.db
      .prepare<Record<string, unknown>, { assigned: number; completed: number | null; missed: number | null }>(
        `SELECT COUNT(*) AS assigned,
                SUM(CASE WHEN c.outcome = 'completed' THEN 1 ELSE 0 END) AS completed,
                SUM(CASE WHEN c.outcome = 'missed' THEN 1 ELSE 0 END) AS missed
         FROM assignments a LEFT JOIN checkins c ON c.assignment_id = a.id AND c.guild_id = a.guild_id
         WHERE a.guild_id = @guildId AND a.program_id = @programId AND NOT ${IS_FUTURE}`,
      )
      .get({ guildId, programId, today, now: now.toISOString() })!;
    const completed = row.completed ?? 0;
    const missed = row.missed ?? 0;
    return {
      assigned: row.assigned,
      completed,
      missed,
      unlogged: row.assigned - completed - missed,
      rate: row.assigned === 0 ? null : completed / row.assigned,
    };
  }
}
