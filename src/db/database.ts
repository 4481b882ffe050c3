import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** migrations/ at the package root, found from this module whether it runs from src/ or from the dist/ bundle. */
function findMigrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'migrations')) && existsSync(join(dir, 'package.json'))) return join(dir, 'migrations');
    dir = dirname(dir);
  }
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations');
}

export const MIGRATIONS_DIR = findMigrationsDir();

/** PRAGMA application_id of a Backline database ("BKLN"), so another application's SQLite file is never migrated. */
export const APPLICATION_ID = 0x424b4c4e;

/** The database file can't be used; the message is one line for the operator, the file is left untouched. */
export class DatabaseFileError extends Error {
  override name = 'DatabaseFileError';
}

const SQLITE_MESSAGES: Record<string, (path: string) => string> = {
  SQLITE_NOTADB: (p) => `${p} is not a SQLite database, or it is corrupt. Restore a backup or point DATABASE_PATH at another file.`,
  SQLITE_CORRUPT: (p) => `${p} is corrupt. Restore a backup (see README, Backups) or point DATABASE_PATH at another file.`,
  SQLITE_READONLY: (p) => `${p} is read-only. Give the bot's user write access to the file and its folder.`,
  SQLITE_CANTOPEN: (p) => `${p} can't be opened. Check that the folder exists and the bot's user may write there.`,
  SQLITE_FULL: (p) => `The disk holding ${p} is full. Free some space and start again.`,
  SQLITE_IOERR: (p) => `Reading or writing ${p} failed (disk error). Check the disk and start again.`,
  SQLITE_PERM: (p) => `No permission to use ${p}. Give the bot's user access to the file and its folder.`,
};

/** A SQLite error as one clear line, or undefined if it is not about the file. */
export function describeFileError(error: unknown, path: string): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const base = Object.keys(SQLITE_MESSAGES).find((k) => code === k || code.startsWith(`${k}_`));
  return base ? SQLITE_MESSAGES[base]!(path) : undefined;
}

export function openDatabase(
  path: string,
  opts: {
    migrationsDir?: string;
    /**
     * false for a second connection to the bot's file (a chart worker's task): the bot's own runs
     * `PRAGMA optimize`, whose ANALYZE writes and would hold the file's write lock while the bot's
     * thread waits on it.
     */
    optimize?: boolean;
  } = {},
): Db {
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  } catch {
    throw new DatabaseFileError(`Can't create the folder for ${path}. Check DATABASE_PATH and the bot's permissions.`);
  }
  let db: Db | undefined;
  try {
    db = new Database(path);
    checkOwnership(db, path, opts.migrationsDir ?? MIGRATIONS_DIR);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // 64 MiB of page cache: a 200-athlete team's window of sessions stays in memory.
    db.pragma('cache_size = -65536');
    migrate(db, opts.migrationsDir ?? MIGRATIONS_DIR);
    // As SQLite advises for long-lived connections: analyse what needs it now, cheaply; the scheduler repeats it hourly.
    if (opts.optimize !== false) optimizeDatabase(db, 'optimize = 0x10002');
    cachePreparedStatements(db);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof DatabaseFileError) throw error;
    const line = describeFileError(error, path);
    if (line) throw new DatabaseFileError(line);
    throw error;
  }
}

/**
 * `PRAGMA optimize` (as given: at open, 'optimize = 0x10002'; hourly, 'optimize'), keeping the
 * planner's row counts (sqlite_stat1) but not STAT4's samples. better-sqlite3's SQLite is built with
 * STAT4, and a sample makes a plan depend on the values bound: SQLite then re-prepares the statement
 * on every run with new parameters (https://sqlite.org/c3ref/prepare.html, "the specific value bound
 * to a host parameter"), 20 to 40 µs a statement, about half of a check-in. Our plans need only the
 * counts (the EXPLAIN QUERY PLAN tests); `ANALYZE sqlite_schema` analyses nothing but reloads the
 * statistics without the samples.
 */
export function optimizeDatabase(db: Db, pragma: 'optimize' | 'optimize = 0x10002'): void {
  db.pragma(pragma);
  const samples = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat4'").get();
  if (samples && db.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get()) db.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema');
}

/**
 * Repositories call db.prepare(sql) on every use; compiling the SQL each time was most of a
 * check-in's CPU. The same SQL text now gets the same compiled statement back (none of ours is
 * iterated or switched to pluck/raw mode, which a shared statement would not allow).
 */
function cachePreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, ReturnType<Db['prepare']>>();
  db.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (!statement) {
      statement = prepare(source);
      cache.set(source, statement);
    }
    return statement;
  }) as Db['prepare'];
}

/**
 * Refuses, before anything is written, a file that belongs to another application or was
 * migrated by a newer Backline; claims an empty file (and a Backline file from before the id).
 */
function checkOwnership(db: Db, path: string, migrationsDir: string): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  const latest = listMigrations(migrationsDir).at(-1)?.version ?? 0;
  if (appId !== 0 && appId !== APPLICATION_ID) {
    throw new DatabaseFileError(
      `${path} belongs to another application (application_id ${appId}), not Backline. Point DATABASE_PATH at Backline's own file.`,
    );
  }
  if (appId === 0) {
    const tables = db
      .prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all()
      .map((r) => r.name);
    // Backline files made before the application id have user_version > 0 and its own tables.
    const ours = tables.length === 0 || (version > 0 && tables.includes('teams') && tables.includes('assignments'));
    if (!ours)
      throw new DatabaseFileError(
        `${path} holds another application's data (tables: ${tables.slice(0, 5).join(', ')}), not Backline's. Point DATABASE_PATH at Backline's own file.`,
      );
  }
  if (version > latest) {
    throw new DatabaseFileError(
      `${path} was written by a newer version of Backline (schema ${version}, this code knows up to ${latest}). Run the newer version, or restore a backup made by this one.`,
    );
  }
  if (appId === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function listMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
      if (!match) throw new Error(`Migration file "${file}" must be named NNNN_name.sql`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migrations must be numbered 0001, 0002, … without gaps; found ${m.version} at position ${i + 1}`);
  });
  return migrations;
}

/** Applies pending migrations in order, each in its own transaction, tracked by PRAGMA user_version. */
export function migrate(db: Db, dir: string = MIGRATIONS_DIR): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const migration of listMigrations(dir)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
