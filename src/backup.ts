import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from './db/database';

/**
 * Backups with SQLite's online backup API (better-sqlite3 `db.backup()`): a consistent copy of
 * the database taken page by page while the bot keeps reading and writing it (WAL included).
 * Backups hold the same health data as the database: keep them on the same encrypted disk,
 * readable only by the bot's user (see README, Hosting).
 */

const BACKUP_NAME = /^backline-(\d{8}T\d{6}Z)\.db$/;

/** backline-20261129T030000Z.db: sorts by time as text. */
export function backupFileName(at: Date): string {
  return `backline-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}.db`;
}

/** Takes a consistent online backup of `db` into `destination` (a new file). */
export async function backupDatabase(db: Db, destination: string): Promise<{ path: string; pages: number }> {
  const path = resolve(destination);
  if (existsSync(path)) throw new Error(`${path} already exists: choose a new file for the backup`);
  mkdirSync(dirname(path), { recursive: true });
  const { totalPages } = await db.backup(path);
  return { path, pages: totalPages };
}

/** Of the backups in a folder, the ones beyond the newest `keep` (oldest first), to delete. */
export function backupsToPrune(fileNames: readonly string[], keep: number): string[] {
  const ours = fileNames.filter((f) => BACKUP_NAME.test(f)).sort();
  return ours.slice(0, Math.max(0, ours.length - keep));
}

/**
 * Whether the nightly backup is due: at or after `time` (HH:MM, UTC) today, and none taken since
 * then. The scheduler asks this each tick; `lastAt` is the newest backup's time (from its name).
 */
export function nightlyBackupDue(now: Date, lastAt: Date | null, time: string): boolean {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), h, m));
  if (now < slot) slot.setUTCDate(slot.getUTCDate() - 1);
  return lastAt === null || lastAt < slot;
}

/** The time of the newest backup in a folder, from its file name, or null. */
export function lastBackupAt(dir: string): Date | null {
  if (!existsSync(dir)) return null;
  const newest = readdirSync(dir)
    .filter((f) => BACKUP_NAME.test(f))
    .sort()
    .at(-1);
  if (!newest) return null;
  const s = BACKUP_NAME.exec(newest)![1]!;
  return new Date(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`);
}

/** The nightly run: one backup into `dir`, then only the newest `keep` are kept. */
export async function nightlyBackup(db: Db, dir: string, keep: number, now: Date): Promise<{ path: string; pruned: string[] }> {
  const { path } = await backupDatabase(db, join(dir, backupFileName(now)));
  const pruned = backupsToPrune(readdirSync(dir), keep);
  for (const f of pruned) rmSync(join(dir, f));
  return { path, pruned };
}

/**
 * Restores a backup to `target` (with the bot stopped): checks the backup is a sound SQLite
 * database, refuses to overwrite an existing file unless `replace`, and removes the target's
 * stale -wal/-shm files so SQLite doesn't replay them over the restored copy.
 */
export function restoreBackup(backup: string, target: string, o: { replace?: boolean } = {}): void {
  const check = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    const result = check.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`${backup} failed SQLite's integrity check: ${String(result)}`);
  } finally {
    check.close();
  }
  if (existsSync(target) && !o.replace) throw new Error(`${target} exists: stop the bot and pass --replace to overwrite it`);
  mkdirSync(dirname(resolve(target)), { recursive: true });
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  copyFileSync(backup, target);
}
