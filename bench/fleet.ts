/**
 * A seeded fleet file for `npm run bench`: N teams x M athletes, each athlete on a running
 * program (Mon / Wed / Fri at 17:00, every fourth program week a deload), W weeks of history up to
 * "today" and three weeks ahead, ~85 % of past sessions logged, ~8 % "couldn't train", some pain
 * with next-morning follow-ups, a few excusals. Written with the migrations and production's
 * PRAGMAs (openDatabase); a pristine copy is kept in the temp folder per shape and copied for
 * each run, because the bench logs check-ins into it.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase, MIGRATIONS_DIR } from '../src/db/database';
import { deloadPrescription } from '../src/domain/adjustments';
import { requireTemplate, toPrescription } from '../src/domain/library';
import { addDays, zonedInstant, type LocalDate } from '../src/domain/time';

export interface FleetShape {
  teams: number;
  athletes: number;
  /** Weeks of history before the week of `today`. */
  weeks: number;
}

export interface Fleet extends FleetShape {
  path: string;
  guildIds: string[];
  /** athleteIds[team][i] */
  athleteIds: string[][];
  /** A Wednesday: every athlete has an undelivered program session today. */
  today: LocalDate;
  assignments: number;
  checkins: number;
  seedMs: number;
  cleanup(): void;
}

export const FLEET_ZONE = 'Europe/London';
/** Wednesday 25 November 2026: London is on UTC, so 08:00 local is 08:00Z. */
export const FLEET_TODAY = '2026-11-25';
const TEMPLATES = ['glute-ham-emphasis', 'runner-phase-2-loading', 'runner-phase-3-eccentric'] as const;
const AREAS = ['hamstring', 'lower_back', 'glute', 'knee', 'other'] as const;
const STAFF = '100000000000000001';

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const guildIdOf = (t: number): string => `9${String(t).padStart(17, '0')}`;
export const athleteIdOf = (t: number, i: number): string => `2${String(t).padStart(8, '0')}${String(i).padStart(9, '0')}`;

function seedInto(path: string, shape: FleetShape): { assignments: number; checkins: number } {
  const db = openDatabase(path);
  const rnd = random(42);
  const monday0 = addDays(FLEET_TODAY, -2 - 7 * shape.weeks);
  const created = `${addDays(monday0, -7)}T09:00:00.000Z`;
  const plain = Object.fromEntries(TEMPLATES.map((t) => [t, JSON.stringify(toPrescription(requireTemplate(t)))]));
  const deload = Object.fromEntries(TEMPLATES.map((t) => [t, JSON.stringify(deloadPrescription(toPrescription(requireTemplate(t))))]));
  const minutes = Object.fromEntries(TEMPLATES.map((t) => [t, requireTemplate(t).estimatedMinutes]));
  const totalWeeks = shape.weeks + 4;
  let assignments = 0;
  let checkins = 0;
  const team = db.prepare(
    `INSERT INTO teams (guild_id, time_zone, coach_role_id, staff_channel_id, created_at, updated_at) VALUES (?, ?, '1', '2', ?, ?)`,
  );
  const athlete = db.prepare('INSERT INTO athletes (guild_id, user_id, display_name, added_at) VALUES (?, ?, ?, ?)');
  // Athletes agreed that what they report is stored, as in a team in use.
  const consent = db.prepare(`INSERT INTO consents (guild_id, athlete_id, state, changed_at, given_at) VALUES (?, ?, 'given', ?, ?)`);
  const group = db.prepare('INSERT INTO athlete_groups (guild_id, user_id, group_name) VALUES (?, ?, ?)');
  const program = db.prepare(
    `INSERT INTO programs (guild_id, athlete_id, program_key, start_date, training_days, mobility_day, started_by, created_at) VALUES (?, ?, 'bench', ?, '1,3,5', NULL, ?, ?)`,
  );
  const assignment = db.prepare(
    `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_id, assigned_by, created_at,
                              delivered_via, delivered_at, program_id, program_week)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Each team stores each distinct prescription once (migration 0015), as the bot does.
  const internPrescription = db.prepare('INSERT OR IGNORE INTO prescriptions (guild_id, json) VALUES (?, ?)');
  const prescriptionIdOf = db.prepare<[string, string], { id: number }>('SELECT id FROM prescriptions WHERE guild_id = ? AND json = ?');
  const prescriptionIds = new Map<string, number>();
  const prescriptionId = (guildId: string, json: string): number => {
    const key = `${guildId}\u0000${json}`;
    let id = prescriptionIds.get(key);
    if (id === undefined) {
      internPrescription.run(guildId, json);
      id = prescriptionIdOf.get(guildId, json)!.id;
      prescriptionIds.set(key, id);
    }
    return id;
  };
  const checkin = db.prepare(
    `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, missed_reason, source, logged_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'modal', ?, ?)`,
  );
  const followup = db.prepare(
    `INSERT INTO pain_followups (guild_id, athlete_id, assignment_id, pain, asked_at, answer, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const excusal = db.prepare(
    `INSERT INTO excusals (guild_id, athlete_id, from_date, to_date, reason, created_by, created_at) VALUES (?, ?, ?, ?, 'illness', ?, ?)`,
  );
  const now = Date.parse(`${FLEET_TODAY}T00:00:00Z`);
  for (let t = 0; t < shape.teams; t++) {
    // One transaction per team: the whole fleet at once would hold a very large WAL.
    db.transaction(() => {
      const guildId = guildIdOf(t);
      team.run(guildId, FLEET_ZONE, created, created);
      for (let i = 0; i < shape.athletes; i++) {
        const userId = athleteIdOf(t, i);
        athlete.run(guildId, userId, `Athlete ${String(i + 1).padStart(3, '0')}`, created);
        consent.run(guildId, userId, created, created);
        group.run(guildId, userId, i % 2 === 0 ? 'sprinters' : 'jumpers');
        const programId = Number(program.run(guildId, userId, monday0, STAFF, created).lastInsertRowid);
        for (let w = 0; w < totalWeeks; w++) {
          const monday = addDays(monday0, 7 * w);
          const past = monday < FLEET_TODAY;
          if (past && rnd() < 0.03) excusal.run(guildId, userId, addDays(monday, 1), addDays(monday, 3), STAFF, created);
          const isDeload = w % 4 === 3;
          [0, 2, 4].forEach((offset, s) => {
            const date = addDays(monday, offset);
            const tpl = TEMPLATES[s]!;
            const start = zonedInstant(date, '17:00', FLEET_ZONE).toISOString();
            const startMs = Date.parse(start);
            // Program sessions are delivered on their day: everything before today was.
            const delivered = date < FLEET_TODAY ? `${date}T08:00:00.000Z` : null;
            const id = Number(
              assignment.run(
                guildId,
                userId,
                tpl,
                requireTemplate(tpl).name,
                date,
                start,
                minutes[tpl]!,
                prescriptionId(guildId, isDeload ? deload[tpl]! : plain[tpl]!),
                STAFF,
                created,
                delivered ? 'dm' : null,
                delivered,
                programId,
                w + 1,
              ).lastInsertRowid,
            );
            assignments++;
            if (startMs + 2 * 3_600_000 >= now) return;
            const roll = rnd();
            const logged = new Date(startMs + 2 * 3_600_000).toISOString();
            if (roll < 0.85) {
              const pain = rnd() < 0.1 ? 3 + Math.floor(rnd() * 6) : Math.floor(rnd() * 3);
              const area = pain > 0 ? AREAS[Math.floor(rnd() * AREAS.length)]! : null;
              checkin.run(
                guildId,
                id,
                userId,
                'completed',
                4 + Math.floor(rnd() * 5),
                40 + Math.floor(rnd() * 40),
                pain,
                area,
                null,
                logged,
                logged,
              );
              checkins++;
              if (pain > 5) {
                const asked = new Date(startMs + 15 * 3_600_000).toISOString();
                const answer = rnd() < 0.3 ? 'not_settled' : rnd() < 0.9 ? 'settled' : null;
                followup.run(guildId, userId, id, pain, asked, answer, answer ? asked : null);
              }
            } else if (roll < 0.93) {
              checkin.run(guildId, id, userId, 'missed', null, null, null, null, 'busy', logged, logged);
              checkins++;
            }
          });
        }
      }
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { assignments, checkins };
}

/**
 * The fleet file for a shape: seeded once into the temp folder (named by seed version, shape and schema;
 * bump the version when the seeding changes) and
 * copied for this run, so each run starts from the same state.
 */
export function fleetFile(shape: FleetShape, log: (line: string) => void = () => undefined): Fleet {
  // The migrations' count and a hash of their text: branches with different migrations of the same number share this cache folder.
  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const digest = createHash('sha256');
  for (const f of files) digest.update(f).update(readFileSync(join(MIGRATIONS_DIR, f)));
  const schema = `${files.length}-${digest.digest('hex').slice(0, 8)}`;
  const cacheDir = join(tmpdir(), 'backline-bench-fleets');
  mkdirSync(cacheDir, { recursive: true });
  const pristine = join(cacheDir, `fleet-v3-${schema}-${shape.teams}x${shape.athletes}x${shape.weeks}.db`);
  let seeded = { assignments: 0, checkins: 0 };
  const t0 = performance.now();
  if (!existsSync(pristine)) {
    const partial = `${pristine}.partial`;
    rmSync(partial, { force: true });
    seeded = seedInto(partial, shape);
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    renameSync(partial, pristine);
    log(
      `seeded ${shape.teams} teams x ${shape.athletes} athletes x ${shape.weeks} weeks: ${seeded.assignments} sessions, ${seeded.checkins} check-ins in ${((performance.now() - t0) / 1000).toFixed(1)} s -> ${pristine}`,
    );
  }
  const dir = join(tmpdir(), `backline-bench-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'fleet.db');
  copyFileSync(pristine, path);
  const guildIds = Array.from({ length: shape.teams }, (_, t) => guildIdOf(t));
  return {
    ...shape,
    path,
    guildIds,
    athleteIds: guildIds.map((_, t) => Array.from({ length: shape.athletes }, (_, i) => athleteIdOf(t, i))),
    today: FLEET_TODAY,
    ...seeded,
    seedMs: performance.now() - t0,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
