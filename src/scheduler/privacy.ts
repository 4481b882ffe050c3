import type { Runtime } from '../app';

/**
 * Privacy upkeep for the scheduler (not a notification: nothing is sent, so no sent-log key).
 * Both passes are idempotent: running them again deletes nothing more, so a missed or doubled
 * run is harmless. Registering them is the scheduler's (src/scheduler/scheduler.ts): each tick,
 *   if (privacyUpkeepDue(now, last)) { runPrivacyUpkeep(app); last = now; }
 * and, with BACKUP_KEEP > 0, if (nightlyBackupDue(now, lastBackupAt(BACKUP_DIR), BACKUP_TIME))
 * await nightlyBackup(app.db, BACKUP_DIR, BACKUP_KEEP, now)  (src/backup.ts).
 */

/** How often retention and post-leave deletion run: hourly keeps "deleted on the day" true in every zone. */
export const PRIVACY_UPKEEP_EVERY_MS = 3_600_000;

export function privacyUpkeepDue(now: Date, lastRunAt: Date | null): boolean {
  return lastRunAt === null || now.getTime() - lastRunAt.getTime() >= PRIVACY_UPKEEP_EVERY_MS || now < lastRunAt;
}

/** Deletes teams 30 days after the bot left, then data past each team's retention. */
export function runPrivacyUpkeep(app: Runtime): { deletedTeams: string[]; retention: Record<string, Record<string, number>> } {
  const deletedTeams = app.privacy.deleteLeftTeams();
  return { deletedTeams, retention: app.privacy.applyRetention() };
}

/** Rows deleted per transaction: a left team's rows fire their triggers and cascades (about 0.2 ms a session). */
export const UPKEEP_BATCH_ROWS = 50;
/** Batches run back to back for about this long, then the event loop is given back. */
const UPKEEP_SLICE_MS = 8;

/**
 * runPrivacyUpkeep as the scheduler runs it: a team at a time and a batch of rows at a time, with
 * the event loop given back about every 8 ms (a team deleted whole, or a first retention pass over
 * years of history, held the loop for 300-450 ms). Each batch is its own transaction; what a batch
 * leaves is deleted by the next, or by the next pass if the bot stops in between.
 */
export async function runPrivacyUpkeepInSlices(
  app: Runtime,
  yieldToLoop: () => Promise<void>,
  batchRows = UPKEEP_BATCH_ROWS,
): Promise<{ deletedTeams: string[]; retention: Record<string, Record<string, number>> }> {
  /** Runs `batch` (rows deleted) until it deletes less than a whole batch, yielding between slices. */
  const inSlices = async (batch: () => number): Promise<void> => {
    for (let more = true; more;) {
      await yieldToLoop();
      const start = performance.now();
      do more = batch() >= batchRows;
      while (more && performance.now() - start < UPKEEP_SLICE_MS);
    }
  };
  const deletedTeams = app.privacy.teamsToDelete();
  for (const guildId of deletedTeams) {
    let rows = 0;
    await inSlices(() => {
      const n = app.privacy.deleteTeamBatch(guildId, batchRows);
      rows += n;
      return n;
    });
    app.logger.info({ guildId, rows }, 'team data deleted after the bot left');
  }
  const retention: Record<string, Record<string, number>> = {};
  for (const guildId of app.privacy.retentionTeams()) {
    const deleted: Record<string, number> = {};
    await inSlices(() => {
      const batch = app.privacy.retentionBatch(guildId, batchRows);
      for (const [table, n] of Object.entries(batch)) deleted[table] = (deleted[table] ?? 0) + n;
      return Object.values(batch).reduce((a, b) => a + b, 0);
    });
    if (Object.keys(deleted).length === 0) continue;
    app.logger.info({ guildId, deleted }, 'retention: old data deleted');
    retention[guildId] = deleted;
  }
  return { deletedTeams, retention };
}
