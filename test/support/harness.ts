import { startBot, type Bot } from '../../src/bot';
import { ManualClock } from '../../src/clock';
import { openDatabase } from '../../src/db/database';
import { createLogger, silentLogger, type Logger } from '../../src/logger';
import { LocalDiscord } from '../../src/demo/local-discord';
import { expect } from 'vitest';
import type { TeamServer } from '../../src/demo/world';
import { tempDatabase } from './db';

export interface Harness {
  discord: LocalDiscord;
  clock: ManualClock;
  bot: Bot;
  dbPath: string;
  /** Stops the bot (as SIGTERM would) and starts a fresh one on the same database file. */
  restartBot(): Promise<Bot>;
  stop(): Promise<void>;
}

/** The real bot, with an injected clock, against a local Discord on 127.0.0.1 and a temp SQLite file. */
export async function startHarness(o: { now?: string; logger?: Logger; membersIntent?: boolean } = {}): Promise<Harness> {
  const discord = await LocalDiscord.start({
    log: (line) => {
      if (process.env.LOCAL_DISCORD_LOG) console.log(`[local-discord] ${line}`);
    },
  });
  const store = tempDatabase();
  store.db.close();
  const clock = new ManualClock(o.now ?? '2026-11-23T09:00:00Z');
  const logger = o.logger ?? (process.env.BACKLINE_TEST_LOG ? createLogger('debug') : silentLogger);
  const launch = () =>
    startBot({
      token: discord.token,
      db: openDatabase(store.path),
      clock,
      logger,
      apiUrl: discord.apiUrl,
      // The test moves the clock and ticks the scheduler itself.
      startScheduler: false,
      deliverInTick: true,
      membersIntent: o.membersIntent ?? false,
      clientOptions: {
        ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }) },
        waitGuildTimeout: 100,
      },
    });
  const harness: Harness = {
    discord,
    clock,
    bot: await launch(),
    dbPath: store.path,
    async restartBot() {
      await harness.bot.stop();
      harness.bot = await launch();
      return harness.bot;
    },
    async stop() {
      // The client goes first: a stopped server would leave it reconnecting.
      await harness.bot.stop().catch(() => undefined);
      await discord.stop();
      store.cleanup();
    },
  };
  return harness;
}

/** What a new team does first: the server's owner runs /setup (zone, coach role, staff and fallback channels). */
export async function setUpTeam(discord: LocalDiscord, t: TeamServer, timezone = 'Europe/London'): Promise<void> {
  const setup = await discord.slashCommand({
    guildId: t.guildId,
    channelId: t.generalChannelId,
    userId: t.owner.id,
    name: 'setup',
    options: { timezone, coach_role: t.coachRoleId, staff_channel: t.staffChannelId, fallback_channel: t.fallbackChannelId },
  });
  await setup.settled();
  expect(setup.ephemeral).toBe(true);
  expect(setup.response()?.content).toContain('Backline is set up');
}
