import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { columnRole, looksLikePersonColumn } from '../../src/domain/privacy';
import { silentLogger } from '../../src/logger';
import { schemaTables } from '../../src/repositories/privacy';
import { tempDatabase } from '../support/db';

/**
 * Erasure is complete by construction: the tables and columns come from the migrated schema,
 * not from a list kept by hand. The rule (migrations/0009_privacy.sql, src/domain/privacy.ts):
 *   subject columns athlete_id, user_id, subject: the row is about that person and is erased;
 *   actor columns *_by, actor_id: who did it (staff), kept;
 *   any other column whose name sounds like a person (user, member, author, ...) fails here.
 * Every table with a subject column must be seeded below for the athlete (the test says which
 * is missing), and after erasure no cell of the team may still contain the athlete's id.
 */

const GUILD = '900000000000000001';
const OTHER_GUILD = '900000000000000002';
const COACH = '100000000000000001';
const ERASED = '200000000000000001';
const KEPT = '200000000000000002';

type Row = Record<string, unknown>;

function seedPerson(app: Runtime, guildId: string, userId: string, now: Date): void {
  const db = app.db;
  const at = now.toISOString();
  app.squadRepo.add(guildId, userId, `Athlete ${userId.slice(-2)}`, 'sprinters', now);
  app.db
    .prepare(`INSERT INTO consents (guild_id, athlete_id, state, changed_at, given_at) VALUES (?, ?, 'given', ?, ?)`)
    .run(guildId, userId, at, at);
  db.prepare(`INSERT OR IGNORE INTO prescriptions (guild_id, json) VALUES (?, '{}')`).run(guildId);
  const prescription = db
    .prepare<[string], { id: number }>(`SELECT id FROM prescriptions WHERE guild_id = ? AND json = '{}'`)
    .get(guildId)!.id;
  const assignment = Number(
    db
      .prepare(
        `INSERT INTO assignments (guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_id, note, assigned_by, created_at)
         VALUES (?, ?, 'nordic', 'Nordics', '2026-11-20', '2026-11-20T17:00:00.000Z', 45, ?, 'easy week', ?, ?)`,
      )
      .run(guildId, userId, prescription, COACH, at).lastInsertRowid,
  );
  db.prepare(
    `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, note, source, logged_at, updated_at)
     VALUES (?, ?, ?, 'completed', 7, 45, 6, 'hamstring', 'tight', 'modal', ?, ?)`,
  ).run(guildId, assignment, userId, at, at);
  db.prepare(
    `INSERT INTO programs (guild_id, athlete_id, program_key, start_date, training_days, started_by, created_at) VALUES (?, ?, 'nordic', '2026-11-16', '1,4', ?, ?)`,
  ).run(guildId, userId, COACH, at);
  db.prepare(
    `INSERT INTO excusals (guild_id, athlete_id, from_date, to_date, reason, created_by, created_at) VALUES (?, ?, '2026-11-24', '2026-11-25', 'illness', ?, ?)`,
  ).run(guildId, userId, COACH, at);
  db.prepare(`INSERT INTO pain_followups (guild_id, athlete_id, assignment_id, pain, asked_at) VALUES (?, ?, ?, 6, ?)`).run(
    guildId,
    userId,
    assignment,
    at,
  );
  // The digest's EWMA state (migration 0015): derived from the athlete's loads, so it is theirs.
  db.prepare(
    `INSERT INTO ewma_states (guild_id, athlete_id, start_date, through_date, acute, chronic) VALUES (?, ?, '2026-11-02', '2026-11-15', 210.5, 180.25)`,
  ).run(guildId, userId);
  db.prepare(
    `INSERT INTO session_adjustments (guild_id, athlete_id, assignment_id, reason, original_prescription_json, created_at) VALUES (?, ?, ?, 'not_settled', '{}', ?)`,
  ).run(guildId, userId, assignment, at);
  db.prepare(
    `INSERT INTO notifications (kind, guild_id, subject, slot, due_at, status) VALUES ('session_reminder', ?, ?, ?, ?, 'sent')`,
  ).run(guildId, userId, `assignment:${assignment}`, at);
  const expiresAt = new Date(now.getTime() + 86_400_000);
  app.outbox.enqueue(
    {
      guildId,
      purpose: 'checkin_prompt',
      target: { to: 'athlete', athleteId: userId },
      body: { type: 'notice', notice: { text: 'How did it go?' }, fallbackWhat: 'a session to log' },
      expiresAt,
    },
    now,
  );
  // A staff message about the athlete names them only in its text.
  app.outbox.enqueue(
    {
      guildId,
      purpose: 'pain_flag',
      target: { to: 'staff' },
      body: { type: 'staffNotice', notice: { title: 'Pain flag', lines: [`<@${userId}> reported pain 6`], severity: 'alert' } },
      expiresAt,
    },
    now,
  );
  // Issue 13's tables: other training, readiness answers, Nordic reps.
  db.prepare(
    `INSERT INTO other_sessions (guild_id, athlete_id, type, session_date, rpe, minutes, pain, source, logged_by, created_at) VALUES (?, ?, 'match', '2026-11-21', 8, 90, 3, 'command', ?, ?)`,
  ).run(guildId, userId, userId, at);
  db.prepare(
    `INSERT INTO readiness_answers (guild_id, athlete_id, answer_date, sleep, fatigue, soreness, stress, mood, assignment_id, source, answered_at) VALUES (?, ?, '2026-11-20', 5, 4, 3, 5, 6, ?, 'buttons', ?)`,
  ).run(guildId, userId, assignment, at);
  db.prepare(
    `INSERT INTO nordic_logs (guild_id, athlete_id, assignment_id, reps_json, quality, logged_at) VALUES (?, ?, ?, '[5,5,3]', 'partial', ?)`,
  ).run(guildId, userId, assignment, at);
  // Issue 9's check-in conversation: a half-answered DM reply (one per athlete across teams: the first team seeded keeps it).
  db.prepare(
    `INSERT OR IGNORE INTO checkin_drafts (guild_id, athlete_id, assignment_id, draft_json, created_at, updated_at, expires_at) VALUES (?, ?, ?, '{"rpe":7}', ?, ?, ?)`,
  ).run(guildId, userId, assignment, at, at, at);
  db.prepare(
    `INSERT INTO interactions_seen (interaction_id, guild_id, user_id, what, seen_at, payload) VALUES (?, ?, ?, 'command', ?, '{"rpe":7}'), (?, NULL, ?, 'button', ?, NULL)`,
  ).run(`i-${guildId}-${userId}`, guildId, userId, at, `dm-${guildId}-${userId}`, userId, at);
  db.prepare(`INSERT INTO audit_log (guild_id, actor_id, action, athlete_id, detail, at) VALUES (?, ?, 'assign', ?, 'Nordics', ?)`).run(
    guildId,
    COACH,
    userId,
    at,
  );
  // Issue 12's tables: a per-athlete exercise swap and the record of a check-in deleted in error.
  db.prepare(
    `INSERT INTO assignment_swaps (guild_id, assignment_id, athlete_id, from_exercise_id, to_exercise_id, created_by, created_at) VALUES (?, ?, ?, 'nordic-curl', 'ball-curl', ?, ?)`,
  ).run(guildId, assignment, userId, COACH, at);
  db.prepare(`INSERT INTO checkin_deletions (guild_id, assignment_id, athlete_id, deleted_by, deleted_at) VALUES (?, ?, ?, ?, ?)`).run(
    guildId,
    assignment,
    userId,
    COACH,
    at,
  );
}

function dump(app: Runtime): Map<string, Row[]> {
  return new Map(schemaTables(app.db).map(({ table }) => [table, app.db.prepare<[], Row>(`SELECT * FROM "${table}"`).all()]));
}

/** Rows of this team, or of no team (a DM's interaction record), mentioning the person. */
const theirs = (row: Row, id: string): boolean => (row.guild_id === GUILD || row.guild_id === null) && mentions(row, id);
const mentions = (row: Row, id: string): boolean =>
  Object.values(row).some((v) => (typeof v === 'string' || typeof v === 'number') && String(v).includes(id));
const key = (table: string, row: Row): string => `${table}:${JSON.stringify(row)}`;

describe('erasure is complete by construction', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-27T09:00:00Z');
    app = createApp({ db: store.db, clock, logger: silentLogger });
    app.teams.save(
      { guildId: GUILD, timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    app.teams.save(
      { guildId: OTHER_GUILD, timeZone: 'Europe/London', coachRoleId: '4', staffChannelId: '5', fallbackChannelId: null },
      clock.now(),
    );
  });
  afterEach(() => store.cleanup());

  it('every column that sounds like a person follows the subject/actor naming rule', () => {
    const unclassified = schemaTables(app.db).flatMap(({ table, columns }) =>
      columns.filter(looksLikePersonColumn).map((c) => `${table}.${c}`),
    );
    expect(unclassified, 'name these athlete_id/user_id/subject (erased) or *_by/actor_id (staff)').toEqual([]);
    // Every table with a subject column is scoped to a team.
    for (const { table, columns } of schemaTables(app.db)) {
      if (columns.some((c) => columnRole(c) === 'subject')) expect(columns, `${table} needs guild_id`).toContain('guild_id');
    }
  });

  it("seeds every table that holds people, erases one athlete's rows in one team and nothing else", () => {
    seedPerson(app, GUILD, ERASED, clock.now());
    seedPerson(app, GUILD, KEPT, clock.now());
    seedPerson(app, OTHER_GUILD, ERASED, clock.now());

    const personTables = schemaTables(app.db).filter(({ columns }) => columns.some((c) => columnRole(c) === 'subject'));
    expect(personTables.length).toBeGreaterThanOrEqual(12);
    const stored = app.privacy.show(GUILD, ERASED);
    if (!stored.ok) throw new Error(stored.message);
    const seeded = new Set(stored.value.categories.map((c) => c.table));
    for (const { table } of personTables) expect(seeded.has(table), `seed a row of ${table} in seedPerson()`).toBe(true);

    const counts = (guildId: string, id: string) => {
      const shown = app.privacy.show(guildId, id);
      return shown.ok ? shown.value.categories : shown.message;
    };
    const keptBefore = counts(GUILD, KEPT);
    const otherTeamBefore = counts(OTHER_GUILD, ERASED);
    const before = dump(app);
    clock.advance(60_000);
    const erased = app.privacy.erase(GUILD, ERASED, null);
    expect(erased.ok).toBe(true);
    const after = dump(app);

    const leftAbout = [...after].flatMap(([table, rows]) => rows.filter((r) => theirs(r, ERASED)).map((r) => key(table, r)));
    expect(leftAbout).toEqual([]);

    // Everything that was not about the erased athlete in this team is still there, unchanged.
    const afterKeys = new Set([...after].flatMap(([table, rows]) => rows.map((r) => key(table, r))));
    const shouldStay = [...before].flatMap(([table, rows]) => rows.filter((r) => !theirs(r, ERASED)).map((r) => key(table, r)));
    expect(shouldStay.filter((k) => !afterKeys.has(k))).toEqual([]);
    expect(counts(GUILD, KEPT)).toEqual(keptBefore);
    // The other team keeps everything of theirs; only the guild-less (DM) records went with the erasure.
    const guildless = before.get('interactions_seen')!.filter((r) => r.guild_id === null && mentions(r, ERASED)).length;
    expect(guildless).toBe(2);
    expect(counts(OTHER_GUILD, ERASED)).toEqual(
      (otherTeamBefore as { table: string; what: string; rows: number }[]).map((c) =>
        c.table === 'interactions_seen' ? { ...c, rows: c.rows - guildless } : c,
      ),
    );
    expect(counts(GUILD, ERASED)).toEqual([]);

    // The only new rows: the audit entry and the staff notice, neither naming the athlete.
    const beforeKeys = new Set([...before].flatMap(([table, rows]) => rows.map((r) => key(table, r))));
    const added = [...after].flatMap(([table, rows]) => rows.filter((r) => !beforeKeys.has(key(table, r))).map((r) => ({ table, r })));
    expect(added.map((a) => a.table).sort()).toEqual(['audit_log', 'outbox']);
    expect(added.every(({ r }) => !mentions(r, ERASED))).toBe(true);
    const notice = app.outbox.list(GUILD, { purpose: 'erasure' });
    expect(notice).toHaveLength(1);
    expect(notice[0]!.target).toBe('staff');
  });

  it('the export holds exactly the rows /privacy show counts', () => {
    seedPerson(app, GUILD, ERASED, clock.now());
    seedPerson(app, GUILD, KEPT, clock.now());
    const shown = app.privacy.show(GUILD, ERASED);
    const exported = app.privacy.export(GUILD, ERASED);
    if (!shown.ok || !exported.ok) throw new Error('refused');
    const data = (JSON.parse(exported.value.json) as { data: Record<string, Row[]> }).data;
    expect(Object.fromEntries(Object.entries(data).map(([t, rows]) => [t, rows.length]))).toEqual(
      Object.fromEntries(shown.value.categories.map((c) => [c.table, c.rows])),
    );
    // Nothing of the other athlete is in it.
    expect(exported.value.json).not.toContain(KEPT);
    expect(exported.value.csv).not.toContain(KEPT);
    // The CSV carries the same cells: one line per field of each row, plus the header.
    const cells = Object.values(data).reduce((n, rows) => n + rows.reduce((m, r) => m + Object.keys(r).length, 0), 0);
    expect(exported.value.csv.trim().split('\n').length).toBeGreaterThanOrEqual(cells + 1);
    expect(exported.value.csv).toContain('checkins,1,pain,6');
  });
});

describe('the naming rule catches new tables', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  const clock = new ManualClock('2026-11-27T09:00:00Z');

  beforeEach(() => {
    store = tempDatabase();
    app = createApp({ db: store.db, clock, logger: silentLogger });
    app.teams.save(
      { guildId: GUILD, timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
  });
  afterEach(() => store.cleanup());

  it('flags a person column named outside the rule', () => {
    app.db.exec('CREATE TABLE injuries (guild_id TEXT NOT NULL, member_id TEXT NOT NULL, logged_by TEXT)');
    const flagged = schemaTables(app.db).flatMap(({ table, columns }) => columns.filter(looksLikePersonColumn).map((c) => `${table}.${c}`));
    expect(flagged).toEqual(['injuries.member_id']);
  });

  it('shows, exports and erases a new table with an athlete_id column without any change to erasure', () => {
    app.db.exec('CREATE TABLE readiness (guild_id TEXT NOT NULL, athlete_id TEXT NOT NULL, sleep INTEGER)');
    app.squadRepo.add(GUILD, ERASED, 'Ana', null, clock.now());
    app.db.prepare('INSERT INTO readiness VALUES (?, ?, 3), (?, ?, 4)').run(GUILD, ERASED, GUILD, KEPT);
    const shown = app.privacy.show(GUILD, ERASED);
    expect(shown.ok && shown.value.categories.find((c) => c.table === 'readiness')).toEqual({
      table: 'readiness',
      what: 'readiness',
      rows: 1,
    });
    expect(app.privacy.erase(GUILD, ERASED, null).ok).toBe(true);
    expect(app.db.prepare('SELECT athlete_id FROM readiness').all()).toEqual([{ athlete_id: KEPT }]);
  });

  it('refuses to start on a person table without guild_id', () => {
    app.db.exec('CREATE TABLE stray (user_id TEXT)');
    expect(() => app.privacy.show(GUILD, ERASED)).toThrow(/stray holds people .* no guild_id/);
  });
});
