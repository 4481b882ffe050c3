/**
 * An athlete's "export my data" (/privacy export), made on a chart worker: every row about them
 * as JSON and CSV, 50 ms at a year of history and 190 ms at five, which on the bot's thread held
 * up every interaction meanwhile.
 */
import type { PrivacyExport } from '../services/privacy';
import type { Outcome } from '../services/results';
import { onOwnConnection } from './digestFiguresTask';

export interface PrivacyExportTask {
  type: 'privacyExport';
  /** The bot's database file (never ':memory:', which another connection cannot see). */
  dbPath: string;
  guildId: string;
  userId: string;
  now: string;
}

export function privacyExportOf(task: PrivacyExportTask): Outcome<PrivacyExport> {
  return onOwnConnection(task, (app) => app.privacy.export(task.guildId, task.userId));
}
