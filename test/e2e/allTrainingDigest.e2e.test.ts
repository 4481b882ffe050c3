// Issue 13 wired into the digest, /me, /athlete and /export, end to end on the local Discord
// (which enforces Discord's embed and attachment limits): a match logged with /log other shows
// in the athlete's /me, in /athlete, in the coach's digest and in the export's second file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import type { LocalMessage } from '../../src/demo/local-discord';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';
import { agreeToStore } from '../support/consent';

let h: Harness;
let team: TeamServer;

const PNG = [0x89, 0x50, 0x4e, 0x47];
const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');

async function run(userId: string, name: string, options: Record<string, string | number | boolean> = {}, subcommand?: string) {
  const r = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId, name, subcommand, options });
  await r.settled({ timeoutMs: 15_000 });
  expect(r.ephemeral).toBe(true);
  return r;
}
const all = (r: Awaited<ReturnType<typeof run>>) => [r.response(), ...r.followUps.filter((m) => m.id !== r.response()?.id)];

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-29T09:00:00Z' }); // Sunday
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben'] });
  await setUpTeam(h.discord, team);
  for (const a of team.athletes) {
    await run(team.coach.id, 'squad', { athlete: a.id, group: 'backs' }, 'add');
    await agreeToStore(h, team, a.id);
  }
});

afterEach(async () => {
  await h.stop();
});

describe('a match logged by /log other counts everywhere', () => {
  it('shows in /me (with the readiness chart once answered), /athlete, the digest and the export', async () => {
    const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
    const logged = text((await run(ana.id, 'log', { type: 'match', rpe: 8, minutes: 90, date: 'yesterday' }, 'other')).response());
    expect(logged).toContain('= 720 AU');

    // /me: only Ana's own figures, the match as its own type, and her readiness chart once she answered.
    const meReply = all(await run(ana.id, 'me'));
    const me = meReply.map(text).join('\n');
    expect(me).toContain('Your training this week (all of it)');
    expect(me).toContain('Load (all training): 720 AU: match 720');
    expect(meReply.flatMap((m) => m!.attachments).map((f) => f.filename)).not.toContain('readiness.png');
    expect(text((await run(ana.id, 'log', { answers: '5 4 3 5 6' }, 'readiness')).response())).toContain('23/35');
    const withReadiness = all(await run(ana.id, 'me'));
    expect(withReadiness.map(text).join('\n')).toContain('Readiness: 23/35');
    const chart = withReadiness.flatMap((m) => m!.attachments).find((f) => f.filename === 'readiness.png');
    expect([...chart!.bytes.subarray(0, 4)]).toEqual(PNG);
    const benMe = all(await run(ben.id, 'me'))
      .map(text)
      .join('\n');
    expect(benMe).not.toContain('match 720');

    // /athlete for the coach.
    const athlete = all(await run(team.coach.id, 'athlete', { athlete: ana.id }))
      .map(text)
      .join('\n');
    expect(athlete).toContain('All training this week');
    expect(athlete).toContain('match 720');

    // The digest of the week in progress names other training by type, within two messages.
    const digest = await run(team.coach.id, 'digest', { week: 'this' });
    const messages = all(digest);
    expect(messages.length).toBeLessThanOrEqual(2);
    const body = messages.map(text).join('\n');
    expect(body).toContain('All training this week');
    expect(body).toContain('Other training: 1 session, 720 AU (match 720)');
    const files = messages.flatMap((m) => m!.attachments);
    expect(files.map((f) => f.filename)).toContain('team-load.png');
    for (const f of files) expect([...f.bytes.subarray(0, 4)]).toEqual(PNG);

    // /export: the sessions file and the other-training file.
    const exported = (await run(team.coach.id, 'export')).response()!;
    expect(exported.content).toContain('1 other session');
    const names = exported.attachments.map((f) => f.filename);
    expect(names.some((n) => n.startsWith('backline-other-training-'))).toBe(true);
    const csv = exported.attachments.find((f) => f.filename.startsWith('backline-other-training-'))!.bytes.toString('utf8');
    expect(csv).toContain('Match');
    expect(csv).toContain('720');
    const readinessCsv = exported.attachments.find((f) => f.filename.startsWith('backline-readiness-'))!.bytes.toString('utf8');
    expect(readinessCsv).toContain(',Ana,5,4,3,5,6,23,command');
    expect(exported.content).toContain('1 readiness answer');
  });
});
