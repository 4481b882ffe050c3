// Issue "Programs and reminders", end to end: /program start for a group, the clock moves,
// sessions and prompts arrive on the right local days, once each; a pain-6 check-in leads
// to the next-morning follow-up and a regressed next session that staff can undo.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { buttonsIn, type LocalMessage } from '../../src/demo/local-discord';
import { agreeToStore } from '../support/consent';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;
let team: TeamServer;

const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');
// The welcome DM on joining the squad is not part of the program.
const botDms = (userId: string) => h.discord.dmsTo(userId).filter((m) => m.author.bot && !m.content.startsWith('👋 Welcome to Backline'));
const sessionCards = (userId: string) =>
  botDms(userId)
    .filter((m) => m.embeds.length > 0)
    .map((m) => m.embeds[0]!.title);

/** Moves the clock in 30-minute steps to `iso`, ticking the scheduler at each step as the minute timer would. */
async function advanceTo(iso: string) {
  const end = new Date(iso).getTime();
  while (h.clock.now().getTime() < end) {
    h.clock.set(new Date(Math.min(end, h.clock.now().getTime() + 30 * 60_000)));
    await h.bot.scheduler.tick();
  }
}

async function as(userId: string, name: string, options: Record<string, string | number>, subcommand?: string) {
  const r = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId, name, subcommand, options });
  await r.settled();
  expect(r.ephemeral).toBe(true);
  return text(r.response());
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-26T12:00:00Z' }); // Thursday
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben'] });
  await setUpTeam(h.discord, team);
  for (const a of team.athletes) {
    await as(team.coach.id, 'squad', { athlete: a.id, group: 'sprinters' }, 'add');
    await agreeToStore(h, team, a.id);
  }
});

afterEach(async () => {
  await h.stop();
});

describe('a Nordic program run by the scheduler', () => {
  it('sends each session on its day at the reminder time, prompts once after it, and regresses after unsettled pain', async () => {
    const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
    const started = await as(
      team.coach.id,
      'program',
      { program: 'nordic-protocol', group: 'sprinters', start: '2026-11-30', days: 'mon,wed,fri' },
      'start',
    );
    expect(started).toContain('started for 2 athletes');
    // One summary DM at start, no session cards yet.
    expect(botDms(ana.id)).toHaveLength(1);
    expect(sessionCards(ana.id)).toEqual([]);

    // Sunday night: nothing yet. Monday 08:00 London (= 08:00 UTC in winter): week 1's only session.
    await advanceTo('2026-11-30T07:30:00Z');
    expect(sessionCards(ana.id)).toEqual([]);
    await advanceTo('2026-11-30T08:00:00Z');
    expect(sessionCards(ana.id)).toEqual([expect.stringMatching(/Nordic.*— Mon 30 Nov$/)]);
    expect(sessionCards(ben.id)).toHaveLength(1);

    // Ana logs with pain 6 by replying to the DM; Ben logs nothing.
    h.discord.sendUserMessage({ userId: ana.id, content: 'rpe 6 pain 6 hamstring 20min' });
    await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Hold the load'));
    await h.discord.waitForMessage((m) => m.channel_id === team.staffChannelId && text(m).includes('pain 6/10'));

    // After the session (17:00 + its minutes + 30 min): Ben is prompted, Ana is not.
    await advanceTo('2026-11-30T20:00:00Z');
    const benPrompts = () => botDms(ben.id).filter((m) => m.content.startsWith('How did'));
    expect(benPrompts()).toHaveLength(1);
    expect(botDms(ana.id).filter((m) => m.content.startsWith('How did'))).toEqual([]);

    // Tuesday morning: Ben's one nudge; Ana's "has it settled?".
    await advanceTo('2026-12-01T09:00:00Z');
    expect(botDms(ben.id).filter((m) => m.content.includes("isn't logged yet"))).toHaveLength(1);
    const question = botDms(ana.id).find((m) => m.content.includes('Has it settled'));
    expect(question).toBeDefined();
    const no = buttonsIn(question).find((b) => b.customId.endsWith(':no'))!;
    const answered = await h.discord.clickButton({ userId: ana.id, messageId: question!.id, customId: no.customId });
    await answered.settled();

    // Her next session (week 2, Monday 7 December) is now regressed; staff were told, with an Undo.
    const next = h.bot.app.db
      .prepare(
        "SELECT p.json AS prescription_json, a.adjustment FROM assignments a JOIN prescriptions p ON p.id = a.prescription_id WHERE a.athlete_id = ? AND a.session_date > '2026-11-30' ORDER BY a.session_date LIMIT 1",
      )
      .get(ana.id) as { prescription_json: string; adjustment: string };
    expect(JSON.parse(next.prescription_json).adjustment).toBe('regressed');
    expect(next.adjustment).toBe('regressed');
    const staffNotice = await h.discord.waitForMessage(
      (m) => m.channel_id === team.staffChannelId && buttonsIn(m).some((b) => b.customId.startsWith('painundo:')),
    );
    expect(text(staffNotice)).toContain(`<@${ana.id}>`);

    // Nothing more that week for week 1; week 2 brings Monday and Friday sessions.
    await advanceTo('2026-12-07T08:00:00Z');
    expect(sessionCards(ana.id)).toHaveLength(2);
    const regressedCard = botDms(ana.id)
      .filter((m) => m.embeds.length > 0)
      .at(-1)!;
    expect(text(regressedCard)).toContain('Regressed');

    // Nothing was sent twice: one prompt and one nudge per unlogged session.
    expect(benPrompts()).toHaveLength(1);
    expect(botDms(ben.id).filter((m) => m.content.includes("isn't logged yet"))).toHaveLength(1);
    // Pain never reached a shared channel.
    for (const channel of [team.generalChannelId, team.fallbackChannelId]) {
      expect(h.discord.messagesIn(channel).map(text).join('\n')).not.toMatch(/pain/i);
    }
  });

  it('a restart in the middle neither loses nor repeats a reminder', async () => {
    const ana = team.athletes[0]!;
    await as(team.coach.id, 'program', { program: 'nordic-protocol', athlete: ana.id, start: '2026-11-30', days: 'mon,wed,fri' }, 'start');
    await advanceTo('2026-11-30T08:00:00Z');
    expect(sessionCards(ana.id)).toHaveLength(1);
    // Down from Monday 08:00 to 19:00: the check-in prompt (due ~17:50) is caught up after restart, the card is not re-sent.
    await h.restartBot();
    h.clock.set('2026-11-30T19:00:00Z');
    await h.bot.scheduler.tick();
    expect(sessionCards(ana.id)).toHaveLength(1);
    expect(botDms(ana.id).filter((m) => m.content.startsWith('How did'))).toHaveLength(1);
    await h.restartBot();
    await h.bot.scheduler.tick();
    expect(botDms(ana.id).filter((m) => m.content.startsWith('How did'))).toHaveLength(1);
  });

  it('an excused athlete gets no reminders in the window', async () => {
    const ana = team.athletes[0]!;
    await as(team.coach.id, 'program', { program: 'nordic-protocol', athlete: ana.id, start: '2026-11-30', days: 'mon,wed,fri' }, 'start');
    const excused = await as(team.coach.id, 'excuse', { athlete: ana.id, from: '2026-11-30', to: '2026-12-02', reason: 'illness' });
    expect(excused).toMatch(/excused/i);
    await advanceTo('2026-12-02T20:00:00Z');
    expect(botDms(ana.id)).toHaveLength(1); // only the program summary from the start
  });
});

describe('who may use /program', () => {
  it('start and stop are for coaches, status is for everyone about themselves, and autocomplete follows the same rule', async () => {
    const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
    const refusal = 'This is for coaches: you need the';
    expect(await as(ana.id, 'program', { program: 'nordic-protocol', start: '2026-11-30', days: 'mon' }, 'start')).toContain(refusal);
    expect(await as(ana.id, 'program', { athlete: ben.id }, 'stop')).toContain(refusal);
    expect(await as(ana.id, 'program', { athlete: ben.id }, 'status')).toContain(`${refusal}`);
    expect(await as(ana.id, 'program', {}, 'status')).toContain("You're not on a program right now");
    expect(await as(team.coach.id, 'program', { athlete: ben.id }, 'status')).toContain("isn't on a program right now");

    const groups = (userId: string) =>
      h.discord.autocomplete({
        guildId: team.guildId,
        channelId: team.generalChannelId,
        userId,
        name: 'program',
        subcommand: 'stop',
        options: { group: '' },
        focused: 'group',
      });
    // An athlete is not told the squad's groups; a coach is.
    expect((await groups(ana.id)).choices).toEqual([]);
    expect((await groups(team.coach.id)).choices).toEqual([{ name: 'sprinters', value: 'sprinters' }]);
  });
});
