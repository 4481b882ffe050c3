import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupDatabase, backupFileName, restoreBackup } from './backup';
import { ConfigError, loadConfig, readDotEnv } from './config';

/**
 *   npm run backup [path]                      online backup of DATABASE_PATH (the bot may keep running)
 *   npm run restore -- <backup> [target] [--replace]   copy a backup back (stop the bot first)
 */
async function main(argv: string[]): Promise<void> {
  readDotEnv();
  const config = loadConfig();
  const [command, ...rest] = argv;
  if (command === 'backup') {
    const db = new Database(config.DATABASE_PATH, { readonly: true, fileMustExist: true });
    try {
      const destination = rest[0] ?? join(config.BACKUP_DIR, backupFileName(new Date()));
      const { path, pages } = await backupDatabase(db, destination);
      console.log(`Backed up ${config.DATABASE_PATH} to ${path} (${pages} pages).`);
    } finally {
      db.close();
    }
    return;
  }
  if (command === 'restore') {
    const args = rest.filter((a) => a !== '--replace');
    const [backup, target = config.DATABASE_PATH] = args;
    if (!backup) throw new ConfigError('Usage: npm run restore -- <backup file> [target database] [--replace]');
    restoreBackup(backup, target, { replace: rest.includes('--replace') });
    console.log(`Restored ${backup} to ${target}. Start the bot: it applies any newer migrations on start.`);
    return;
  }
  throw new ConfigError('Usage: backupCli backup [path] | restore <backup> [target] [--replace]');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
