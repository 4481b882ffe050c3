// Issue 9, "Understood the first time", end to end on the local Discord: the form's "Try again"
// keeps what was typed, "Couldn't train" over a logged session asks first, and editing a logged
// check-in shows before and after.
import { agreeToStore } from '../support/consent';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { buttonsIn, type LocalMessage } from '../../src/demo/local-discord';
import { announceJoin } from '../../src/discord/guildJoin';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;
let team: TeamServer;

const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');
const buttonIds = (m: LocalMessage) => buttonsIn(m).map((b) => b.customId);

async function coach(name: string, options: Record<string, string | number>, subcommand?: string) {
  const result = await h.discord.slashCommand({
    guildId: team.guildId,
    channelId: team.generalChannelId,
    userId: team.coach.id,
    name,
    subcommand,
    options,
  });
  await result.settled();
  return result;
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-23T09:00:00Z' }); // Monday 09:00 in London
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana'] });
  await setUpTeam(h.discord, team);
  await coach('squad', { athlete: team.athletes[0]!.id }, 'add');
  await agreeToStore(h, team, team.athletes[0]!.id);
  await coach('assign', { session: 'glute-ham-emphasis', athlete: team.athletes[0]!.id });
});

afterEach(async () => {
  await h.stop();
});

describe('the DM conversation', () => {
  it('"Was 8 your effort or your pain?" can be answered with a button, then the missing pain by text', async () => {
    const ana = team.athletes[0]!;
    await h.discord.waitForDM(ana.id, (m) => m.embeds.length > 0);
    h.discord.sendUserMessage({ userId: ana.id, content: '8 45 💪' });
    const which = await h.discord.waitForDM(ana.id, (m) => m.content.includes('Was 8 your effort (RPE) or your pain?'));
    expect(buttonsIn(which).map((b) => [b.label, b.customId])).toEqual([
      ['Effort (RPE)', 'ans:rpe'],
      ['Pain', 'ans:pain'],
    ]);
    const tapped = await h.discord.clickButton({ userId: ana.id, messageId: which.id, customId: 'ans:rpe' });
    await tapped.settled();
    const asked = await h.discord.waitForDM(
      ana.id,
      (m) => m.id === which.id && m.content.includes('Got RPE 8, 45 min. What was your pain (0-10)?'),
    );
    expect(buttonsIn(asked)).toEqual([]);
    expect(h.bot.app.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
    h.discord.sendUserMessage({ userId: ana.id, content: '1' });
    const logged = await h.discord.waitForDM(ana.id, (m) => m.content.includes('Logged'));
    expect(logged.content).toContain('RPE 8');
    expect(h.bot.app.db.prepare('SELECT rpe, pain, minutes FROM checkins').get()).toEqual({ rpe: 8, pain: 1, minutes: 45 });
  });
});

describe('the check-in form', () => {
  it('"Try again" reopens the form with what was typed', async () => {
    const ana = team.athletes[0]!;
    const card = await h.discord.waitForDM(ana.id, (m) => m.embeds.length > 0);
    const opened = await h.discord.clickButton({ userId: ana.id, messageId: card.id, customId: buttonIds(card)[0]! });
    const refused = await h.discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { rpe: '11', minutes: '45', pain: '2', area: 'left calf', note: 'heavy legs' },
    });
    await refused.settled();
    expect(refused.ephemeral).toBe(true);
    expect(text(refused.response())).toContain('RPE must be from 0 to 10 (you entered 11).');
    const retry = buttonIds(refused.response()!)[0]!;
    expect(retry).toMatch(/^log:\d+:retry$/);
    const reopened = await h.discord.clickButton({ userId: ana.id, messageId: refused.response()!.id, customId: retry });
    const form = JSON.stringify(reopened.modal);
    for (const typed of ['"value":"11"', '"value":"45"', '"value":"2"', '"value":"left calf"', '"value":"heavy legs"'])
      expect(form).toContain(typed);
    expect(h.bot.app.db.prepare('SELECT count(*) FROM checkins').pluck().get()).toBe(0);
  });

  it('editing a logged check-in shows before and after', async () => {
    const ana = team.athletes[0]!;
    const card = await h.discord.waitForDM(ana.id, (m) => m.embeds.length > 0);
    h.discord.sendUserMessage({ userId: ana.id, content: 'rpe 7 pain 2 hammy 45 min' });
    await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Logged'));
    // The card is edited through the outbox: what was logged, and Edit in place of Log and Couldn't train.
    const updated = await h.discord.waitForDM(ana.id, (m) => m.id === card.id && buttonsIn(m).some((b) => b.label === 'Edit'));
    expect(buttonsIn(updated).map((b) => b.label)).toEqual(['Edit']);
    expect(text(updated)).toContain('Logged: RPE 7, 45 min, pain 2/10');
    const opened = await h.discord.clickButton({ userId: ana.id, messageId: card.id, customId: buttonIds(updated)[0]! });
    expect(JSON.stringify(opened.modal)).toContain('"value":"hamstring"');
    const edited = await h.discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { rpe: '7', minutes: '50', pain: '2', area: 'hamstring', note: '' },
    });
    await edited.settled();
    expect(text(edited.response())).toContain('Before: RPE 7, 45 min, pain 2/10 (hamstring).');
    expect(text(edited.response())).toContain('Now: RPE 7, 50 min, pain 2/10 (hamstring).');
    expect(h.bot.app.db.prepare('SELECT minutes, source FROM checkins').get()).toEqual({ minutes: 50, source: 'modal' });
  });

  it('"Couldn\'t train" over a logged session asks first, and replaces it only when confirmed', async () => {
    const ana = team.athletes[0]!;
    const card = await h.discord.waitForDM(ana.id, (m) => m.embeds.length > 0);
    h.discord.sendUserMessage({ userId: ana.id, content: '7 2 45' });
    await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Logged'));
    // The card no longer offers it...
    const updated = await h.discord.waitForDM(ana.id, (m) => m.id === card.id && buttonsIn(m).some((b) => b.label === 'Edit'));
    expect(buttonsIn(updated).map((b) => b.label)).toEqual(['Edit']);
    // ...and from /today it asks before replacing what was logged.
    const today = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId: ana.id, name: 'today' });
    const miss = buttonIds(today.response()!).find((id) => id.startsWith('miss:'))!;
    const asked = await h.discord.clickButton({ userId: ana.id, messageId: today.response()!.id, customId: miss });
    expect(asked.ephemeral).toBe(true);
    expect(asked.modal).toBeUndefined();
    expect(text(asked.response())).toContain('Replace that with "couldn\'t train"?');
    expect(h.bot.app.db.prepare('SELECT outcome FROM checkins').pluck().get()).toBe('completed');
    const confirm = buttonIds(asked.response()!)[0]!;
    const opened = await h.discord.clickButton({ userId: ana.id, messageId: asked.response()!.id, customId: confirm });
    expect(opened.modal!.custom_id).toMatch(/^missm:\d+:replace$/);
    const missed = await h.discord.submitModal({
      userId: ana.id,
      customId: opened.modal!.custom_id,
      fields: { reason: 'Mixed up the days' },
    });
    await missed.settled();
    expect(h.bot.app.db.prepare('SELECT outcome, rpe, missed_reason FROM checkins').get()).toEqual({
      outcome: 'missed',
      rpe: null,
      missed_reason: 'Mixed up the days',
    });
  });
});

describe('dates and times as coaches type them', () => {
  it('/assign reads "next monday" and "5:30pm" and repeats them in the team zone; autocomplete shows what a date means', async () => {
    const ana = team.athletes[0]!;
    const assigned = await coach('assign', { session: 'mobility-day', athlete: ana.id, date: 'next monday', time: '5:30pm' });
    expect(text(assigned.response())).toContain('** on Mon 30 Nov 2026 at 17:30 (5:30pm) Europe/London assigned to 1 athlete');
    expect(h.bot.app.db.prepare("SELECT session_date, planned_start_at FROM assignments WHERE template_id = 'mobility-day'").get()).toEqual(
      {
        session_date: '2026-11-30',
        planned_start_at: '2026-11-30T17:30:00.000Z',
      },
    );

    const dayFirst = await coach('assign', { session: 'mobility-day', athlete: ana.id, date: '26/11', time: '1730' });
    expect(text(dayFirst.response())).toContain('on Thu 26 Nov 2026 at 17:30 (5:30pm) Europe/London');

    const unclear = await coach('assign', { session: 'mobility-day', athlete: ana.id, date: 'friday', time: '7' });
    expect(text(unclear.response())).toContain('Is "7" 07:00 or 19:00? Write 7am or 7pm (or 07:00).');
    expect(h.bot.app.db.prepare("SELECT count(*) FROM assignments WHERE template_id = 'mobility-day'").pluck().get()).toBe(2);

    // A team whose coaches write month first.
    const order = await coach('settings', { date_order: 'month_first' });
    expect(text(order.response())).toContain('Dates like 11/26 are read month first');
    const monthFirst = await coach('assign', { session: 'mobility-day', athlete: ana.id, date: '11/27', time: '7am' });
    expect(text(monthFirst.response())).toContain('on Fri 27 Nov 2026 at 07:00 (7am) Europe/London');
    await coach('settings', { date_order: 'day_first' });

    const suggestions = await h.discord.autocomplete({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'assign',
      options: { date: '26 nov' },
      focused: 'date',
    });
    expect(suggestions.choices[0]).toEqual({ name: '26 nov → Thu 26 Nov 2026', value: '2026-11-26' });
    const next = await h.discord.autocomplete({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'assign',
      options: { date: '' },
      focused: 'date',
    });
    expect(next.choices.slice(0, 2)).toEqual([
      { name: 'Today · Mon 23 Nov', value: '2026-11-23' },
      { name: 'Tomorrow · Tue 24 Nov', value: '2026-11-24' },
    ]);
  });
});

describe('help and first contact', () => {
  it('a new athlete gets a short welcome DM before their first session card', async () => {
    const ana = team.athletes[0]!;
    await h.discord.waitForDM(ana.id, (m) => m.embeds.length > 0);
    const all = h.discord.dmsTo(ana.id).filter((m) => m.author.bot);
    expect(all[0]!.content).toContain('👋 Welcome to Backline: <@');
    expect(all[0]!.content).toContain('rpe 7, pain 2, 45 min');
    expect(all[0]!.content).toContain("Who sees what: you see your own check-ins; your team's coaches and staff see the squad's");
    // Short: the welcome and, under it, the consent question (what is stored, who sees it) with its two buttons.
    expect(all[0]!.content.length).toBeLessThan(1200);
    expect(buttonsIn(all[0]).map((b) => b.label)).toEqual(['I agree', 'No thanks']);
    expect(all[1]!.embeds.length).toBe(1);
    // Re-adding doesn't welcome twice.
    await coach('squad', { athlete: ana.id }, 'remove');
    const again = await coach('squad', { athlete: ana.id }, 'add');
    expect(text(again.response())).not.toContain('welcome DM');
    expect(h.bot.app.outbox.list(team.guildId, { purpose: 'welcome' })).toHaveLength(1);
  });

  it('/help answers for the person asking: an athlete sees logging, correcting, the scales and who sees what; a coach the first week', async () => {
    const ana = team.athletes[0]!;
    const athlete = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId: ana.id, name: 'help' });
    expect(athlete.ephemeral).toBe(true);
    const forAthlete = text(athlete.response());
    for (const part of [
      '**Logging a session**',
      '**Correcting**',
      'pain was 4',
      '**RPE**',
      '**RIR**',
      '**Tempo**',
      '**Who sees your data**',
    ])
      expect(forAthlete).toContain(part);
    expect(forAthlete).not.toContain('/squad add');

    const coachHelp = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'help',
    });
    const forCoach = text(coachHelp.response());
    const order = ['/setup', '/squad add', '/assign', '/program start', '/athlete', '/excuse', '/digest'].map((c) => forCoach.indexOf(c));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(forCoach).toContain('✅ `/setup` is done');
  });

  it('/help before /setup says an admin should run /setup', async () => {
    const t = buildTeamServer(h.discord, { name: 'Riverside', coachName: 'Coach Ray', athletes: [] });
    const r = await h.discord.slashCommand({ guildId: t.guildId, channelId: t.generalChannelId, userId: t.coach.id, name: 'help' });
    expect(text(r.response())).toContain('Someone with **Manage Server** should run `/setup` first');
  });
});

describe('joining a server', () => {
  it('posts one short message saying an admin should run /setup, and nothing once set up', async () => {
    const t = buildTeamServer(h.discord, { name: 'Riverside', coachName: 'Coach Ray', athletes: [] });
    // The channels arrive after the guild in the local world: wait for the client to hold them.
    const client = h.bot.client;
    await new Promise<void>((resolve) => {
      const has = () => client.guilds.cache.get(t.guildId)?.channels.cache.has(t.fallbackChannelId) === true;
      if (has()) return resolve();
      const onCreate = () => {
        if (!has()) return;
        client.off('channelCreate', onCreate);
        resolve();
      };
      client.on('channelCreate', onCreate);
    });
    const guild = client.guilds.cache.get(t.guildId)!;
    expect(await announceJoin(guild, h.bot.app)).toBe('posted');
    const posted = await h.discord.waitForMessage((m) => m.guild_id === t.guildId && m.content.includes('/setup'));
    expect(posted.content).toContain('Someone with **Manage Server** should run `/setup` first');
    expect(posted.content.length).toBeLessThan(400);
    expect(await announceJoin(h.bot.client.guilds.cache.get(team.guildId)!, h.bot.app)).toBe('already set up');
  });
});
