import type { Db } from '../db/database';
import { columnRole, type Consent, type ConsentState } from '../domain/privacy';

/** No batch limit: everything in one transaction. */
const UNLIMITED = Number.POSITIVE_INFINITY;

/** SQLite's LIMIT for what is left of a batch of `maxRows` once `done` rows went (-1: no limit). */
const limitLeft = (maxRows: number, done: number): number => (maxRows === UNLIMITED ? -1 : maxRows - done);

interface ConsentRow {
  athlete_id: string;
  state: ConsentState;
  changed_at: string;
  given_at: string | null;
}

const toConsent = (r: ConsentRow): Consent => ({
  state: r.state,
  changedAt: new Date(r.changed_at),
  givenAt: r.given_at ? new Date(r.given_at) : null,
});

export class ConsentRepository {
  constructor(private readonly db: Db) {}

  /** The athlete's answer in this team, or null if they have not answered. */
  get(guildId: string, athleteId: string): Consent | null {
    const row = this.db
      .prepare<[string, string], ConsentRow>('SELECT * FROM consents WHERE guild_id = ? AND athlete_id = ?')
      .get(guildId, athleteId);
    return row ? toConsent(row) : null;
  }

  /** Records an answer; returns the previous one. */
  set(guildId: string, athleteId: string, state: ConsentState, now: Date): Consent | null {
    return this.db.transaction(() => {
      const before = this.get(guildId, athleteId);
      const at = now.toISOString();
      this.db
        .prepare(
          `INSERT INTO consents (guild_id, athlete_id, state, changed_at, given_at) VALUES (@guildId, @athleteId, @state, @at, CASE WHEN @state = 'given' THEN @at END)
           ON CONFLICT (guild_id, athlete_id) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at,
             given_at = CASE WHEN excluded.state = 'given' THEN excluded.changed_at ELSE consents.given_at END`,
        )
        .run({ guildId, athleteId, state, at });
      return before;
    })();
  }

  /** Every answer in a team, by athlete (for the digest's "no consent"). */
  forTeam(guildId: string): Map<string, Consent> {
    const rows = this.db.prepare<[string], ConsentRow>('SELECT * FROM consents WHERE guild_id = ?').all(guildId);
    return new Map(rows.map((r) => [r.athlete_id, toConsent(r)]));
  }
}

export type AuditAction = 'assign' | 'cancel' | 'program_start' | 'program_stop' | 'excuse' | 'settings' | 'erase' | 'consent';

export interface AuditEntry {
  id: number;
  guildId: string;
  /** Null when athletes acted on their own data. */
  actorId: string | null;
  action: AuditAction;
  athleteId: string | null;
  /** Never health data. */
  detail: string | null;
  at: Date;
}

interface AuditRow {
  id: number;
  guild_id: string;
  actor_id: string | null;
  action: AuditAction;
  athlete_id: string | null;
  detail: string | null;
  at: string;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  record(e: Omit<AuditEntry, 'id' | 'at'>, now: Date): void {
    this.db
      .prepare('INSERT INTO audit_log (guild_id, actor_id, action, athlete_id, detail, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.guildId, e.actorId, e.action, e.athleteId, e.detail, now.toISOString());
  }

  /** A team's entries since an instant, newest first, optionally about one athlete. */
  list(guildId: string, filter: { since: Date; athleteId?: string; limit?: number }): AuditEntry[] {
    return this.db
      .prepare<Record<string, string | number | null>, AuditRow>(
        `SELECT * FROM audit_log WHERE guild_id = @guildId AND at >= @since AND (@athleteId IS NULL OR athlete_id = @athleteId)
         ORDER BY at DESC, id DESC LIMIT @limit`,
      )
      .all({ guildId, since: filter.since.toISOString(), athleteId: filter.athleteId ?? null, limit: filter.limit ?? 1000 })
      .map((r) => ({
        id: r.id,
        guildId: r.guild_id,
        actorId: r.actor_id,
        action: r.action,
        athleteId: r.athlete_id,
        detail: r.detail,
        at: new Date(r.at),
      }));
  }
}

/** A table that holds rows about people, found from the schema (see columnRole). */
export interface PersonTable {
  table: string;
  subjectColumns: string[];
  /** Message bodies that can mention a person by id (<@id>) without a subject column naming them. */
  mentionColumns: string[];
}

/** Columns an export adds from referenced rows: the session each assignment prescribed (stored once per prescription, 0015). */
const EXPORT_COLUMNS: Record<string, string> = {
  assignments: '(SELECT p.json FROM prescriptions p WHERE p.id = "assignments".prescription_id) AS prescription_json',
};

/** Free-text columns that may carry a person's id in a mention: rows mentioning the athlete are theirs too. */
const MENTION_COLUMNS: Record<string, string[]> = { outbox: ['body'] };

export type Row = Record<string, unknown>;

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Every user table of the migrated schema with its columns (sqlite_master + pragma table_info). */
export function schemaTables(db: Db): { table: string; columns: string[] }[] {
  return db
    .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all()
    .map(({ name }) => ({
      table: name,
      columns: db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_xinfo('${name.replaceAll("'", "''")}')`)
        .all()
        .map((c) => c.name),
    }));
}

/** Orders tables so that each comes before the tables its foreign keys point to. */
function childrenFirst<T extends { table: string }>(db: Db, tables: T[]): T[] {
  const names = new Set(tables.map((t) => t.table));
  const parents = new Map(
    tables.map((t) => [
      t.table,
      db
        .prepare<[], { table: string }>(`SELECT "table" FROM pragma_foreign_key_list('${t.table.replaceAll("'", "''")}')`)
        .all()
        .map((r) => r.table)
        .filter((p) => names.has(p) && p !== t.table),
    ]),
  );
  const ordered: T[] = [];
  const placed = new Set<string>();
  // A table is placed once every table referencing it is placed.
  while (ordered.length < tables.length) {
    const next = tables.filter(
      (t) =>
        !placed.has(t.table) && tables.every((c) => placed.has(c.table) || c.table === t.table || !parents.get(c.table)!.includes(t.table)),
    );
    if (next.length === 0) throw new Error('foreign-key cycle between tables');
    for (const t of next) {
      ordered.push(t);
      placed.add(t.table);
    }
  }
  return ordered;
}

/**
 * Reads, erases and ages out personal data. The tables are found from the schema, so a table
 * added later with an athlete_id/user_id/subject column is exported and erased without a change here.
 * Every query is scoped to one team (guild_id).
 */
export class PersonalDataRepository {
  private cached: PersonTable[] | undefined;

  constructor(private readonly db: Db) {}

  personTables(): PersonTable[] {
    this.cached ??= schemaTables(this.db).flatMap(({ table, columns }) => {
      const subjectColumns = columns.filter((c) => columnRole(c) === 'subject');
      if (subjectColumns.length === 0) return [];
      if (!columns.includes('guild_id'))
        throw new Error(`Table ${table} holds people (${subjectColumns.join(', ')}) but has no guild_id to scope it to a team`);
      return [{ table, subjectColumns, mentionColumns: (MENTION_COLUMNS[table] ?? []).filter((c) => columns.includes(c)) }];
    });
    return this.cached;
  }

  private where(t: PersonTable): string {
    const matches = [
      ...t.subjectColumns.map((c) => `${quote(c)} = @userId`),
      ...t.mentionColumns.map((c) => `instr(${quote(c)}, @userId) > 0`),
    ];
    // Rows without a team (a DM's interaction record) belong to whichever team asks: erasing in any team removes them.
    return `(guild_id = @guildId OR guild_id IS NULL) AND (${matches.join(' OR ')})`;
  }

  /** Every row about this person in this team, by table (tables with none are left out). */
  rowsAbout(guildId: string, userId: string): Record<string, Row[]> {
    const out: Record<string, Row[]> = {};
    for (const t of this.personTables()) {
      const rows = this.db
        .prepare<Record<string, string>, Row>(
          `SELECT *${EXPORT_COLUMNS[t.table] ? `, ${EXPORT_COLUMNS[t.table]}` : ''} FROM ${quote(t.table)} WHERE ${this.where(t)} ORDER BY rowid`,
        )
        .all({ guildId, userId });
      if (rows.length > 0) out[t.table] = rows;
    }
    return out;
  }

  /** How many rows about this person each table holds in this team. */
  countsAbout(guildId: string, userId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.personTables()) {
      const { n } = this.db
        .prepare<Record<string, string>, { n: number }>(`SELECT count(*) AS n FROM ${quote(t.table)} WHERE ${this.where(t)}`)
        .get({ guildId, userId })!;
      if (n > 0) out[t.table] = n;
    }
    return out;
  }

  /**
   * Deletes every row about this person in this team; call inside a transaction. Tables that
   * reference others go first, so each count is what that table held rather than a cascade's leftovers.
   */
  eraseAbout(guildId: string, userId: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of childrenFirst(this.db, this.personTables())) {
      const { changes } = this.db.prepare(`DELETE FROM ${quote(t.table)} WHERE ${this.where(t)}`).run({ guildId, userId });
      if (changes > 0) out[t.table] = changes;
    }
    return out;
  }

  /** Deletes everything of a team (the bot left its server 30 days ago): every table with a guild_id, the team last. */
  deleteTeam(guildId: string, maxRows = UNLIMITED): number {
    return this.db.transaction(() => {
      let total = 0;
      for (const t of childrenFirst(
        this.db,
        schemaTables(this.db).filter((t) => t.columns.includes('guild_id')),
      )) {
        const table = quote(t.table);
        total += this.db
          .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE guild_id = ? LIMIT ?)`)
          .run(guildId, limitLeft(maxRows, total)).changes;
        // A table is started only once the ones before it (its children) are done.
        if (total >= maxRows) break;
      }
      return total;
    })();
  }

  /**
   * Retention: deletes a team's check-ins, sessions (with their free-text notes), pain follow-ups,
   * adjustments, excusals, finished programs and messages, sent-log rows and audit entries older
   * than `cutoff`, and athletes removed before it. One transaction of at most `maxRows` rows
   * (besides what deleting them cascades to), in the order below: call again until it deletes nothing.
   */
  applyRetention(guildId: string, cutoff: Date, maxRows = UNLIMITED): Record<string, number> {
    const at = cutoff.toISOString();
    const day = at.slice(0, 10);
    // [table, which of its rows are past the cutoff, whether it is deleted a batch at a time], children
    // before their parents. The tables that grow with every session go in batches; the few rows of the
    // others go at once, by their team's index (with a LIMIT, SQLite would scan a small table instead).
    const statements: [string, string, boolean][] = [
      ['checkins', 'guild_id = @g AND logged_at < @at', true],
      ['other_sessions', 'guild_id = @g AND created_at < @at', true],
      ['readiness_answers', 'guild_id = @g AND answered_at < @at', true],
      ['nordic_logs', 'guild_id = @g AND logged_at < @at', true],
      ['team_sessions', 'guild_id = @g AND ends_at < @at', false],
      ['pain_followups', 'guild_id = @g AND asked_at < @at', false],
      ['session_adjustments', 'guild_id = @g AND created_at < @at', true],
      ['assignments', 'guild_id = @g AND planned_start_at < @at', true],
      ['programs', 'guild_id = @g AND stopped_at IS NOT NULL AND stopped_at < @at', false],
      ['excusals', 'guild_id = @g AND to_date < @day', false],
      ['outbox', `guild_id = @g AND created_at < @at AND status NOT IN ('pending', 'sending')`, true],
      ['notifications', 'guild_id = @g AND due_at < @at', true],
      ['audit_log', 'guild_id = @g AND at < @at', true],
      ['athletes', 'guild_id = @g AND removed_at IS NOT NULL AND removed_at < @at', false],
      [
        'consents',
        'guild_id = @g AND NOT EXISTS (SELECT 1 FROM athletes a WHERE a.guild_id = consents.guild_id AND a.user_id = consents.athlete_id)',
        false,
      ],
    ];
    return this.db.transaction(() => {
      const out: Record<string, number> = {};
      let total = 0;
      for (const [table, where, batched] of statements) {
        // A batch of rows at a time (SQLite's DELETE ... LIMIT needs a compile option).
        const { changes } = batched
          ? this.db
              .prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT rowid FROM ${table} WHERE ${where} LIMIT @limit)`)
              .run({ g: guildId, at, day, limit: limitLeft(maxRows, total) })
          : this.db.prepare(`DELETE FROM ${table} WHERE ${where}`).run({ g: guildId, at, day });
        if (changes > 0) out[table] = changes;
        total += changes;
        if (total >= maxRows) break;
      }
      return out;
    })();
  }
}
