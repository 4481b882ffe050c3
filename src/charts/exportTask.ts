/**
 * /export's files, made on a chart worker: a year of a 200-athlete squad is 31,000 rows, half a
 * second to three seconds of work that on the bot's thread held up every interaction meanwhile.
 */
import type { CsvExport } from '../services/digest';
import type { Outcome } from '../services/results';
import type { Team } from '../repositories/teams';
import { onOwnConnection } from './digestFiguresTask';

export interface ExportTask {
  type: 'export';
  /** The bot's database file (never ':memory:', which another connection cannot see). */
  dbPath: string;
  team: Team;
  /** The coach's "from" and "to", parsed on the worker against the bot's today. */
  from: string | null;
  to: string | null;
  now: string;
}

export function exportOf(task: ExportTask): Outcome<CsvExport> {
  return onOwnConnection(task, (app) => app.digest.exportCsv(task.team, task.from, task.to));
}
