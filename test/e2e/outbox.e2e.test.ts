// Issue "Nothing owed is lost", end to end: the same /assign twice, /status, and the digest naming
// what could not be delivered, with the real bot against the local Discord.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { buttonsIn, type LocalMessage } from '../../src/demo/local-discord';
import { agreeToStore } from '../support/consent';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;
let team: TeamServer;

const cards = (userId: string) => h.discord.dmsTo(userId).filter((m) => m.embeds.length > 0);
const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');

async function run(userId: string, name: string, options: Record<string, string | number> = {}, subcommand?: string) {
  const result = await h.discord.slashCommand({
    guildId: team.guildId,
    channelId: team.generalChannelId,
    userId,
    name,
    subcommand,
    options,
  });
  await result.settled();
  expect(result.ephemeral).toBe(true);
  return result;
}

/** Polls a condition the bot reaches in real time (DMs going out), failing after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-23T09:00:00Z' }); // Monday 09:00 in London
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben'] });
  await setUpTeam(h.discord, team);
  for (const a of team.athletes) {
    await run(team.coach.id, 'squad', { athlete: a.id }, 'add');
    await agreeToStore(h, team, a.id);
  }
  // Each new athlete's welcome DM goes out first; the tests below count session cards.
  await h.bot.dispatcher.drain();
});

afterEach(async () => {
  await h.stop();
});

describe('the same /assign twice', () => {
  it('asks before a second copy within 10 minutes, and makes it only when the coach confirms', async () => {
    const ana = team.athletes[0]!;
    await run(team.coach.id, 'assign', { session: 'mobility-day', athlete: ana.id });
    expect(cards(ana.id)).toHaveLength(1);
    h.clock.advanceMinutes(3);
    const again = await run(team.coach.id, 'assign', { session: 'mobility-day', athlete: ana.id });
    const warning = again.response()!;
    expect(text(warning)).toContain('already assigned to this athlete in the last 10 minutes');
    expect(cards(ana.id)).toHaveLength(1);
    const count = () => (h.bot.app.db.prepare('SELECT count(*) AS n FROM assignments').get() as { n: number }).n;
    expect(count()).toBe(1);

    // Another coach can't press it for them; the coach who asked can.
    const [confirm] = buttonsIn(warning);
    const byAthlete = await h.discord
      .clickButton({ userId: ana.id, messageId: warning.id, customId: confirm!.customId })
      .catch((e: Error) => e);
    if (!(byAthlete instanceof Error)) {
      await byAthlete.settled();
      expect(text(byAthlete.response())).toMatch(/for coaches|out of date/);
    }
    expect(count()).toBe(1);
    const confirmed = await h.discord.clickButton({ userId: team.coach.id, messageId: warning.id, customId: confirm!.customId });
    await confirmed.settled();
    expect(count()).toBe(2);
    expect(cards(ana.id)).toHaveLength(2);

    // After 10 minutes the same assignment is simply made.
    h.clock.advanceMinutes(11);
    const later = await run(team.coach.id, 'assign', { session: 'mobility-day', athlete: ana.id });
    expect(text(later.response())).toContain('assigned to 1 athlete');
    expect(count()).toBe(3);
  });

  it('/assign to 200 athletes answers with a summary that fits one message', async () => {
    const many = Array.from({ length: 198 }, (_, i) =>
      h.discord.createUser(`athlete.${i}`, { globalName: `Athlete ${String(i).padStart(3, '0')} with a rather long display name` }),
    );
    for (const u of many) {
      h.discord.addMember(team.guildId, u.id);
      h.bot.app.squadRepo.add(team.guildId, u.id, u.username, 'everyone', h.clock.now());
    }
    for (const u of many.slice(0, 40)) h.discord.closeDMs(u.id);
    const assigned = await run(team.coach.id, 'assign', { session: 'mobility-day' });
    // The first summary comes within seconds; the last word once every DM has settled.
    const first = text(assigned.response());
    expect(first).toContain('assigned to 200 athletes');
    await until(() => /sent by DM to 160/.test(text(assigned.response())), 25_000);
    const summary = text(assigned.response());
    expect(assigned.response()!.content.length).toBeLessThanOrEqual(2000);
    expect(summary).not.toContain('Still sending');
    expect(summary).toMatch(/DMs closed for 40/);
    expect(summary).toMatch(/\d+ more/);
  }, 45_000);
});

describe('/status', () => {
  it('shows coaches what is waiting and what did not reach whom, and is refused to athletes', async () => {
    const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
    h.discord.closeDMs(ben.id);
    // The staff channel is gone: the pain flag can't be posted, the coaches are told in the fallback channel.
    h.discord.failNext({
      method: 'POST',
      path: new RegExp(`^/channels/${team.staffChannelId}/messages$`),
      status: 404,
      code: 10003,
      times: 5,
    });
    await run(team.coach.id, 'assign', { session: 'mobility-day' });
    const card = cards(ana.id)[0]!;
    const log = buttonsIn(card).find((b) => b.customId.startsWith('log:'))!;
    const opened = await h.discord.clickButton({ userId: ana.id, messageId: card.id, customId: log.customId });
    await opened.settled();
    const submitted = await h.discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { rpe: '6', minutes: '15', pain: '7', area: 'hamstring', note: '' },
    });
    await submitted.settled();
    expect(text(submitted.response())).toContain('Your coaches will be told');
    await h.bot.dispatcher.drain();
    const note = h.discord.messagesIn(team.fallbackChannelId).find((m) => m.content?.includes("couldn't post in"));
    expect(note?.content).toContain(`<@&${team.coachRoleId}>`);
    expect(note?.content).not.toMatch(/pain|7\/10|hamstring/i);

    const status = await run(team.coach.id, 'status');
    const shown = text(status.response());
    expect(shown).toContain('Not delivered in the last 7 days: 1');
    expect(shown).toContain(`pain flag (staff) about <@${ana.id}>: refused`);
    expect(shown).toContain(`DMs closed (pinged in the fallback channel instead): <@${ben.id}>`);
    expect(shown).not.toMatch(/7\/10|hamstring/);

    const byAthlete = await run(ana.id, 'status');
    expect(text(byAthlete.response())).toContain('for coaches');
  });
});
