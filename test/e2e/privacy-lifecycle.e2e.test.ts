// Issue 11: the bot removed from a server, and members who leave, end to end with an injected clock.
import { afterEach, describe, expect, it } from 'vitest';
import { stillAMember } from '../../src/discord/privacyEvents';
import { runPrivacyUpkeep } from '../../src/scheduler/privacy';
import { startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;

async function run(team: TeamServer, userId: string, name: string, subcommand?: string, options: Record<string, string | number> = {}) {
  const result = await h.discord.slashCommand({
    guildId: team.guildId,
    channelId: team.generalChannelId,
    userId,
    name,
    subcommand,
    options,
  });
  await result.settled();
  return result;
}

async function setUp(name: string, athletes: string[]): Promise<TeamServer> {
  const team = buildTeamServer(h.discord, { name, coachName: `${name} Coach`, athletes });
  await run(team, team.owner.id, 'setup', undefined, {
    timezone: 'Europe/London',
    coach_role: team.coachRoleId,
    staff_channel: team.staffChannelId,
    fallback_channel: team.fallbackChannelId,
  });
  for (const a of team.athletes) await run(team, team.coach.id, 'squad', 'add', { athlete: a.id });
  return team;
}

const until = async (pred: () => boolean) => {
  for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setImmediate(r));
  expect(pred()).toBe(true);
};

afterEach(async () => {
  await h.stop();
});

describe('the bot removed from a server', () => {
  it('sends nothing more for that team from that moment, keeps the other team going, and deletes the data on day 30', async () => {
    h = await startHarness({ now: '2026-11-23T06:00:00Z' }); // Monday
    const gone = await setUp('Harbour RFC', ['Ana']);
    const kept = await setUp('Quay AC', ['Ben']);
    const ana = gone.athletes[0]!;
    const ben = kept.athletes[0]!;
    // Sessions for the week ahead in both teams, assigned in advance (reminders, prompts, nudges).
    for (const day of ['2026-11-24', '2026-11-26', '2026-11-28']) {
      await run(gone, gone.coach.id, 'assign', undefined, { athlete: ana.id, session: 'glute-ham-emphasis', date: day });
      await run(kept, kept.coach.id, 'assign', undefined, { athlete: ben.id, session: 'glute-ham-emphasis', date: day });
    }

    h.discord.removeBotFromGuild(gone.guildId);
    await until(() => h.bot.app.teams.get(gone.guildId)?.leftAt !== null);
    const dmsBefore = { ana: h.discord.dmsTo(ana.id).length, ben: h.discord.dmsTo(ben.id).length };

    // A week of scheduler ticks every 15 minutes.
    for (let t = Date.parse('2026-11-23T06:15:00Z'); t <= Date.parse('2026-11-30T06:00:00Z'); t += 15 * 60_000) {
      h.clock.set(new Date(t));
      await h.bot.scheduler.tick();
    }
    expect(h.discord.dmsTo(ana.id).length).toBe(dmsBefore.ana);
    expect(h.discord.dmsTo(ben.id).length).toBeGreaterThan(dmsBefore.ben);

    // The bot left at 06:00 on 23 November: kept until 06:00 on 23 December.
    h.clock.set('2026-12-23T05:59:00Z');
    expect(runPrivacyUpkeep(h.bot.app).deletedTeams).toEqual([]);
    expect(h.bot.app.squad.get(gone.guildId, ana.id)).toBeDefined();
    h.clock.set('2026-12-23T06:00:00Z');
    expect(runPrivacyUpkeep(h.bot.app).deletedTeams).toEqual([gone.guildId]);
    const left = h.bot.app.db.prepare('SELECT count(*) FROM assignments WHERE guild_id = ?').pluck().get(gone.guildId);
    expect(left).toBe(0);
    expect(h.bot.app.teams.get(gone.guildId)).toBeUndefined();
    expect(h.bot.app.squad.get(kept.guildId, ben.id)).toBeDefined();
  });

  it('added back before day 30: the data is kept and reminders resume', async () => {
    h = await startHarness({ now: '2026-11-23T06:00:00Z' });
    const team = await setUp('Harbour RFC', ['Ana']);
    h.discord.removeBotFromGuild(team.guildId);
    await until(() => h.bot.app.teams.get(team.guildId)?.leftAt !== null);
    h.clock.set('2026-12-01T09:00:00Z');
    h.discord.addBotBack(team.guildId);
    await until(() => h.bot.app.teams.get(team.guildId)?.leftAt === null);
    h.clock.set('2027-01-05T09:00:00Z');
    expect(runPrivacyUpkeep(h.bot.app).deletedTeams).toEqual([]);
    expect(h.bot.app.squad.get(team.guildId, team.athletes[0]!.id)).toBeDefined();
  });

  it('removed while the bot was down: found at start', async () => {
    h = await startHarness({ now: '2026-11-23T06:00:00Z' });
    const team = await setUp('Harbour RFC', ['Ana']);
    await h.bot.stop();
    h.discord.removeBotFromGuild(team.guildId);
    await h.restartBot();
    expect(h.bot.app.teams.get(team.guildId)?.leftAt).toBe('2026-11-23T06:00:00.000Z');
  });
});

describe('a member who leaves the server', () => {
  it('with the Server Members intent: off the squad, future sessions cancelled, coaches owed a note', async () => {
    h = await startHarness({ now: '2026-11-23T06:00:00Z', membersIntent: true });
    const team = await setUp('Harbour RFC', ['Ana', 'Ben']);
    const [ana, ben] = team.athletes;
    for (const day of ['today', '2026-11-25', '2026-11-27'])
      await run(team, team.coach.id, 'assign', undefined, { athlete: ana!.id, session: 'glute-ham-emphasis', date: day, time: '05:00' });
    h.discord.removeMember(team.guildId, ana!.id);
    await until(() => h.bot.app.squad.get(team.guildId, ana!.id) === undefined);
    expect(h.bot.app.db.prepare('SELECT session_date FROM assignments WHERE athlete_id = ?').pluck().all(ana!.id)).toEqual(['2026-11-23']);
    const note = await h.discord.waitForMessage((m) => m.guild_id === team.guildId && JSON.stringify(m).includes('left the server'));
    expect(JSON.stringify(note)).toContain('2 upcoming sessions were cancelled');
    expect(h.bot.app.squad.get(team.guildId, ben!.id)).toBeDefined();
    const list = await run(team, team.coach.id, 'squad', 'list');
    expect(list.response()!.content).not.toContain(ana!.id);
  });

  it('without the intent: Unknown Member on a fetch takes them off the squad; a member still there is kept', async () => {
    h = await startHarness({ now: '2026-11-23T06:00:00Z' });
    const team = await setUp('Harbour RFC', ['Ana', 'Ben']);
    const [ana, ben] = team.athletes;
    await run(team, team.coach.id, 'assign', undefined, { athlete: ana!.id, session: 'glute-ham-emphasis', date: '2026-11-25' });
    h.discord.removeMember(team.guildId, ana!.id);
    // No GUILD_MEMBER_REMOVE reaches a bot without the intent (a later interaction arrives on the same, ordered gateway).
    await run(team, team.coach.id, 'squad', 'list');
    expect(h.bot.app.squad.get(team.guildId, ana!.id)).toBeDefined();
    expect(await stillAMember(h.bot.client, h.bot.app, team.guildId, ben!.id)).toBe(true);
    expect(await stillAMember(h.bot.client, h.bot.app, team.guildId, ana!.id)).toBe(false);
    expect(h.bot.app.squad.get(team.guildId, ana!.id)).toBeUndefined();
    expect(h.bot.app.db.prepare('SELECT count(*) FROM assignments WHERE athlete_id = ?').pluck().get(ana!.id)).toBe(0);
    expect(h.bot.app.squad.get(team.guildId, ben!.id)).toBeDefined();
  });
});
