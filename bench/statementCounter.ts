import type { Db } from '../src/db/database';

/** Counts SQL statement executions (run / get / all / iterate) on one connection. */
export interface StatementCounter {
  readonly count: number;
  /** The SQL of every execution since the last reset, in order (whitespace collapsed). */
  readonly executed: readonly string[];
  /** The same executions with their SQL as written and their bound parameters (e.g. for EXPLAIN QUERY PLAN). */
  readonly calls: readonly { sql: string; args: unknown[] }[];
  reset(): void;
  /** Puts the original `prepare` back. */
  restore(): void;
}

type StatementMethod = 'run' | 'get' | 'all' | 'iterate';
const METHODS: readonly StatementMethod[] = ['run', 'get', 'all', 'iterate'];

/**
 * Wraps `db.prepare` so that every statement it returns counts its executions. Statements
 * prepared before the call are not counted until prepare() returns them again (the database's cache hands the same statement back).
 */
export function countStatements(db: Db): StatementCounter {
  // Kept unbound on purpose: the wrapper calls it with the database as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = db.prepare;
  const executed: string[] = [];
  const calls: { sql: string; args: unknown[] }[] = [];
  // The database caches prepared statements: each is wrapped once, and counts only while this counter is active.
  const seen = new WeakSet<object>();
  let active = true;
  const wrapped = function (this: Db, source: string) {
    const statement = original.call(this, source) as unknown as Record<StatementMethod, (...args: unknown[]) => unknown>;
    if (seen.has(statement)) return statement;
    seen.add(statement);
    for (const method of METHODS) {
      const call = statement[method].bind(statement);
      statement[method] = (...args: unknown[]) => {
        if (active) {
          executed.push(source.replace(/\s+/g, ' ').trim());
          calls.push({ sql: source, args });
        }
        return call(...args);
      };
    }
    return statement;
  };
  db.prepare = wrapped as unknown as Db['prepare'];
  return {
    get count() {
      return executed.length;
    },
    executed,
    calls,
    reset() {
      executed.length = 0;
      calls.length = 0;
    },
    restore() {
      active = false;
      db.prepare = original;
    },
  };
}
