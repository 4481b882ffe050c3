import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, MIGRATIONS_DIR, openDatabase } from '../../src/db/database';
import { silentLogger } from '../../src/logger';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';

const COACH = '100000000000000001';
const ANA = '200000000000000001';

describe('the DM check-in conversation on a real SQLite file', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;
  let team: Team;

  const checkinRows = () => store.db.prepare('SELECT rpe, pain, minutes, pain_area, pain_side, note, source FROM checkins').all();
  const draftCount = () => (store.db.prepare('SELECT count(*) AS n FROM checkin_drafts').get() as { n: number }).n;
  async function assign(date?: string): Promise<number> {
    const result = await app.assignments.assign({
      team,
      coachId: COACH,
      templateId: 'glute-ham-emphasis',
      target: { athleteId: ANA },
      ...(date ? { date } : {}),
    });
    if (!result.ok) throw new Error(result.message);
    return result.value.assignments[0]!.id;
  }

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-23T18:30:00Z'); // Monday evening in London
    app = createApp({ db: store.db, clock, logger: silentLogger });
    team = app.teams.save(
      { guildId: '900000000000000001', timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    app.squadRepo.add(team.guildId, ANA, 'Ana', 'sprinters', clock.now());
    app.privacy.setConsent(team.guildId, ANA, 'given');
  });
  afterEach(() => store.cleanup());

  it('answers to its questions fill the missing values; nothing is stored until all are known', async () => {
    await assign();
    expect(app.checkinReplies.reply(ANA, '8 45')).toMatchObject({
      kind: 'question',
      text: expect.stringContaining('Was 8 your effort (RPE) or your pain?'),
      choices: ['rpe', 'pain'],
    });
    expect(checkinRows()).toEqual([]);
    expect(app.checkinReplies.reply(ANA, 'rpe')).toMatchObject({ kind: 'question', text: 'Got RPE 8, 45 min. What was your pain (0-10)?' });
    expect(checkinRows()).toEqual([]);
    const done = app.checkinReplies.reply(ANA, '2');
    expect(done).toMatchObject({ kind: 'logged', logged: { values: { rpe: 8, pain: 2, minutes: 45 }, loadAu: 360 } });
    expect(checkinRows()).toEqual([{ rpe: 8, pain: 2, minutes: 45, pain_area: null, pain_side: null, note: null, source: 'dm_reply' }]);
    expect(draftCount()).toBe(0);
  });

  it('the draft survives a restart', async () => {
    await assign();
    app.checkinReplies.reply(ANA, 'rpe 7, left calf sore 3');
    store.db.close();
    const db = openDatabase(store.path);
    const restarted = createApp({ db, clock, logger: silentLogger });
    expect(restarted.checkinReplies.reply(ANA, '50')).toMatchObject({
      kind: 'logged',
      logged: { values: { rpe: 7, pain: 3, minutes: 50, painArea: 'calf', painSide: 'left' } },
    });
    expect(db.prepare('SELECT pain_area, pain_side FROM checkins').get()).toEqual({ pain_area: 'calf', pain_side: 'left' });
    db.close();
  });

  it('a new full reply replaces the draft', async () => {
    await assign();
    app.checkinReplies.reply(ANA, '8 45');
    expect(app.checkinReplies.reply(ANA, '6 1 30')).toMatchObject({ kind: 'logged', logged: { values: { rpe: 6, pain: 1, minutes: 30 } } });
  });

  it('expires after 12 hours with nothing stored', async () => {
    await assign();
    app.checkinReplies.reply(ANA, 'rpe 7 pain 2');
    clock.advance(12 * 3_600_000 - 60_000);
    expect(draftCount()).toBe(1);
    clock.advance(60_000);
    // The old half-answer is gone: a bare number alone is now a fresh, ambiguous reply.
    expect(app.checkinReplies.reply(ANA, '45')).toMatchObject({
      kind: 'question',
      text: expect.stringContaining('Got 45 min. What was your effort (RPE, 0-10) and your pain (0-10)?'),
    });
    expect(checkinRows()).toEqual([]);
    expect(store.db.prepare('SELECT draft_json FROM checkin_drafts').pluck().get()).not.toContain('"rpe":7');
  });

  it('an out-of-range value is named and the conversation keeps what it had', async () => {
    await assign();
    app.checkinReplies.reply(ANA, 'rpe 7 45 min');
    expect(app.checkinReplies.reply(ANA, '12')).toEqual({
      kind: 'message',
      text: expect.stringMatching(/^Pain is a whole number from 0 \(none\) to 10 \(worst\), so I can't take 12/),
    });
    expect(app.checkinReplies.reply(ANA, 'thanks')).toMatchObject({
      kind: 'message',
      text: expect.stringContaining('I still need your pain (0-10)'),
    });
    expect(app.checkinReplies.reply(ANA, 'no pain')).toMatchObject({
      kind: 'logged',
      logged: { values: { rpe: 7, pain: 0, minutes: 45 } },
    });
  });

  it('corrects a logged check-in by DM, shows before and after, and tells staff when pain crosses the limit', async () => {
    const id = await assign();
    app.checkinReplies.reply(ANA, '7 2 45');
    const corrected = app.checkinReplies.reply(ANA, 'sorry, pain was 7 not 2');
    expect(corrected).toMatchObject({
      kind: 'corrected',
      before: { pain: 2 },
      logged: { values: { rpe: 7, pain: 7, minutes: 45 }, painFlag: true },
      crossed: 'above',
    });
    expect(checkinRows()).toEqual([expect.objectContaining({ rpe: 7, pain: 7, minutes: 45 })]);
    const flags = app.outbox.list(team.guildId, { purpose: 'pain_flag' });
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      target: 'staff',
      assignmentId: id,
      body: { type: 'staffReport', report: 'pain_flag', athleteId: ANA, pain: 7, painLimit: 5 },
    });

    expect(app.checkinReplies.reply(ANA, 'change pain to 3')).toMatchObject({ kind: 'corrected', crossed: 'below' });
    const kinds = app.outbox
      .list(team.guildId, { purpose: 'pain_flag' })
      .map((m) => (m.body.type === 'staffNotice' ? m.body.notice.title : m.body.type));
    expect(kinds.sort()).toEqual(['Pain flag withdrawn', 'staffReport']);
    expect(app.checkinReplies.reply(ANA, 'change rpe to 6')).toMatchObject({
      kind: 'corrected',
      crossed: null,
      logged: { values: { rpe: 6, pain: 3 } },
    });
    expect(app.outbox.list(team.guildId, { purpose: 'pain_flag' })).toHaveLength(2);
  });

  it('refuses a correction outside the 14-day window', async () => {
    await assign();
    app.checkinReplies.reply(ANA, '7 2 45');
    clock.advance(15 * 86_400_000);
    expect(app.checkinReplies.reply(ANA, 'pain was 4')).toMatchObject({
      kind: 'message',
      text: expect.stringContaining("I don't have a session waiting"),
    });
    expect(checkinRows()).toEqual([expect.objectContaining({ pain: 2 })]);
  });

  it('with two sessions waiting, a complete reply asks which one, storing nothing', async () => {
    await assign('yesterday');
    await assign();
    expect(app.checkinReplies.reply(ANA, '7 2 45')).toMatchObject({ kind: 'pick', values: { rpe: 7, pain: 2, minutes: 45 } });
    expect(checkinRows()).toEqual([]);
  });

  it('the picked session is logged with everything the reply said, side and note included', async () => {
    const yesterday = await assign('yesterday');
    await assign();
    expect(app.checkinReplies.reply(ANA, 'rpe 7, left calf sore 3, 45 min, felt tight on the hills')).toMatchObject({ kind: 'pick' });
    expect(app.checkinReplies.logPicked(ANA, yesterday)).toMatchObject({ kind: 'logged', logged: { assignment: { id: yesterday } } });
    expect(checkinRows()).toEqual([
      {
        rpe: 7,
        pain: 3,
        minutes: 45,
        pain_area: 'calf',
        pain_side: 'left',
        note: 'rpe 7, left calf sore 3, 45 min, felt tight on the hills',
        source: 'dm_reply',
      },
    ]);
    expect(draftCount()).toBe(0);
    // Nothing left to pick from: the button falls back to its own numbers.
    expect(app.checkinReplies.logPicked(ANA, yesterday)).toBeUndefined();
  });

  it('edits the DM card after logging, through the outbox in the same transaction', async () => {
    const id = await assign();
    app.checkinReplies.reply(ANA, '7 2 45');
    expect(app.outbox.list(team.guildId, { purpose: 'session_card_update' })).toEqual([
      expect.objectContaining({ target: 'athlete', athleteId: ANA, assignmentId: id, body: { type: 'sessionCardUpdate' } }),
    ]);
  });

  it('asks before "couldn\'t train" replaces a completed check-in', async () => {
    const id = await assign();
    app.checkinReplies.reply(ANA, '7 2 45');
    expect(app.checkins.logMissed(ANA, id, 'ill', 'modal')).toMatchObject({
      ok: false,
      needsConfirmation: true,
      message: expect.stringContaining('Replace that with "couldn\'t train"?'),
    });
    expect(checkinRows()).toEqual([expect.objectContaining({ rpe: 7 })]);
    expect(app.checkins.logMissed(ANA, id, 'ill', 'modal', { confirmReplace: true })).toMatchObject({
      ok: true,
      value: { replaced: true },
    });
  });
});

describe('the check-ins table rebuilt for the new areas', () => {
  it('still holds check-ins written with the old area values, and refuses an unknown area', () => {
    const { db, cleanup } = tempDatabase();
    db.prepare(
      "INSERT INTO teams (guild_id, time_zone, coach_role_id, staff_channel_id, created_at, updated_at) VALUES ('g', 'UTC', '1', '2', 'x', 'x')",
    ).run();
    db.prepare("INSERT INTO athletes (guild_id, user_id, display_name, added_at) VALUES ('g', 'a', 'A', 'x')").run();
    db.prepare("INSERT INTO prescriptions (id, guild_id, json) VALUES (1, 'g', '{}')").run();
    db.prepare(
      "INSERT INTO assignments (id, guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_id, assigned_by, created_at) VALUES (1, 'g', 'a', 't', 'T', '2026-11-23', 'x', 60, 1, 'c', 'x')",
    ).run();
    const insert = db.prepare(
      "INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, pain_side, source, logged_at, updated_at) VALUES ('g', 1, 'a', 'completed', 7, 60, 3, ?, ?, 'modal', 'x', 'x')",
    );
    expect(() => insert.run('shoulder', null)).toThrow(/CHECK constraint/);
    expect(() => insert.run(null, 'left')).toThrow(/CHECK constraint/);
    insert.run('lower_back', 'left');
    expect(db.prepare('SELECT pain_area, pain_side, load_au FROM checkins').get()).toEqual({
      pain_area: 'lower_back',
      pain_side: 'left',
      load_au: 420,
    });
    cleanup();
  });
});

describe('upgrading a database that already holds check-ins', () => {
  it('keeps every check-in as it was, readable with the new areas and sides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'backline-upgrade-'));
    const before = join(dir, 'before');
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const mine = files.find((f) => f.includes('checkin_conversation'))!;
    const older = mkdtempSync(join(dir, 'older-'));
    for (const f of files.slice(0, files.indexOf(mine))) copyFileSync(join(MIGRATIONS_DIR, f), join(older, f));
    const db = openDatabase(join(before, 'backline.db'), { migrationsDir: older });
    db.prepare(
      "INSERT INTO teams (guild_id, time_zone, coach_role_id, staff_channel_id, created_at, updated_at) VALUES ('g', 'UTC', '1', '2', 'x', 'x')",
    ).run();
    db.prepare("INSERT INTO athletes (guild_id, user_id, display_name, added_at) VALUES ('g', 'a', 'A', 'x')").run();
    for (const id of [1, 2]) {
      db.prepare(
        "INSERT INTO assignments (id, guild_id, athlete_id, template_id, title, session_date, planned_start_at, planned_minutes, prescription_json, assigned_by, created_at) VALUES (?, 'g', 'a', 't', 'T', '2026-11-23', 'x', 60, '{}', 'c', 'x')",
      ).run(id);
    }
    db.prepare(
      "INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, note, source, logged_at, updated_at) VALUES ('g', 1, 'a', 'completed', 7, 45, 3, 'lower_back', 'tight', 'modal', 'x', 'y')",
    ).run();
    db.prepare(
      "INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, missed_reason, source, logged_at, updated_at) VALUES ('g', 2, 'a', 'missed', 'ill', 'dm_reply', 'x', 'y')",
    ).run();
    const rowsBefore = db.prepare('SELECT * FROM checkins ORDER BY id').all();
    expect(migrate(db, MIGRATIONS_DIR)).toEqual(files.slice(files.indexOf(mine)).map((f) => Number(f.slice(0, 4))));
    const rowsAfter = db.prepare('SELECT * FROM checkins ORDER BY id').all() as Record<string, unknown>[];
    expect(rowsAfter.map((r) => r.pain_side)).toEqual([null, null]);
    expect(rowsAfter.map(({ pain_side: _side, ...rest }) => rest)).toEqual(rowsBefore);
    expect(db.prepare("SELECT date_order FROM teams WHERE guild_id = 'g'").pluck().get()).toBe('day_first');
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
