// Issue 13 ("All the training counts"), end to end on the local Discord: other sessions logged
// by command, a coach's team session, the readiness setting and answer, Nordic reps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { buttonsIn, type LocalMessage } from '../../src/demo/local-discord';
import { runReadinessChecks, runTeamRpeNudges } from '../../src/services/allTrainingJobs';
import { agreeToStore } from '../support/consent';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';

let h: Harness;
let team: TeamServer;

// The welcome DM on joining the squad is not part of these flows.
const botDms = (userId: string) => h.discord.dmsTo(userId).filter((m) => m.author.bot && !m.content.startsWith('👋 Welcome to Backline'));
const latest = (userId: string, id: string) => h.discord.dmsTo(userId).find((m) => m.id === id);
const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');

async function as(userId: string, name: string, options: Record<string, string | number | boolean>, subcommand?: string) {
  const r = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId, name, subcommand, options });
  // /digest defers and renders charts on the worker pool (Discord allows 15 minutes after a deferral);
  // on a busy machine that is more than the local Discord's default 5 s wait.
  await r.settled(name === 'digest' ? { timeoutMs: 15_000 } : {});
  expect(r.ephemeral).toBe(true);
  return text(r.response());
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-29T09:00:00Z' }); // Sunday
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben', 'Cal'] });
  await setUpTeam(h.discord, team);
  for (const a of team.athletes.slice(0, 2)) await as(team.coach.id, 'squad', { athlete: a.id, group: 'sprinters' }, 'add');
  await as(team.coach.id, 'squad', { athlete: team.athletes[2]!.id, group: 'backs' }, 'add');
  for (const a of team.athletes) await agreeToStore(h, team, a.id);
});

afterEach(async () => {
  await h.stop();
});

describe('other training by command', () => {
  it('/log other: a match yesterday counts 720 AU; bad dates and non-members get a friendly refusal', async () => {
    const ana = team.athletes[0]!;
    const logged = await as(ana.id, 'log', { type: 'match', rpe: 8, minutes: 90, date: 'yesterday' }, 'other');
    expect(logged).toContain('Match on Sat 28 Nov logged: RPE 8');
    expect(logged).toContain('= 720 AU');
    expect(await as(ana.id, 'log', { type: 'practice', rpe: 6, minutes: 75, date: '2026-11-01' }, 'other')).toContain(
      'more than 14 days ago',
    );
    expect(await as(team.coach.id, 'log', { type: 'practice', rpe: 6, minutes: 75 }, 'other')).toContain("not on this team's squad");
    const rows = h.bot.app.otherRepo.forAthlete(team.guildId, ana.id, '2026-11-15', '2026-11-29');
    expect(rows.map((r) => [r.type, r.sessionDate, r.loadAu])).toEqual([['match', '2026-11-28', 720]]);
  });

  it('/teamsession: coaches only; one RPE prompt per athlete of the group is owed, due 30 min after the end', async () => {
    expect(await as(team.athletes[0]!.id, 'teamsession', { type: 'practice', minutes: 90 })).toContain('for coaches');
    const reply = await as(team.coach.id, 'teamsession', { type: 'practice', minutes: 90, group: 'sprinters', start: '10:00' });
    expect(reply).toContain('logged for the sprinters group: 2 athletes');
    expect(reply).toContain('at 12:00');
    const prompts = h.bot.app.outbox.list(team.guildId, { purpose: 'team_rpe_prompt' });
    expect(prompts.map((p) => p.athleteId).sort()).toEqual(
      team.athletes
        .slice(0, 2)
        .map((a) => a.id)
        .sort(),
    );
    expect(prompts.every((p) => p.notBefore.toISOString() === '2026-11-29T12:00:00.000Z')).toBe(true);
  });
});

describe('other training by DM', () => {
  it('"match 8 90" and "practice rpe 6 75 min" replied in the DM are logged for today, each answered once', async () => {
    const ana = team.athletes[0]!;
    h.discord.sendUserMessage({ userId: ana.id, content: 'match 8 90' });
    const match = await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Match'));
    expect(match.content).toContain('720 AU');
    h.discord.sendUserMessage({ userId: ana.id, content: 'practice rpe 6 75 min' });
    const practice = await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Practice'));
    expect(practice.content).toContain('450 AU');
    const rows = h.bot.app.otherRepo.forAthlete(team.guildId, ana.id, '2026-11-29', '2026-11-29');
    expect(rows.map((r) => [r.type, r.rpe, r.minutes, r.loadAu]).sort()).toEqual([
      ['match', 8, 90, 720],
      ['practice', 6, 75, 450],
    ]);
  });
});

describe('readiness and Nordic reps by command', () => {
  it("/readiness turns the check on; /log readiness stores the answer and answers with the athlete's own total", async () => {
    expect(await as(team.coach.id, 'readiness', {})).toContain('Readiness check: off');
    const saved = await as(team.coach.id, 'readiness', { enabled: true, line: -1.5, time: '07:30' });
    expect(saved).toContain('Readiness check: on');
    expect(saved).toContain('at **07:30**');
    expect(await as(team.coach.id, 'readiness', { time: 'soon' })).toContain('HH:MM');
    const ben = team.athletes[1]!;
    expect(await as(ben.id, 'log', { answers: '5 4 3' }, 'readiness')).toContain('five answers');
    expect(await as(ben.id, 'log', { answers: '5 4 3 5 6' }, 'readiness')).toContain('readiness 23/35');
    expect(h.bot.app.readinessRepo.forAthlete(team.guildId, ben.id, '2026-11-29', '2026-11-29')[0]?.answers).toEqual({
      sleep: 5,
      fatigue: 4,
      soreness: 3,
      stress: 5,
      mood: 6,
    });
  });

  it('/log nordic: reps of the latest Nordic session against the plan', async () => {
    const ana = team.athletes[0]!;
    expect(await as(ana.id, 'log', { reps: '5 5' }, 'nordic')).toContain('no Nordic session');
    h.clock.set('2026-11-23T07:00:00Z'); // Monday: the protocol starts today; week 1 is one session of 2 x 5
    expect(
      await as(team.coach.id, 'program', { program: 'nordic-protocol', athlete: ana.id, start: 'today', days: 'mon,wed,fri' }, 'start'),
    ).toContain('started');
    h.clock.set('2026-11-25T09:00:00Z');
    const logged = await as(ana.id, 'log', { reps: '5 3', quality: 'partial' }, 'nordic');
    expect(logged).toContain('5, 3 of 5, 5: 8 of 10 reps (partial range)');
    expect(await as(ana.id, 'log', { reps: 'lots' }, 'nordic')).toContain('5 5 3');
    const [c] = h.bot.app.nordic.compliance(team.guildId, ana.id);
    expect(c?.compliance.protocol).toMatchObject({ doneReps: 8, plannedReps: 10, aboveLine: true });
  });
});

describe('owed messages delivered by the outbox', () => {
  it('a team practice: each athlete of the group gets one RPE prompt 30 min after the end, taps it once; one nudge for who did not', async () => {
    const [ana, ben, cal] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0], (typeof team.athletes)[0]];
    await as(team.coach.id, 'teamsession', { type: 'practice', minutes: 90, group: 'sprinters', start: '10:00' });
    await h.bot.dispatcher.drain(h.clock.now());
    expect(botDms(ana.id).filter((m) => m.content.includes('How hard was'))).toEqual([]); // not before 12:00
    h.clock.set('2026-11-29T12:00:00Z');
    await h.bot.dispatcher.drain(h.clock.now());
    const prompt = await h.discord.waitForDM(ana.id, (m) => m.content.includes('How hard was practice on Sun 29 Nov (90 min)'));
    expect(buttonsIn(prompt).map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    await h.discord.waitForDM(ben.id, (m) => m.content.includes('How hard was'));
    expect(botDms(cal.id)).toEqual([]); // not in the group

    const tapped = await h.discord.clickButton({
      userId: ana.id,
      messageId: prompt.id,
      customId: buttonsIn(prompt).find((b) => b.label === '7')!.customId,
    });
    await tapped.settled();
    expect(latest(ana.id, prompt.id)?.content).toContain('Practice on Sun 29 Nov logged: RPE 7 (Very hard) x 90 min = 630 AU');
    expect(buttonsIn(latest(ana.id, prompt.id))).toEqual([]);

    // 12 h after the prompt: Ben (unrated) is nudged once; Ana is not.
    h.clock.set('2026-11-30T00:00:30Z');
    expect(runTeamRpeNudges(h.bot.app, h.clock.now(), new Date('2026-11-29T23:59:30Z'))).toBe(1);
    expect(runTeamRpeNudges(h.bot.app, h.clock.now(), new Date('2026-11-29T23:59:30Z'))).toBe(0);
    await h.bot.dispatcher.drain(h.clock.now());
    const nudge = await h.discord.waitForDM(ben.id, (m) => m.content.includes('Still missing your RPE'));
    const benTap = await h.discord.clickButton({
      userId: ben.id,
      messageId: nudge.id,
      customId: buttonsIn(nudge).find((b) => b.label === '5')!.customId,
    });
    await benTap.settled();
    expect(botDms(ana.id).filter((m) => m.content.includes('Still missing'))).toEqual([]);
    expect(h.bot.app.otherRepo.forTeam(team.guildId, '2026-11-29', '2026-11-29').map((s) => [s.athleteId, s.loadAu])).toEqual(
      [
        [ana.id, 630],
        [ben.id, 450],
      ].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
  });

  it('a readiness check answered by one reply, "5 4 3 5 6"', async () => {
    const ben = team.athletes[1]!;
    await as(team.coach.id, 'readiness', { enabled: true });
    expect(
      await as(team.coach.id, 'assign', { session: 'glute-ham-emphasis', athlete: ben.id, date: 'tomorrow', time: '17:00' }),
    ).toContain('assigned');
    h.clock.set('2026-11-30T08:00:30Z');
    expect(runReadinessChecks(h.bot.app, h.clock.now(), new Date('2026-11-30T07:59:30Z'))).toBe(1);
    await h.bot.dispatcher.drain();
    h.discord.sendUserMessage({ userId: ben.id, content: '5 4 3 5 6' });
    await h.discord.waitForDM(ben.id, (m) => m.author.bot === true && /23\/35/.test(m.content));
    const saved = h.bot.app.readinessRepo.forAthlete(team.guildId, ben.id, '2026-11-30', '2026-11-30');
    expect(saved.map((a) => a.answers)).toEqual([{ sleep: 5, fatigue: 4, soreness: 3, stress: 5, mood: 6 }]);
  });

  it('a readiness check before the session, answered by five taps; a low result reaches the staff channel with the items that drove it', async () => {
    const ana = team.athletes[0]!;
    await as(team.coach.id, 'readiness', { enabled: true });
    // Ana's own baseline: seven answers in the last 28 days, every item 4, 6, 4, 6, 4, 6, 5 (mean 5, SD 1; total mean 25, SD 5).
    [4, 6, 4, 6, 4, 6, 5].forEach((v, i) =>
      h.bot.app.readinessRepo.saveAnswer(
        {
          guildId: team.guildId,
          athleteId: ana.id,
          localDate: `2026-11-${String(20 + i).padStart(2, '0')}`,
          answers: { sleep: v, fatigue: v, soreness: v, stress: v, mood: v },
          assignmentId: null,
          source: 'dm_reply',
        },
        h.clock.now(),
      ),
    );
    expect(
      await as(team.coach.id, 'assign', { session: 'glute-ham-emphasis', athlete: ana.id, date: 'tomorrow', time: '17:00' }),
    ).toContain('assigned');
    // Monday 08:00 London: the check goes with the session reminder.
    h.clock.set('2026-11-30T08:00:30Z');
    expect(runReadinessChecks(h.bot.app, h.clock.now(), new Date('2026-11-30T07:59:30Z'))).toBe(1);
    await h.bot.dispatcher.drain(h.clock.now());
    let check = await h.discord.waitForDM(ana.id, (m) => m.content.includes('Readiness check before training on Mon 30 Nov'));
    expect(buttonsIn(check).map((b) => b.label)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(check.content).toContain('Sleep quality');
    // 3 5 2 4 3: total 17, z (17 - 25) / 5 = -1.6 < -1.5.
    for (const [i, v] of [3, 5, 2, 4, 3].entries()) {
      const r = await h.discord.clickButton({ userId: ana.id, messageId: check.id, customId: buttonsIn(check)[v - 1]!.customId });
      await r.settled();
      check = latest(ana.id, check.id)!;
      if (i < 4) expect(check.content).toContain(`(${i + 2}/5)`);
    }
    expect(check.content).toContain('readiness 17/35, lower than your usual 25');
    expect(buttonsIn(check)).toEqual([]);
    await h.bot.dispatcher.drain(h.clock.now());
    const notice = await h.discord.waitForMessage(
      (m) => m.channel_id === team.staffChannelId && text(m).includes('Readiness below normal'),
    );
    expect(text(notice)).toContain('Muscle soreness: 2/7 against a usual 5');
    expect(text(notice)).toContain('not a diagnosis');
    // Nothing about it anywhere but the staff channel and Ana's own DM.
    expect(h.discord.messagesIn(team.fallbackChannelId).filter((m) => text(m).includes('Readiness'))).toEqual([]);
  });

  it(
    'Nordic reps: asked after the check-in, "All done" in one tap, and the team\'s compliance in the digest',
    { timeout: 60_000 },
    async () => {
      const ana = team.athletes[0]!;
      h.clock.set('2026-11-23T07:00:00Z');
      await as(team.coach.id, 'program', { program: 'nordic-protocol', athlete: ana.id, start: 'today', days: 'mon,wed,fri' }, 'start');
      h.clock.set('2026-11-23T19:00:00Z');
      // The check-in by DM owes the reps question in the same transaction.
      h.discord.sendUserMessage({ userId: ana.id, content: '6 0 20' });
      await h.discord.waitForDM(ana.id, (m) => m.author.bot === true && m.content.includes('Logged'));
      await h.bot.dispatcher.drain(h.clock.now());
      const ask = await h.discord.waitForDM(ana.id, (m) => m.content.includes('Nordics on Mon 23 Nov: the plan was 5, 5'));
      const done = await h.discord.clickButton({ userId: ana.id, messageId: ask.id, customId: buttonsIn(ask)[0]!.customId });
      await done.settled();
      expect(latest(ana.id, ask.id)?.content).toContain('Nordics logged: all done as prescribed (5, 5)');
      expect(h.bot.app.nordic.compliance(team.guildId, ana.id)[0]?.compliance.protocol).toMatchObject({
        doneReps: 10,
        plannedReps: 10,
        aboveLine: true,
      });
      // The next Monday the coach reads the week: the team's Nordic compliance is in the digest.
      h.clock.set('2026-11-30T09:00:00Z');
      const digest = await as(team.coach.id, 'digest', { week: '2026-W48' });
      expect(digest).toMatch(/Nordic: team \d+ % of planned reps/);
    },
  );
});
