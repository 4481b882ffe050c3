// Issue "Backline core", end to end: the real bot and discord.js client against the local Discord,
// driven the way a coach and athletes use it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { buttonsIn, type LocalMessage } from '../../src/demo/local-discord';
import { agreeToStore } from '../support/consent';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;
let team: TeamServer;

const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');
const count = (sql: string) => (h.bot.app.db.prepare(sql).get() as { n: number }).n;
const buttonIds = (m: LocalMessage) => buttonsIn(m).map((b) => b.customId);
// Session cards are embeds; an athlete's first DM is the short welcome.
const isCard = (m: LocalMessage) => m.embeds.length > 0;

async function coach(t: TeamServer, name: string, options: Record<string, string | number>, subcommand?: string) {
  const result = await h.discord.slashCommand({
    guildId: t.guildId,
    channelId: t.generalChannelId,
    userId: t.coach.id,
    name,
    subcommand,
    options,
  });
  await result.settled();
  expect(result.ephemeral).toBe(true);
  expect(result.respondedAfterMs).toBeLessThan(3000);
  // Check-ins are stored only with consent: each athlete added agrees, as they would from /privacy consent.
  if (name === 'squad' && subcommand === 'add' && text(result.response()).includes('joined the squad'))
    await agreeToStore(h, t, String(options.athlete));
  return result;
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-23T09:00:00Z' }); // Monday 09:00 in London
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben', 'Cal'] });
  await setUpTeam(h.discord, team);
});

afterEach(async () => {
  await h.stop();
});

describe('a coach sets up the squad and assigns a session; athletes receive and log it', () => {
  it('runs the whole flow: /squad add x3, /assign to a group, DMs, button + modal, free-text reply, /today', async () => {
    const [ana, ben, cal] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0], (typeof team.athletes)[0]];
    for (const [athlete, group] of [
      [ana, 'sprinters'],
      [ben, 'sprinters'],
      [cal, 'backs'],
    ] as const) {
      const added = await coach(team, 'squad', { athlete: athlete.id, group }, 'add');
      expect(text(added.response())).toContain('joined the squad');
    }
    const list = await coach(team, 'squad', {}, 'list');
    expect(text(list.response())).toMatch(/Squad: 3 athletes[\s\S]*\*\*backs\*\* \(1\)[\s\S]*\*\*sprinters\*\* \(2\)/);

    const sessionChoices = await h.discord.autocomplete({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'assign',
      options: { session: 'glute' },
      focused: 'session',
    });
    expect(sessionChoices.choices.map((c) => c.value)).toContain('glute-ham-emphasis');

    const assigned = await coach(team, 'assign', {
      session: 'glute-ham-emphasis',
      group: 'sprinters',
      time: '17:30',
      note: 'Straps allowed',
    });
    expect(assigned.callbackType).toBe(5); // deferred first: DMs to a group can outlast 3 seconds
    const summary = text(assigned.response());
    expect(summary).toContain('assigned to 2 athletes');
    expect(summary).toContain(`Session sent by DM to 2: <@${ana.id}>, <@${ben.id}>`);

    const anaDm = await h.discord.waitForDM(ana.id, isCard);
    expect(anaDm.embeds[0]?.title).toBe('Glute & hamstring emphasis day — Mon 23 Nov');
    expect(text(anaDm)).toContain('Straps allowed');
    expect(text(anaDm)).toContain('17:30 (Europe/London)');
    expect(buttonIds(anaDm)).toEqual([expect.stringMatching(/^log:\d+$/), expect.stringMatching(/^miss:\d+$/)]);
    expect(h.discord.dmsTo(cal.id).filter(isCard)).toEqual([]);

    // Ana taps "Log session" and fills the form.
    const opened = await h.discord.clickButton({ userId: ana.id, messageId: anaDm.id, customId: buttonIds(anaDm)[0]! });
    expect(opened.callbackType).toBe(9);
    expect(JSON.stringify(opened.modal)).toContain('RPE 0-10: 0 rest · 5 hard · 10 maximal');
    expect(JSON.stringify(opened.modal)).toContain('1 very, very easy · 2 easy · 3 moderate · 4 somewhat hard · 7 very hard');
    const logged = await h.discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { rpe: '7', minutes: '45', pain: '2', area: '', note: 'Felt strong' },
    });
    await logged.settled();
    expect(text(logged.response())).toContain('RPE 7 — Very hard, 45 min, pain 2/10');
    expect(text(logged.response())).toContain('7 × 45 = **315 AU**');

    // Ben just replies in the DM.
    h.discord.sendUserMessage({ userId: ben.id, content: 'rpe 6 pain 3 50min' });
    const benReply = await h.discord.waitForDM(ben.id, (m) => m.author.bot === true && m.content.includes('Logged'));
    expect(benReply.content).toContain('RPE 6 — between Hard and Very hard, 50 min, pain 3/10');
    expect(benReply.content).toContain('acceptable as long as it has settled by tomorrow morning');

    expect(h.bot.app.db.prepare('SELECT athlete_id, rpe, minutes, pain, load_au, source FROM checkins ORDER BY id').all()).toEqual([
      { athlete_id: ana.id, rpe: 7, minutes: 45, pain: 2, load_au: 315, source: 'modal' },
      { athlete_id: ben.id, rpe: 6, minutes: 50, pain: 3, load_au: 300, source: 'dm_reply' },
    ]);

    const today = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId: ana.id, name: 'today' });
    expect(today.ephemeral).toBe(true);
    expect(text(today.response())).toContain('logged: RPE 7, 45 min, load 315 AU, pain 2/10');
  });

  it('asks back when a DM reply is unclear, remembers the answers, and stores nothing until every value is known', async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await coach(team, 'assign', { session: 'mobility-day', athlete: ana.id });
    await h.discord.waitForDM(ana.id, isCard);
    h.discord.sendUserMessage({ userId: ana.id, content: '7 45' });
    const which = await h.discord.waitForDM(
      ana.id,
      (m) => m.author.bot === true && m.content.includes('Was 7 your effort (RPE) or your pain?'),
    );
    expect(which.content).toContain('Nothing is saved until I have every value');
    expect(count('SELECT count(*) AS n FROM checkins')).toBe(0);
    h.discord.sendUserMessage({ userId: ana.id, content: 'rpe' });
    await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Got RPE 7, 45 min. What was your pain (0-10)?'));
    expect(count('SELECT count(*) AS n FROM checkins')).toBe(0);
    h.discord.sendUserMessage({ userId: ana.id, content: 'left calf 2' });
    const logged = await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Logged'));
    expect(logged.content).toContain('RPE 7 — Very hard, 45 min, pain 2/10 (left calf)');
    expect(h.bot.app.db.prepare('SELECT rpe, pain, minutes, pain_area, pain_side FROM checkins').get()).toEqual({
      rpe: 7,
      pain: 2,
      minutes: 45,
      pain_area: 'calf',
      pain_side: 'left',
    });

    // A correction by DM shows before and after.
    h.discord.sendUserMessage({ userId: ana.id, content: 'sorry, pain was 3 not 2' });
    const corrected = await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Corrected'));
    expect(corrected.content).toContain('Before: RPE 7, 45 min, pain 2/10 (left calf).');
    expect(corrected.content).toContain('Now: RPE 7, 45 min, pain 3/10 (left calf).');
    expect(h.bot.app.db.prepare('SELECT pain FROM checkins').pluck().get()).toBe(3);
  });

  it('records "Couldn\'t train" with a reason', async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await coach(team, 'assign', { session: 'mobility-day', athlete: ana.id });
    const dm = await h.discord.waitForDM(ana.id, isCard);
    const opened = await h.discord.clickButton({ userId: ana.id, messageId: dm.id, customId: buttonIds(dm)[1]! });
    const missed = await h.discord.submitModal({ userId: ana.id, customId: opened.modal!.custom_id, fields: { reason: 'Flu' } });
    await missed.settled();
    expect(text(missed.response())).toContain("you couldn't train");
    expect(h.bot.app.db.prepare('SELECT outcome, missed_reason FROM checkins').get()).toEqual({ outcome: 'missed', missed_reason: 'Flu' });
  });
});

describe('bad input gets a clear private answer and nothing is stored', () => {
  it("refuses a non-coach's /assign", async () => {
    const ana = team.athletes[0]!;
    const result = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: ana.id,
      name: 'assign',
      options: { session: 'mobility-day' },
    });
    expect(result.ephemeral).toBe(true);
    expect(text(result.response())).toContain('This is for coaches');
    expect(count('SELECT count(*) AS n FROM assignments')).toBe(0);
  });

  it('refuses an athlete who is not in the squad and a date in the wrong form', async () => {
    const outsider = h.discord.createUser('outsider');
    h.discord.addMember(team.guildId, outsider.id);
    const notInSquad = await coach(team, 'assign', { session: 'mobility-day', athlete: outsider.id });
    expect(text(notInSquad.response())).toContain("isn't in the squad. Add them first with `/squad add`");
    await coach(team, 'squad', { athlete: team.athletes[0]!.id }, 'add');
    const badDate = await coach(team, 'assign', { session: 'mobility-day', date: 'someday' });
    expect(text(badDate.response())).toContain(
      'I couldn\'t read the date "someday". Use a date such as "today", "tomorrow", "thursday", "next monday", "26 Nov", "26/11" or 2026-11-26.',
    );
    expect(count('SELECT count(*) AS n FROM assignments')).toBe(0);
  });

  it('refuses an RPE of 11 with a Try again button that reopens the form', async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await coach(team, 'assign', { session: 'glute-ham-emphasis', athlete: ana.id });
    const dm = await h.discord.waitForDM(ana.id, isCard);
    const opened = await h.discord.clickButton({ userId: ana.id, messageId: dm.id, customId: buttonIds(dm)[0]! });
    const bad = await h.discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { rpe: '11', minutes: '45', pain: '2' },
    });
    await bad.settled();
    expect(bad.ephemeral).toBe(true);
    const answer = bad.response()!;
    expect(answer.content).toContain('Nothing was saved');
    expect(answer.content).toContain('RPE must be from 0 to 10 (you entered 11)');
    expect(count('SELECT count(*) AS n FROM checkins')).toBe(0);
    const retry = await h.discord.clickButton({ userId: ana.id, messageId: answer.id, customId: buttonIds(answer)[0]! });
    expect(retry.callbackType).toBe(9);
  });

  it('only the assigned athlete can log a session', async () => {
    const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await coach(team, 'squad', { athlete: ben.id }, 'add');
    await coach(team, 'assign', { session: 'mobility-day', athlete: ana.id });
    const id = (h.bot.app.db.prepare('SELECT id FROM assignments').get() as { id: number }).id;
    const result = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: ben.id,
      name: 'checkin',
      options: { session: String(id), rpe: 5, pain: 0 },
    });
    expect(text(result.response())).toContain('Pick one of your own sessions');
    expect(count('SELECT count(*) AS n FROM checkins')).toBe(0);
  });
});

describe('health data stays with the athlete and staff', () => {
  it('pain above 5 tells the athlete to hold the load and flags staff, and nowhere else', async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id, group: 'backs' }, 'add');
    await coach(team, 'assign', { session: 'glute-ham-emphasis', athlete: ana.id });
    const id = (h.bot.app.db.prepare('SELECT id FROM assignments').get() as { id: number }).id;
    const logged = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: ana.id,
      name: 'checkin',
      options: { session: String(id), rpe: 8, pain: 7, minutes: 60, area: 'hamstring' },
    });
    expect(logged.ephemeral).toBe(true);
    expect(text(logged.response())).toContain('Hold the load');
    const flag = await h.discord.waitForMessage((m) => m.channel_id === team.staffChannelId);
    expect(text(flag)).toContain('reported pain 7/10 (hamstring)');
    for (const channel of [team.generalChannelId, team.fallbackChannelId]) {
      expect(h.discord.messagesIn(channel).map(text).join('\n')).not.toMatch(/pain/i);
    }
  });

  it('closed DMs fall back to a mention in the fallback channel with no health data, and the coach is told who', async () => {
    const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await coach(team, 'squad', { athlete: ben.id }, 'add');
    await h.discord.waitForDM(ben.id, (m) => m.content.includes('Welcome to Backline'));
    h.discord.closeDMs(ben.id);
    const assigned = await coach(team, 'assign', { session: 'glute-ham-emphasis' });
    expect(text(assigned.response())).toContain(
      `DMs closed for 1; they get a ping in the fallback channel instead (no health data): <@${ben.id}>`,
    );
    const ping = await h.discord.waitForMessage((m) => m.channel_id === team.fallbackChannelId);
    expect(ping.content).toContain(`<@${ben.id}>`);
    expect(ping.content).toContain('/today');
    expect(ping.content).not.toMatch(/RPE|pain|Glute/i);
    // One DM attempt only: a 50007 is never retried.
    const dmPosts = h.discord.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path) && r.status === 403);
    expect(dmPosts).toHaveLength(1);
  });

  it("a second server sees none of the first one's data", async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id, group: 'sprinters' }, 'add');
    await coach(team, 'assign', { session: 'mobility-day', athlete: ana.id });
    const other = buildTeamServer(h.discord, { name: 'Valley AC', coachName: 'Coach Lee', athletes: [] });
    h.discord.addMember(other.guildId, ana.id);
    await setUpTeam(h.discord, other, 'America/New_York');
    expect(text((await coach(other, 'squad', {}, 'list')).response())).toContain('The squad is empty');
    const groups = await h.discord.autocomplete({
      guildId: other.guildId,
      channelId: other.generalChannelId,
      userId: other.coach.id,
      name: 'assign',
      options: { group: '' },
      focused: 'group',
    });
    expect(groups.choices).toEqual([]);
    const anaToday = await h.discord.slashCommand({
      guildId: other.guildId,
      channelId: other.generalChannelId,
      userId: ana.id,
      name: 'today',
    });
    expect(text(anaToday.response())).toContain("You're not on this team's squad");
    const sessions = await h.discord.autocomplete({
      guildId: other.guildId,
      channelId: other.generalChannelId,
      userId: ana.id,
      name: 'checkin',
      options: { session: '' },
      focused: 'session',
    });
    expect(sessions.choices).toEqual([]);
    // And the first team's coach can't be reached through the other server's coach role.
    const crossCoach = await h.discord
      .slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId: other.coach.id, name: 'squad', subcommand: 'list' })
      .catch((e: Error) => e);
    expect(crossCoach).toBeInstanceOf(Error); // not a member of the first server at all
  });
});

describe('faults real Discord produces', () => {
  it('a 429 on the DM route is retried and the DM arrives once', async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await h.discord.waitForDM(ana.id, (m) => m.content.includes('Welcome to Backline'));
    h.discord.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfterSeconds: 0.05 });
    const assigned = await coach(team, 'assign', { session: 'mobility-day', athlete: ana.id });
    expect(text(assigned.response())).toContain(`Session sent by DM to 1: <@${ana.id}>`);
    expect(h.discord.dmsTo(ana.id).filter(isCard)).toHaveLength(1);
    expect(h.discord.requests.filter((r) => r.status === 429)).toHaveLength(1);
  });

  it('a gateway drop and resume loses nothing', async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await h.discord.dropGateway({ code: 4000 });
    // Sent while the client is reconnecting: replayed after RESUME.
    const pending = h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'assign',
      options: { session: 'mobility-day', athlete: ana.id },
    });
    const assigned = await pending;
    await assigned.settled();
    expect(text(assigned.response())).toContain('assigned to 1 athlete');
    expect(await h.discord.waitForDM(ana.id, isCard)).toBeDefined();
    expect(count('SELECT count(*) AS n FROM assignments')).toBe(1);
  });

  it('a restart keeps the squad and sessions, and re-registers the same commands', async () => {
    const ana = team.athletes[0]!;
    await coach(team, 'squad', { athlete: ana.id }, 'add');
    await coach(team, 'assign', { session: 'mobility-day', athlete: ana.id });
    const before = h.discord
      .registeredCommands()
      .map((c) => c.name)
      .sort();
    await h.restartBot();
    expect(
      h.discord
        .registeredCommands()
        .map((c) => c.name)
        .sort(),
    ).toEqual(before);
    const today = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId: ana.id, name: 'today' });
    expect(text(today.response())).toContain('Mobility');
  });

  it('/today also shows what is coming up, so a fallback ping always leads somewhere', async () => {
    const cal = team.athletes[2]!;
    await coach(team, 'squad', { athlete: cal.id }, 'add');
    h.discord.closeDMs(cal.id);
    await coach(team, 'assign', { session: 'mobility-day', athlete: cal.id, date: 'thursday' });
    const today = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId: cal.id, name: 'today' });
    expect(text(today.response())).toContain('Coming up');
    expect(text(today.response())).toContain('Thu 26 Nov: **Mobility');
  });
});

describe('/setup and /library', () => {
  it('refuses an unknown time zone, a public staff channel and a member without Manage Server', async () => {
    const t = buildTeamServer(h.discord, { name: 'Riverside', coachName: 'Coach Ray', athletes: [] });
    const base = { coach_role: t.coachRoleId, staff_channel: t.staffChannelId };
    const run = async (userId: string, options: Record<string, string>) => {
      const r = await h.discord.slashCommand({ guildId: t.guildId, channelId: t.generalChannelId, userId, name: 'setup', options });
      expect(r.ephemeral).toBe(true);
      return text(r.response());
    };
    expect(await run(t.owner.id, { ...base, timezone: 'Mars/Olympus' })).toContain('"Mars/Olympus" isn\'t a time zone I know');
    expect(await run(t.owner.id, { ...base, timezone: 'Europe/London', staff_channel: t.generalChannelId })).toContain(
      'is visible to everyone on the server',
    );
    expect(await run(t.coach.id, { ...base, timezone: 'Europe/London' })).toContain('Only someone with the **Manage Server** permission');
    expect(h.bot.app.teams.get(t.guildId)).toBeUndefined();
    const zones = await h.discord.autocomplete({
      guildId: t.guildId,
      channelId: t.generalChannelId,
      userId: t.owner.id,
      name: 'setup',
      options: { timezone: 'sydney' },
      focused: 'timezone',
    });
    expect(zones.choices[0]).toEqual({ name: 'Australia/Sydney (UTC+11:00 now)', value: 'Australia/Sydney' });
    for (const [typed, zone] of [
      ['EST', 'America/New_York'],
      ['eastern', 'America/New_York'],
      ['PST', 'America/Los_Angeles'],
      ['GMT', 'Europe/London'],
      ['CET', 'Europe/Paris'],
    ]) {
      const found = await h.discord.autocomplete({
        guildId: t.guildId,
        channelId: t.generalChannelId,
        userId: t.owner.id,
        name: 'setup',
        options: { timezone: typed! },
        focused: 'timezone',
      });
      expect(found.choices[0]?.value).toBe(zone);
    }
    // Typed without picking: "eastern" is set up as New York, whose clocks change.
    expect(await run(t.owner.id, { ...base, timezone: 'eastern' })).toContain('Time zone: **America/New_York**');
  });

  it('a coach command before /setup says how to set up', async () => {
    const t = buildTeamServer(h.discord, { name: 'Riverside', coachName: 'Coach Ray', athletes: [] });
    const r = await h.discord.slashCommand({
      guildId: t.guildId,
      channelId: t.generalChannelId,
      userId: t.coach.id,
      name: 'squad',
      subcommand: 'list',
    });
    expect(text(r.response())).toContain("Backline isn't set up on this server yet");
  });

  it('shows a template and an exercise card with cues, regression and progression', async () => {
    const ana = team.athletes[0]!;
    const card = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: ana.id,
      name: 'library',
      options: { exercise: 'nordic-curl-partial' },
    });
    const shown = text(card.response());
    expect(shown).toContain('Coaching cues');
    expect(shown).toMatch(/Simpler \(regression\).*Band-assisted/i);
    expect(shown).toMatch(/Harder \(progression\).*Nordic/i);
    const template = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: ana.id,
      name: 'library',
      options: { session: 'nordic-protocol' },
    });
    expect(text(template.response())).toContain('Petersen');
  });
});

describe('/settings', () => {
  it('shows the defaults, changes times and thresholds together, and refuses values that do not fit', async () => {
    const shown = text((await coach(team, 'settings', {})).response());
    expect(shown).toContain('Morning reminders: **08:00 (8am)** · usual session time: **17:00 (5pm)**');
    expect(shown).toContain('Weekly digest: **Monday 08:00**');
    expect(shown).toContain('Hard sets per muscle per week: **10-20**');

    const saved = text((await coach(team, 'settings', { reminder_time: '7.15am', digest_day: 7, hard_sets_max: 16 })).response());
    expect(saved).toContain('✅ Saved.');
    expect(saved).toContain('Morning reminders: **07:15 (7:15am)**');
    expect(saved).toContain('Weekly digest: **Sunday 08:00**');
    expect(saved).toContain('**10-16**');

    const clash = text((await coach(team, 'settings', { session_time: '18:00', hard_sets_min: 18 })).response());
    expect(clash).toContain("don't fit together, so nothing was changed");
    const badTime = text((await coach(team, 'settings', { digest_time: '7' })).response());
    expect(badTime).toContain('digest_time: Is "7" 07:00 or 19:00? Write 7am or 7pm (or 07:00).');
    const evening = text((await coach(team, 'settings', { session_time: '5:30pm' })).response());
    expect(evening).toContain('usual session time: **17:30 (5:30pm)**');
    await coach(team, 'settings', { session_time: '1700' });
    const after = h.bot.app.settings.view(h.bot.app.teams.get(team.guildId)!);
    expect([after.team.sessionTime, after.team.digestTime, after.thresholds.hardSetMin, after.thresholds.hardSetMax]).toEqual([
      '17:00',
      '08:00',
      10,
      16,
    ]);

    const athlete = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.athletes[0]!.id,
      name: 'settings',
      options: { pain_limit: 9 },
    });
    expect(text(athlete.response())).toContain('This is for coaches');
    expect(h.bot.app.teams.get(team.guildId)!.painLimit).toBe(5);
  });
});
