import type { Db } from '../db/database';
import { exerciseSchema, sessionTemplateSchema, type Exercise, type SessionTemplate } from '../domain/library/schema';

/** A team's own session: the template (same schema as the built-in ones) and the whiteboard it came from. */
export interface TeamSession {
  id: number;
  guildId: string;
  templateId: string;
  name: string;
  whiteboard: string;
  template: SessionTemplate;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  archivedAt: string | null;
}

interface SessionRow {
  id: number;
  guild_id: string;
  template_id: string;
  name: string;
  whiteboard: string;
  template_json: string;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  archived_at: string | null;
}

function toSession(r: SessionRow): TeamSession {
  return {
    id: r.id,
    guildId: r.guild_id,
    templateId: r.template_id,
    name: r.name,
    whiteboard: r.whiteboard,
    // Parsed on the way out too: a row that no longer fits the schema fails loudly, not silently.
    template: sessionTemplateSchema.parse(JSON.parse(r.template_json)),
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
    archivedAt: r.archived_at,
  };
}

export class TeamSessionRepository {
  constructor(private readonly db: Db) {}

  /**
   * Saves a new session. The template id is the template's own ('team-lower-a'), or, if an
   * archived session of the team already holds it, the first free 'team-lower-a-2', '-3', ...
   * Returns undefined when a live session already has that name.
   */
  create(guildId: string, input: { whiteboard: string; template: SessionTemplate }, by: string, now: Date): TeamSession | undefined {
    return this.db.transaction(() => {
      if (this.byName(guildId, input.template.name)) return undefined;
      const taken = new Set(
        this.db
          .prepare<[string, string, string], { template_id: string }>(
            "SELECT template_id FROM own_sessions WHERE guild_id = ? AND (template_id = ? OR template_id GLOB ? || '-[0-9]*')",
          )
          .all(guildId, input.template.id, input.template.id)
          .map((r) => r.template_id),
      );
      let templateId = input.template.id;
      for (let n = 2; taken.has(templateId); n++) templateId = `${input.template.id}-${n}`;
      const template = sessionTemplateSchema.parse({ ...input.template, id: templateId });
      const at = now.toISOString();
      const id = Number(
        this.db
          .prepare(
            `INSERT INTO own_sessions (guild_id, template_id, name, whiteboard, template_json, created_by, created_at, updated_by, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(guildId, templateId, template.name, input.whiteboard, JSON.stringify(template), by, at, by, at).lastInsertRowid,
      );
      return this.getById(guildId, id)!;
    })();
  }

  /** Replaces a live session's lines and template (the id stays: assignments already made keep their snapshot). */
  update(
    guildId: string,
    templateId: string,
    input: { whiteboard: string; template: SessionTemplate },
    by: string,
    now: Date,
  ): TeamSession | undefined {
    return this.db.transaction(() => {
      const current = this.get(guildId, templateId);
      if (!current || current.archivedAt) return undefined;
      const clash = this.byName(guildId, input.template.name);
      if (clash && clash.templateId !== templateId) return undefined;
      const template = sessionTemplateSchema.parse({ ...input.template, id: templateId });
      this.db
        .prepare(
          `UPDATE own_sessions SET name = ?, whiteboard = ?, template_json = ?, updated_by = ?, updated_at = ?
           WHERE guild_id = ? AND template_id = ? AND archived_at IS NULL`,
        )
        .run(template.name, input.whiteboard, JSON.stringify(template), by, now.toISOString(), guildId, templateId);
      return this.get(guildId, templateId);
    })();
  }

  /** Takes a session out of /assign and /library; returns false if there was no live session with that id. */
  archive(guildId: string, templateId: string, by: string, now: Date): boolean {
    return (
      this.db
        .prepare('UPDATE own_sessions SET archived_at = ?, archived_by = ? WHERE guild_id = ? AND template_id = ? AND archived_at IS NULL')
        .run(now.toISOString(), by, guildId, templateId).changes > 0
    );
  }

  get(guildId: string, templateId: string): TeamSession | undefined {
    const row = this.db
      .prepare<[string, string], SessionRow>('SELECT * FROM own_sessions WHERE guild_id = ? AND template_id = ?')
      .get(guildId, templateId);
    return row && toSession(row);
  }

  private getById(guildId: string, id: number): TeamSession | undefined {
    const row = this.db.prepare<[string, number], SessionRow>('SELECT * FROM own_sessions WHERE guild_id = ? AND id = ?').get(guildId, id);
    return row && toSession(row);
  }

  /** The live session with this name, compared without case or surrounding spaces. */
  byName(guildId: string, name: string): TeamSession | undefined {
    const row = this.db
      .prepare<[string, string], SessionRow>(
        'SELECT * FROM own_sessions WHERE guild_id = ? AND name = ? COLLATE NOCASE AND archived_at IS NULL',
      )
      .get(guildId, name.trim().replace(/\s+/g, ' '));
    return row && toSession(row);
  }

  /** The team's sessions by name; archived ones only when asked. */
  list(guildId: string, opts: { includeArchived?: boolean } = {}): TeamSession[] {
    return this.db
      .prepare<[string, number], SessionRow>(
        'SELECT * FROM own_sessions WHERE guild_id = ? AND (? = 1 OR archived_at IS NULL) ORDER BY name COLLATE NOCASE, id',
      )
      .all(guildId, opts.includeArchived ? 1 : 0)
      .map(toSession);
  }
}

export class TeamExerciseRepository {
  constructor(private readonly db: Db) {}

  /** Saves a validated team exercise; returns false if the team already has that id or name. */
  add(guildId: string, exercise: Exercise, by: string, now: Date): boolean {
    const parsed = exerciseSchema.parse(exercise);
    return (
      this.db
        .prepare(
          `INSERT INTO team_exercises (guild_id, exercise_id, name, exercise_json, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT DO NOTHING`,
        )
        .run(guildId, parsed.id, parsed.name, JSON.stringify(parsed), by, now.toISOString()).changes > 0
    );
  }

  /** The team's exercises by name. */
  list(guildId: string): Exercise[] {
    return this.db
      .prepare<[string], { exercise_json: string }>('SELECT exercise_json FROM team_exercises WHERE guild_id = ? ORDER BY name')
      .all(guildId)
      .map((r) => exerciseSchema.parse(JSON.parse(r.exercise_json)));
  }

  get(guildId: string, exerciseId: string): Exercise | undefined {
    const row = this.db
      .prepare<[string, string], { exercise_json: string }>(
        'SELECT exercise_json FROM team_exercises WHERE guild_id = ? AND exercise_id = ?',
      )
      .get(guildId, exerciseId);
    return row && exerciseSchema.parse(JSON.parse(row.exercise_json));
  }
}
