/**
 * The real bot for bench/interactions.ts, in its own process as in production: startBot (router,
 * services, dispatcher) on a copy of the fleet file opened with openDatabase (production's
 * PRAGMAs), logged in to the bench's local Discord. The clock is a ManualClock so the fleet's
 * "today" holds; the scheduler does not run on its own: the bench asks for a tick (the top of a
 * minute) or for every team's digest to render, over IPC, while it sends interactions.
 *
 * Messages in: { kind: 'tick', at } | { kind: 'digests', week } | { kind: 'stop' }.
 * Messages out: { kind: 'ready' } once commands are registered, { kind: 'done', ms, detail } after each job.
 */
import { performance } from 'node:perf_hooks';
import { startBot } from '../src/bot';
import { ManualClock } from '../src/clock';
import { openDatabase } from '../src/db/database';
import { renderDigestWithCharts } from '../src/discord/render/digestMessages';
import type { IsoWeek } from '../src/domain/time';
import { createLogger } from '../src/logger';

type Job = { kind: 'tick'; at: string } | { kind: 'digests'; week: IsoWeek } | { kind: 'stop' };

const env = process.env;
const clock = new ManualClock(env.BENCH_NOW!);
const bot = await startBot({
  token: env.DISCORD_TOKEN!,
  db: openDatabase(env.DATABASE_PATH!),
  clock,
  // As in production: an info line per interaction (to stdout, which the bench reads and drops).
  logger: createLogger('info'),
  apiUrl: env.DISCORD_API_URL!,
  startScheduler: false,
  clientOptions: {
    ws: { buildIdentifyThrottler: () => Promise.resolve({ waitForIdentify: () => Promise.resolve() }) },
    waitGuildTimeout: 100,
  },
});
// The minute before: settles catch-up, so the interactions meet the state of a running bot.
await bot.scheduler.tick(new Date(env.BENCH_SETTLE_AT!));

const send = (m: unknown) => process.send!(m);

process.on('message', (job: Job) => {
  void (async () => {
    const t0 = performance.now();
    if (job.kind === 'stop') {
      await bot.stop();
      process.exit(0);
    }
    if (job.kind === 'tick') {
      // The minute before settles what is owed earlier, so `at` holds only its own work.
      await bot.scheduler.tick(new Date(Date.parse(job.at) - 60_000));
      clock.set(job.at);
      const t1 = performance.now();
      const report = await bot.scheduler.tick(new Date(job.at));
      const owed = report.results.filter((r) => r.status === 'owed').length;
      send({ kind: 'done', ms: performance.now() - t1, detail: owed });
      return;
    }
    let teams = 0;
    for (const team of bot.app.teams.all()) {
      await renderDigestWithCharts(bot.app, team, job.week);
      teams++;
    }
    send({ kind: 'done', ms: performance.now() - t0, detail: teams });
  })().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
});
send({ kind: 'ready' });
