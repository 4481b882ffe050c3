import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { createApp, type Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { silentLogger } from '../../src/logger';
import { tempDatabase } from '../support/db';

const GUILD = '900000000000000001';
const OTHER = '900000000000000002';
const COACH = '100000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';

function addSession(app: Runtime, guildId: string, athleteId: string, date: string, at: string): number {
  const p = toPrescription(requireTemplate('glute-ham-emphasis'));
  const [a] = app.assignmentRepo.createMany(
    [
      {
        guildId,
        athleteId,
        templateId: p.templateId,
        title: p.title,
        sessionDate: date,
        plannedStartAt: new Date(at),
        plannedMinutes: 45,
        prescription: p,
        note: 'coach note',
        assignedBy: COACH,
      },
    ],
    new Date(at),
  );
  return a!.id;
}

function addCheckin(app: Runtime, guildId: string, athleteId: string, assignmentId: number, at: string): void {
  app.db
    .prepare(
      `INSERT INTO checkins (guild_id, assignment_id, athlete_id, outcome, rpe, minutes, pain, pain_area, note, source, logged_at, updated_at)
       VALUES (?, ?, ?, 'completed', 6, 40, 2, NULL, 'fine', 'modal', ?, ?)`,
    )
    .run(guildId, assignmentId, athleteId, at, at);
}

const count = (app: Runtime, sql: string, ...params: unknown[]): number =>
  (app.db
    .prepare(sql)
    .pluck()
    .get(...params) as number) ?? 0;

describe('privacy on a real SQLite file', () => {
  let store: ReturnType<typeof tempDatabase>;
  let app: Runtime;
  let clock: ManualClock;

  beforeEach(() => {
    store = tempDatabase();
    clock = new ManualClock('2026-11-23T09:00:00Z'); // Monday
    app = createApp({ db: store.db, clock, logger: silentLogger });
    app.teams.save(
      { guildId: GUILD, timeZone: 'Europe/London', coachRoleId: '1', staffChannelId: '2', fallbackChannelId: '3' },
      clock.now(),
    );
    app.teams.save(
      { guildId: OTHER, timeZone: 'Europe/London', coachRoleId: '4', staffChannelId: '5', fallbackChannelId: null },
      clock.now(),
    );
    app.squadRepo.add(GUILD, ANA, 'Ana', null, clock.now());
    app.squadRepo.add(GUILD, BEN, 'Ben', null, clock.now());
    app.squadRepo.add(OTHER, ANA, 'Ana', null, clock.now());
  });
  afterEach(() => store.cleanup());

  describe('consent', () => {
    it('stores nothing an athlete reports until they agree, and again after they withdraw; the session stays', () => {
      const id = addSession(app, GUILD, ANA, '2026-11-23', '2026-11-23T08:00:00.000Z');
      const values = { rpe: 6, minutes: 40, pain: 2, painArea: null, note: null };

      const unanswered = app.checkins.logCompleted(ANA, id, values, 'modal');
      expect(unanswered).toEqual({ ok: false, message: expect.stringContaining("You haven't agreed to share your data yet") });
      expect(count(app, 'SELECT count(*) FROM checkins')).toBe(0);

      expect(app.privacy.setConsent(GUILD, ANA, 'declined').ok).toBe(true);
      expect(app.checkins.logMissed(ANA, id, 'sick', 'modal')).toEqual({
        ok: false,
        message: expect.stringContaining('You chose not to share your data'),
      });

      expect(app.privacy.setConsent(GUILD, ANA, 'given').ok).toBe(true);
      expect(app.checkins.logCompleted(ANA, id, values, 'modal').ok).toBe(true);
      expect(count(app, 'SELECT count(*) FROM checkins WHERE athlete_id = ?', ANA)).toBe(1);

      expect(app.privacy.setConsent(GUILD, ANA, 'withdrawn').ok).toBe(true);
      const after = app.checkins.logCompleted(ANA, id, { ...values, rpe: 8 }, 'modal');
      expect(after).toEqual({ ok: false, message: expect.stringContaining('You withdrew your consent') });
      expect(count(app, 'SELECT rpe FROM checkins WHERE athlete_id = ?', ANA)).toBe(6);
      // Withdrawing keeps when consent was given.
      expect(app.privacy.consentOf(GUILD, ANA)).toMatchObject({ state: 'withdrawn', givenAt: new Date('2026-11-23T09:00:00Z') });
      // The session itself is still there to be sent and reminded.
      expect(app.assignmentRepo.get(GUILD, id)).toBeDefined();
    });

    it('covers other training, readiness answers and Nordic reps too', () => {
      const team = app.teams.get(GUILD)!;
      const other = app.otherTraining.log({
        team,
        athleteId: ANA,
        type: 'match',
        rpe: 8,
        minutes: 90,
        date: null,
        pain: null,
        source: 'command',
      });
      expect(other).toEqual({ ok: false, message: expect.stringContaining("You haven't agreed to share your data yet") });
      const readiness = app.readiness.answer({
        guildId: GUILD,
        athleteId: ANA,
        date: '2026-11-23',
        answers: { sleep: 5, fatigue: 4, soreness: 3, stress: 5, mood: 6 },
        source: 'command',
      });
      expect(readiness).toEqual({ ok: false, message: expect.stringContaining("You haven't agreed") });
      for (const table of ['other_sessions', 'readiness_answers', 'nordic_logs'])
        expect(count(app, `SELECT count(*) FROM ${table}`), table).toBe(0);
      app.privacy.setConsent(GUILD, ANA, 'given');
      expect(
        app.otherTraining.log({ team, athleteId: ANA, type: 'match', rpe: 8, minutes: 90, date: null, pain: null, source: 'command' }).ok,
      ).toBe(true);
    });

    it('is per team, and staff see "no consent" rather than an error', () => {
      app.privacy.setConsent(GUILD, ANA, 'given');
      app.privacy.setConsent(GUILD, BEN, 'declined');
      expect(app.privacy.consentOf(OTHER, ANA)).toBeNull();
      const labels = app.privacy.consentLabels(GUILD);
      expect(labels.get(ANA)).toEqual({ stored: true, label: 'consent given' });
      expect(labels.get(BEN)).toEqual({ stored: false, label: 'no consent' });
    });

    it('is audited without naming a coach, once per change', () => {
      app.privacy.setConsent(GUILD, ANA, 'given');
      app.privacy.setConsent(GUILD, ANA, 'given');
      app.privacy.setConsent(GUILD, ANA, 'withdrawn');
      expect(app.privacy.auditLog(GUILD, { days: 7 }).map((e) => [e.action, e.actorId, e.athleteId, e.detail])).toEqual([
        ['consent', null, ANA, 'withdrawn'],
        ['consent', null, ANA, 'given'],
      ]);
    });

    it('refuses someone who is not on the squad', () => {
      expect(app.privacy.setConsent(OTHER, BEN, 'given')).toEqual({
        ok: false,
        message: expect.stringContaining("not on this team's squad"),
      });
    });
  });

  describe('audit log', () => {
    it('records assignments, program starts and excusals in the same transaction, with the coach and no health data', () => {
      addSession(app, GUILD, ANA, '2026-11-24', '2026-11-23T09:00:00.000Z');
      app.db
        .prepare(
          `INSERT INTO programs (guild_id, athlete_id, program_key, start_date, training_days, started_by, created_at) VALUES (?, ?, 'nordic-protocol', '2026-11-30', '1,4', ?, ?)`,
        )
        .run(GUILD, BEN, COACH, '2026-11-23T09:00:01.000Z');
      app.excusalRepo.add(
        { guildId: GUILD, athleteId: BEN, fromDate: '2026-11-24', toDate: '2026-11-26', reason: 'injury', createdBy: COACH },
        new Date('2026-11-23T09:00:02.000Z'),
      );
      expect(app.privacy.auditLog(GUILD, { days: 7 }).map((e) => [e.action, e.actorId, e.athleteId, e.detail])).toEqual([
        ['excuse', COACH, BEN, '2026-11-24 to 2026-11-26'],
        ['program_start', COACH, BEN, 'nordic-protocol from 2026-11-30'],
        ['assign', COACH, ANA, 'Glute & hamstring emphasis day on 2026-11-24'],
      ]);
      expect(app.privacy.auditLog(GUILD, { days: 7, athleteId: ANA })).toHaveLength(1);
      clock.set('2026-12-01T09:00:00Z');
      expect(app.privacy.auditLog(GUILD, { days: 7 })).toHaveLength(0);
      expect(app.privacy.auditLog(OTHER, { days: 30 })).toHaveLength(0);
    });
  });

  describe('erasure', () => {
    it('a coach can erase a removed athlete, not one still on the squad; staff are told without content', () => {
      const id = addSession(app, GUILD, BEN, '2026-11-20', '2026-11-20T08:00:00.000Z');
      addCheckin(app, GUILD, BEN, id, '2026-11-20T09:00:00.000Z');
      expect(app.privacy.erase(GUILD, BEN, { coachId: COACH })).toEqual({
        ok: false,
        message: expect.stringContaining('still on the squad'),
      });
      app.squad.remove(GUILD, BEN, clock.now());
      expect(app.privacy.erase(GUILD, BEN, { coachId: COACH })).toEqual({ ok: true, value: { rows: 4 } }); // the session, its check-in, its audit entry, the squad row
      expect(count(app, 'SELECT count(*) FROM assignments WHERE athlete_id = ?', BEN)).toBe(0);
      const [notice] = app.outbox.list(GUILD, { purpose: 'erasure' });
      expect(notice?.body).toEqual({
        type: 'staffNotice',
        notice: { title: 'Athlete data erased', lines: [`<@${COACH}> erased a former athlete's data.`], severity: 'info' },
      });
      expect(app.privacy.auditLog(GUILD, { days: 1 })).toMatchObject([{ action: 'erase', actorId: COACH, athleteId: null }]);
      expect(app.privacy.erase(GUILD, BEN, { coachId: COACH })).toEqual({
        ok: false,
        message: 'Nothing is stored about that person in this team.',
      });
    });
  });

  describe('retention', () => {
    it('deletes check-ins, sessions and their notes on the day they pass the team setting', () => {
      const old = addSession(app, GUILD, ANA, '2024-11-25', '2024-11-25T08:00:00.000Z');
      addCheckin(app, GUILD, ANA, old, '2024-11-25T09:00:00.000Z');
      const recent = addSession(app, GUILD, ANA, '2026-11-20', '2026-11-20T08:00:00.000Z');
      addCheckin(app, GUILD, ANA, recent, '2026-11-20T09:00:00.000Z');
      const otherOld = addSession(app, OTHER, ANA, '2024-11-25', '2024-11-25T08:00:00.000Z');
      app.teamRepo.setRetention(OTHER, 36, clock.now());

      clock.set('2026-11-25T07:59:59Z'); // 24 months after the session's start, one second early
      expect(app.privacy.applyRetention()).toEqual({});
      clock.set('2026-11-25T09:00:01Z');
      expect(app.privacy.applyRetention()).toEqual({ [GUILD]: { checkins: 1, assignments: 1, audit_log: 1 } });
      expect(app.db.prepare('SELECT id FROM assignments WHERE guild_id = ?').pluck().all(GUILD)).toEqual([recent]);
      expect(count(app, 'SELECT count(*) FROM checkins WHERE guild_id = ?', GUILD)).toBe(1);
      // The other team keeps 36 months.
      expect(app.assignmentRepo.get(OTHER, otherOld)).toBeDefined();
    });

    it('ages out removed athletes, their consent and old audit entries', () => {
      app.privacy.setConsent(GUILD, BEN, 'given');
      app.squad.remove(GUILD, BEN, clock.now());
      clock.set('2028-11-24T09:00:00Z');
      expect(app.privacy.applyRetention()[GUILD]).toEqual({ audit_log: 1, athletes: 1, consents: 1 });
      expect(app.privacy.show(GUILD, BEN)).toEqual(
        expect.objectContaining({ ok: true, value: expect.objectContaining({ categories: [] }) }),
      );
    });

    it('the setting is 1 to 120 months and audited', () => {
      expect(app.teams.get(GUILD)!.retentionMonths).toBe(24);
      expect(app.privacy.setRetention(GUILD, COACH, 0)).toEqual({ ok: false, message: expect.stringContaining('1 to 120 months') });
      expect(app.privacy.setRetention(GUILD, COACH, 12)).toEqual({ ok: true, value: { months: 12 } });
      expect(app.teams.get(GUILD)!.retentionMonths).toBe(12);
      expect(app.privacy.auditLog(GUILD, { days: 1 })).toMatchObject([
        { action: 'settings', actorId: COACH, detail: 'retention 12 months' },
      ]);
    });
  });

  describe('the bot leaving a server', () => {
    it('stops what is queued at once and deletes the team on day 30 unless the bot is back', () => {
      const id = addSession(app, GUILD, ANA, '2026-11-24', '2026-11-24T08:00:00.000Z');
      const expiresAt = new Date('2026-11-30T00:00:00Z');
      app.outbox.enqueue(
        {
          guildId: GUILD,
          purpose: 'session',
          target: { to: 'athlete', athleteId: ANA },
          body: { type: 'session', fallbackWhat: 'a session' },
          assignmentId: id,
          expiresAt,
        },
        clock.now(),
      );
      app.outbox.enqueue(
        {
          guildId: OTHER,
          purpose: 'session',
          target: { to: 'athlete', athleteId: ANA },
          body: { type: 'session', fallbackWhat: 'a session' },
          expiresAt,
        },
        clock.now(),
      );

      expect(app.privacy.botLeft(GUILD)).toBe(true);
      expect(app.privacy.botLeft(GUILD)).toBe(false);
      expect(app.outbox.due(clock.now(), 10).map((e) => e.guildId)).toEqual([OTHER]);
      expect(app.teams.get(GUILD)!.leftAt).toBe('2026-11-23T09:00:00.000Z');

      clock.set('2026-12-23T08:59:59Z');
      expect(app.privacy.deleteLeftTeams()).toEqual([]);
      clock.set('2026-12-23T09:00:00Z');
      expect(app.privacy.deleteLeftTeams()).toEqual([GUILD]);
      expect(app.teams.get(GUILD)).toBeUndefined();
      expect(count(app, 'SELECT count(*) FROM assignments WHERE guild_id = ?', GUILD)).toBe(0);
      expect(count(app, 'SELECT count(*) FROM outbox WHERE guild_id = ?', GUILD)).toBe(0);
      expect(count(app, 'SELECT count(*) FROM athletes WHERE guild_id = ?', GUILD)).toBe(0);
      expect(app.squad.get(OTHER, ANA)).toBeDefined();
    });

    it('keeps the data when the bot is added back before day 30', () => {
      app.privacy.botLeft(GUILD);
      clock.set('2026-12-10T09:00:00Z');
      expect(app.privacy.botBack(GUILD)).toBe(true);
      clock.set('2027-02-01T09:00:00Z');
      expect(app.privacy.deleteLeftTeams()).toEqual([]);
      expect(app.squad.get(GUILD, ANA)).toBeDefined();
    });
  });

  describe('a member who leaves the server', () => {
    it('leaves the squad; future sessions are cancelled, history kept, coaches told', () => {
      const past = addSession(app, GUILD, BEN, '2026-11-20', '2026-11-20T08:00:00.000Z');
      addSession(app, GUILD, BEN, '2026-11-25', '2026-11-25T08:00:00.000Z');
      addSession(app, GUILD, BEN, '2026-11-27', '2026-11-27T08:00:00.000Z');
      const result = app.privacy.memberLeft(GUILD, BEN);
      expect(result).toEqual({ ok: true, value: { cancelled: 2 } });
      expect(app.squad.get(GUILD, BEN)).toBeUndefined();
      expect(app.db.prepare('SELECT id FROM assignments WHERE athlete_id = ?').pluck().all(BEN)).toEqual([past]);
      const [note] = app.outbox.list(GUILD, { purpose: 'member_left' });
      expect(note).toMatchObject({
        target: 'coaches',
        body: { type: 'coachNote', text: expect.stringContaining('2 upcoming sessions were cancelled') },
      });
      expect(app.privacy.memberLeft(GUILD, BEN).ok).toBe(false);
    });
  });
});
