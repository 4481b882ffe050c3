// Issue 11, "Athletes' data is theirs", end to end: the real bot against the local Discord.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonsIn, type LocalMessage } from '../../src/demo/local-discord';
import { startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';
import { staffChannelGuard } from '../../src/discord/staffChannel';

let h: Harness;
let team: TeamServer;

const buttonIds = (m: LocalMessage) => buttonsIn(m).map((b) => b.customId);
const count = (sql: string, ...params: unknown[]) =>
  h.bot.app.db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

async function run(userId: string, name: string, subcommand?: string, options: Record<string, string | number> = {}) {
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

async function click(userId: string, message: LocalMessage, customId: string) {
  const result = await h.discord.clickButton({ userId, messageId: message.id, customId });
  await result.settled();
  return result;
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-23T09:00:00Z' });
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben'] });
  const setup = await run(team.owner.id, 'setup', undefined, {
    timezone: 'Europe/London',
    coach_role: team.coachRoleId,
    staff_channel: team.staffChannelId,
    fallback_channel: team.fallbackChannelId,
  });
  expect(setup.response()!.content).toContain('Backline is set up');
  for (const a of team.athletes) await run(team.coach.id, 'squad', 'add', { athlete: a.id });
});

afterEach(async () => {
  await h.stop();
});

async function logSession(athleteId: string) {
  await run(team.coach.id, 'assign', undefined, { athlete: athleteId, session: 'glute-ham-emphasis', date: 'today', time: '07:00' });
  const dm = await h.discord.waitForDM(athleteId, (m: LocalMessage) => buttonIds(m).some((id) => id.startsWith('log:')));
  const opened = await click(
    athleteId,
    dm,
    buttonIds(dm).find((id) => id.startsWith('log:'))!,
  );
  return { dm, opened };
}

describe('consent', () => {
  it('"No thanks" keeps the sessions coming but stores nothing the athlete reports, kindly; "I agree" later stores it', async () => {
    const [ana] = team.athletes;
    const asked = await run(ana!.id, 'privacy', 'consent');
    const answered = await click(ana!.id, asked.response()!, buttonIds(asked.response()!)[1]!);
    expect(answered.response()!.content).toContain('You said no thanks.');
    expect(answered.response()!.components).toEqual([]);

    const { opened } = await logSession(ana!.id);
    expect(opened.modal).toBeUndefined();
    expect(opened.ephemeral).toBe(true);
    expect(opened.response()!.content).toContain("You chose not to share your data, so Backline doesn't store check-ins for you");
    expect(count('SELECT count(*) FROM checkins')).toBe(0);

    const again = await run(ana!.id, 'privacy', 'consent');
    await click(ana!.id, again.response()!, buttonIds(again.response()!)[0]!);
    expect(h.bot.app.privacy.consentOf(team.guildId, ana!.id)?.state).toBe('given');

    // Withdrawing is one button away.
    const withdraw = await run(ana!.id, 'privacy', 'consent');
    expect(buttonsIn(withdraw.response()).map((b) => b.label)).toEqual(['Withdraw consent']);
    const withdrawn = await click(ana!.id, withdraw.response()!, buttonIds(withdraw.response()!)[0]!);
    expect(withdrawn.response()!.content).toContain('Consent withdrawn');
    expect(h.bot.app.privacy.consentOf(team.guildId, ana!.id)?.state).toBe('withdrawn');
  });
});

describe('/privacy show, export and erase', () => {
  it('shows what is stored, exports the same by DM and in the reply, and erases it after a confirmation', async () => {
    const [ana, ben] = team.athletes;
    const asked = await run(ana!.id, 'privacy', 'consent');
    await click(ana!.id, asked.response()!, buttonIds(asked.response()!)[0]!);
    await run(team.coach.id, 'assign', undefined, { athlete: ben!.id, session: 'glute-ham-emphasis', date: 'today' });
    await logSession(ana!.id);

    const shown = (await run(ana!.id, 'privacy', 'show')).response()!.content;
    expect(shown).toContain('Consent: **consent given**');
    expect(shown).toContain('Sessions assigned to you (date, exercises, coach note): 1');
    expect(shown).toContain('Squad membership');

    const exported = await run(ana!.id, 'privacy', 'export');
    const reply = exported.response()!;
    expect(reply.attachments.map((a) => a.filename)).toEqual(['backline-my-data.json', 'backline-my-data.csv']);
    const json = JSON.parse(reply.attachments[0]!.bytes.toString('utf8')) as { data: Record<string, unknown[]> };
    // Export matches show: one line per table shown, with the same count.
    const shownCounts = [...shown.matchAll(/^• (.+): (\d+)$/gm)].map((m) => [m[1], Number(m[2])]);
    const exportedCounts = Object.entries(json.data).map(([table, rows]) => [table, rows.length]);
    expect(exportedCounts.map(([t]) => t)).toEqual(
      expect.arrayContaining(['assignments', 'athletes', 'consents', 'interactions_seen', 'outbox']),
    );
    // The same tables, in the same order, and rows; the export's own command is one more interaction record than /privacy show saw.
    expect(exportedCounts.map(([t, n]) => (t === 'interactions_seen' ? Number(n) - 1 : n))).toEqual(shownCounts.map(([, n]) => n));
    expect(reply.attachments[0]!.bytes.toString('utf8')).not.toContain(ben!.id);
    const dm = h.discord.dmsTo(ana!.id).at(-1)!;
    expect(dm.attachments.map((a) => a.filename)).toEqual(['backline-my-data.json', 'backline-my-data.csv']);
    expect(dm.attachments[1]!.bytes.toString('utf8')).toBe(reply.attachments[1]!.bytes.toString('utf8'));

    const confirm = (await run(ana!.id, 'privacy', 'erase')).response()!;
    expect(confirm.content).toContain("It can't be undone");
    expect(count('SELECT count(*) FROM assignments WHERE athlete_id = ?', ana!.id)).toBe(1);
    const erased = await click(ana!.id, confirm, buttonIds(confirm)[0]!);
    expect(erased.response()!.content).toContain('records about you were deleted');
    expect(h.bot.app.privacy.show(team.guildId, ana!.id)).toMatchObject({ ok: true, value: { categories: [] } });
    expect(h.bot.app.squad.get(team.guildId, ben!.id)).toBeDefined();
    expect(count('SELECT count(*) FROM assignments WHERE athlete_id = ?', ben!.id)).toBe(1);
    // The staff channel is told, without content, through the outbox.
    const posted = await h.discord.waitForMessage(
      (m) => m.channel_id === team.staffChannelId && JSON.stringify(m).includes('Athlete data erased'),
    );
    expect(JSON.stringify(posted)).toContain('An athlete erased their data at their request');
    expect(JSON.stringify(posted)).not.toContain(ana!.id);

    // Coaches see the erasure, without who, in /audit.
    const audit = (await run(team.coach.id, 'audit')).response()!.content;
    expect(audit).toContain('an athlete erased data');
    expect(audit).not.toContain(ana!.id);
    expect((await run(ana!.id, 'audit')).response()!.content).toContain('This is for coaches');
  });

  it('a coach erases a removed athlete only after a confirmation, and an athlete cannot press it', async () => {
    const [, ben] = team.athletes;
    await run(team.coach.id, 'assign', undefined, { athlete: ben!.id, session: 'glute-ham-emphasis', date: 'today' });
    const stillOn = await run(team.coach.id, 'privacy', 'erase-athlete', { athlete: ben!.id });
    expect(stillOn.response()!.content).toContain('still on the squad');
    await run(team.coach.id, 'squad', 'remove', { athlete: ben!.id });
    expect((await run(ben!.id, 'privacy', 'erase-athlete', { athlete: ben!.id })).response()!.content).toContain('This is for coaches');
    const confirm = (await run(team.coach.id, 'privacy', 'erase-athlete', { athlete: ben!.id })).response()!;
    const done = await click(team.coach.id, confirm, buttonIds(confirm)[0]!);
    expect(done.response()!.content).toContain(`records about <@${ben!.id}> were deleted`);
    expect(count('SELECT count(*) FROM assignments WHERE athlete_id = ?', ben!.id)).toBe(0);
  });
});

describe('/setup checks who can see the staff channel', () => {
  it('refuses a channel hidden from @everyone but open to an "Athletes" role, naming it', async () => {
    const athletesRole = h.discord.createRole(team.guildId, 'Athletes');
    const leaky = h.discord.createChannel(team.guildId, 'staff-leaky', { private: { allowRoles: [team.coachRoleId, athletesRole] } });
    const refused = await run(team.owner.id, 'setup', undefined, {
      timezone: 'Europe/London',
      coach_role: team.coachRoleId,
      staff_channel: leaky,
    });
    expect(refused.response()!.content).toContain(`can be seen by <@&${athletesRole}>`);
    expect(h.bot.app.teams.get(team.guildId)!.staffChannelId).toBe(team.staffChannelId);
  });

  it('the guard before a pain flag is posted: passes the private channel, stops at one athletes can see, or one it cannot open', async () => {
    const saved = h.bot.app.teams.get(team.guildId)!;
    expect(await staffChannelGuard(h.bot.client, saved)).toEqual({ ok: true });
    const athletesRole = h.discord.createRole(team.guildId, 'Athletes');
    const leaky = h.discord.createChannel(team.guildId, 'staff-now-leaky', { private: { allowRoles: [team.coachRoleId, athletesRole] } });
    const stopped = await staffChannelGuard(h.bot.client, { ...saved, staffChannelId: leaky });
    expect(stopped).toEqual({
      ok: false,
      why: 'staff channel visible to 1 more',
      coachNote: expect.stringContaining(`can now be seen by <@&${athletesRole}>, so I've stopped posting pain flags`),
    });
    const gone = await staffChannelGuard(h.bot.client, { ...saved, staffChannelId: '1234567890123456789' });
    expect(gone).toMatchObject({ ok: false, why: 'staff channel unreachable' });
  });
});
