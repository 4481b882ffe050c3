/**
 * Benchmark: the weekly digest of a 40-athlete team with a year of history.
 *
 * Builds a temporary SQLite file (all migrations) with 40 athletes x 52 weeks x 3 sessions,
 * ~85 % completed, ~8 % "couldn't train", the rest unlogged, some pain with next-morning
 * follow-ups and a few excusals; then times DigestService.computeDigest for the last week over
 * N runs (after warm-up) and counts the SQL statements one digest executes. Rendering the
 * embeds and the charts is timed separately. No assertions: this prints numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app';
import { ManualClock } from '../src/clock';
import { openDatabase, type Db } from '../src/db/database';
import { loadWindowStart } from '../src/domain/digest';
import { requireTemplate, toPrescription } from '../src/domain/library';
import { addDays, zonedInstant, type IsoWeek } from '../src/domain/time';
import { digestCharts, renderDigest } from '../src/discord/render/digest';
import { silentLogger } from '../src/logger';
import { TeamRepository } from '../src/repositories/teams';
import { countStatements } from './statementCounter';

export interface DigestBenchOptions {
  athletes?: number;
  weeks?: number;
  sessionsPerWeek?: number;
  runs?: number;
  chartRuns?: number;
  log?: (line: string) => void;
}

export interface Timing {
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
}

export interface DigestBenchResult {
  rows: { assignments: number; checkins: number };
  seedMs: number;
  computeDigest: Timing;
  statementsPerDigest: number;
  statements: string[];
  queryPlans: string[];
  render: Timing;
  charts: Timing;
  messages: number;
}

const GUILD = '900000000000000001';
const ZONE = 'Europe/London';
const FIRST_MONDAY = '2025-03-10';
const TEMPLATES = ['glute-ham-emphasis', 'runner-phase-2-loading', 'runner-phase-3-eccentric'] as const;
const AREAS = ['hamstring', 'lower_back', 'glute', 'knee', 'other'] as const;

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedDatabase(db: Db, opts: { athletes: number; weeks: number; sessionsPerWeek: number }): { assignments: number; checkins: number; lastWeekMonday: string } {
  const rnd = random(42);
  const now = '2025-03-01T00:00:00.000Z';
  const prescriptions = Object.fromEntries(TEMPLATES.map((t) => [t, JSON.stringify(toPrescription(requireTemplate(t)))]));
  const minutes = Object.fromEntries(TEMPLATES.map((t) => [t, requireTemplate(t).estimatedMinutes]));
  const dayOffsets = [0, 2, 4, 1, 3, 5, 6].slice(0, opts.sessionsPerWeek);
  let assignments = 0;
  let checkins = 0;
  db.transaction(() => {
    db.prepare(`INSERT INTO teams (guild_id, time_zone, coach_role_id, staff_channel_id, created_at, updated_at) VALUES (?, ?, '1', '2', ?, ?)`).run(GUILD, ZONE, now, now);
    const athlete = db.prepare('INSERT INTO athletes (guild_id, user_id, display_name, added_at) VALUES (?, ?, ?, ?)');
    const group = db.prepare('INSERT INTO athlete_groups (guild_id, user_id, group_name) VALUES (?, ?, ?)');
    const assignment = db.prepare(
      `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_json, assigned_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, '100000000000000001', ?)`,
    );
    const checkin = db.prepare(
      `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, missed_reason, source, logged_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'modal', ?, ?)`,
    );
    const followup = db.prepare(
      `INSERT INTO pain_followups (guild_id, athlete_id, assignment_id, pain, asked_at, answer, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const excusal = db.prepare(
      `INSERT INTO excusals (guild_id, athlete_id, from_date, to_date, reason, created_by, created_at) VALUES (?, ?, ?, ?, 'illness', '100000000000000001', ?)`,
    );
    for (let i = 0; i < opts.athletes; i++) {
      const userId = `2000000000000${String(i).padStart(5, '0')}`;
      athlete.run(GUILD, userId, `Athlete ${String(i + 1).padStart(2, '0')}`, now);
      group.run(GUILD, userId, i % 2 === 0 ? 'sprinters' : 'jumpers');
      for (let w = 0; w < opts.weeks; w++) {
        const monday = addDays(FIRST_MONDAY, 7 * w);
        if (rnd() < 0.03) excusal.run(GUILD, userId, addDays(monday, 1), addDays(monday, 3), now);
        dayOffsets.forEach((offset, s) => {
          const date = addDays(monday, offset);
          const template = TEMPLATES[s % TEMPLATES.length]!;
          const start = zonedInstant(date, '17:00', ZONE).toISOString();
          const id = Number(
            assignment.run(GUILD, userId, template, requireTemplate(template).name, date, start, minutes[template]!, prescriptions[template]!, now).lastInsertRowid,
          );
          assignments++;
          const roll = rnd();
          const logged = new Date(Date.parse(start) + 2 * 3_600_000).toISOString();
          if (roll < 0.85) {
            const pain = rnd() < 0.1 ? 3 + Math.floor(rnd() * 6) : Math.floor(rnd() * 3);
            const area = pain > 0 ? AREAS[Math.floor(rnd() * AREAS.length)]! : null;
            checkin.run(GUILD, id, userId, 'completed', 4 + Math.floor(rnd() * 5), 40 + Math.floor(rnd() * 40), pain, area, null, logged, logged);
            checkins++;
            if (pain > 5) {
              const asked = new Date(Date.parse(start) + 15 * 3_600_000).toISOString();
              const answer = rnd() < 0.3 ? 'not_settled' : rnd() < 0.9 ? 'settled' : null;
              followup.run(GUILD, userId, id, pain, asked, answer, answer ? asked : null);
            }
          } else if (roll < 0.93) {
            checkin.run(GUILD, id, userId, 'missed', null, null, null, null, 'busy', logged, logged);
            checkins++;
          }
        });
      }
    }
  })();
  return { assignments, checkins, lastWeekMonday: addDays(FIRST_MONDAY, 7 * (opts.weeks - 1)) };
}

function timeIt(runs: number, warmup: number, fn: () => void): Timing {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { runs, medianMs: at(0.5), p95Ms: at(0.95), minMs: samples[0]!, maxMs: samples.at(-1)! };
}

export function runDigestBench(options: DigestBenchOptions = {}): DigestBenchResult {
  const athletes = options.athletes ?? 40;
  const weeks = options.weeks ?? 52;
  const sessionsPerWeek = options.sessionsPerWeek ?? 3;
  const runs = options.runs ?? 50;
  const chartRuns = options.chartRuns ?? 5;
  const log = options.log ?? (() => undefined);

  const dir = mkdtempSync(join(tmpdir(), 'backline-bench-'));
  const db = openDatabase(join(dir, 'bench.db'));
  try {
    const t0 = performance.now();
    const seeded = seedDatabase(db, { athletes, weeks, sessionsPerWeek });
    db.pragma('optimize');
    const seedMs = performance.now() - t0;
    log(`seeded ${seeded.assignments} assignments and ${seeded.checkins} check-ins (${athletes} athletes x ${weeks} weeks x ${sessionsPerWeek}) in ${seedMs.toFixed(0)} ms`);

    const clock = new ManualClock(`${addDays(seeded.lastWeekMonday, 7)}T09:00:00Z`);
    const teams = new TeamRepository(db);
    // The app's own service: with issue 13's sources (other training, readiness, Nordic), as in production.
    const service = createApp({ db, clock, logger: silentLogger }).digest;
    const team = teams.get(GUILD)!;
    const target = service.digestFor(team, 'last', null);
    if (!target.ok) throw new Error(target.message);
    const lastWeek: IsoWeek = target.value.span.week;
    log(`digest of ${target.value.span.label} (${target.value.athletes.length} athletes), load window ${loadWindowStart(target.value.span.end)}..${target.value.span.end}`);

    const counter = countStatements(db);
    service.computeDigest(team, lastWeek);
    const statements = [...counter.executed];
    const calls = [...counter.calls];
    counter.restore();
    // The plan of each statement a digest ran, with the parameters it ran with.
    const plans = calls.map((call, i) => {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${call.sql}`).all(...(call.args as [])) as { detail: string }[];
      return `#${i + 1}: ${rows.map((r) => r.detail).join(' | ')}`;
    });

    const computeDigest = timeIt(runs, 5, () => service.computeDigest(team, lastWeek));
    const figures = service.computeDigest(team, lastWeek);
    let messages = 0;
    const render = timeIt(runs, 5, () => {
      messages = renderDigest(figures, { timeZone: team.timeZone }).length;
    });
    const charts = timeIt(chartRuns, 1, () => digestCharts(figures));
    return {
      rows: { assignments: seeded.assignments, checkins: seeded.checkins },
      seedMs,
      computeDigest,
      statementsPerDigest: statements.length,
      statements,
      queryPlans: plans,
      render,
      charts,
      messages,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Entry point used by bench/run.ts. */
export default function run(log: (line: string) => void): void {
  const runs = Number(process.env.BENCH_RUNS ?? 50);
  const result = runDigestBench({ runs, log });
  const fmt = (t: Timing) => `median ${t.medianMs.toFixed(2)} ms · p95 ${t.p95Ms.toFixed(2)} ms · min ${t.minMs.toFixed(2)} · max ${t.maxMs.toFixed(2)} (${t.runs} runs)`;
  log(`computeDigest (40 athletes, last week):  ${fmt(result.computeDigest)}`);
  log(`SQL statements per computeDigest:        ${result.statementsPerDigest}`);
  for (const sql of result.statements) log(`  - ${sql.slice(0, 150)}${sql.length > 150 ? '…' : ''}`);
  log('query plans:');
  for (const plan of result.queryPlans) log(`  - ${plan}`);
  log(`renderDigest (embeds, no charts):        ${fmt(result.render)} -> ${result.messages} messages`);
  log(`digestCharts (load + hard-set pages):    ${fmt(result.charts)}`);
}
