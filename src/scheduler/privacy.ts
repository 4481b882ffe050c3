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

/**
 * runPrivacyUpkeep as the scheduler runs it: retention one team at a time, with the event loop
 * given back between teams (at 50 teams one pass held the loop for a second).
 */
export async function runPrivacyUpkeepInSlices(
  app: Runtime,
  yieldToLoop: () => Promise<void>,
): Promise<{ deletedTeams: string[]; retention: Record<string, Record<string, number>> }> {
  const deletedTeams = app.privacy.deleteLeftTeams();
  const retention: Record<string, Record<string, number>> = {};
  for (const guildId of app.privacy.retentionTeams()) {
    await yieldToLoop();
    const deleted = app.privacy.applyRetentionTo(guildId);
    if (deleted) retention[guildId] = deleted;
  }
  return { deletedTeams, retention };
}
