/**
 * Interactions end to end, as issue 14 defines their floor: the real bot (bench/interactionBot.ts:
 * router, services, dispatcher, the fleet file with production's PRAGMAs, in its own process)
 * and a no-op discord.js bot (bench/noopBot.mjs, answering every interaction and DM with a fixed
 * reply, in its own process), each logged in to a local Discord (src/demo/local-discord) built
 * with the same world: the fleet's guilds, a channel each, every athlete a member. Two instances
 * of the local Discord, both in this process, because one local Discord serves one bot token.
 *
 * Each sample runs from the interaction being dispatched by the local gateway (or the DM being
 * posted) to the bot's reply arriving at the local REST, as `performance.now()` here sees it;
 * Backline and the no-op bot alternately (interleaved), so load on the machine hits both alike.
 * At the top of a minute (the bot's busy tick) and while every team's digest renders, both are
 * sent /today on a 10 ms pace from the moment the work starts until it ends; a user does not
 * resend while waiting, so a blocked bot yields one long sample, counted from when it was due.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { commandData } from '../commands';
import { LocalDiscord, type InteractionResult } from '../src/demo/local-discord';
import { addDays, isoWeekOf, type IsoWeek } from '../src/domain/time';
import { fleetFile, type FleetShape } from './fleet';
import { interleaved, stats, type Stats } from './measure';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** `npm start`'s node flags (package.json), so the bench's bot processes run as production's does. */
export const START_FLAGS: readonly string[] = (() => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((a) => a.startsWith('--'));
})();

/**
 * bench/interactionBot.ts built as `npm start`'s bundle is (scripts/build.mjs, with the chart
 * worker beside it), into bench/output/bot: the bot process runs compiled JavaScript, not tsx.
 */
async function buildBenchBot(): Promise<string> {
  const outdir = join(root, 'bench', 'output', 'bot');
  const { buildBundle } = (await import(pathToFileURL(join(root, 'scripts', 'build.mjs')).href)) as {
    buildBundle: (o: { outdir: string; entryPoints: Record<string, string> }) => Promise<void>;
  };
  await buildBundle({ outdir, entryPoints: { interactionBot: join(here, 'interactionBot.ts') } });
  return join(outdir, 'interactionBot.js');
}

export interface EndToEndFigure {
  figure: string;
  work: Stats;
  floor: Stats;
  note?: string;
}

interface Athlete {
  guildId: string;
  id: string;
  /** Today's session, logged once by one of the check-in interactions. */
  sessionId: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The same world in each local Discord: the fleet's guilds (their ids), a text channel each, every athlete a member. */
function buildWorld(discord: LocalDiscord, athletes: readonly Athlete[], guildIds: readonly string[]): void {
  for (const [t, guildId] of guildIds.entries()) {
    discord.createGuild({ name: `Team ${t + 1}`, id: guildId });
    discord.createChannel(guildId, 'training');
  }
  for (const [i, a] of athletes.entries()) {
    discord.createUser(`athlete-${i}`, { id: a.id });
    discord.addMember(a.guildId, a.id);
  }
}

/** Resolves with the first stdout line matching `ready`, or an IPC { kind: 'ready' }. */
function whenReady(child: ChildProcess, name: string, ready?: RegExp): Promise<void> {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 180 s:\n${out}`)), 180_000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', (c: Buffer) => {
      // The bot logs a line per interaction: keep only the tail, for the error message.
      out = (out + c.toString()).slice(-20_000);
      if (ready?.test(out)) done();
    });
    child.stderr?.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
    child.on('message', (m: { kind?: string }) => {
      if (m.kind === 'ready') done();
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before it was ready:\n${out}`)));
  });
}

/** Sends a job to the bot process and resolves with its { ms, detail } when done. */
function job(child: ChildProcess, message: unknown): Promise<{ ms: number; detail: number }> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { kind?: string; ms: number; detail: number }) => {
      if (m.kind !== 'done') return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m);
    };
    const onExit = (code: number | null) => reject(new Error(`the bench bot exited with code ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(message as object);
  });
}

async function stopChild(child: ChildProcess, how: 'ipc' | 'signal'): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  if (how === 'ipc') child.send({ kind: 'stop' });
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Sends `fn` on an `everyMs` pace until `isDone()`: each sample counts from when it was due, so
 * time spent waiting behind the bot's own work counts. Interactions Discord would have expired
 * (no answer within 3 s) count with the time they were given, and are counted apart.
 */
async function paced(fn: () => Promise<unknown>, everyMs: number, isDone: () => boolean): Promise<{ samples: number[]; expired: number }> {
  const samples: number[] = [];
  let expired = 0;
  let next = performance.now();
  while (!isDone() || samples.length === 0) {
    const due = next;
    next += everyMs;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    try {
      await fn();
    } catch {
      expired++;
    }
    samples.push(performance.now() - due);
    if (performance.now() > next) next = performance.now();
  }
  return { samples, expired };
}

export async function endToEndInteractions(o: {
  shape: FleetShape;
  quick: boolean;
  log: (line: string) => void;
}): Promise<EndToEndFigure[]> {
  const { quick, log } = o;
  const fleet = fleetFile(o.shape, log);
  const read = new Database(fleet.path, { readonly: true });
  const athletes = (
    read
      .prepare(
        'SELECT guild_id AS guildId, athlete_id AS id, id AS sessionId FROM assignments WHERE session_date = ? ORDER BY guild_id, athlete_id',
      )
      .all(fleet.today) as Athlete[]
  ).filter((a, i, all) => i === 0 || all[i - 1]!.id !== a.id);
  read.close();
  const [backline, noop] = await Promise.all([LocalDiscord.start(), LocalDiscord.start()]);
  for (const d of [backline, noop]) buildWorld(d, athletes, fleet.guildIds);

  const figures: EndToEndFigure[] = [];
  let bot: ChildProcess | undefined;
  let floorBot: ChildProcess | undefined;
  try {
    // BENCH_BOT_CPU_PROF=dir writes the bot process's CPU profile there (node --cpu-prof), to see where an interaction's time goes.
    const profile = process.env.BENCH_BOT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_BOT_CPU_PROF}`] : [];
    bot = spawn(process.execPath, [...START_FLAGS, ...profile, await buildBenchBot()], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        DISCORD_TOKEN: backline.token,
        DISCORD_API_URL: backline.apiUrl,
        DATABASE_PATH: fleet.path,
        BENCH_NOW: `${fleet.today}T08:00:00Z`,
        BENCH_SETTLE_AT: `${fleet.today}T07:59:00Z`,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    floorBot = spawn(process.execPath, [join(here, 'noopBot.mjs')], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN: noop.token, DISCORD_API_URL: noop.apiUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await Promise.all([whenReady(bot, 'the bench bot'), whenReady(floorBot, 'the no-op bot', /no-op bot is online/)]);
    // The same commands as Backline's, so the no-op bot is sent the very same interactions.
    const put = await fetch(`${noop.apiUrl}/v10/applications/${noop.applicationId}/commands`, {
      method: 'PUT',
      headers: { authorization: `Bot ${noop.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(commandData),
    });
    if (!put.ok) throw new Error(`registering the no-op bot's commands: ${put.status}`);

    let turn = 0;
    const anyone = () => athletes[turn++ % athletes.length]!;
    // Check-ins log today's session once: each sample takes an athlete nobody has logged for yet.
    let fresh = athletes.length - 1;
    const logger = () => {
      if (fresh < 0) throw new Error('the bench ran out of unlogged sessions');
      return athletes[fresh--]!;
    };
    const answered = async (r: Promise<InteractionResult>): Promise<InteractionResult> => {
      const result = await r;
      return result.callbackType === 5 ? result.settled() : result;
    };
    const today = (d: LocalDiscord, a: Athlete) => answered(d.slashCommand({ guildId: a.guildId, userId: a.id, name: 'today' }));
    const checkin = (d: LocalDiscord, a: Athlete) =>
      answered(
        d.slashCommand({
          guildId: a.guildId,
          userId: a.id,
          name: 'checkin',
          options: { session: String(a.sessionId), rpe: 7, pain: 2, minutes: 45 },
        }),
      );
    const form = (d: LocalDiscord, a: Athlete) =>
      answered(
        d.submitModal({
          userId: a.id,
          customId: `logm:${a.sessionId}`,
          channelId: d.openDm(a.id),
          fields: { rpe: '7', minutes: '45', pain: '2', area: '', note: '' },
        }),
      );
    const dm = async (d: LocalDiscord, a: Athlete) => {
      const replied = d.waitForDM(a.id, (m) => m.message_reference !== undefined && BigInt(m.id) > BigInt(sent.id), { timeoutMs: 10_000 });
      const sent = d.sendUserMessage({ userId: a.id, content: '7 2 45' });
      await replied;
    };

    // The replies are what we mean to time (a bench that times refusals measures nothing).
    const said = async (r: Promise<InteractionResult>) => {
      const reply = (await r).response();
      return (reply?.content || reply?.embeds[0]?.title || '').split('\n')[0]!.slice(0, 70);
    };
    const probe = anyone();
    log(`e2e: ${athletes.length} athletes; Backline's /today says "${await said(today(backline, probe))}"`);
    const logged = await said(checkin(backline, logger()));
    log(`e2e: Backline's /checkin says "${logged}"; the no-op bot's says "${await said(checkin(noop, probe))}"`);
    if (!/logged|saved/i.test(logged)) throw new Error(`/checkin did not log: ${logged}`);

    const runs = quick ? 8 : 300;
    const perKind = Math.min(runs, Math.floor((athletes.length - 10) / 3) - 3);
    type Send = (d: LocalDiscord, a: Athlete) => Promise<unknown>;
    const pair = async (label: string, send: Send, who: () => Athlete, n: number, warmup: number, everyMs = 0) => {
      let a: Athlete = who();
      let first = true;
      let last = 0;
      const r = await interleaved({
        runs: n,
        warmup,
        // Untimed: keeps each bot under a rate, where Discord would hold it back otherwise.
        before: async () => {
          const wait = last + everyMs / 2 - performance.now();
          if (wait > 0) await sleep(wait);
          last = performance.now();
        },
        // Each pair (Backline, then the no-op bot) is sent for the same athlete.
        work: () => {
          if (!first) a = who();
          first = false;
          return send(backline, a);
        },
        floor: () => send(noop, a),
      });
      figures.push({ figure: label, work: strip(r.work), floor: strip(r.floor) });
    };
    await pair('/today, end to end', today, anyone, quick ? 20 : 300, 10);
    await pair('/checkin, end to end', checkin, logger, perKind, 3);
    await pair('check-in form submit, end to end', form, logger, perKind, 3);
    // A DM reply is a message post, which Discord allows a bot 50 of a second (interaction
    // replies are exempt): sent back to back, the replies queued in discord.js for the next
    // second (600 ms samples). One reply per bot every 25 ms (40 a second) measures latency, not that queue.
    await pair(`DM reply "7 2 45", end to end, with ${fleet.teams} teams in the file`, dm, logger, perKind, 3, 25);
    log('e2e: quiet interactions done');

    // /today while every team's digest renders (charts on the bot's worker pool).
    const during = async (work: Promise<{ ms: number; detail: number }>) => {
      let done = false;
      const finished = work.then((r) => ((done = true), r));
      const [mine, floor, r] = await Promise.all([
        paced(
          () => today(backline, anyone()),
          10,
          () => done,
        ),
        paced(
          () => today(noop, anyone()),
          10,
          () => done,
        ),
        finished,
      ]);
      return { mine, floor, r };
    };
    const week: IsoWeek = isoWeekOf(addDays(fleet.today, -7));
    const digests = await during(job(bot, { kind: 'digests', week }));
    figures.push({
      figure: `/today while ${digests.r.detail} teams' digests render (${(digests.r.ms / 1000).toFixed(1)} s), end to end`,
      work: stats(digests.mine.samples),
      floor: stats(digests.floor.samples),
      ...expiredNote(digests.mine.expired, digests.floor.expired),
    });
    log('e2e: while digests render done');

    // The top of a minute: the 08:00 tick delivers every athlete's session (Wednesday; Friday too in a full run).
    const mine: number[] = [];
    const floor: number[] = [];
    let expired = 0;
    let floorExpired = 0;
    const ticks: string[] = [];
    for (const day of quick ? [fleet.today] : [fleet.today, addDays(fleet.today, 2)]) {
      const r = await during(job(bot, { kind: 'tick', at: `${day}T08:00:00Z` }));
      mine.push(...r.mine.samples);
      floor.push(...r.floor.samples);
      expired += r.mine.expired;
      floorExpired += r.floor.expired;
      ticks.push(`${r.r.detail} deliveries in ${r.r.ms.toFixed(0)} ms`);
    }
    figures.push({
      figure: `/today at the top of a minute (busy tick: ${ticks.join('; ')}), end to end`,
      work: stats(mine),
      floor: stats(floor),
      ...expiredNote(expired, floorExpired),
    });
    log('e2e: top of the minute done');
  } finally {
    if (bot) await stopChild(bot, 'ipc').catch(() => bot?.kill('SIGKILL'));
    if (floorBot) await stopChild(floorBot, 'signal').catch(() => floorBot?.kill('SIGKILL'));
    await Promise.all([backline.stop(), noop.stop()]);
    fleet.cleanup();
  }
  return figures;
}

/** CPU is this process's (the local Discord's), not the bots': left out of end-to-end rows. */
function strip(s: Stats): Stats {
  return { runs: s.runs, median: s.median, p99: s.p99, max: s.max };
}

function expiredNote(mine: number, floor: number): { note?: string } {
  return mine + floor > 0
    ? { note: `${mine} of Backline's and ${floor} of the no-op's interactions got no answer within Discord's 3 s` }
    : {};
}
