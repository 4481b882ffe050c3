import type { ButtonInteraction } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { regressPrescription } from '../../src/domain/adjustments';
import { painAnswerButton, painUndoButton } from '../../src/discord/components/painFollowup';
import type { ComponentHandler } from '../../src/discord/components/registry';
import { customIds } from '../../src/discord/customIds';
import type { Team } from '../../src/repositories/teams';
import type { ScheduledJob } from '../../src/scheduler/job';
import { scheduledJobs } from '../../src/scheduler/jobs';
import { TickAborted } from '../../src/scheduler/scheduler';
import { Foreground } from '../../src/foreground';
import { tempDatabase } from '../support/db';
import {
  addAssigned,
  addAthlete,
  addProgram,
  dispatcherOf,
  FakeCourier,
  makeApp,
  schedulerFor,
  seedTeam,
} from '../support/schedulerHarness';

const REMINDER_KINDS = new Set([
  'session_delivery',
  'session_reminder',
  'checkin_prompt',
  'checkin_nudge',
  'mobility_reminder',
  'deload_heads_up',
  'deload_start',
  'deload_staff',
  'pain_followup',
]);
const JOBS = scheduledJobs.filter((j) => REMINDER_KINDS.has(j.kind));
const GUILD = '900000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const COACH = '100000000000000001';
const T0 = new Date('2026-03-01T00:00:00Z');

let store: ReturnType<typeof tempDatabase>;
let clock: ManualClock;
let messenger: FakeCourier;
let app: Runtime;
let team: Team;
let extra: Db[];

beforeEach(() => {
  store = tempDatabase();
  clock = new ManualClock(T0);
  messenger = new FakeCourier(clock);
  app = makeApp(store.db, clock, messenger);
  team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, T0);
  addAthlete(app, GUILD, ANA, T0);
  addAthlete(app, GUILD, BEN, T0);
  extra = [];
});
afterEach(() => {
  extra.forEach((d) => d.open && d.close());
  store.cleanup();
});

function secondConnection(): Db {
  const db = openDatabase(store.path);
  extra.push(db);
  return db;
}

describe('grace windows after downtime', () => {
  it('a morning reminder 3 hours late is skipped, a program session is still delivered, a prompt comes 10 hours late', async () => {
    addAssigned(app, team, ANA, '2026-03-02', T0); // /assign made in advance: short reminder at 08:00
    addProgram(app, { team, athleteId: BEN, startMonday: '2026-03-02', createdAt: T0 });
    const scheduler = schedulerFor({ app, jobs: JOBS });
    clock.set('2026-03-02T07:59:00Z');
    await scheduler.tick();
    // Down from 07:59 until 11:00.
    clock.set('2026-03-02T11:00:00Z');
    await scheduler.tick();
    const status = (kind: string, subject: string) => scheduler.sentLog.list({ kind }).find((e) => e.subject === subject)?.status;
    expect(status('session_reminder', ANA)).toBe('skipped');
    expect(status('session_delivery', BEN)).toBe('sent');
    // Down again from 11:00 to 04:30 the next day: prompts (due 18:30) are still useful, 10 hours late.
    clock.set('2026-03-03T04:30:00Z');
    await scheduler.tick();
    expect(status('checkin_prompt', ANA)).toBe('sent');
    expect(status('checkin_prompt', BEN)).toBe('sent');
    // A restart never repeats: a new scheduler on a reopened connection finds everything settled.
    const reopened = makeApp(secondConnection(), clock, messenger);
    const before = messenger.calls.length;
    expect((await schedulerFor({ app: reopened, jobs: JOBS }).tick()).results).toEqual([]);
    expect(messenger.calls.length).toBe(before);
    expect(messenger.to(ANA).map((m) => m.what)).toEqual(['notice']);
  });
});

describe('closed DMs (50007)', () => {
  it('fall back to the fallback channel without health data, once, and are never retried', async () => {
    messenger.closedDms.add(ANA);
    const [session] = addProgram(app, { team, athleteId: ANA, startMonday: '2026-03-02', createdAt: T0 });
    const scheduler = schedulerFor({ app, jobs: JOBS });
    clock.set('2026-03-02T08:00:00Z');
    await scheduler.tick();
    app.checkinRepo.saveCompleted(
      { guildId: GUILD, assignmentId: session!.id, athleteId: ANA },
      { rpe: 8, minutes: 60, pain: 8, painArea: 'hamstring', note: null },
      'modal',
      new Date('2026-03-02T18:10:00Z'),
    );
    for (const t of ['2026-03-02T08:01:00Z', '2026-03-03T08:00:00Z', '2026-03-03T08:05:00Z']) {
      clock.set(t);
      await scheduler.tick();
    }
    // Each decided once; each DM fell back once (the outbox row says so), never retried.
    expect(scheduler.sentLog.list().map((e) => [e.kind, e.status])).toEqual([
      ['session_delivery', 'sent'],
      ['pain_followup', 'sent'],
    ]);
    expect(app.outbox.all().map((e) => [e.purpose, e.status, e.attempts])).toEqual([
      ['session_delivery', 'fallback', 1],
      ['fallback_ping', 'sent', 1],
      ['pain_question', 'fallback', 1],
      ['regression', 'sent', 1], // pain 8 is above the limit: staff are told at once (no later session to regress here)
      ['fallback_ping', 'sent', 1],
      ['pain_question_undelivered', 'sent', 1],
    ]);
    expect(app.assignmentRepo.get(GUILD, session!.id)?.deliveredVia).toBe('fallback');
    const fallback = messenger.delivered.filter((m) => m.channel === 'fallback');
    expect(fallback).toHaveLength(2);
    for (const m of fallback) expect(m.text).not.toMatch(/pain|\d\/10|hamstring/i);
    // Staff, who may see health data, are asked to follow up in person.
    // Pain 8 is above the limit: the next session would be regressed whatever the morning brings, and staff are told.
    expect(
      messenger.delivered
        .filter((m) => m.channel === 'staff')
        .map((m) => m.staff?.title)
        .sort(),
    ).toEqual(['Pain above the limit', 'Pain follow-up not delivered']); // no later session to regress in this test
    expect(messenger.calls.filter((m) => m.channel === 'dm')).toEqual([]);
  });

  it('with no fallback channel the notification fails and is not retried', async () => {
    const noFallback = seedTeam(app, { guildId: '900000000000000002', timeZone: 'America/New_York', fallback: false }, T0);
    addAthlete(app, noFallback.guildId, ANA, T0);
    messenger.closedDms.add(ANA);
    addProgram(app, { team: noFallback, athleteId: ANA, startMonday: '2026-03-02', createdAt: T0 });
    const scheduler = schedulerFor({ app, jobs: JOBS });
    for (const t of ['2026-03-02T13:00:00Z', '2026-03-02T13:01:00Z', '2026-03-02T15:00:00Z']) {
      clock.set(t);
      await scheduler.tick();
    }
    expect(app.outbox.list(noFallback.guildId, { purpose: 'session_delivery' })).toMatchObject([
      { status: 'failed', detail: 'DMs closed and no fallback channel is set', attempts: 1 },
    ]);
  });
});

describe('/excuse', () => {
  it('excused athletes get nothing in the window; the digest can read the excused days', async () => {
    const excused = app.excusals.excuse({
      team,
      coachId: COACH,
      athleteId: ANA,
      from: '2026-03-02',
      to: '2026-03-08',
      reason: 'injury',
      now: T0,
    });
    expect(excused.ok).toBe(true);
    expect(
      app.excusals.excuse({ team, coachId: COACH, athleteId: ANA, from: '2026-03-09', to: '2026-03-02', reason: null, now: T0 }),
    ).toMatchObject({ ok: false });
    for (const athleteId of [ANA, BEN]) {
      addProgram(app, {
        team,
        athleteId,
        startMonday: '2026-03-02',
        weeks: 2,
        trainingDays: [1, 4],
        mobilityDay: 3,
        deloadWeeks: [2],
        createdAt: T0,
      });
    }
    const scheduler = schedulerFor({ app, jobs: JOBS });
    for (let t = new Date('2026-03-01T00:00:00Z').getTime(); t < Date.parse('2026-03-10T00:00:00Z'); t += 30 * 60_000) {
      clock.set(new Date(t));
      await scheduler.tick();
    }
    const during = (id: string) => messenger.to(id).filter((m) => m.at < new Date('2026-03-09T00:00:00Z'));
    expect(during(ANA)).toEqual([]);
    expect(during(BEN).length).toBeGreaterThan(5);
    // From the 9th (after the excusal) Ana's deload week starts normally.
    expect(
      scheduler.sentLog
        .list({ kind: 'deload_start' })
        .map((e) => e.subject)
        .sort(),
    ).toEqual([ANA, BEN].sort());
    expect(app.excusals.isExcused(GUILD, ANA, '2026-03-08')).toBe(true);
    expect([...(app.excusalRepo.excusedDays(GUILD, '2026-03-06', '2026-03-12').get(ANA) ?? [])]).toEqual([
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(app.excusalRepo.overlapping(GUILD, '2026-03-08', '2026-03-20')).toMatchObject([{ athleteId: ANA, reason: 'injury' }]);
  });
});

/** The little of a button interaction the pain handlers use. */
function fakeButton(userId: string, opts: { guildId?: string; roles?: string[]; content?: string } = {}) {
  const calls = { edits: [] as Record<string, unknown>[], followUps: [] as Record<string, unknown>[], deferred: 0 };
  const interaction = {
    user: { id: userId },
    guildId: opts.guildId ?? null,
    member: opts.roles ? { roles: opts.roles } : null,
    message: { content: opts.content ?? 'question' },
    deferred: false,
    replied: false,
    async deferUpdate() {
      calls.deferred++;
      interaction.deferred = true;
    },
    async editReply(o: Record<string, unknown>) {
      calls.edits.push(o);
    },
    async followUp(o: Record<string, unknown>) {
      calls.followUps.push(o);
    },
    async reply(o: Record<string, unknown>) {
      calls.followUps.push(o);
    },
  };
  return { interaction: interaction as unknown as ButtonInteraction, calls };
}

/** As the router does: the handler's precondition, then the handler with what it established. */
async function press<T, C extends object>(handler: ComponentHandler<T, C>, tap: ReturnType<typeof fakeButton>, value: T): Promise<void> {
  const verdict = handler.preconditions.check(tap.interaction, app);
  if (!verdict.ok) return void (await tap.interaction.reply({ content: verdict.message }));
  await handler.button!({ ...verdict.context, interaction: tap.interaction, value, app });
}

describe('pain follow-up -> regression of the next session -> undo', () => {
  function logPain(assignmentId: number, pain: number, at: string) {
    app.checkinRepo.saveCompleted(
      { guildId: GUILD, assignmentId, athleteId: ANA },
      { rpe: 7, minutes: 60, pain, painArea: 'hamstring', note: null },
      'modal',
      new Date(at),
    );
  }

  it('pain in the safe band (0-2) gets no morning question', async () => {
    const [monday] = addProgram(app, {
      team,
      athleteId: ANA,
      startMonday: '2026-03-02',
      weeks: 1,
      trainingDays: [1, 4],
      mobilityDay: null,
      deloadWeeks: [],
      createdAt: T0,
    });
    logPain(monday!.id, 2, '2026-03-02T18:10:00Z');
    const scheduler = schedulerFor({ app, jobs: JOBS });
    clock.set('2026-03-03T08:00:00Z');
    await scheduler.tick();
    expect(messenger.to(ANA).filter((m) => m.text.includes('Has it settled'))).toEqual([]);
  });

  it('acceptable pain (4/10) gets the morning question; "not settled" regresses the next session, staff get one Undo button, and undo restores the original', async () => {
    const [monday, thursday] = addProgram(app, {
      team,
      athleteId: ANA,
      startMonday: '2026-03-02',
      weeks: 1,
      trainingDays: [1, 4],
      mobilityDay: null,
      deloadWeeks: [],
      createdAt: T0,
    });
    const original = thursday!.prescription;
    logPain(monday!.id, 4, '2026-03-02T18:10:00Z');
    const scheduler = schedulerFor({ app, jobs: JOBS });
    clock.set('2026-03-03T08:00:00Z');
    await scheduler.tick();
    const question = messenger.to(ANA).find((m) => m.text.includes('Has it settled'))!;
    expect(question.text).toContain('pain 4/10 (hamstring)');
    const { followupId } = customIds.painAnswer.parse(question.buttons[0]!.customId)!;
    expect(question.buttons.map((b) => b.customId)).toEqual([
      customIds.painAnswer.encode({ followupId, settled: true }),
      customIds.painAnswer.encode({ followupId, settled: false }),
    ]);
    // Not answered yet: unknown, which regresses nothing on its own.
    expect(app.assignmentRepo.get(GUILD, thursday!.id)!.prescription).toEqual(original);

    clock.set('2026-03-03T08:20:00Z');
    const tap = fakeButton(ANA, { content: question.text });
    await press(painAnswerButton, tap, { followupId, settled: false });
    await dispatcherOf(app).drain();
    expect(tap.calls.edits[0]).toMatchObject({ components: [] });
    expect(String(tap.calls.edits[0]!.content)).toContain('simpler variations at a lighter load');
    const regressed = app.assignmentRepo.get(GUILD, thursday!.id)!.prescription;
    expect(regressed).toEqual(regressPrescription(original));
    const staff = messenger.delivered.filter((m) => m.channel === 'staff');
    expect(staff).toHaveLength(1);
    expect(staff[0]!.text).toContain('has not settled');
    const undoId = staff[0]!.buttons[0]!.customId;
    expect(staff[0]!.buttons).toEqual([{ customId: undoId, label: 'Undo', style: 'secondary' }]);

    // Answering twice changes nothing.
    const again = fakeButton(ANA);
    await press(painAnswerButton, again, { followupId, settled: true });
    expect(String(again.calls.followUps[0]!.content)).toContain('already answered');

    // The next morning the regressed version is what gets delivered.
    clock.set('2026-03-05T08:00:00Z');
    await scheduler.tick();
    const delivered = messenger.to(ANA).find((m) => m.what === 'session' && m.assignmentId === thursday!.id);
    expect(delivered).toBeDefined();

    // Only coaches can undo; a coach's Undo restores the original and re-sends it to the athlete.
    const athleteTap = fakeButton(ANA, { guildId: GUILD, roles: [] });
    await press(painUndoButton, athleteTap, customIds.painUndo.parse(undoId)!);
    expect(String(athleteTap.calls.followUps[0]!.content)).toContain('This is for coaches');
    expect(app.assignmentRepo.get(GUILD, thursday!.id)!.prescription).toEqual(regressed);
    const coachTap = fakeButton(COACH, { guildId: GUILD, roles: [team.coachRoleId] });
    await press(painUndoButton, coachTap, customIds.painUndo.parse(undoId)!);
    await dispatcherOf(app).drain();
    expect(app.assignmentRepo.get(GUILD, thursday!.id)!.prescription).toEqual(original);
    expect(String(coachTap.calls.edits[0]!.content)).toContain('Undone by');
    expect(messenger.to(ANA).filter((m) => m.what === 'session' && m.assignmentId === thursday!.id)).toHaveLength(2);
    const twice = fakeButton(COACH, { guildId: GUILD, roles: [team.coachRoleId] });
    await press(painUndoButton, twice, customIds.painUndo.parse(undoId)!);
    expect(String(twice.calls.followUps[0]!.content)).toContain('already undone');
  });

  it('pain above the limit regresses the next session without waiting for an answer; twice suggests an early deload', async () => {
    const sessions = addProgram(app, {
      team,
      athleteId: ANA,
      startMonday: '2026-03-02',
      weeks: 2,
      trainingDays: [1, 4],
      mobilityDay: null,
      deloadWeeks: [],
      createdAt: T0,
    });
    const [mon, thu, mon2] = sessions;
    const scheduler = schedulerFor({ app, jobs: JOBS });
    logPain(mon!.id, 6, '2026-03-02T18:10:00Z');
    clock.set('2026-03-03T08:00:00Z');
    await scheduler.tick();
    const first = messenger.to(ANA).find((m) => m.text.includes('Has it settled'))!;
    expect(first.text).toContain('your next session uses simpler variations');
    // Above the limit once (Silbernagel et al. 2007: too much): regressed at once, staff told.
    expect(app.assignmentRepo.get(GUILD, thu!.id)!.prescription.adjustment).toBe('regressed');
    expect(
      messenger.delivered
        .filter((m) => m.channel === 'staff')
        .map((m) => m.text)
        .join('\n'),
    ).toContain('above the limit of 5/10');
    const yes = fakeButton(ANA);
    await press(painAnswerButton, yes, customIds.painAnswer.parse(first.buttons[0]!.customId)!);
    expect(String(yes.calls.edits[0]!.content)).toContain('Good that it settled');

    logPain(thu!.id, 7, '2026-03-05T18:10:00Z');
    clock.set('2026-03-06T08:00:00Z');
    await scheduler.tick();
    expect(app.assignmentRepo.get(GUILD, mon2!.id)!.prescription.adjustment).toBe('regressed');
    const staff = messenger.delivered.filter((m) => m.channel === 'staff');
    expect(staff).toHaveLength(2);
    expect(staff[1]!.text).toContain('two sessions in a row: 6/10, then 7/10');
    expect(staff[1]!.text).toContain('consider bringing their deload week forward');
    // The same follow-up retried (e.g. after a crash) does not regress again or re-post.
    const retried = store.db.transaction(() =>
      app.pain.ask(team, thu!.id, { key: 'retry', expiresAt: new Date('2026-03-07T08:00:00Z') }),
    )();
    expect('owed' in retried && retried.owed.map((m) => m.purpose)).toEqual(['pain_question']);
    expect(messenger.delivered.filter((m) => m.channel === 'staff')).toHaveLength(2);
    // Undo is refused once the session has been logged.
    clock.set('2026-03-09T19:00:00Z');
    app.checkinRepo.saveCompleted(
      { guildId: GUILD, assignmentId: mon2!.id, athleteId: ANA },
      { rpe: 5, minutes: 50, pain: 2, painArea: null, note: null },
      'modal',
      clock.now(),
    );
    const { adjustmentId } = customIds.painUndo.parse(staff[1]!.buttons[0]!.customId)!;
    expect(app.pain.undo(GUILD, adjustmentId, COACH)).toMatchObject({ ok: false, message: expect.stringContaining('logged already') });
  });
});

describe('start and stop', () => {
  it('start() catches up at once; stop() waits for the running tick', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let sent = 0;
    const job: ScheduledJob = {
      kind: 'test_gate',
      graceMinutes: 60,
      due: (_app, now) => [{ kind: 'test_gate', guildId: GUILD, subject: 'staff', slot: 'once', dueAt: new Date(now.getTime() - 60_000) }],
      owe: (_app, n, ctx) => ({
        owed: [
          {
            guildId: n.guildId,
            purpose: n.kind,
            target: { to: 'staff' },
            body: { type: 'staffNotice', notice: { title: 'Gate', lines: [], severity: 'info' } },
            key: ctx.key,
            expiresAt: ctx.expiresAt,
          },
        ],
      }),
    };
    // Delivery waits at the gate, as a slow Discord would.
    const original = messenger.deliver.bind(messenger);
    messenger.deliver = async (entry, progress) => {
      await gate;
      sent++;
      return original(entry, progress);
    };
    const scheduler = schedulerFor({ app, jobs: [job] });
    scheduler.start();
    await new Promise((r) => setImmediate(r));
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(sent).toBe(1);
    expect(scheduler.sentLog.list({ kind: 'test_gate' })).toMatchObject([{ status: 'sent' }]);
  });

  it('a crash before the decision commits leaves nothing decided and nothing owed; the next tick decides it once', async () => {
    addProgram(app, { team, athleteId: ANA, startMonday: '2026-03-02', createdAt: T0 });
    const crashing = schedulerFor({
      app,
      jobs: JOBS,
      hooks: {
        beforeCommit: () => {
          throw new Error('boom');
        },
      },
    });
    clock.set('2026-03-02T08:00:00Z');
    await expect(crashing.tick()).rejects.toBeInstanceOf(TickAborted);
    expect(crashing.sentLog.list()).toEqual([]);
    expect(app.outbox.all()).toEqual([]);
    const restarted = schedulerFor({ app: makeApp(secondConnection(), clock, messenger), jobs: JOBS });
    clock.set('2026-03-02T08:00:40Z');
    await restarted.tick();
    await restarted.tick();
    expect(messenger.delivered).toHaveLength(1);
    expect(restarted.sentLog.list({ kind: 'session_delivery' })).toMatchObject([{ status: 'sent' }]);
  });
});

describe('users first', () => {
  it("a tick's next slice waits while an interaction is in flight, and goes on once it is answered", async () => {
    const foreground = new Foreground(60_000);
    addAssigned(app, team, ANA, '2026-03-02', T0);
    clock.set('2026-03-02T08:00:00Z'); // the team's reminder time
    let answer!: () => void;
    const interaction = foreground.track(new Promise<void>((resolve) => (answer = resolve)));
    const scheduler = schedulerFor({ app, jobs: JOBS, foreground });
    let ticked = false;
    const tick = scheduler.tick().then((r) => ((ticked = true), r));
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(ticked).toBe(false);
    answer();
    await interaction;
    const report = await tick;
    expect(report.results.filter((r) => r.status === 'owed').map((r) => r.notification.subject)).toContain(ANA);
  });
});
