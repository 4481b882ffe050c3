/**
 * `npm run bench` (bench/run.ts): every figure of issue 14's table, each beside its floor in the
 * same run, interleaved (figure, floor, figure, floor ...), as median and p99 over the runs.
 *
 * The data: a fleet file seeded by bench/fleet.ts (full: 50 teams x 40 athletes, a year of
 * history, every athlete on a running program), opened with openDatabase (production's PRAGMAs,
 * nothing more: no ANALYZE beyond what openDatabase runs). Interactions are timed twice: end to
 * end (bench/interactions.ts: the bot in its own process against the local Discord, from the
 * gateway's dispatch to the reply at the REST, beside a no-op discord.js bot; the issue's floor),
 * and at the service tier in this process (the service call and the render a command makes, no
 * Discord round trip; its floor the bare indexed read), which says where the time goes. Start and
 * memory run `node dist/main.js` against the local Discord (src/demo/local-discord).
 *
 * The floors (the least the same work can cost):
 *   ticks, digests   one SQL aggregate over the same rows
 *   busy tick        the same number of notification and outbox rows written by INSERT ... SELECT
 *   interactions     end to end: a no-op discord.js bot answering the same interaction with a fixed
 *                    reply; service tier: the one indexed read (and one committed INSERT) they need
 *   chart            a blank PNG of the same size, with the same fonts
 *   start, memory    a discord.js bot that logs in and registers one command (bench/noopBot.mjs)
 *
 * `--quick` (or BENCH_QUICK=1): a small fleet and few runs, under a minute; test/bench.test.ts
 * runs it so the bench cannot rot. No timing is asserted anywhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createApp, type Runtime } from '../src/app';
import { ManualClock } from '../src/clock';
import { openDatabase, type Db } from '../src/db/database';
import { WalCheckpointer } from '../src/db/checkpointer';
import { validateCheckinFields } from '../src/domain/checkin';
import { addDays, isoWeekOf } from '../src/domain/time';
import { checkinConfirmation } from '../src/discord/checkinFlow';
import { renderDigestWithCharts } from '../src/discord/render/digestMessages';
import { todayView } from '../src/discord/render/today';
import { closeChartPool } from '../src/charts/pool';
import { svgToPng } from '../src/charts/render';
import { teamHardSetsChartPages } from '../src/charts/teamCharts';
import { silentLogger } from '../src/logger';
import { Scheduler } from '../src/scheduler/scheduler';
import { LocalDiscord } from '../src/demo/local-discord';
import { fleetFile, type Fleet, type FleetShape } from './fleet';
import { interleaved, stats, whileRunning, type Stats } from './measure';
import { countStatements } from './statementCounter';
import { endToEndInteractions, START_FLAGS, type EndToEndFigure } from './interactions';

export interface Row {
  figure: string;
  median: number;
  p99: number;
  floor: number | null;
  /** Median CPU ms of the figure and of its floor (this process, all threads), where measured. */
  cpu?: number;
  floorCpu?: number;
  /** Unit of median / p99 / floor: 'ms' (lower is better), '/s' or 'MiB'. */
  unit: 'ms' | '/s' | 'MiB';
  target: string;
  /** Whether the target is met; undefined when the target is not a ratio this row can judge. */
  met: boolean | undefined;
  note?: string;
}

export interface BenchOptions {
  quick?: boolean;
  log?: (line: string) => void;
  /** Skip the start / memory figures (they build dist/ and spawn processes). */
  skipProcess?: boolean;
  /**
   * `--only digest`: only the digest figures (40 x 52 weeks in the fleet file, 40 x 260 weeks, 200 x 52 weeks); `--only tick`: only
   * the scheduler's (quiet ticks at each fleet size, the busy tick and /today during it); `--only interactions`: only the end-to-end
   * interactions against the no-op bot.
   */
  only?: Only;
}

const ONLY = ['digest', 'tick', 'interactions'] as const;
type Only = (typeof ONLY)[number];

/** `--only digest|tick|interactions` or `--only=...`. */
export function onlyOf(argv: readonly string[]): Only | undefined {
  const i = argv.indexOf('--only');
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  if (value === undefined) return undefined;
  const only = ONLY.find((o) => o === value);
  if (!only) throw new Error(`--only takes: ${ONLY.join(', ')}`);
  return only;
}

const ratioOf = (r: Pick<Row, 'median' | 'floor' | 'unit'>) =>
  r.floor === null || r.floor === 0 ? NaN : r.unit === '/s' ? r.floor / r.median : r.median / r.floor;

function row(
  figure: string,
  work: Stats,
  floor: Stats | null,
  target: { ratio?: number; p99Ratio?: number; underMs?: number; text?: string },
  note?: string,
): Row {
  const r: Row = {
    figure,
    median: work.median,
    p99: work.p99,
    floor: floor?.median ?? null,
    unit: 'ms',
    target: '',
    met: undefined,
    ...(note ? { note } : {}),
  };
  if (work.cpu !== undefined) r.cpu = work.cpu;
  if (floor?.cpu !== undefined) r.floorCpu = floor.cpu;
  if (target.p99Ratio !== undefined && floor) {
    // The issue's interaction target is on p99: the figure's p99 against the floor's p99.
    const p99Ratio = work.p99 / floor.p99;
    r.target = `p99 <= ${target.p99Ratio}x floor's p99`;
    r.met = p99Ratio <= target.p99Ratio;
    r.note = `${note ? `${note}; ` : ''}floor p99 ${floor.p99.toFixed(2)} ms, p99 ratio ${p99Ratio.toFixed(1)}x`;
  } else if (target.ratio !== undefined) {
    r.target = `<= ${target.ratio}x floor`;
    r.met = ratioOf(r) <= target.ratio;
  } else if (target.underMs !== undefined) {
    r.target = `< ${target.underMs} ms`;
    r.met = r.median < target.underMs;
  } else r.target = target.text ?? '—';
  return r;
}

/** The widest window of session dates a tick reads (nudges a day back, deload heads-ups three weeks ahead). */
function candidateFloor(db: Db, today: string): () => unknown {
  const sql = `SELECT count(*) AS n, sum(c.id IS NULL) AS open, max(a.delivered_at) AS d
               FROM assignments a
               JOIN athletes ath ON ath.guild_id = a.guild_id AND ath.user_id = a.athlete_id AND ath.removed_at IS NULL
               LEFT JOIN checkins c ON c.assignment_id = a.id
               WHERE a.session_date BETWEEN ? AND ?`;
  const from = addDays(today, -5);
  const to = addDays(today, 23);
  return () => db.prepare(sql).get(from, to);
}

function open(fleet: Fleet, now: string): { db: Db; app: Runtime; clock: ManualClock; scheduler: Scheduler } {
  const db = openDatabase(fleet.path);
  const clock = new ManualClock(now);
  const app = createApp({ db, clock, logger: silentLogger });
  return { db, app, clock, scheduler: new Scheduler({ app, clock, owner: 'bench' }) };
}

/** A quiet tick (nothing due) at `teams` teams, against its floor. */
async function quietTick(
  shape: FleetShape,
  runs: number,
  log: (l: string) => void,
  label: string,
): Promise<{
  row: Row;
  longestBlockMs: number;
  longestBlockCpuMs: number;
  firstTick: { ms: number; longestBlockMs: number; longestBlockCpuMs: number };
}> {
  const fleet = fleetFile(shape, log);
  const { db, scheduler } = open(fleet, `${fleet.today}T03:00:00Z`);
  try {
    // The first tick settles what was owed before (catch-up); the measured ones find nothing new.
    // It looks at every team (a process trusts no watermark it did not compute): its longest block is reported too.
    let minute = 0;
    const at = () => new Date(Date.parse(`${fleet.today}T03:00:00Z`) + minute++ * 60_000);
    const first = await whileRunning(
      () => scheduler.tick(at()),
      () => undefined,
      1,
    );
    const floor = candidateFloor(db, fleet.today);
    let longest = 0;
    const r = await interleaved({
      runs,
      work: async () => {
        const report = await scheduler.tick(at());
        if (report.results.length > 0) throw new Error(`the quiet tick found ${report.results.length} notifications due`);
      },
      floor,
    });
    const blocks = await whileRunning(
      () => scheduler.tick(at()),
      () => undefined,
      1,
    );
    longest = blocks.longestBlockMs;
    return {
      row: row(label, r.work, r.floor, shape.teams === 200 ? { underMs: 100 } : { ratio: 3 }),
      longestBlockMs: longest,
      longestBlockCpuMs: blocks.longestBlockCpuMs,
      firstTick: { ms: first.backgroundMs, longestBlockMs: first.longestBlockMs, longestBlockCpuMs: first.longestBlockCpuMs },
    };
  } finally {
    db.close();
    fleet.cleanup();
  }
}

const DIGEST_FLOOR_SQL = `SELECT a.athlete_id, count(*) AS n, sum(c.outcome = 'completed') AS done, sum(c.load_au) AS load, max(c.pain) AS pain
                          FROM assignments a LEFT JOIN checkins c ON c.assignment_id = a.id
                          WHERE a.guild_id = ? AND a.session_date BETWEEN ? AND ? GROUP BY a.athlete_id`;

const endToEndRow = (f: EndToEndFigure): Row => row(f.figure, f.work, f.floor, { p99Ratio: 1.5 }, f.note);

/** One team's digest figures in the fleet file (teams in turn), against the one-aggregate floor. */
async function fleetDigestFigures(db: Db, app: Runtime, fleet: Fleet, runs: number): Promise<Row> {
  const teams = fleet.guildIds.map((g) => app.teams.get(g)!);
  const lastWeek = isoWeekOf(addDays(fleet.today, -7));
  const digestFloor = (guildId: string) => () =>
    db.prepare(DIGEST_FLOOR_SQL).all(guildId, addDays(fleet.today, -58), addDays(fleet.today, -2));
  let t = 0;
  const digestR = await interleaved({
    runs,
    work: () => app.digest.computeDigest(teams[t++ % teams.length]!, lastWeek),
    floor: () => digestFloor(teams[t % teams.length]!.guildId)(),
  });
  return row(`one team's digest figures (${fleet.athletes} x ${fleet.weeks} weeks)`, digestR.work, digestR.floor, { ratio: 3 });
}

/** One team's digest at 5 years and at 200 athletes (full mode only: their files take a while to seed). */
async function longDigestFigures(log: (line: string) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const shape of [
    { teams: 1, athletes: 40, weeks: 260 },
    { teams: 1, athletes: 200, weeks: 52 },
  ]) {
    const f = fleetFile(shape, log);
    const o = open(f, `${f.today}T09:00:00Z`);
    try {
      const team = o.app.teams.get(f.guildIds[0]!)!;
      const week = isoWeekOf(addDays(f.today, -7));
      const r = await interleaved({
        runs: 20,
        work: () => o.app.digest.computeDigest(team, week),
        floor: () => o.db.prepare(DIGEST_FLOOR_SQL).all(team.guildId, addDays(f.today, -58), addDays(f.today, -2)),
      });
      rows.push(row(`one team's digest figures (${shape.athletes} x ${shape.weeks} weeks)`, r.work, r.floor, { ratio: 3 }));
    } finally {
      o.db.close();
      f.cleanup();
    }
  }
  return rows;
}

/** `--only digest`: the three digest figures, nothing else. */
async function digestFiguresOnly(quick: boolean, log: (line: string) => void): Promise<Row[]> {
  const fleet = fleetFile(quick ? { teams: 3, athletes: 40, weeks: 12 } : { teams: 50, athletes: 40, weeks: 52 }, log);
  const { db, app } = open(fleet, `${fleet.today}T08:00:00Z`);
  const rows: Row[] = [];
  try {
    rows.push(await fleetDigestFigures(db, app, fleet, quick ? 5 : 30));
  } finally {
    db.close();
    fleet.cleanup();
  }
  log(`  ${formatTable(rows)[2]}`);
  if (!quick) {
    for (const r of await longDigestFigures(log)) {
      log(`  ${formatTable([r])[2]}`);
      rows.push(r);
    }
  }
  return rows;
}

export async function runFleetBench(options: BenchOptions = {}): Promise<Row[]> {
  if (options.only === 'digest') return digestFiguresOnly(options.quick ?? false, options.log ?? (() => undefined));
  const quick = options.quick ?? false;
  const log = options.log ?? (() => undefined);
  const rows: Row[] = [];
  const push = rows.push.bind(rows);
  // Each row is printed as it is measured too, so a long run that fails late still leaves its numbers.
  rows.push = (...added: Row[]) => {
    for (const r of added) log(`  ${formatTable([r])[2]}`);
    return push(...added);
  };
  const runs = (full: number, q: number) => (quick ? q : full);
  const fleetShape: FleetShape = quick ? { teams: 3, athletes: 40, weeks: 12 } : { teams: 50, athletes: 40, weeks: 52 };
  const started = performance.now();
  if (options.only === 'interactions') {
    for (const f of await endToEndInteractions({ shape: fleetShape, quick, log })) rows.push(endToEndRow(f));
    return rows;
  }

  // ---- quiet ticks at several fleet sizes
  const sizes: FleetShape[] = quick
    ? [{ teams: 1, athletes: 40, weeks: 12 }, fleetShape]
    : [{ teams: 1, athletes: 40, weeks: 52 }, { teams: 10, athletes: 40, weeks: 52 }, fleetShape, { teams: 200, athletes: 40, weeks: 8 }];
  for (const shape of sizes) {
    const label = `quiet tick, ${shape.teams} team${shape.teams > 1 ? 's' : ''} x ${shape.athletes}, ${shape.weeks} weeks of history`;
    const {
      row: r,
      longestBlockMs,
      longestBlockCpuMs,
      firstTick,
    } = await quietTick(shape, runs(shape.teams >= 50 ? 15 : 30, 5), log, label);
    // Wall time of the block, and (CPU column) the CPU the process spent in it.
    const once = (ms: number, cpu: number) => ({ runs: 1, median: ms, p99: ms, max: ms, cpu });
    rows.push(
      r,
      row(`  longest event-loop block in that tick`, once(longestBlockMs, longestBlockCpuMs), null, { underMs: 20 }),
      row(
        `  longest event-loop block in the first tick after start (looks at every team, ${firstTick.ms.toFixed(0)} ms)`,
        once(firstTick.longestBlockMs, firstTick.longestBlockCpuMs),
        null,
        {
          underMs: 20,
        },
      ),
    );
    log(`${label}: done`);
  }

  // ---- the fleet file: busy tick, interactions, digests, check-ins
  const fleet = fleetFile(fleetShape, log);
  const { db, app, clock, scheduler } = open(fleet, `${fleet.today}T07:58:00Z`);
  // As startBot runs it: commits never checkpoint the log, a worker thread does (src/db/checkpointer.ts).
  const checkpointer = new WalCheckpointer(db, { logger: silentLogger }).start();
  try {
    const counts = db.prepare('SELECT (SELECT count(*) FROM assignments) AS a, (SELECT count(*) FROM checkins) AS c').get() as {
      a: number;
      c: number;
    };
    log(`fleet: ${fleet.teams} teams x ${fleet.athletes} athletes, ${counts.a} sessions, ${counts.c} check-ins`);
    const teams = fleet.guildIds.map((g) => app.teams.get(g)!);
    let pick = 0;
    const athletes = fleet.athleteIds.flatMap((ids, t) => ids.map((id) => ({ team: teams[t]!, id })));
    const nextAthlete = () => athletes[pick++ % athletes.length]!;

    // /today, the handler's work: the athlete's week around today, rendered.
    const today = () => {
      const a = nextAthlete();
      return todayView(app.assignments.todayFor(a.team, a.id));
    };
    const todaySql = `SELECT a.id, a.title, a.session_date, c.outcome FROM assignments a LEFT JOIN checkins c ON c.assignment_id = a.id
                      WHERE a.guild_id = ? AND a.athlete_id = ? AND a.session_date BETWEEN ? AND ?`;
    const todayFloor = () => {
      const a = nextAthlete();
      return db.prepare(todaySql).all(a.team.guildId, a.id, addDays(fleet.today, -7), addDays(fleet.today, 7));
    };

    // The quiet minute before: settles catch-up, so 08:00 holds only today's work.
    await scheduler.tick(new Date(`${fleet.today}T07:59:00Z`));
    clock.set(`${fleet.today}T08:00:00Z`);

    // ---- busy tick: every athlete's program session is delivered at 08:00 (rolled back after each run)
    const busyAt = new Date(`${fleet.today}T08:00:00Z`);
    let owed = 0;
    const busy = async () => {
      db.exec('BEGIN');
      try {
        const report = await scheduler.tick(busyAt);
        owed = report.results.filter((r) => r.status === 'owed').length;
      } finally {
        db.exec('ROLLBACK');
      }
    };
    const busyFloor = () => {
      db.exec('BEGIN');
      try {
        db.prepare(
          `INSERT INTO notifications (kind, guild_id, subject, slot, due_at, status, owner, claimed_at)
           SELECT 'bench', guild_id, athlete_id, 'assignment:' || id, ?, 'claimed', 'bench', ? FROM assignments WHERE session_date = ?`,
        ).run(busyAt.toISOString(), busyAt.toISOString(), fleet.today);
        db.prepare(
          `INSERT INTO notifications (kind, guild_id, subject, slot, due_at, status, owner, claimed_at)
           SELECT 'bench-outbox', guild_id, athlete_id, 'assignment:' || id, ?, 'claimed', 'bench', ? FROM assignments WHERE session_date = ?`,
        ).run(busyAt.toISOString(), busyAt.toISOString(), fleet.today);
      } finally {
        db.exec('ROLLBACK');
      }
    };
    const counter = countStatements(db);
    await busy();
    const statements = counter.count;
    counter.restore();
    const busyR = await interleaved({ runs: runs(7, 2), work: busy, floor: busyFloor });
    rows.push(
      row(
        `busy tick, ${owed} session deliveries (${(statements / Math.max(1, owed)).toFixed(1)} SQL statements each)`,
        busyR.work,
        busyR.floor,
        { text: 'no block > 20 ms' },
      ),
    );

    // /today sent every 5 ms while the busy tick runs, against the same handler on a quiet loop.
    const topSamples: number[] = [];
    const blocks: number[] = [];
    const cpuBlocks: number[] = [];
    for (let i = 0; i < runs(5, 1); i++) {
      const r = await whileRunning(busy, today, 5);
      topSamples.push(...r.latencies);
      blocks.push(r.longestBlockMs);
      cpuBlocks.push(r.longestBlockCpuMs);
    }
    const idleToday: number[] = [];
    for (let i = 0; i < Math.max(50, topSamples.length); i++) {
      const t0 = performance.now();
      today();
      idleToday.push(performance.now() - t0);
    }
    rows.push(
      row(
        '/today sent during the busy tick (top of the minute), service tier in-process',
        stats(topSamples),
        stats(idleToday),
        { ratio: 1.5 },
        'floor: /today the rest of the minute',
      ),
    );
    rows.push(
      row('  longest event-loop block in the busy tick', { ...stats(blocks), cpu: stats(cpuBlocks).median }, null, { underMs: 20 }),
    );
    if (options.only === 'tick') {
      log(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return rows;
    }

    // ---- interactions, p50 / p99 with the fleet file: /today, /checkin, DM reply, each against its floor
    const todayR = await interleaved({ runs: runs(300, 40), warmup: 20, work: today, floor: todayFloor });
    rows.push(row('/today, service tier (no Discord; floor: the bare indexed read)', todayR.work, todayR.floor, { ratio: 1.5 }));

    db.exec(
      'CREATE TABLE IF NOT EXISTS bench_checkins (id INTEGER PRIMARY KEY, guild_id TEXT, athlete_id TEXT, assignment_id INTEGER, rpe INTEGER, pain INTEGER, minutes INTEGER, logged_at TEXT)',
    );
    const todaysSession = db.prepare(
      `SELECT id, planned_minutes FROM assignments WHERE guild_id = ? AND athlete_id = ? AND session_date = ?`,
    );
    // Each logged session is a different athlete's today's session, so every run logs a fresh one.
    let logPick = athletes.length - 1;
    const nextLogger = () => athletes[logPick--]!;
    const checkinFloor = () => {
      const a = nextLogger();
      const s = todaysSession.get(a.team.guildId, a.id, fleet.today) as { id: number };
      db.prepare(
        'INSERT INTO bench_checkins (guild_id, athlete_id, assignment_id, rpe, pain, minutes, logged_at) VALUES (?, ?, ?, 7, 2, 45, ?)',
      ).run(a.team.guildId, a.id, s.id, clock.now().toISOString());
    };
    const slashCheckin = () => {
      const a = nextLogger();
      const s = todaysSession.get(a.team.guildId, a.id, fleet.today) as { id: number; planned_minutes: number };
      const assignment = app.assignmentRepo.get(a.team.guildId, s.id)!;
      const fields = validateCheckinFields({ rpe: '7', pain: '2', minutes: String(assignment.plannedMinutes), area: null });
      if (!fields.ok) throw new Error(fields.errors.join(', '));
      const logged = app.checkins.logCompleted(a.id, assignment.id, fields.value, 'command');
      if (!logged.ok) throw new Error(logged.message);
      return checkinConfirmation(logged.value);
    };
    // The DM conversation as the bot runs it: a pick of the waiting session when there are several, else logged.
    const dmReply = () => {
      const a = nextLogger();
      const result = app.checkinReplies.reply(a.id, '7 2 45');
      if (result.kind === 'message') throw new Error(result.text);
      return result;
    };
    const interactionRuns = Math.min(runs(150, 10), Math.floor(athletes.length / 8));
    const checkinR = await interleaved({ runs: interactionRuns, warmup: 3, work: slashCheckin, floor: checkinFloor });
    rows.push(
      row('/checkin (and the check-in form submit), service tier (floor: one committed INSERT)', checkinR.work, checkinR.floor, {
        ratio: 1.5,
      }),
    );
    const dmR = await interleaved({ runs: interactionRuns, warmup: 3, work: dmReply, floor: checkinFloor });
    rows.push(
      row(`DM reply "7 2 45" with ${fleet.teams} teams in the file, service tier (floor: one committed INSERT)`, dmR.work, dmR.floor, {
        ratio: 1.5,
      }),
    );

    // ---- check-ins per second, each committed
    const many = Math.min(runs(200, 10), Math.floor(athletes.length / 12));
    const rate = (fn: () => unknown) => {
      const t0 = performance.now();
      for (let i = 0; i < many; i++) fn();
      return many / ((performance.now() - t0) / 1000);
    };
    const rates: number[] = [];
    const floorRates: number[] = [];
    for (let i = 0; i < 2; i++) {
      rates.push(rate(slashCheckin));
      floorRates.push(rate(checkinFloor));
    }
    const perSecond = (xs: number[]) => ({ runs: xs.length, median: Math.min(...xs), p99: Math.min(...xs), max: Math.max(...xs) });
    const cps: Row = {
      figure: `check-ins per second, each committed (${many} x 2)`,
      ...pick2(perSecond(rates)),
      floor: perSecond(floorRates).median,
      unit: '/s',
      target: '>= 1/3 of floor',
      met: undefined,
    };
    cps.met = rates.length > 0 && Math.min(...rates) >= Math.min(...floorRates) / 3;
    rows.push(cps);

    // ---- one team's digest figures (40 x 52 weeks) against the one-aggregate floor
    const lastWeek = isoWeekOf(addDays(fleet.today, -7));
    rows.push(await fleetDigestFigures(db, app, fleet, runs(30, 5)));

    // ---- one hard-sets chart page against a blank PNG of the same size with the same fonts
    const figures = app.digest.computeDigest(teams[0]!, lastWeek);
    const trained = figures.athletes
      .filter((a) => a.sessions.completed > 0)
      .slice(0, 14)
      .map((a) => ({ name: a.athlete.displayName, ...a.hardSets.perMuscle }));
    const chartData = {
      athletes: trained,
      band: { min: figures.thresholds.hardSetMin, max: figures.thresholds.hardSetMax },
      title: 'Hard sets',
    };
    const page = teamHardSetsChartPages(chartData)[0]!;
    const blank = `<svg xmlns="http://www.w3.org/2000/svg" width="${page.width}" height="${page.height}"><text x="10" y="30" font-size="22">Hard sets</text></svg>`;
    const chartR = await interleaved({ runs: runs(20, 3), work: () => teamHardSetsChartPages(chartData), floor: () => svgToPng(blank) });
    rows.push(row('one hard-sets chart page (14 athletes)', chartR.work, chartR.floor, { underMs: 50 }, 'target: under 50 ms of CPU'));

    // ---- every team's digest due together (Monday 08:00), with /today sent meanwhile
    const fleetFloorSql = DIGEST_FLOOR_SQL.replace('a.guild_id = ? AND ', '');
    const fleetDigests = async () => {
      for (const team of teams) {
        await renderDigestWithCharts(app, team, lastWeek);
      }
    };
    const fleetSamples: number[] = [];
    const fleetFloors: number[] = [];
    const fleetLatencies: number[] = [];
    const fleetBlocks: number[] = [];
    for (let i = 0; i < runs(2, 1); i++) {
      const r = await whileRunning(fleetDigests, today, 5);
      fleetSamples.push(r.backgroundMs);
      fleetLatencies.push(...r.latencies);
      fleetBlocks.push(r.longestBlockMs);
      const t0 = performance.now();
      db.prepare(fleetFloorSql).all(addDays(fleet.today, -58), addDays(fleet.today, -2));
      fleetFloors.push(performance.now() - t0);
    }
    rows.push(
      row(
        `${fleet.teams} teams' digests with charts, all due together`,
        stats(fleetSamples),
        stats(fleetFloors),
        { underMs: 60_000 },
        'target: within a minute of the due time',
      ),
    );
    rows.push(row('  /today sent while they render, service tier in-process', stats(fleetLatencies), stats(idleToday), { ratio: 1.5 }));
    rows.push(row('  longest event-loop block while they render', stats(fleetBlocks), null, { underMs: 20 }));
  } finally {
    await checkpointer.stop();
    db.close();
    fleet.cleanup();
  }

  // ---- one team's digest at 5 years and at 200 athletes (full mode only: their files take a while to seed)
  if (!quick) rows.push(...(await longDigestFigures(log)));

  await closeChartPool();

  // ---- interactions end to end: the bot in its own process against a local Discord, beside the no-op bot
  if (!options.skipProcess) {
    for (const f of await endToEndInteractions({ shape: fleetShape, quick, log })) rows.push(endToEndRow(f));
  }

  // ---- start to commands registered, and idle memory, against the no-op bot
  if (!options.skipProcess) {
    try {
      rows.push(...(await startAndMemory(runs(5, 1), log)));
    } catch (err) {
      if (quick) throw err;
      log(`start and memory not measured: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  log(`bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return rows;
}

function pick2(s: Stats): { median: number; p99: number } {
  return { median: s.median, p99: s.p99 };
}

/** Spawns the bot (`node dist/main.js`, as `npm start` does after building) and the no-op bot, alternately. */
async function startAndMemory(n: number, log: (l: string) => void): Promise<Row[]> {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { env: { ...process.env, BUILD_QUIET: '1' }, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`build failed: ${built.stderr}`);
  const discord = await LocalDiscord.start();
  const dir = mkdtempSync(join(tmpdir(), 'backline-bench-start-'));
  const startMs: number[] = [];
  const floorMs: number[] = [];
  const rss: number[] = [];
  const floorRss: number[] = [];
  const launch = async (args: string[], ready: RegExp, i: number): Promise<{ ms: number; rssMiB: number }> => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, {
      env: {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'info',
        DISCORD_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        DATABASE_PATH: join(dir, `bot-${i}.db`),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    try {
      while (!ready.test(out)) {
        if (child.exitCode !== null || performance.now() - t0 > 60_000) throw new Error(`${args.join(' ')} did not start:\n${out}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const ms = performance.now() - t0;
      // Idle: a few seconds after start, as the process settles.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
      return { ms, rssMiB: kb / 1024 };
    } finally {
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    }
  };
  try {
    for (let i = 0; i < n; i++) {
      const b = await launch([...START_FLAGS, 'dist/main.js'], /Backline is online/, i);
      startMs.push(b.ms);
      rss.push(b.rssMiB);
      const f = await launch(['bench/noopBot.mjs'], /no-op bot is online/, i);
      floorMs.push(f.ms);
      floorRss.push(f.rssMiB);
      log(
        `start ${i + 1}/${n}: ${b.ms.toFixed(0)} ms (${b.rssMiB.toFixed(0)} MiB), no-op ${f.ms.toFixed(0)} ms (${f.rssMiB.toFixed(0)} MiB)`,
      );
    }
  } finally {
    await discord.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const mem: Row = {
    figure: 'memory idle after start (RSS)',
    median: stats(rss).median,
    p99: stats(rss).p99,
    floor: stats(floorRss).median,
    unit: 'MiB',
    target: '<= 1.5x floor',
    met: undefined,
  };
  mem.met = ratioOf(mem) <= 1.5;
  return [row('start to commands registered (node dist/main.js)', stats(startMs), stats(floorMs), { ratio: 2 }), mem];
}

export function formatTable(rows: readonly Row[]): string[] {
  const num = (v: number | null, unit: Row['unit']) =>
    v === null || Number.isNaN(v)
      ? '—'
      : unit === 'ms'
        ? v >= 1000
          ? `${(v / 1000).toFixed(2)} s`
          : `${v.toFixed(v < 10 ? 2 : 1)} ms`
        : `${v.toFixed(0)} ${unit}`;
  const lines = [
    '| figure | median | p99 | floor | ratio | CPU: figure / floor | CPU ratio | target | met |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratio = ratioOf(r);
    lines.push(
      `| ${r.figure}${r.note ? ` (${r.note})` : ''} | ${num(r.median, r.unit)} | ${num(r.p99, r.unit)} | ${num(r.floor, r.unit)} | ${Number.isNaN(ratio) ? '—' : `${ratio.toFixed(1)}x`} | ${r.cpu === undefined ? '—' : `${num(r.cpu, 'ms')} / ${num(r.floorCpu ?? null, 'ms')}`} | ${r.cpu !== undefined && r.floorCpu ? `${(r.cpu / r.floorCpu).toFixed(1)}x` : '—'} | ${r.target} | ${r.met === undefined ? '—' : r.met ? 'yes' : 'no'} |`,
    );
  }
  return lines;
}

/** Entry point used by bench/run.ts. */
export default async function run(log: (line: string) => void, argv: readonly string[] = []): Promise<void> {
  const quick = argv.includes('--quick') || process.env.BENCH_QUICK === '1';
  const only = onlyOf(argv);
  const rows = await runFleetBench({ quick, log, ...(only ? { only } : {}) });
  log('');
  log(`${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${quick ? 'quick mode' : 'full run'}`);
  for (const line of formatTable(rows)) log(line);
}
