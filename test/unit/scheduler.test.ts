import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { zonedInstant } from '../../src/domain/time';
import type { Team } from '../../src/repositories/teams';
import type { DueNotification, ScheduledJob } from '../../src/scheduler/job';
import { checkinNudgeJob } from '../../src/scheduler/jobs/checkinNudge';
import { checkinPromptJob } from '../../src/scheduler/jobs/checkinPrompt';
import { deloadHeadsUpJob, deloadStaffJob, deloadStartJob } from '../../src/scheduler/jobs/deload';
import { mobilityReminderJob } from '../../src/scheduler/jobs/mobility';
import { painFollowupJob } from '../../src/scheduler/jobs/painFollowup';
import { sessionDeliveryJob } from '../../src/scheduler/jobs/sessionDelivery';
import { sessionReminderJob } from '../../src/scheduler/jobs/sessionReminder';
import { nonceFor } from '../../src/outbox/outbox';
import { notificationKey } from '../../src/scheduler/job';
import { addAssigned, addAthlete, addProgram, FakeCourier, makeApp, schedulerFor, seedTeam } from '../support/schedulerHarness';

const T0 = new Date('2026-01-01T00:00:00Z');
const FAR_PAST = new Date('2025-06-01T00:00:00Z');
const FAR_FUTURE = new Date('2027-06-01T00:00:00Z');
const ATHLETE = '200000000000000001';

/** Everything a job would ever find due, keyed by the session's local date. */
function allDue(job: ScheduledJob, app: Runtime): DueNotification[] {
  return job.due(app, FAR_FUTURE, FAR_PAST);
}

function dueByDate(job: ScheduledJob, app: Runtime): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of allDue(job, app)) {
    const id = Number(n.slot.split(':')[1]);
    out.set(app.assignmentRepo.get(n.guildId, id)!.sessionDate, n.dueAt.toISOString());
  }
  return out;
}

let db: Db;
let clock: ManualClock;
let messenger: FakeCourier;
let app: Runtime;

beforeEach(() => {
  db = openDatabase(':memory:');
  clock = new ManualClock(T0);
  messenger = new FakeCourier(clock);
  app = makeApp(db, clock, messenger);
});
afterEach(() => db.close());

function team(guildId: string, timeZone: string, reminderTime = '08:00'): Team {
  const t = seedTeam(app, { guildId, timeZone, reminderTime }, T0);
  addAthlete(app, guildId, ATHLETE, T0);
  return t;
}

/** A program with a session every day for two weeks from `monday`. */
function everyDay(t: Team, monday: string): void {
  addProgram(app, {
    team: t,
    athleteId: ATHLETE,
    startMonday: monday,
    weeks: 2,
    trainingDays: [1, 2, 3, 4, 5, 6, 7],
    mobilityDay: null,
    deloadWeeks: [],
    createdAt: T0,
  });
}

describe('morning delivery at the team reminder time, DST-safe', () => {
  it.each([
    // zone, a Monday before the change, [local date, expected UTC instant of 08:00 local]
    [
      'Europe/London',
      '2026-03-23',
      [
        ['2026-03-28', '2026-03-28T08:00:00.000Z'],
        ['2026-03-29', '2026-03-29T07:00:00.000Z'],
      ],
    ],
    [
      'Europe/London',
      '2026-10-19',
      [
        ['2026-10-24', '2026-10-24T07:00:00.000Z'],
        ['2026-10-25', '2026-10-25T08:00:00.000Z'],
      ],
    ],
    [
      'America/New_York',
      '2026-03-02',
      [
        ['2026-03-07', '2026-03-07T13:00:00.000Z'],
        ['2026-03-08', '2026-03-08T12:00:00.000Z'],
      ],
    ],
    [
      'America/New_York',
      '2026-10-26',
      [
        ['2026-10-31', '2026-10-31T12:00:00.000Z'],
        ['2026-11-01', '2026-11-01T13:00:00.000Z'],
      ],
    ],
    [
      'Australia/Sydney',
      '2026-03-30',
      [
        ['2026-04-04', '2026-04-03T21:00:00.000Z'],
        ['2026-04-05', '2026-04-04T22:00:00.000Z'],
      ],
    ],
    [
      'Australia/Sydney',
      '2026-09-28',
      [
        ['2026-10-03', '2026-10-02T22:00:00.000Z'],
        ['2026-10-04', '2026-10-03T21:00:00.000Z'],
      ],
    ],
    // UTC+13 all year: 08:00 local is 19:00 UTC the day before.
    [
      'Pacific/Tongatapu',
      '2026-03-23',
      [
        ['2026-03-28', '2026-03-27T19:00:00.000Z'],
        ['2026-03-29', '2026-03-28T19:00:00.000Z'],
      ],
    ],
    [
      'Pacific/Apia',
      '2026-09-28',
      [
        ['2026-10-03', '2026-10-02T19:00:00.000Z'],
        ['2026-10-04', '2026-10-03T19:00:00.000Z'],
      ],
    ],
  ] as const)('%s from %s', (zone, monday, expected) => {
    everyDay(team('900000000000000001', zone), monday);
    const due = dueByDate(sessionDeliveryJob, app);
    for (const [date, instant] of expected) expect(due.get(date)).toBe(instant);
    // Every day of the fortnight is due exactly once, at 08:00 local.
    expect(allDue(sessionDeliveryJob, app)).toHaveLength(14);
  });

  it('a reminder time in the spring gap moves forward by the gap; a repeated autumn time takes the first', () => {
    const london = team('900000000000000001', 'Europe/London', '01:30');
    everyDay(london, '2026-03-23');
    expect(dueByDate(sessionDeliveryJob, app).get('2026-03-29')).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    const ny = seedTeam(app, { guildId: '900000000000000002', timeZone: 'America/New_York', reminderTime: '01:30' }, T0);
    addAthlete(app, ny.guildId, ATHLETE, T0);
    addProgram(app, {
      team: ny,
      athleteId: ATHLETE,
      startMonday: '2026-10-26',
      weeks: 1,
      trainingDays: [7],
      mobilityDay: null,
      deloadWeeks: [],
      createdAt: T0,
    });
    const [sunday] = allDue(sessionDeliveryJob, app).filter((n) => n.guildId === ny.guildId);
    expect(sunday?.dueAt.toISOString()).toBe('2026-11-01T05:30:00.000Z'); // 01:30 EDT, the first of the two
  });

  it.each([
    // zone, Monday of that week, ticking from, to, reminder time (in the gap or the repeated hour)
    ['Europe/London', '2026-03-23', '2026-03-28T23:00:00Z', '2026-03-29T04:00:00Z', '01:30'],
    ['Europe/London', '2026-10-19', '2026-10-24T22:00:00Z', '2026-10-25T03:00:00Z', '01:30'],
    ['America/New_York', '2026-03-02', '2026-03-08T04:00:00Z', '2026-03-08T09:00:00Z', '02:30'],
    ['America/New_York', '2026-10-26', '2026-11-01T03:00:00Z', '2026-11-01T08:00:00Z', '01:30'],
    ['Australia/Sydney', '2026-03-30', '2026-04-04T13:00:00Z', '2026-04-04T18:00:00Z', '02:30'],
    ['Australia/Sydney', '2026-09-28', '2026-10-03T14:00:00Z', '2026-10-03T19:00:00Z', '02:30'],
    ['Pacific/Tongatapu', '2026-03-23', '2026-03-28T11:00:00Z', '2026-03-28T16:00:00Z', '02:30'],
  ])(
    '%s: ticking every minute through the change night (%s) sends each morning delivery once',
    async (zone, monday, from, to, reminder) => {
      const t = team('900000000000000001', zone, reminder);
      everyDay(t, monday);
      const scheduler = schedulerFor({ app });
      clock.set(from);
      while (clock.now() < new Date(to)) {
        await scheduler.tick();
        clock.advanceMinutes(1);
      }
      const log = scheduler.sentLog.list({ kind: 'session_delivery' });
      const sent = log.filter((e) => e.status === 'sent');
      expect(sent.length).toBeGreaterThanOrEqual(1);
      // Each went out at the minute it was due, once.
      for (const e of sent) expect(e.finishedAt).toBe(e.dueAt);
      const sessions = messenger.calls.filter((m) => m.what === 'session');
      expect(new Set(sessions.map((m) => m.assignmentId)).size).toBe(sessions.length);
      expect(sessions.map((m) => m.at.toISOString()).sort()).toEqual(sent.map((e) => e.dueAt).sort());
      const changeDay = log.find((e) => e.dueAt >= from && e.dueAt <= to);
      expect(changeDay?.status).toBe('sent');
    },
  );
});

describe('check-in prompt (Foster: 30 min after the planned end) and next-morning nudge', () => {
  it('prompt = planned start + minutes + 30, in instants, even across the spring-forward hour', () => {
    const t = team('900000000000000001', 'Europe/London');
    addAssigned(app, t, ATHLETE, '2026-03-29', T0, { time: '00:45', minutes: 60 }); // 00:45 GMT; ends 01:45 GMT = 02:45 BST
    const [prompt] = allDue(checkinPromptJob, app);
    expect(prompt?.dueAt.toISOString()).toBe('2026-03-29T02:15:00.000Z'); // 03:15 BST: 90 real minutes after the start
  });

  it('the nudge is the next morning at reminder time, in the zone of the team (autumn, New York)', () => {
    const t = team('900000000000000001', 'America/New_York');
    addAssigned(app, t, ATHLETE, '2026-10-31', T0, { time: '18:00' });
    const [nudge] = allDue(checkinNudgeJob, app);
    expect(nudge?.dueAt.toISOString()).toBe('2026-11-01T13:00:00.000Z'); // 08:00 EST
    expect(nudge?.slot).toMatch(/^assignment:\d+$/);
  });

  it('nothing once logged; nothing for mobility days; no prompt for a session assigned after the fact', () => {
    const t = team('900000000000000001', 'Europe/London');
    const logged = addAssigned(app, t, ATHLETE, '2026-03-10', T0);
    app.checkinRepo.saveCompleted(
      { guildId: t.guildId, assignmentId: logged.id, athleteId: ATHLETE },
      { rpe: 6, minutes: 60, pain: 1, painArea: null, note: null },
      'modal',
      new Date('2026-03-10T18:10:00Z'),
    );
    addAssigned(app, t, ATHLETE, '2026-03-11', T0, { templateId: 'mobility-day', minutes: 10 });
    addAssigned(app, t, ATHLETE, '2026-03-12', new Date('2026-03-13T09:00:00Z')); // assigned the next day, to be logged
    expect(allDue(checkinPromptJob, app)).toEqual([]);
    expect(allDue(checkinNudgeJob, app)).toEqual([]);
  });

  it('a session ending in the small hours gets its prompt but no nudge a few hours later', () => {
    const t = team('900000000000000001', 'Europe/London');
    addAssigned(app, t, ATHLETE, '2026-03-11', T0, { time: '23:30', minutes: 60 }); // prompt 01:00 on the 12th
    addAssigned(app, t, ATHLETE, '2026-03-12', T0, { time: '03:00', minutes: 60 }); // prompt 04:30, nudge on the 13th
    expect(allDue(checkinPromptJob, app)).toHaveLength(2);
    expect(allDue(checkinNudgeJob, app).map((n) => n.dueAt.toISOString())).toEqual([
      '2026-03-12T08:00:00.000Z',
      '2026-03-13T08:00:00.000Z',
    ]);
  });
});

describe('session reminders and mobility days', () => {
  it('a short reminder for an /assign session sent in advance; none for a fresh one or an undelivered program session', () => {
    const t = team('900000000000000001', 'Australia/Sydney');
    const early = addAssigned(app, t, ATHLETE, '2026-04-05', new Date('2026-04-03T09:00:00Z'));
    addAssigned(app, t, ATHLETE, '2026-04-06', new Date('2026-04-05T21:00:00Z')); // 07:00 local, an hour before the reminder
    everyDay(t, '2026-04-13');
    const due = allDue(sessionReminderJob, app);
    expect(due.map((n) => n.slot)).toEqual([`assignment:${early.id}`]);
    expect(due[0]!.dueAt.toISOString()).toBe('2026-04-04T22:00:00.000Z'); // 08:00 AEST on the first day after the change
  });

  it("mobility days are delivered with that day's drills at reminder time", () => {
    const t = team('900000000000000001', 'Pacific/Tongatapu');
    addProgram(app, {
      team: t,
      athleteId: ATHLETE,
      startMonday: '2026-03-02',
      weeks: 1,
      trainingDays: [1, 4],
      mobilityDay: 3,
      deloadWeeks: [],
      createdAt: T0,
    });
    const due = allDue(mobilityReminderJob, app);
    expect(due).toHaveLength(1);
    expect(due[0]!.dueAt.toISOString()).toBe(zonedInstant('2026-03-04', '08:00', 'Pacific/Tongatapu').toISOString());
    expect(due[0]!.dueAt.toISOString()).toBe('2026-03-03T19:00:00.000Z');
    // The two training days are session deliveries, not mobility reminders.
    expect(allDue(sessionDeliveryJob, app)).toHaveLength(2);
  });
});

describe('deload notifications', () => {
  it('heads-up on the last training day before, "starts" on its Monday, one staff message per team per week', () => {
    const t = team('900000000000000001', 'Europe/London');
    addAthlete(app, t.guildId, '200000000000000002', T0);
    // Weeks 1-4 from Mon 9 Mar 2026; week 4 (from Mon 30 Mar, after the spring change) is the deload.
    for (const athleteId of [ATHLETE, '200000000000000002']) {
      addProgram(app, {
        team: t,
        athleteId,
        startMonday: '2026-03-09',
        weeks: 4,
        trainingDays: [1, 4],
        mobilityDay: 6,
        deloadWeeks: [4],
        createdAt: T0,
      });
    }
    const headsUp = allDue(deloadHeadsUpJob, app);
    expect(headsUp.map((n) => n.dueAt.toISOString())).toEqual(['2026-03-26T08:00:00.000Z', '2026-03-26T08:00:00.000Z']); // Thu of week 3 (GMT)
    const start = allDue(deloadStartJob, app);
    expect(start.map((n) => n.dueAt.toISOString())).toEqual(['2026-03-30T07:00:00.000Z', '2026-03-30T07:00:00.000Z']); // Mon of week 4 (BST)
    expect(new Set(start.map((n) => n.slot)).size).toBe(2);
    const staff = allDue(deloadStaffJob, app);
    expect(staff).toEqual([
      { kind: 'deload_staff', guildId: t.guildId, subject: 'staff', slot: '2026-W14', dueAt: new Date('2026-03-30T07:00:00.000Z') },
    ]);
  });
});

describe('pain follow-up timing', () => {
  it('the first reminder time after the report, and not on the session day; none when reported days later', () => {
    const t = team('900000000000000001', 'America/New_York');
    const log = (date: string, at: string, pain: number) => {
      const a = addAssigned(app, t, ATHLETE, date, T0);
      app.checkinRepo.saveCompleted(
        { guildId: t.guildId, assignmentId: a.id, athleteId: ATHLETE },
        { rpe: 7, minutes: 60, pain, painArea: 'hamstring', note: null },
        'modal',
        new Date(at),
      );
      return a;
    };
    const evening = log('2026-03-07', '2026-03-07T23:30:00Z', 7); // logged that evening
    const nextDay = log('2026-03-09', '2026-03-10T15:00:00Z', 8); // logged after the next morning
    const acceptable = log('2026-03-11', '2026-03-11T23:00:00Z', 5); // at the limit (3-5 acceptable): asked too (Silbernagel 2007)
    log('2026-03-12', '2026-03-16T12:00:00Z', 9); // four days later: too late to ask about "this morning"
    log('2026-03-13', '2026-03-13T23:00:00Z', 2); // safe band (0-2): no follow-up
    const due = allDue(painFollowupJob, app);
    expect(due.map((n) => [n.slot, n.dueAt.toISOString()])).toEqual([
      [`assignment:${evening.id}`, '2026-03-08T12:00:00.000Z'], // 08:00 EDT, the morning the clocks change
      [`assignment:${nextDay.id}`, '2026-03-11T12:00:00.000Z'],
      [`assignment:${acceptable.id}`, '2026-03-12T12:00:00.000Z'],
    ]);
  });
});

describe('excused athletes', () => {
  it('get nothing due in the excused window', () => {
    const t = team('900000000000000001', 'Europe/London');
    addProgram(app, {
      team: t,
      athleteId: ATHLETE,
      startMonday: '2026-03-09',
      weeks: 4,
      trainingDays: [1, 4],
      mobilityDay: 3,
      deloadWeeks: [4],
      createdAt: T0,
    });
    app.excusalRepo.add(
      { guildId: t.guildId, athleteId: ATHLETE, fromDate: '2026-03-09', toDate: '2026-04-05', reason: 'illness', createdBy: 'coach' },
      T0,
    );
    for (const job of [sessionDeliveryJob, mobilityReminderJob, checkinPromptJob, checkinNudgeJob, deloadHeadsUpJob, deloadStartJob]) {
      expect(allDue(job, app), job.kind).toEqual([]);
    }
    expect(app.excusals.isExcused(t.guildId, ATHLETE, '2026-04-05')).toBe(true);
    expect(app.excusals.isExcused(t.guildId, ATHLETE, '2026-04-06')).toBe(false);
    expect(app.excusalRepo.excusedDays(t.guildId, '2026-04-01', '2026-04-10').get(ATHLETE)?.size).toBe(5);
  });
});

describe('nonces', () => {
  it('are derived from the key: stable, at most 25 characters, distinct per key and part', () => {
    const key = { kind: 'checkin_prompt', guildId: 'g', subject: 'u', slot: 'assignment:1' };
    expect(nonceFor(notificationKey(key))).toBe(nonceFor(notificationKey({ ...key })));
    expect(nonceFor(notificationKey(key))).toHaveLength(25);
    expect(nonceFor(notificationKey(key))).not.toBe(nonceFor(notificationKey({ ...key, slot: 'assignment:2' })));
    expect(nonceFor(notificationKey(key), 2)).not.toBe(nonceFor(notificationKey(key)));
  });
});
