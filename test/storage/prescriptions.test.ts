import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase, type Db } from '../../src/db/database';
import { deloadPrescription } from '../../src/domain/adjustments';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { AssignmentRepository, type NewAssignment } from '../../src/repositories/assignments';
import type { Prescription } from '../../src/domain/library/schema';
import { CorrectionRepository } from '../../src/repositories/corrections';
import { tempDatabase } from '../support/db';

const NOW = new Date('2026-11-30T09:00:00.000Z');

function seedTeam(db: Db, guildId: string, athletes: string[]): void {
  db.prepare(
    `INSERT INTO teams (guild_id, time_zone, coach_role_id, staff_channel_id, created_at, updated_at) VALUES (?, 'UTC', '1', '2', 'x', 'x')`,
  ).run(guildId);
  for (const a of athletes)
    db.prepare(`INSERT INTO athletes (guild_id, user_id, display_name, added_at) VALUES (?, ?, ?, 'x')`).run(guildId, a, a);
}

/** Team g's session of `prescription` for `athleteId` on 1 December, as createMany takes it. */
function sessionFor(athleteId: string, prescription: Prescription): NewAssignment {
  return {
    guildId: 'g',
    athleteId,
    templateId: 'glute-ham-emphasis',
    title: prescription.title,
    sessionDate: '2026-12-01',
    plannedStartAt: new Date('2026-12-01T17:00:00.000Z'),
    plannedMinutes: prescription.estimatedMinutes,
    prescription,
    note: null,
    assignedBy: 'coach',
  };
}

describe('the prescriptions migration on a file that already holds assignments', () => {
  it('stores each distinct prescription once per team, points every assignment at it and keeps check-ins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backline-prescriptions-'));
    try {
      const older = mkdtempSync(join(dir, 'older-'));
      const files = readdirSync(MIGRATIONS_DIR)
        .filter((f) => f.endsWith('.sql'))
        .sort();
      const mine = files.findIndex((f) => f.endsWith('_prescriptions_and_load_state.sql'));
      for (const f of files.slice(0, mine)) copyFileSync(join(MIGRATIONS_DIR, f), join(older, f));
      const path = join(dir, 'backline.db');
      let db = openDatabase(path, { migrationsDir: older });
      expect(db.pragma('user_version', { simple: true })).toBe(mine);
      seedTeam(db, 'g1', ['a', 'b']);
      seedTeam(db, 'g2', ['c']);
      const plain = JSON.stringify(toPrescription(requireTemplate('glute-ham-emphasis')));
      const deload = JSON.stringify(deloadPrescription(toPrescription(requireTemplate('glute-ham-emphasis'))));
      const other = JSON.stringify(toPrescription(requireTemplate('nordic-protocol')));
      const insert = db.prepare(
        `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_json, assigned_by, created_at)
         VALUES (?, ?, 't', 'T', ?, 'x', 45, ?, 'coach', 'x')`,
      );
      const rows: [string, string, string, string][] = [
        ['g1', 'a', '2026-11-02', plain],
        ['g1', 'b', '2026-11-02', plain],
        ['g1', 'a', '2026-11-04', deload],
        ['g1', 'b', '2026-11-04', other],
        ['g2', 'c', '2026-11-02', plain],
      ];
      const ids = rows.map((r) => Number(insert.run(...r).lastInsertRowid));
      db.prepare(
        `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, source, logged_at, updated_at)
         VALUES ('g1', ?, 'a', 'completed', 7, 45, 1, 'modal', 'x', 'x')`,
      ).run(ids[0]);
      db.close();

      db = openDatabase(path);
      expect(db.pragma('user_version', { simple: true })).toBe(files.length);
      const columns = db
        .prepare<[], { name: string }>(`SELECT name FROM pragma_table_xinfo('assignments')`)
        .all()
        .map((c) => c.name);
      expect(columns).not.toContain('prescription_json');
      expect(columns).toContain('prescription_id');
      // Three distinct prescriptions in g1, one in g2: the same JSON in two teams is two rows.
      expect(db.prepare(`SELECT guild_id, count(*) AS n FROM prescriptions GROUP BY guild_id ORDER BY guild_id`).all()).toEqual([
        { guild_id: 'g1', n: 3 },
        { guild_id: 'g2', n: 1 },
      ]);
      const after = db
        .prepare<[], { id: number; guild_id: string; json: string; adjustment: string | null; pid: number }>(
          `SELECT a.id, a.guild_id, p.json, a.adjustment, a.prescription_id AS pid FROM assignments a JOIN prescriptions p ON p.id = a.prescription_id ORDER BY a.id`,
        )
        .all();
      expect(after.map((r) => r.json)).toEqual(rows.map((r) => r[3]));
      expect(after.map((r) => r.adjustment)).toEqual([null, null, 'deload', null, null]);
      expect(after[0]!.pid).toBe(after[1]!.pid);
      expect(after[4]!.pid).not.toBe(after[0]!.pid);
      // The tick's deload index is back, and the check-in survived the column drops.
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'assignments_by_adjustment'`).get()).toBeDefined();
      expect(db.prepare('SELECT count(*) AS n FROM checkins').get()).toEqual({ n: 1 });
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const repo = new AssignmentRepository(db);
      expect(repo.get('g1', ids[2]!)!.prescription).toEqual(JSON.parse(deload));
      expect(repo.get('g1', ids[0]!)!.checkin?.rpe).toBe(7);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('prescriptions stored once', () => {
  it('two assignments of the same prescription share one row; a swap for one athlete adds a second', () => {
    const { db, cleanup } = tempDatabase();
    try {
      seedTeam(db, 'g', ['a', 'b']);
      const repo = new AssignmentRepository(db);
      const prescription = toPrescription(requireTemplate('glute-ham-emphasis'));
      const made = repo.createMany(
        ['a', 'b'].map((athleteId) => sessionFor(athleteId, prescription)),
        NOW,
      );
      expect(db.prepare('SELECT count(*) AS n FROM prescriptions').get()).toEqual({ n: 1 });
      const pids = db.prepare<[], { prescription_id: number }>('SELECT prescription_id FROM assignments ORDER BY id').all();
      expect(pids[0]!.prescription_id).toBe(pids[1]!.prescription_id);
      // Read back equal to what was written, one parsed object shared (and frozen, so no reader can change it for the other).
      const [x, y] = made;
      expect(x!.prescription).toEqual(prescription);
      expect(repo.get('g', y!.id)!.prescription).toBe(x!.prescription);
      expect(Object.isFrozen(x!.prescription.exercises[0])).toBe(true);

      const first = prescription.exercises[0]!;
      const swapped = { ...prescription, exercises: [{ ...first, name: `${first.name} (swapped)` }, ...prescription.exercises.slice(1)] };
      expect(
        new CorrectionRepository(db).swap(
          'g',
          y!.id,
          { from: first.exerciseId, to: first.exerciseId, prescription: swapped },
          'coach',
          NOW,
        ),
      ).toBe(true);
      expect(db.prepare('SELECT count(*) AS n FROM prescriptions').get()).toEqual({ n: 2 });
      expect(repo.get('g', y!.id)!.prescription.exercises[0]!.name).toBe(`${first.name} (swapped)`);
      expect(repo.get('g', x!.id)!.prescription).toEqual(prescription);
    } finally {
      cleanup();
    }
  });

  it('a deloaded prescription marks its assignments as a deload for the tick, and an assignment needs a prescription', () => {
    const { db, cleanup } = tempDatabase();
    try {
      seedTeam(db, 'g', ['a']);
      const repo = new AssignmentRepository(db);
      const prescription = deloadPrescription(toPrescription(requireTemplate('glute-ham-emphasis')));
      const [made] = repo.createMany([sessionFor('a', prescription)], NOW);
      expect(db.prepare('SELECT adjustment FROM assignments WHERE id = ?').get(made!.id)).toEqual({ adjustment: 'deload' });
      expect(() =>
        db
          .prepare(
            `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, assigned_by, created_at)
             VALUES ('g', 'a', 't', 'T', '2026-12-02', 'x', 45, 'coach', 'x')`,
          )
          .run(),
      ).toThrow(/prescription_id is required/);
    } finally {
      cleanup();
    }
  });
});
