import type { Bot } from './bot';
import { systemClock } from './clock';
import { ConfigError, loadConfig, readDotEnv, type Config } from './config';
import { lastBackupAt, nightlyBackup, nightlyBackupDue } from './backup';
import { DatabaseFileError, openDatabase, type Db } from './db/database';
import { createLogger, type Logger } from './logger';

async function main(): Promise<void> {
  readDotEnv();
  const config = loadConfig();
  if (!config.DISCORD_TOKEN) {
    console.log('No DISCORD_TOKEN set: running the offline demo against the local Discord instead.\n');
    const { runDemo } = await import('./demo');
    await runDemo();
    return;
  }
  const logger = createLogger(config.LOG_LEVEL);
  const db = openDatabase(config.DATABASE_PATH);
  // let, not const: the signal handlers read it before startBot has returned.
  // eslint-disable-next-line prefer-const
  let bot: Bot | undefined;
  let stopping = false;
  const shutdown = async (signal: string, code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing work in flight');
    await bot?.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping'));
    if (!bot) db.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  // discord.js and the rest load only once the configuration is known to be good.
  const { startBot } = await import('./bot');
  bot = await startBot({
    token: config.DISCORD_TOKEN,
    db,
    clock: systemClock,
    logger,
    apiUrl: config.DISCORD_API_URL,
    guildId: config.DISCORD_GUILD_ID,
    membersIntent: config.DISCORD_MEMBERS_INTENT,
    // Discord closed the gateway for good (bad token, disallowed intents): exit non-zero for the supervisor.
    onFatal: () => void shutdown('gateway', 1),
  });
  scheduleNightlyBackups(db, config, logger);
}

/**
 * The nightly online backup (SQLite's backup API) at BACKUP_TIME, keeping BACKUP_KEEP files in
 * BACKUP_DIR (0 turns it off). Whether one is due is read from the backup folder itself, so a
 * restart neither skips nor repeats it.
 */
function scheduleNightlyBackups(db: Db, config: Config, logger: Logger): void {
  if (config.BACKUP_KEEP === 0) return;
  let running = false;
  const check = (): void => {
    const now = new Date();
    if (running || !nightlyBackupDue(now, lastBackupAt(config.BACKUP_DIR), config.BACKUP_TIME)) return;
    running = true;
    nightlyBackup(db, config.BACKUP_DIR, config.BACKUP_KEEP, now)
      .then((done) => logger.info({ path: done.path, pruned: done.pruned.length }, 'nightly backup taken'))
      .catch((err: unknown) => logger.error({ err }, 'nightly backup failed'))
      .finally(() => (running = false));
  };
  setInterval(check, 60_000).unref();
  check();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseFileError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
