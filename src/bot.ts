import { Client, Events, GatewayIntentBits, Partials, type ClientOptions, type Interaction, type Message } from 'discord.js';
import { commandData, commandsByName } from '../commands';
import { createApp, type Runtime } from './app';
import type { Clock } from './clock';
import type { Db } from './db/database';
import { allTrainingComponents } from './discord/components/allTraining';
import { assignAgainButton } from './discord/components/assignAgain';
import { checkinComponents } from './discord/components/checkin';
import { privacyComponents } from './discord/components/consent';
import { painFollowupComponents } from './discord/components/painFollowup';
import { teamSessionComponents } from './discord/components/teamSessions';
import type { ComponentHandler } from './discord/components/registry';
import { announceJoin } from './discord/guildJoin';
import { answerButton, handleDirectMessage } from './discord/dmReplies';
import { DiscordCourier } from './discord/courier';
import { reconcileGuilds, registerPrivacyEvents } from './discord/privacyEvents';
import { replyPrivately } from './discord/reply';
import { createInteractionRouter } from './discord/router';
import type { Logger } from './logger';
import { Dispatcher, errorSummary } from './outbox/dispatcher';
import { Scheduler } from './scheduler/scheduler';
import { closeChartPool } from './charts/pool';
import { WalCheckpointer } from './db/checkpointer';
import { Foreground } from './foreground';

export const componentHandlers: readonly ComponentHandler[] = [
  ...checkinComponents,
  ...painFollowupComponents,
  assignAgainButton,
  ...allTrainingComponents,
  answerButton,
  ...teamSessionComponents,
  ...privacyComponents,
];

export interface BotOptions {
  token: string;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** REST base such as http://127.0.0.1:PORT/api (a REST proxy or the local Discord); the gateway URL is read from it. */
  apiUrl?: string;
  /** Register commands to one server (instant) instead of globally. */
  guildId?: string;
  /** Called when Discord closes the gateway for good (bad token, disallowed intents): the supervisor should restart us. */
  onFatal?: (reason: string) => void;
  /**
   * Run the reminder scheduler's minute timer (default true). Tests that drive a ManualClock
   * pass false and call bot.scheduler.tick() themselves.
   */
  startScheduler?: boolean;
  /** With a manual clock: each scheduler tick also waits for the deliveries it owes (the dispatcher still runs after every commit). */
  deliverInTick?: boolean;
  /**
   * Ask for the privileged Server Members intent (enable it in the Developer Portal first): then
   * Discord tells the bot when a member leaves, and they leave the squad at once.
   */
  membersIntent?: boolean;
  /** Test-only tuning of the client (identify throttling, guild wait). */
  clientOptions?: Partial<ClientOptions>;
}

export interface Bot {
  client: Client;
  app: Runtime;
  /** Reminders: started after ready; `tick()` runs one pass at the clock's time (for tests). */
  scheduler: Scheduler;
  /** Sends what the outbox holds: right after each commit that owes something, and every few seconds for retries. */
  dispatcher: Dispatcher;
  /** Stops taking work, waits for what is in flight, closes the connection and the database. */
  stop(): Promise<void>;
}

export async function startBot(options: BotOptions): Promise<Bot> {
  const { db, clock, logger } = options;
  const client = new Client({
    // DMs carry their content to the bot without the privileged Message Content intent.
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.DirectMessages,
      ...(options.membersIntent ? [GatewayIntentBits.GuildMembers] : []),
    ],
    partials: [Partials.Channel, Partials.Message],
    rest: options.apiUrl ? { api: options.apiUrl } : {},
    ...options.clientOptions,
  });
  const app = createApp({ db, clock, logger });
  // Users first: the scheduler's slices and the dispatcher's passes wait while an interaction or DM reply is handled.
  const foreground = new Foreground();
  const dispatcher = new Dispatcher({ app, courier: new DiscordCourier(client, app), foreground });
  const route = createInteractionRouter(app, commandsByName, componentHandlers);

  const inFlight = new Set<Promise<unknown>>();
  let accepting = true;
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    if (!accepting) {
      if (interaction.isRepliable())
        track(replyPrivately(interaction, 'Backline is restarting. Please try again in a minute.').catch(() => undefined));
      return;
    }
    track(foreground.track(route(interaction)));
  });
  client.on(Events.MessageCreate, (message: Message) => {
    if (!accepting || message.author.bot || message.inGuild()) return;
    track(
      foreground.track(handleDirectMessage(message, app)).catch(async (err: unknown) => {
        logger.error({ err: errorSummary(err) }, 'DM reply failed');
        // Every path answers: the athlete learns nothing was stored and can try again.
        await message
          .reply(
            'Sorry, something went wrong on my side and nothing was saved. Please try again in a minute, or tap **Log session** on the session message.',
          )
          .catch(() => undefined);
      }),
    );
  });
  // A server that just added Backline hears, once, that an admin should run /setup.
  client.on(Events.GuildCreate, (guild) => {
    if (accepting) track(announceJoin(guild, app).catch((err: unknown) => logger.warn({ err: errorSummary(err) }, 'join message failed')));
  });
  registerPrivacyEvents(client, app);
  client.on(Events.ShardDisconnect, (event, shardId) => {
    const reason = `gateway closed for good on shard ${shardId} with code ${event.code}`;
    logger.fatal({ code: event.code }, reason);
    options.onFatal?.(reason);
  });
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.on(Events.Error, (err) => logger.error({ err: errorSummary(err) }, 'client error'));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(options.token);
  await ready;
  reconcileGuilds(app, new Set(client.guilds.cache.keys()));
  const body = commandData;
  // Bulk overwrite: a restart re-registers the same list idempotently.
  if (options.guildId) await client.application!.commands.set(body, options.guildId);
  else await client.application!.commands.set(body);
  logger.info({ user: client.user?.tag, commands: body.length, scope: options.guildId ?? 'global' }, 'Backline is online');
  // After ready: reminders go out through the connected client, which queues rate limits.
  dispatcher.start();
  const checkpointer = new WalCheckpointer(db, { logger }).start();
  const scheduler = new Scheduler({ app, dispatcher, deliverInTick: options.deliverInTick ?? false, foreground });
  if (options.startScheduler !== false) scheduler.start();

  return {
    client,
    app,
    scheduler,
    dispatcher,
    async stop() {
      accepting = false;
      await scheduler.stop();
      await dispatcher.stop();
      await Promise.allSettled([...inFlight]);
      await client.destroy();
      await closeChartPool();
      await checkpointer.stop();
      db.close();
    },
  };
}
