// Issue 7, a failing Discord: the real bot against the local Discord with faults injected
// (500s, 429 storms, a dropped gateway, a deleted staff channel). The clock is a ManualClock:
// simulated time is moved and the outbox dispatcher drained, never slept through.
import { agreeToStore } from '../support/consent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import type { LocalMessage } from '../../src/demo/local-discord';
import type { OutboxEntry } from '../../src/outbox/messages';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;
let team: TeamServer;

const MINUTE = 60_000;
const POST_MESSAGE = /^\/channels\/\d+\/messages$/;
const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');
const staffMessages = () => h.discord.messagesIn(team.staffChannelId);
const sessionCards = (userId: string) => h.discord.dmsTo(userId).filter((m) => m.embeds.length > 0);
const outbox = (purpose: string): OutboxEntry[] => h.bot.app.outbox.all().filter((e) => e.purpose === purpose);

/** Each nonce the bot used, with how many messages carry it: a double send shows as a count above 1. */
function messagesPerNonce(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of h.discord.botMessages()) if (m.nonce !== undefined) counts.set(String(m.nonce), (counts.get(String(m.nonce)) ?? 0) + 1);
  return counts;
}
const duplicates = () => [...messagesPerNonce().values()].filter((n) => n > 1).length;

async function as(userId: string, name: string, options: Record<string, string | number>, subcommand?: string) {
  const r = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId, name, subcommand, options });
  await r.settled();
  expect(r.ephemeral).toBe(true);
  return text(r.response());
}

/** Moves the clock in `stepMs` steps for `totalMs`, sending what is due after each step as the 5 s poll would. */
async function run(totalMs: number, stepMs: number, each?: () => boolean) {
  const end = h.clock.now().getTime() + totalMs;
  while (h.clock.now().getTime() < end) {
    h.clock.advance(Math.min(stepMs, end - h.clock.now().getTime()));
    await h.bot.dispatcher.drain();
    if (each?.()) return;
  }
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-26T12:00:00Z' }); // Thursday
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben', 'Cal', 'Dee', 'Eli', 'Fay'] });
  await setUpTeam(h.discord, team);
  for (const [i, a] of team.athletes.entries())
    await as(team.coach.id, 'squad', { athlete: a.id, group: i < 2 ? 'sprinters' : 'backs' }, 'add');
  for (const a of team.athletes) await agreeToStore(h, team, a.id);
});

afterEach(async () => {
  await h.stop();
});

/** Ana gets a session now and replies to its DM with pain 6 (above the default limit of 5). */
async function anaReportsPain(): Promise<LocalMessage> {
  const ana = team.athletes[0]!;
  await as(team.coach.id, 'assign', { session: 'glute-ham-emphasis', athlete: ana.id });
  await h.discord.waitForDM(ana.id, (m) => m.embeds.length > 0);
  h.discord.sendUserMessage({ userId: ana.id, content: '7 6 45' });
  return h.discord.waitForDM(ana.id, (m) => m.content.includes('Hold the load'));
}

describe('Discord failing, the outbox delivering', () => {
  it('the staff channel answers 500 for an hour of simulated time: the pain flag arrives once, after it recovers', async () => {
    h.discord.failNext({ method: 'POST', path: new RegExp(`^/channels/${team.staffChannelId}/messages$`), status: 500, times: 100_000 });
    const reply = await anaReportsPain();
    // Say only what is true: the flag is owed, not delivered.
    expect(reply.content).toContain('Your coaches will be told');
    await run(60 * MINUTE, MINUTE);
    expect(staffMessages()).toEqual([]);
    const [waiting] = outbox('pain_flag');
    expect(waiting).toMatchObject({ status: 'pending', detail: 'Discord answered 500' });
    expect(waiting!.attempts).toBeGreaterThanOrEqual(8); // backoff 5 s, 10 s, ... capped at 10 min
    const failedPosts = h.discord.requests.filter((r) => r.path === `/channels/${team.staffChannelId}/messages` && r.status === 500).length;

    h.discord.clearFaults();
    await run(15 * MINUTE, MINUTE, () => staffMessages().length > 0);
    const flags = staffMessages();
    expect(flags).toHaveLength(1);
    expect(text(flags[0])).toContain('pain 6/10');
    const [sent] = outbox('pain_flag');
    expect(sent).toMatchObject({ status: 'sent', resultMessageId: flags[0]!.id });
    // Delivered at the first retry after the recovery (at most the 10-minute backoff cap later).
    expect(sent!.finishedAt!.getTime() - new Date('2026-11-26T13:00:00Z').getTime()).toBeLessThanOrEqual(11 * MINUTE);
    await run(30 * MINUTE, 5 * MINUTE);
    expect(staffMessages()).toHaveLength(1);
    expect(duplicates()).toBe(0);
    console.log(
      `fault: staff channel down 60 simulated min -> ${failedPosts} failed POSTs, ${sent!.attempts} attempts, flag delivered once`,
    );
  });

  it('500s across a delivery time: the Monday 08:00 sessions arrive within their 12 h grace, once each', async () => {
    const sprinters = team.athletes.slice(0, 2);
    await as(
      team.coach.id,
      'program',
      { program: 'nordic-protocol', group: 'sprinters', start: '2026-11-30', days: 'mon,wed,fri' },
      'start',
    );
    h.clock.set('2026-11-30T07:30:00Z');
    await h.bot.scheduler.tick();
    h.discord.failNext({ method: 'POST', path: POST_MESSAGE, status: 500, times: 100_000 });
    // The minute timer from 07:30 to 10:00, in 5-minute steps: the sessions fall due at 08:00 and keep failing.
    for (let at = h.clock.now().getTime(); at < Date.parse('2026-11-30T10:00:00Z'); at += 5 * MINUTE) {
      h.clock.set(new Date(at + 5 * MINUTE));
      await h.bot.scheduler.tick();
    }
    for (const a of sprinters) expect(sessionCards(a.id)).toEqual([]);
    const owed = outbox('session_delivery');
    expect(owed).toHaveLength(sprinters.length);
    expect(owed.every((e) => e.status === 'pending' && e.attempts > 3 && e.expiresAt.toISOString() === '2026-11-30T20:00:00.000Z')).toBe(
      true,
    );

    // Discord recovers at 10:00, except that the first message posted is created and its answer lost
    // (all four of discord.js's tries): the resend a few seconds later reuses the nonce and returns it.
    h.discord.clearFaults();
    const before = h.discord.requests.length;
    h.discord.failNext({ method: 'POST', path: POST_MESSAGE, status: 500, times: 4, applied: true });
    await run(20 * MINUTE, MINUTE, () => owed.every((e) => h.bot.app.outbox.get(e.id)!.status === 'sent'));
    await run(10 * MINUTE, 5_000);
    for (const a of sprinters) expect(sessionCards(a.id)).toHaveLength(1);
    for (const e of owed.map((o) => h.bot.app.outbox.get(o.id)!)) {
      expect(e.status).toBe('sent');
      expect(e.finishedAt!.getTime()).toBeLessThan(e.expiresAt.getTime());
    }
    const failed = h.discord.requests.filter((r) => r.status === 500).length;
    expect(failed).toBeGreaterThan(50);
    // The lost answer: four 500s after the recovery, then the resend that returned the first message.
    expect(h.discord.requests.slice(before).filter((r) => r.status === 500)).toHaveLength(4);
    expect(duplicates()).toBe(0);
    const late =
      Math.max(...owed.map((o) => h.bot.app.outbox.get(o.id)!.finishedAt!.getTime() - Date.parse('2026-11-30T08:00:00Z'))) / MINUTE;
    console.log(
      `fault: 500s from 07:30 to 10:00 -> ${failed} failed POSTs, ${sprinters.length} sessions delivered once, at most ${late} min after 08:00 (grace 12 h)`,
    );
  });

  it('429 storms on DMs (retry_after): every athlete gets the session exactly once', async () => {
    h.discord.failNext({ method: 'POST', path: POST_MESSAGE, status: 429, retryAfterSeconds: 0.02, times: 12 });
    h.discord.failNext({ method: 'POST', path: /^\/users\/@me\/channels$/, status: 429, retryAfterSeconds: 0.02, times: 3 });
    const summary = await as(team.coach.id, 'assign', { session: 'glute-ham-emphasis' });
    expect(summary).toContain(`assigned to ${team.athletes.length} athletes`);
    await run(2 * MINUTE, 10_000, () => team.athletes.every((a) => sessionCards(a.id).length > 0));
    // A second storm, global this time, while the check-in confirmations go out.
    h.discord.failNext({ method: 'POST', path: POST_MESSAGE, status: 429, retryAfterSeconds: 0.02, global: true, times: 8 });
    for (const a of team.athletes) h.discord.sendUserMessage({ userId: a.id, content: '6 1 40' });
    for (const a of team.athletes) await h.discord.waitForDM(a.id, (m) => m.content.includes('Logged'));
    await run(2 * MINUTE, 10_000);
    for (const a of team.athletes) {
      expect(sessionCards(a.id)).toHaveLength(1);
      expect(h.discord.dmsTo(a.id).filter((m) => m.content.includes('Logged'))).toHaveLength(1);
    }
    // Every 429 queued on message posts was answered (the DM-channel storm may find the channels already open:
    // the welcome DM opened them, and discord.js caches DM channels).
    expect(h.discord.requests.filter((r) => r.status === 429 && POST_MESSAGE.test(r.path))).toHaveLength(20);
    expect(h.discord.requests.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(20);
    expect(outbox('session').map((e) => e.status)).toEqual(team.athletes.map(() => 'sent'));
    expect(duplicates()).toBe(0);
    console.log(
      `fault: ${h.discord.requests.filter((r) => r.status === 429).length} answers 429 (retry_after 20 ms, one storm global) -> ${team.athletes.length} sessions and ${team.athletes.length} confirmations, each once`,
    );
  });

  it('a gateway drop in the middle of a delivery: every session is delivered once and the bot still answers', async () => {
    let resumed = 0;
    h.bot.client.on('shardResume', () => resumed++);
    // The drop lands while /assign's DMs are being posted.
    void h.discord.waitForMessage((m) => m.author.id === h.discord.botUser.id && m.embeds.length > 0).then(() => h.discord.dropGateway());
    await as(team.coach.id, 'assign', { session: 'glute-ham-emphasis' });
    await run(2 * MINUTE, 10_000, () => team.athletes.every((a) => sessionCards(a.id).length > 0));
    // A check-in sent while the gateway reconnects is replayed on RESUME and answered once.
    void h.discord.dropGateway();
    const ana = team.athletes[0]!;
    h.discord.sendUserMessage({ userId: ana.id, content: '7 2 45' });
    await h.discord.waitForDM(ana.id, (m) => m.content.includes('Logged'));
    await run(2 * MINUTE, 10_000);
    for (const a of team.athletes) expect(sessionCards(a.id)).toHaveLength(1);
    expect(h.discord.dmsTo(ana.id).filter((m) => m.content.includes('Logged'))).toHaveLength(1);
    expect(h.bot.app.db.prepare('SELECT count(*) AS n FROM checkins').get()).toEqual({ n: 1 });
    expect(outbox('session').every((e) => e.status === 'sent')).toBe(true);
    expect(duplicates()).toBe(0);
    expect(resumed).toBeGreaterThanOrEqual(1);
    console.log(
      `fault: gateway dropped twice (during /assign's DMs and before a check-in) -> ${team.athletes.length} sessions once each, the check-in answered once, ${resumed} resumes`,
    );
  });

  it('an unknown staff channel (404, 10003): the coaches get a note in the fallback channel and the flag is recorded as failed', async () => {
    h.discord.deleteChannel(team.staffChannelId);
    await anaReportsPain();
    await run(2 * MINUTE, 10_000, () => h.discord.messagesIn(team.fallbackChannelId).length > 0);
    const [flag] = outbox('pain_flag');
    // Found before posting: the staff-only check can't open the channel (a post would have answered 10003).
    expect(flag).toMatchObject({ status: 'failed', detail: expect.stringMatching(/10003|staff channel unreachable/) });
    const notes = h.discord.messagesIn(team.fallbackChannelId);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.content).toContain(`<@&${team.coachRoleId}>`);
    expect(notes[0]!.content).toContain(`I couldn't post in <#${team.staffChannelId}>`);
    expect(notes[0]!.mention_roles).toEqual([team.coachRoleId]);
    // The fallback channel is not private: no health data there.
    expect(notes[0]!.content).not.toMatch(/pain|6\/10/i);
    expect(outbox('coach_note')).toMatchObject([{ status: 'sent' }]);
    // A second flag the same day does not repeat the note.
    const ben = team.athletes[1]!;
    await as(team.coach.id, 'assign', { session: 'glute-ham-emphasis', athlete: ben.id });
    await h.discord.waitForDM(ben.id, (m) => m.embeds.length > 0);
    h.discord.sendUserMessage({ userId: ben.id, content: '7 7 45' });
    await h.discord.waitForDM(ben.id, (m) => m.content.includes('Hold the load'));
    await run(2 * MINUTE, 10_000);
    expect(outbox('pain_flag').map((e) => e.status)).toEqual(['failed', 'failed']);
    expect(h.discord.messagesIn(team.fallbackChannelId)).toHaveLength(1);
  });
});
