import type { Bot } from './bot';
import { systemClock } from './clock';
import { ConfigError, loadConfig, readDotEnv } from './config';
import { DatabaseFileError, openDatabase } from './db/database';
import { createLogger } from './logger';

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
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseFileError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
