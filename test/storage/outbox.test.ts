/**
 * The outbox and its dispatcher on a real SQLite file: one row per key, one claim per row,
 * resends with the same nonce only while Discord still remembers it, backoff and expiry,
 * permanent failures handled by kind, and a digest resumed after its last confirmed part.
 */
import { Writable } from 'node:stream';
import type { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { openDatabase, type Db } from '../../src/db/database';
import { DiscordCourier } from '../../src/discord/courier';
import { createLogger } from '../../src/logger';
import { backoffMs, DEFAULT_LEASE_MS, DEFAULT_NONCE_WINDOW_MS, DispatchAborted, Dispatcher } from '../../src/outbox/dispatcher';
import { HOUR_MS, type Courier, type DeliveryResult, type OutboxEntry, type OwedMessage } from '../../src/outbox/messages';
import type { Team } from '../../src/repositories/teams';
import { Foreground } from '../../src/foreground';
import { tempDatabase } from '../support/db';
import { addAssigned, addAthlete, dispatcherOf, FakeCourier, makeApp, seedTeam } from '../support/schedulerHarness';

const GUILD = '900000000000000001';
const ANA = '200000000000000001';
const BEN = '200000000000000002';
const T0 = new Date('2026-03-02T09:00:00Z'); // a Monday
const MINUTE = 60_000;

let store: ReturnType<typeof tempDatabase>;
let clock: ManualClock;
let courier: FakeCourier;
let app: Runtime;
let team: Team;
let logLines: Record<string, unknown>[];
let extra: Db[];

function captureLogger() {
  return createLogger(
    'info',
    new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
}

beforeEach(() => {
  store = tempDatabase();
  clock = new ManualClock(T0);
  courier = new FakeCourier(clock);
  logLines = [];
  extra = [];
  app = makeApp(store.db, clock, courier, { kickOnEnqueue: false, logger: captureLogger(), owner: 'first' });
  team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, T0);
  addAthlete(app, GUILD, ANA, T0);
  addAthlete(app, GUILD, BEN, T0);
});
afterEach(() => {
  extra.forEach((d) => d.open && d.close());
  store.cleanup();
});

/** A new process on a new connection to the same file (same fake Discord, same logger). */
function reopen(opts: Parameters<typeof makeApp>[3] = {}): Runtime {
  const db = openDatabase(store.path);
  extra.push(db);
  return makeApp(db, clock, courier, { kickOnEnqueue: false, logger: captureLogger(), ...opts });
}

const staffNotice = (key: string, expiresAt = new Date(T0.getTime() + 48 * HOUR_MS)): OwedMessage => ({
  guildId: GUILD,
  purpose: 'test_notice',
  target: { to: 'staff' },
  body: { type: 'staffNotice', notice: { title: `Notice ${key}`, lines: ['line'], severity: 'info' } },
  key,
  expiresAt,
});

const dmNotice = (athleteId: string, key: string, extraFields: Partial<OwedMessage> = {}): OwedMessage => ({
  guildId: GUILD,
  purpose: 'test_dm',
  target: { to: 'athlete', athleteId },
  body: { type: 'notice', notice: { text: `Hello ${key}` }, fallbackWhat: 'a session today' },
  key,
  expiresAt: new Date(T0.getTime() + 12 * HOUR_MS),
  ...extraFields,
});

/** Drains `a` at `at` (the clock is set there first). */
async function drainAt(a: Runtime, at: number | Date) {
  clock.set(new Date(at));
  return dispatcherOf(a).drain();
}

/** Jumps from one outbox instant (a retry's turn, a lease running out) to the next and drains there, until nothing is left or `until`. */
async function runOutbox(a: Runtime | (() => Runtime), until: number, onStep?: (t: number) => void | Promise<void>): Promise<number> {
  const current = typeof a === 'function' ? a : () => a;
  let steps = 0;
  for (;;) {
    const next = current().outbox.nextDueAt()?.getTime();
    if (next === undefined || next > until) return steps;
    const t = Math.max(next, clock.now().getTime());
    clock.set(new Date(t));
    await onStep?.(t);
    await dispatcherOf(current()).drain();
    if (++steps > 10_000) throw new Error('the outbox never settles');
  }
}

const warnings = (msg: string) => logLines.filter((l) => l.level === 40 && l.msg === msg);

describe('writing and claiming', () => {
  it('a key enqueued twice writes one row', () => {
    const first = app.outbox.enqueue(staffNotice('once'), T0);
    const second = app.outbox.enqueue(
      { ...staffNotice('once'), body: { type: 'coachNote', text: 'something else' } },
      new Date(T0.getTime() + MINUTE),
    );
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const rows = app.outbox.all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.body.type).toBe('staffNotice');
    // Keyless messages are each their own row, with their own nonce.
    const a = app.outbox.enqueue({ ...staffNotice('x'), key: undefined }, T0);
    const b = app.outbox.enqueue({ ...staffNotice('x'), key: undefined }, T0);
    expect(a.id).not.toBe(b.id);
    expect(app.outbox.get(a.id)!.nonce).not.toBe(app.outbox.get(b.id)!.nonce);
    expect(app.outbox.get(a.id)!.nonce.length).toBeLessThanOrEqual(25);
  });

  it('of two connections, one claims a row; two dispatchers draining together deliver it once', async () => {
    const other = reopen({ owner: 'second' });
    const { id } = app.outbox.enqueue(staffNotice('claim-me'), T0);
    const mine = app.outbox.claim(id, 'first', T0, DEFAULT_LEASE_MS);
    const theirs = other.outbox.claim(id, 'second', T0, DEFAULT_LEASE_MS);
    expect(mine?.status).toBe('sending');
    expect(theirs).toBeUndefined();
    // A claim under another owner can't be settled by the loser.
    expect(other.outbox.finish(id, 'second', 'sent', T0)).toBe(false);
    expect(app.outbox.finish(id, 'first', 'sent', T0, { channelId: 'c', messageId: 'm' })).toBe(true);

    // Twenty messages, two dispatchers at once, a Discord that never dedupes: each still arrives once.
    const strict = new FakeCourier(clock, { dedupeMs: 0, yieldToOthers: true });
    strict.app = app;
    for (let i = 0; i < 20; i++) app.outbox.enqueue(staffNotice(`race-${i}`), T0);
    const d1 = new Dispatcher({ app, courier: strict, clock, owner: 'first' });
    const d2 = new Dispatcher({ app: other, courier: strict, clock, owner: 'second' });
    await Promise.all([d1.drain(), d2.drain()]);
    expect(strict.delivered).toHaveLength(20);
    expect(new Set(strict.delivered.map((m) => m.nonce)).size).toBe(20);
    const owners = app.db
      .prepare<[], { owner: string; n: number }>(`SELECT owner, COUNT(*) AS n FROM outbox WHERE dedupe_key LIKE 'race-%' GROUP BY owner`)
      .all();
    expect(owners.map((o) => o.owner).sort()).toEqual(['first', 'second']);
    expect(app.outbox.all().filter((r) => r.status !== 'sent')).toEqual([]);
  });
});

describe('a send interrupted by a crash', () => {
  /** Sends once and "dies" after Discord took the message but before the outcome was stored. */
  async function crashAfterSend(key: string): Promise<OutboxEntry> {
    const { id } = app.outbox.enqueue(staffNotice(key), T0);
    const dying = new Dispatcher({
      app,
      courier,
      clock,
      owner: 'dying',
      hooks: {
        afterSend: () => {
          throw new Error('killed');
        },
      },
    });
    await expect(dying.drain(T0)).rejects.toBeInstanceOf(DispatchAborted);
    const row = app.outbox.get(id)!;
    expect(row.status).toBe('sending');
    expect(courier.delivered).toHaveLength(1);
    return row;
  }

  it('is resent with the same nonce once its lease is over, inside the nonce window: Discord keeps one message', async () => {
    const row = await crashAfterSend('stale');
    const later = reopen({ owner: 'restarted' });
    // Still leased: nobody touches it.
    await drainAt(later, T0.getTime() + DEFAULT_LEASE_MS - 1_000);
    expect(later.outbox.get(row.id)!.status).toBe('sending');
    await drainAt(later, T0.getTime() + DEFAULT_LEASE_MS + 5_000);
    const after = later.outbox.get(row.id)!;
    expect(after.status).toBe('sent');
    expect(after.attempts).toBe(2);
    expect(after.detail).toMatch(/resent with the same nonce/);
    expect(courier.calls.map((c) => c.nonce)).toEqual([row.nonce, row.nonce]);
    expect(courier.delivered).toHaveLength(1);
    expect(after.resultMessageId).toBe(courier.delivered[0]!.messageId);
    expect(warnings('message uncertain')).toEqual([]);
  });

  it('after the nonce window, a message that did arrive is found in the channel and recorded as sent, not resent', async () => {
    const row = await crashAfterSend('too-old');
    const later = reopen({ owner: 'restarted' });
    await drainAt(later, T0.getTime() + DEFAULT_NONCE_WINDOW_MS + DEFAULT_LEASE_MS + 1_000);
    expect(later.outbox.get(row.id)).toMatchObject({ status: 'sent', resultMessageId: courier.delivered[0]!.messageId });
    expect(courier.calls).toHaveLength(1);
  });

  it('after the nonce window, a message the courier cannot look for becomes uncertain, is not resent, and is logged at warn without its content', async () => {
    const row = await crashAfterSend('too-old');
    courier.findExisting = () => Promise.resolve('unknown');
    const later = reopen({ owner: 'restarted' });
    await drainAt(later, T0.getTime() + DEFAULT_NONCE_WINDOW_MS + DEFAULT_LEASE_MS + 1_000);
    const after = later.outbox.get(row.id)!;
    expect(after.status).toBe('uncertain');
    expect(after.detail).toMatch(/may or may not have arrived/);
    expect(courier.calls).toHaveLength(1);
    const [warn, ...more] = warnings('message uncertain');
    expect(more).toEqual([]);
    expect(warn).toMatchObject({ guildId: GUILD, outboxId: row.id, purpose: 'test_notice' });
    expect(JSON.stringify(warn)).not.toContain('Notice too-old');
    // Never resent afterwards.
    await drainAt(later, T0.getTime() + HOUR_MS);
    expect(courier.calls).toHaveLength(1);
  });

  it('after the nonce window, a message that never arrived is sent once', async () => {
    const { id } = app.outbox.enqueue(staffNotice('lost'), T0);
    // Discord answered 500 without creating the message.
    courier.failWhen = () => ({ status: 'retry', why: 'Discord answered 500', maybeSent: true });
    await drainAt(app, T0);
    courier.failWhen = undefined;
    expect(app.outbox.get(id)!.maybeSentAt).not.toBeNull();
    await drainAt(app, T0.getTime() + DEFAULT_NONCE_WINDOW_MS + 10_000);
    expect(app.outbox.get(id)!.status).toBe('sent');
    expect(courier.delivered).toHaveLength(1);
  });

  it('a crash between claim and send is resent within the window and sent once', async () => {
    const { id } = app.outbox.enqueue(staffNotice('claimed'), T0);
    const dying = new Dispatcher({ app, courier, clock, hooks: { afterClaim: () => Promise.reject(new Error('killed')) } });
    await expect(dying.drain(T0)).rejects.toBeInstanceOf(DispatchAborted);
    expect(courier.calls).toHaveLength(0);
    await drainAt(reopen(), T0.getTime() + DEFAULT_LEASE_MS);
    expect(app.outbox.get(id)!.status).toBe('sent');
    expect(courier.delivered).toHaveLength(1);
  });
});

describe('transient failures and expiry', () => {
  it('backs off 5 s, 10 s, 20 s ... capped at 10 minutes; a longer Retry-After is honoured', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 20].map((n) => backoffMs(n))).toEqual([
      5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000, 600_000,
    ]);
    expect(backoffMs(1, 30_000)).toBe(30_000);
    expect(backoffMs(3, 800)).toBe(20_000);
  });

  it('retries with that backoff and delivers within grace once Discord recovers', async () => {
    const { id } = app.outbox.enqueue(dmNotice(ANA, 'retry-me', { expiresAt: new Date(T0.getTime() + 2 * HOUR_MS) }), T0);
    const until = T0.getTime() + 10 * MINUTE;
    courier.failWhen = () => (clock.now().getTime() < until ? { status: 'retry', why: 'Discord answered 500' } : undefined);
    const tries: number[] = [];
    await runOutbox(app, T0.getTime() + 2 * HOUR_MS, (t) => void tries.push(t - T0.getTime()));
    const row = app.outbox.get(id)!;
    expect(row.status).toBe('sent');
    // Each try after a failure waits twice as long as the one before (the first try was at T0).
    expect(tries.slice(0, 6)).toEqual([0, 5_000, 15_000, 35_000, 75_000, 155_000]);
    expect(row.finishedAt!.getTime()).toBeLessThan(row.expiresAt.getTime());
    expect(courier.delivered).toHaveLength(1);
    expect(courier.calls).toHaveLength(1);
    expect(logLines.filter((l) => l.msg === 'delivery failed; will retry').length).toBe(row.attempts - 1);
  });

  it("honours Discord's Retry-After when it is longer than the backoff", async () => {
    const { id } = app.outbox.enqueue(staffNotice('rate-limited'), T0);
    let first = true;
    courier.failWhen = () => {
      if (!first) return undefined;
      first = false;
      return { status: 'retry', why: 'rate limited', retryAfterMs: 42_000 };
    };
    await drainAt(app, T0);
    expect(app.outbox.get(id)!.notBefore.getTime()).toBe(T0.getTime() + 42_000);
    await drainAt(app, T0.getTime() + 41_000);
    expect(app.outbox.get(id)!.status).toBe('pending');
    await drainAt(app, T0.getTime() + 42_000);
    expect(app.outbox.get(id)!.status).toBe('sent');
  });

  it('pending past its expiry becomes expired with its last error, logged at warn', async () => {
    const { id } = app.outbox.enqueue(dmNotice(ANA, 'expire-me', { expiresAt: new Date(T0.getTime() + 30 * MINUTE) }), T0);
    courier.failWhen = () => ({ status: 'retry', why: 'Discord answered 503' });
    await runOutbox(app, T0.getTime() + HOUR_MS);
    await drainAt(app, T0.getTime() + HOUR_MS);
    const row = app.outbox.get(id)!;
    expect(row.status).toBe('expired');
    expect(row.detail).toBe('not delivered in time (last error: Discord answered 503)');
    expect(courier.delivered).toEqual([]);
    expect(warnings('message expired')).toHaveLength(1);
    expect(warnings('message expired')[0]).toMatchObject({ outboxId: id, status: 'expired' });
  });
});

describe('permanent failures, by kind', () => {
  it("an unreachable staff channel: the message fails and the coaches get one note a day in the fallback channel's reach", async () => {
    courier.failWhen = (m) => (m.channel === 'staff' ? { status: 'unreachable', why: 'Missing Access (50001)' } : undefined);
    for (const k of ['a', 'b', 'c']) app.outbox.enqueue(staffNotice(k), T0);
    await drainAt(app, T0);
    await drainAt(app, T0.getTime() + 1_000); // the note owed by the first failure
    const rows = app.outbox.all();
    expect(rows.filter((r) => r.purpose === 'test_notice').map((r) => [r.status, r.detail])).toEqual([
      ['failed', 'Missing Access (50001)'],
      ['failed', 'Missing Access (50001)'],
      ['failed', 'Missing Access (50001)'],
    ]);
    expect(courier.delivered.filter((m) => m.channel === 'coaches')).toHaveLength(1);
    expect(courier.delivered[0]!.text).toMatch(/couldn't post in <#staff-900000000000000001> \(Missing Access \(50001\)\)/);
    expect(warnings('channel unreachable')).toHaveLength(3);
    // The next day, one more note.
    app.outbox.enqueue(staffNotice('d'), T0);
    await drainAt(app, T0.getTime() + 24 * HOUR_MS);
    await drainAt(app, T0.getTime() + 24 * HOUR_MS + 1_000);
    expect(courier.delivered.filter((m) => m.channel === 'coaches')).toHaveLength(2);
    expect(
      app.outbox
        .all()
        .filter((r) => r.purpose === 'coach_note')
        .map((r) => r.key),
    ).toEqual(['coach_note:unreachable:staff:2026-03-02', 'coach_note:unreachable:staff:2026-03-03']);
  });

  it('closed DMs: one fallback ping without health data, and the staff report the message asked for', async () => {
    courier.closedDms.add(BEN);
    const a = addAssigned(app, team, BEN, '2026-03-01', T0);
    const { id } = app.outbox.enqueue(
      dmNotice(BEN, 'pain-question', {
        assignmentId: a.id,
        body: {
          type: 'notice',
          notice: { text: 'Pain 7/10 yesterday: has it settled?' },
          fallbackWhat: 'a quick question from your coaches',
        },
        ifDmsClosed: { report: 'pain_question_undelivered', athleteId: BEN, pain: 7 },
      }),
      T0,
    );
    await drainAt(app, T0);
    await drainAt(app, T0.getTime() + 1_000);
    await drainAt(app, T0.getTime() + 2_000); // nothing more comes of draining again
    expect(app.outbox.get(id)).toMatchObject({ status: 'fallback', detail: 'DMs closed' });
    const pings = courier.delivered.filter((m) => m.channel === 'fallback');
    expect(pings).toHaveLength(1);
    expect(pings[0]).toMatchObject({ athleteIds: [BEN], fallbackWhat: 'a quick question from your coaches' });
    expect(pings[0]!.text).not.toMatch(/pain|\/10/i);
    const staff = courier.delivered.filter((m) => m.channel === 'staff');
    expect(staff).toHaveLength(1);
    expect(staff[0]!.purpose).toBe('pain_question_undelivered');
    expect(courier.calls.filter((m) => m.channel === 'dm')).toHaveLength(0);
  });

  it('a message only owed while the session is open is skipped once the athlete logged it', async () => {
    const a = addAssigned(app, team, ANA, '2026-03-02', T0);
    const { id } = app.outbox.enqueue(
      dmNotice(ANA, 'nudge', { assignmentId: a.id, onlyIfOpen: true, notBefore: new Date(T0.getTime() + HOUR_MS) }),
      T0,
    );
    app.checkinRepo.saveCompleted(
      { guildId: GUILD, assignmentId: a.id, athleteId: ANA },
      { rpe: 6, minutes: 60, pain: 0, painArea: null, note: null },
      'modal',
      T0,
    );
    await drainAt(app, T0.getTime() + HOUR_MS);
    expect(app.outbox.get(id)).toMatchObject({ status: 'skipped', detail: 'already logged' });
    expect(courier.calls).toEqual([]);
  });
});

describe('a digest in several parts', () => {
  it('resumes after the last part Discord confirmed', async () => {
    const parts: { part: number; nonce: string }[] = [];
    let failAt: number | null = 2;
    const digestCourier: Courier = {
      findExisting: () => Promise.resolve('unknown'),
      deliver(entry, progress): Promise<DeliveryResult> {
        for (let i = entry.partsSent; i < 4; i++) {
          if (i === failAt) {
            failAt = null;
            return Promise.resolve({ status: 'retry', why: 'Discord answered 502' });
          }
          parts.push({ part: i, nonce: `${entry.nonce.slice(0, 22)}-${i}` });
          progress.partSent(i + 1, { channelId: 'staff', messageId: `part-${i}` });
        }
        return Promise.resolve({ status: 'sent', channelId: 'staff', messageId: 'part-3' });
      },
    };
    const dispatcher = new Dispatcher({ app, courier: digestCourier, clock });
    const { id } = app.outbox.enqueue(
      {
        guildId: GUILD,
        purpose: 'digest',
        target: { to: 'staff' },
        body: { type: 'digest', week: '2026-W09' },
        key: 'digest:W09',
        expiresAt: new Date(T0.getTime() + 24 * HOUR_MS),
      },
      T0,
    );
    await dispatcher.drain();
    expect(app.outbox.get(id)).toMatchObject({ status: 'pending', partsSent: 2, resultMessageId: 'part-0' });
    clock.set(new Date(T0.getTime() + 5_000));
    await dispatcher.drain();
    expect(app.outbox.get(id)).toMatchObject({ status: 'sent', partsSent: 4, attempts: 2 });
    expect(parts.map((p) => p.part)).toEqual([0, 1, 2, 3]);
  });
});

describe('the staff channel failing for an hour, then recovering', () => {
  it('each pain flag arrives once, across restarts, after the hour', async () => {
    const sessions = [ANA, BEN].map((id) => addAssigned(app, team, id, '2026-03-02', T0, { time: '07:00' }));
    const outage = T0.getTime() + HOUR_MS;
    courier.failWhen = (m) =>
      m.channel === 'staff' && clock.now().getTime() < outage ? { status: 'retry', why: 'rate limited', retryAfterMs: 800 } : undefined;
    for (const a of sessions) {
      const logged = app.checkins.logCompleted(
        a.athleteId,
        a.id,
        { rpe: 7, minutes: 60, pain: 7, painArea: 'hamstring', note: null },
        'modal',
      );
      expect(logged.ok).toBe(true);
    }
    let current = app;
    let restarts = 0;
    await runOutbox(
      () => current,
      outage + 2 * HOUR_MS,
      (t) => {
        // A restart on a new connection twice during the outage.
        if (restarts < 2 && t > T0.getTime() + (restarts + 1) * 20 * MINUTE) current = reopen({ owner: `restart-${++restarts}` });
      },
    );
    const flags = courier.delivered.filter((m) => m.purpose === 'pain_flag');
    expect(flags.map((f) => f.staff?.title)).toHaveLength(2);
    expect(new Set(flags.map((f) => f.nonce)).size).toBe(2);
    for (const f of flags) expect(f.at.getTime()).toBeGreaterThanOrEqual(outage);
    expect(courier.calls.filter((m) => m.purpose === 'pain_flag').length).toBe(2);
    const rows = app.outbox.all().filter((r) => r.purpose === 'pain_flag');
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent']);
    expect(Math.min(...rows.map((r) => r.attempts))).toBeGreaterThan(10);
    expect(restarts).toBe(2);
  });
});

describe('the Discord courier', () => {
  it('posts a note to the coaches in the fallback channel, mentioning only the coach role, with the row nonce enforced', async () => {
    const posts: { channelId: string; payload: Record<string, unknown> }[] = [];
    const fakeClient = {
      channels: {
        fetch: (channelId: string) =>
          Promise.resolve({
            id: channelId,
            isSendable: () => true,
            send: (payload: Record<string, unknown>) => {
              posts.push({ channelId, payload });
              return Promise.resolve({ id: `msg-${posts.length}` });
            },
          }),
      },
    };
    const discord = new DiscordCourier(fakeClient as unknown as Client, app);
    const dispatcher = new Dispatcher({ app, courier: discord, clock });
    const { id } = app.outbox.enqueue(
      {
        guildId: GUILD,
        purpose: 'coach_note',
        target: { to: 'coaches' },
        body: { type: 'coachNote', text: "I couldn't post in the staff channel." },
        key: 'note-1',
        expiresAt: new Date(T0.getTime() + HOUR_MS),
      },
      T0,
    );
    await dispatcher.drain();
    expect(posts).toHaveLength(1);
    const [post] = posts;
    expect(post!.channelId).toBe(team.fallbackChannelId);
    expect(post!.payload).toMatchObject({
      content: `<@&${team.coachRoleId}> I couldn't post in the staff channel.`,
      allowedMentions: { roles: [team.coachRoleId] },
      nonce: app.outbox.get(id)!.nonce,
      enforceNonce: true,
    });
    expect(app.outbox.get(id)).toMatchObject({ status: 'sent', resultChannelId: team.fallbackChannelId, resultMessageId: 'msg-1' });
  });
});

describe('users first', () => {
  it('a pass of deliveries starts once the interaction in flight is answered', async () => {
    const foreground = new Foreground(60_000);
    const dispatcher = new Dispatcher({ app, courier, clock, foreground });
    app.outbox.enqueue(staffNotice('after the interaction'), T0);
    let answer!: () => void;
    const interaction = foreground.track(new Promise<void>((resolve) => (answer = resolve)));
    const drained = dispatcher.drain();
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(courier.delivered).toEqual([]);
    answer();
    await interaction;
    expect((await drained).sent).toBe(1);
    expect(courier.delivered.map((m) => m.purpose)).toEqual(['test_notice']);
  });
});
