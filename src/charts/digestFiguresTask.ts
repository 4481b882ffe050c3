/**
 * A weekly digest's figures, computed on a chart worker (issue 14). They are one read of the team's
 * eight-week window and each athlete's week worked out in JavaScript: 15-80 ms a team, which on the
 * bot's thread held up every interaction while a fleet's digests went out. The worker opens its own
 * connection to the same file for the task (WAL: its reads never wait for the bot's writes; the only
 * thing it may write is an athlete's EWMA state that had to be rebuilt) and closes it after.
 */
import { createApp, type App } from '../app';
import { ManualClock } from '../clock';
import { openDatabase } from '../db/database';
import type { DigestFigures } from '../domain/digest';
import type { IsoWeek } from '../domain/time';
import { silentLogger } from '../logger';
import type { Team } from '../repositories/teams';

export interface DigestFiguresTask {
  type: 'digestFigures';
  /** The bot's database file (never ':memory:', which another connection cannot see). */
  dbPath: string;
  team: Team;
  week: IsoWeek;
  /** One squad group's digest (/digest group:), or the whole team's. */
  group?: string | null;
  /** The bot's clock, so "today" (a week in progress) is the bot's, not the worker's. */
  now: string;
}

export function digestFiguresOf(task: DigestFiguresTask): DigestFigures {
  return onOwnConnection(task, (app) => app.digest.computeDigest(task.team, task.week, { group: task.group ?? null }));
}

/** `work` with an app on the worker's own connection to the bot's file, at the bot's "now"; closed after. */
export function onOwnConnection<T>(task: { dbPath: string; now: string }, work: (app: App) => T): T {
  const db = openDatabase(task.dbPath, { optimize: false });
  try {
    return work(createApp({ db, clock: new ManualClock(task.now), logger: silentLogger }));
  } finally {
    db.close();
  }
}
