// Weekly staff digest, end to end: /digest, /athlete, /me and /export against the local Discord
// (which enforces Discord's embed and attachment limits), and the scheduled post in the staff channel.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { addDays, zonedInstant } from '../../src/domain/time';
import { Scheduler } from '../../src/scheduler/scheduler';
import { weeklyDigestJob } from '../../src/scheduler/jobs/weeklyDigest';
import type { LocalMessage } from '../../src/demo/local-discord';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;
let team: TeamServer;

const PNG = [0x89, 0x50, 0x4e, 0x47];
const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');

async function run(userId: string, name: string, options: Record<string, string | number | boolean> = {}, subcommand?: string) {
  const result = await h.discord.slashCommand({
    guildId: team.guildId,
    channelId: team.generalChannelId,
    userId,
    name,
    subcommand,
    options,
  });
  await result.settled({ timeoutMs: 15_000 });
  expect(result.ephemeral).toBe(true);
  expect(result.respondedAfterMs).toBeLessThan(3000);
  return result;
}

/** Four weeks of Mon/Wed/Fri sessions up to Sunday 22 November; Ana logs them, with pain 7 on Tue 17 Nov. */
function seedHistory(anaId: string, benId: string) {
  const app = h.bot.app;
  const now = h.clock.now();
  const template = requireTemplate('glute-ham-emphasis');
  const make = (athleteId: string, date: string) =>
    app.assignmentRepo.createMany(
      [
        {
          guildId: team.guildId,
          athleteId,
          templateId: template.id,
          title: template.name,
          sessionDate: date,
          plannedStartAt: zonedInstant(date, '17:00', 'Europe/London'),
          plannedMinutes: 60,
          prescription: toPrescription(template),
          note: null,
          assignedBy: team.coach.id,
        },
      ],
      now,
    )[0]!.id;
  for (let w = 0; w < 4; w++) {
    for (const d of [0, 2, 4]) {
      const date = addDays('2026-10-26', 7 * w + d);
      const id = make(anaId, date);
      app.checkinRepo.saveCompleted(
        { guildId: team.guildId, assignmentId: id, athleteId: anaId },
        { rpe: 7, minutes: 60, pain: 1, painArea: null, note: null },
        'command',
        now,
      );
      make(benId, date); // Ben never logs
    }
  }
  const painful = make(anaId, '2026-11-17');
  app.checkinRepo.saveCompleted(
    { guildId: team.guildId, assignmentId: painful, athleteId: anaId },
    { rpe: 8, minutes: 45, pain: 7, painArea: 'hamstring', note: null },
    'command',
    now,
  );
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-23T09:00:00Z' }); // Monday 09:00 in London
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben', 'Cal'] });
  await setUpTeam(h.discord, team);
  const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
  await run(team.coach.id, 'squad', { athlete: ana.id, group: 'sprinters' }, 'add');
  await run(team.coach.id, 'squad', { athlete: ben.id }, 'add');
  seedHistory(ana.id, ben.id);
});

afterEach(async () => {
  await h.stop();
});

describe('weekly digest commands', () => {
  it('/digest shows last week to a coach, with charts, only to them', async () => {
    const digest = await run(team.coach.id, 'digest');
    expect(digest.callbackType).toBe(5); // deferred: charts take a moment
    const first = digest.response()!;
    expect(first.embeds[0]?.title).toBe('Weekly digest · 2026-W47');
    const all = [first, ...digest.followUps.filter((m) => m.id !== first.id)];
    const body = all.map(text).join('\n');
    // No next-morning answer was recorded, so the digest does not claim the pain settled.
    expect(body).toContain("Pain 7/10 hamstring after Tue's session, above the limit of 5 (not asked whether it settled)");
    expect(body).toContain('Did 0 of 3 sessions (not done: Mon, Wed, Fri)');
    // The pain line names the athlete; the method is one short line.
    expect(body).toMatch(/\*\*Pain\*\* Ana 7 hamstring Tue/);
    expect(body).toContain('Logged nothing');
    expect(body).toContain('Ben');
    expect(body).toContain('not injury risk');
    expect(all.length).toBeLessThanOrEqual(2);
    const files = all.flatMap((m) => m.attachments);
    expect(files.map((f) => f.filename)).toContain('team-load.png');
    for (const f of files) expect([...f.bytes.subarray(0, 4)]).toEqual(PNG);
    // Nothing was posted anywhere public.
    expect(h.discord.messagesIn(team.generalChannelId).filter((m) => m.author.bot)).toEqual([]);

    const group = await run(team.coach.id, 'digest', { week: '2026-11-18', group: 'sprinters' });
    const groupText = [group.response(), ...group.followUps].map(text).join('\n');
    expect(groupText).toContain('Ana');
    expect(groupText).not.toContain('Ben');
    const explained = await run(team.coach.id, 'digest', { explain: true });
    const method = text(explained.response());
    expect(method).toContain('Silbernagel et al. 2007');
    expect(method).toContain('Schoenfeld et al. 2017 only report');
    expect(method).toContain('√(k ÷ (7 − k))');
    const future = await run(team.coach.id, 'digest', { week: '2026-W60' });
    expect(text(future.response())).toContain('2026 has ISO weeks 1 to 53');
  });

  it('/athlete is for coaches; /me shows an athlete their own figures only', async () => {
    const [ana, ben, cal] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0], (typeof team.athletes)[0]];
    const trend = await run(team.coach.id, 'athlete', { athlete: ana.id, weeks: 4 });
    expect(trend.response()!.embeds[0]?.title).toContain('week by week');
    const trendText = [trend.response(), ...trend.followUps].map(text).join('\n');
    expect(trendText).toContain('in progress'); // this week, labelled
    // Ana's first assignment is Mon 26 Oct: four weeks back from this week starts at 2 Nov.
    expect(trendText).not.toContain('26 Oct');
    expect(trend.response()!.attachments.map((a) => a.filename)).toEqual(['athlete-trend.png']);

    const refused = await run(ana.id, 'athlete', { athlete: ben.id });
    expect(text(refused.response())).toContain('This is for coaches');

    const me = await run(ana.id, 'me');
    const mine = [me.response(), ...me.followUps].map(text).join('\n');
    expect(me.response()!.embeds[0]?.title).toBe('Your weeks');
    expect(mine).toContain('highest pain 7/10 Tue');
    // Eight weeks were asked for, but Ana's first assignment was four weeks ago: no empty weeks before it.
    expect(mine).toContain('26 Oct');
    expect(mine).not.toContain('19 Oct');
    expect(mine).not.toContain('Ben');
    const notOnSquad = await run(cal.id, 'me');
    expect(text(notOnSquad.response())).toContain("You're not on this team's squad");
    // A new athlete: no empty 'no sessions assigned' weeks, just what to do.
    await run(team.coach.id, 'squad', { athlete: cal.id }, 'add');
    const fresh = await run(team.coach.id, 'athlete', { athlete: cal.id });
    expect(text(fresh.response())).toContain('No sessions have been assigned yet');
    expect(fresh.response()!.attachments).toEqual([]);
  });

  it('/export attaches a CSV with a BOM, a header row and the zone stated', async () => {
    const exported = await run(team.coach.id, 'export', { from: '2026-W44', to: '2026-W47' });
    const reply = exported.response()!;
    expect(reply.content).toContain('Europe/London');
    const [file] = reply.attachments;
    expect(file?.filename).toBe('backline-2026-10-26_to_2026-11-22.csv');
    const csv = file!.bytes.toString('utf8');
    expect(csv.startsWith('\uFEFFassignment_id,session_date,')).toBe(true);
    expect(csv.trimEnd().split('\r\n')).toHaveLength(1 + 12 * 2 + 1);
    expect(csv).toContain(',Europe/London,');
  });
});

describe('the scheduled digest', () => {
  it('goes to the staff channel once, on Monday 08:00 in the team zone', async () => {
    const scheduler = new Scheduler({
      app: h.bot.app,
      jobs: [weeklyDigestJob],
      owner: 'e2e',
      dispatcher: h.bot.dispatcher,
      deliverInTick: true,
    });
    const staffPosts = () => h.discord.messagesIn(team.staffChannelId).filter((m) => m.author.bot);
    await scheduler.tick(new Date('2026-11-23T09:00:00Z'));
    const posted = staffPosts();
    expect(posted.length).toBeGreaterThan(0);
    expect(posted[0]!.embeds[0]?.title).toBe('Weekly digest · 2026-W47');
    expect(posted[0]!.attachments.map((a) => a.filename)).toContain('team-load.png');
    await scheduler.tick(new Date('2026-11-23T09:05:00Z'));
    expect(staffPosts()).toHaveLength(posted.length);
    await scheduler.stop();
  });
});
