import type { Db } from '../../src/db/database';

export interface StatementPlan {
  /** The statement on one line. */
  sql: string;
  /** EXPLAIN QUERY PLAN's detail lines. */
  plan: string[];
}

const READS_AND_WRITES = /^\s*(SELECT|WITH|UPDATE|DELETE|INSERT)/i;

/** Each distinct statement that ran, once, with its query plan for the arguments it first ran with. */
export function plansOf(db: Db, calls: readonly { sql: string; args: unknown[] }[], kinds: RegExp = READS_AND_WRITES): StatementPlan[] {
  const seen = new Map<string, StatementPlan>();
  for (const call of calls) {
    if (seen.has(call.sql) || !kinds.test(call.sql)) continue;
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${call.sql}`).all(...(call.args as [])) as { detail: string }[]).map((r) => r.detail);
    seen.set(call.sql, { sql: call.sql.replace(/\s+/g, ' ').trim(), plan });
  }
  return [...seen.values()];
}

/** The table each name in a statement's FROM and JOIN clauses stands for (a table also stands for itself). */
export function tablesByAlias(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?/gi)) {
    const table = m[1]!.toLowerCase();
    aliases.set(table, table);
    if (m[2] && !/^(on|where|join|left|inner|cross|group|order|limit|using|set)$/i.test(m[2])) aliases.set(m[2].toLowerCase(), table);
  }
  return aliases;
}
