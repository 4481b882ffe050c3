// Issue 13 ("All the training counts"), end to end on the local Discord: other sessions logged
// by command, a coach's team session, the readiness setting and answer, Nordic reps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import type { LocalMessage } from '../local-discord';
import { startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../support/world';

let h: Harness;
let team: TeamServer;

const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');

async function as(userId: string, name: string, options: Record<string, string | number | boolean>, subcommand?: string) {
  const r = await h.discord.slashCommand({ guildId: team.guildId, channelId: team.generalChannelId, userId, name, subcommand, options });
  await r.settled();
  expect(r.ephemeral).toBe(true);
  return text(r.response());
}

beforeEach(async () => {
  h = await startHarness({ now: '2026-11-29T09:00:00Z' }); // Sunday
  team = buildTeamServer(h.discord, { name: 'Harbour RFC', coachName: 'Coach Kim', athletes: ['Ana', 'Ben', 'Cal'] });
  await as(team.owner.id, 'setup', { timezone: 'Europe/London', coach_role: team.coachRoleId, staff_channel: team.staffChannelId, fallback_channel: team.fallbackChannelId });
  for (const a of team.athletes.slice(0, 2)) await as(team.coach.id, 'squad', { athlete: a.id, group: 'sprinters' }, 'add');
  await as(team.coach.id, 'squad', { athlete: team.athletes[2]!.id, group: 'backs' }, 'add');
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
    expect(await as(ana.id, 'log', { type: 'practice', rpe: 6, minutes: 75, date: '2026-11-01' }, 'other')).toContain('more than 14 days ago');
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
    expect(prompts.map((p) => p.athleteId).sort()).toEqual(team.athletes.slice(0, 2).map((a) => a.id).sort());
    expect(prompts.every((p) => p.notBefore.toISOString() === '2026-11-29T12:00:00.000Z')).toBe(true);
  });
});

describe('readiness and Nordic reps by command', () => {
  it('/readiness turns the check on; /log readiness stores the answer and answers with the athlete\'s own total', async () => {
    expect(await as(team.coach.id, 'readiness', {})).toContain('Readiness check: off');
    const saved = await as(team.coach.id, 'readiness', { enabled: true, line: -1.5, time: '07:30' });
    expect(saved).toContain('Readiness check: on');
    expect(saved).toContain('at **07:30**');
    expect(await as(team.coach.id, 'readiness', { time: 'soon' })).toContain('HH:MM');
    const ben = team.athletes[1]!;
    expect(await as(ben.id, 'log', { answers: '5 4 3' }, 'readiness')).toContain('five answers');
    expect(await as(ben.id, 'log', { answers: '5 4 3 5 6' }, 'readiness')).toContain('readiness 23/35');
    expect(h.bot.app.readinessRepo.forAthlete(team.guildId, ben.id, '2026-11-29', '2026-11-29')[0]?.answers).toEqual({ sleep: 5, fatigue: 4, soreness: 3, stress: 5, mood: 6 });
  });

  it('/log nordic: reps of the latest Nordic session against the plan', async () => {
    const ana = team.athletes[0]!;
    expect(await as(ana.id, 'log', { reps: '5 5' }, 'nordic')).toContain('no Nordic session');
    h.clock.set('2026-11-23T07:00:00Z'); // Monday: the protocol starts today; week 1 is one session of 2 x 5
    expect(await as(team.coach.id, 'program', { program: 'nordic-protocol', athlete: ana.id, start: 'today', days: 'mon,wed,fri' }, 'start')).toContain('started');
    h.clock.set('2026-11-25T09:00:00Z');
    const logged = await as(ana.id, 'log', { reps: '5 3', quality: 'partial' }, 'nordic');
    expect(logged).toContain('5, 3 of 5, 5: 8 of 10 reps (partial range)');
    expect(await as(ana.id, 'log', { reps: 'lots' }, 'nordic')).toContain('5 5 3');
    const [c] = h.bot.app.nordic.compliance(team.guildId, ana.id);
    expect(c?.compliance.protocol).toMatchObject({ doneReps: 8, plannedReps: 10, aboveLine: true });
  });
});
