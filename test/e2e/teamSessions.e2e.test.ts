// Issue 12 end to end: the real bot and discord.js client against the local Discord. A coach
// writes a session on the whiteboard form, confirms the card, assigns it with a swap for one
// athlete, cancels and moves sessions (the athletes' DM cards are edited), chases who has not
// logged with /pending and a Nudge, and adds a squad by role.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { APIEmbed } from 'discord.js';
import { buttonsIn, type LocalMessage } from '../../src/demo/local-discord';
import { setUpTeam, startHarness, type Harness } from '../support/harness';
import { buildTeamServer, type TeamServer } from '../../src/demo/world';
import { agreeToStore } from '../support/consent';
import { requireTemplate, toPrescription } from '../../src/domain/library';
import { hardSetsPerMuscle } from '../../src/domain/volume';
import { renderDigest } from '../../src/discord/render/digest';

let h: Harness;
let team: TeamServer;

const text = (m: LocalMessage | undefined) => [m?.content ?? '', ...(m?.embeds ?? []).map((e: APIEmbed) => JSON.stringify(e))].join('\n');
const buttonIds = (m: LocalMessage | undefined) => (m ? buttonsIn(m).map((b) => b.customId) : []);

async function coach(name: string, options: Record<string, string | number | boolean>, subcommand?: string) {
  const result = await h.discord.slashCommand({
    guildId: team.guildId,
    channelId: team.generalChannelId,
    userId: team.coach.id,
    name,
    subcommand,
    options,
  });
  await result.settled();
  expect(result.ephemeral || result.callbackType === 9).toBe(true);
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

describe('coaches program their own way', () => {
  it('squad by role; whiteboard session confirmed then assigned with a swap; cancel and move edit the cards; /pending and a nudge', async () => {
    const [ana, ben, cal] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0], (typeof team.athletes)[0]];

    // /squad add by role: everyone holding "Forwards", then the role again (all already there).
    const forwards = h.discord.createRole(team.guildId, 'Forwards');
    h.discord.addMember(team.guildId, ana.id, { roles: [forwards] });
    h.discord.addMember(team.guildId, ben.id, { roles: [forwards] });
    const byRole = await coach('squad', { role: forwards, group: 'Sprinters ' }, 'add');
    expect(text(byRole.response())).toMatch(
      new RegExp(`Added \\(2\\): <@${ana.id}>, <@${ben.id}>|Added \\(2\\): <@${ben.id}>, <@${ana.id}>`),
    );
    const again = await coach('squad', { role: forwards, members: `<@${cal.id}>` }, 'add');
    expect(text(again.response())).toContain(`Added (1): <@${cal.id}>`);
    expect(text(again.response())).toMatch(/Already on the squad \(2\)/);

    // /session create: the whiteboard form, a line with a typo and one unknown exercise first.
    const form = await coach('session', {}, 'create');
    expect(form.callbackType).toBe(9);
    const bad = await h.discord.submitModal({
      userId: team.coach.id,
      customId: form.modal!.custom_id,
      fields: { name: 'Lower A', whiteboard: 'RDL 4x6 @2 RIR 3-1-1-0 rest 3m\nPallof press 3x10' },
    });
    await bad.settled();
    expect(text(bad.response())).toMatch(/Line 2 .*Pallof press/);
    const fixButton = buttonIds(bad.response()).find((id) => id.startsWith('tsm:text:'))!;
    const reopened = await h.discord.clickButton({ userId: team.coach.id, messageId: bad.response()!.id, customId: fixButton });
    expect(reopened.callbackType).toBe(9);
    expect(JSON.stringify(reopened.modal)).toContain('Pallof press 3x10');

    const card = await h.discord.submitModal({
      userId: team.coach.id,
      customId: reopened.modal!.custom_id,
      fields: { name: 'Lower A', whiteboard: 'RDL 4x6 @2 RIR 3-1-1-0 rest 3m\nHip thurst 3x8-10 @2\nNordic 2x5' },
    });
    await card.settled();
    const shown = text(card.response());
    expect(shown).toContain('New session: Lower A');
    expect(shown).toContain('Read \\"Hip thurst\\" as Hip thrust (barbell)');
    expect(shown).toContain('Hamstrings 7.5');
    expect(h.bot.app.teamSessions.list(team.guildId)).toEqual([]); // nothing saved before "Save"
    const save = buttonIds(card.response()).find((id) => id.startsWith('tss:save:'))!;
    const saved = await h.discord.clickButton({ userId: team.coach.id, messageId: card.response()!.id, customId: save });
    await saved.settled();
    expect(text(saved.response())).toContain('Saved **Lower A**');

    // It appears in /assign's autocomplete beside the templates, and is assigned with a swap for Ben.
    const choices = await h.discord.autocomplete({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'assign',
      options: { session: 'lower' },
      focused: 'session',
    });
    expect(choices.choices.map((c) => c.value)).toContain('team-lower-a');
    const assigned = await coach('assign', {
      session: 'team-lower-a',
      group: 'sprinters',
      time: '17:30',
      swap_for: ben.id,
      swap_out: 'nordic-curl',
      swap_in: 'stability-ball-curl',
    });
    expect(text(assigned.response())).toContain('assigned to 2 athletes');
    const anaCard = await h.discord.waitForDM(ana.id, (m) => (m.embeds[0]?.title ?? '').startsWith('Lower A'));
    const benCard = await h.discord.waitForDM(ben.id, (m) => (m.embeds[0]?.title ?? '').startsWith('Lower A'));
    expect(text(anaCard)).toContain('Nordic curl (full range)');
    expect(text(benCard)).toContain('Stability-ball leg curl');
    expect(text(benCard)).toContain('In place of Nordic curl (full range)');
    expect(text(benCard)).not.toContain('Nordic curl (full range) —');

    // Cancel Ana's: her card is edited to say so, without buttons.
    const [anaRow, benRow] = h.bot.app.assignmentRepo
      .forAthlete(team.guildId, ana.id, '2026-11-23', '2026-11-23')
      .concat(h.bot.app.assignmentRepo.forAthlete(team.guildId, ben.id, '2026-11-23', '2026-11-23'));
    const picks = await h.discord.autocomplete({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'assignment',
      subcommand: 'cancel',
      options: { session: 'Lower' },
      focused: 'session',
    });
    expect(picks.choices.map((c) => c.value)).toEqual(expect.arrayContaining([String(anaRow!.id), String(benRow!.id)]));
    const cancelled = await coach('assignment', { session: String(anaRow!.id) }, 'cancel');
    expect(text(cancelled.response())).toContain(`Cancelled **Lower A** for <@${ana.id}>`);
    // The cancel is in the coaches' audit log.
    expect(h.bot.app.privacy.auditLog(team.guildId, { athleteId: ana.id, days: 7 }).map((e) => e.action)).toContain('cancel');
    const anaEdited = await h.discord.waitForDM(
      ana.id,
      (m) => m.id === anaCard.id && (m.embeds[0]?.title ?? '').startsWith('❌ Cancelled'),
    );
    expect(buttonIds(anaEdited)).toEqual([]);

    // Move Ben's to Wednesday: his card says it moved.
    const moved = await coach('assignment', { session: String(benRow!.id), date: 'wednesday' }, 'move');
    expect(text(moved.response())).toContain('Moved to Wed 25 Nov');
    const benEdited = await h.discord.waitForDM(ben.id, (m) => m.id === benCard.id && text(m).includes('Moved'));
    expect(text(benEdited)).toContain('Moved** from Mon 23 Nov to Wed 25 Nov');

    // /pending on Wednesday evening: Ben owes his check-in; Ana's cancelled one is not listed.
    h.clock.set(new Date('2026-11-25T19:00:00Z'));
    const pending = await coach('pending', { date: 'today' });
    expect(text(pending.response())).toContain(`<@${ben.id}>: **Lower A**`);
    expect(text(pending.response())).not.toContain(`<@${ana.id}>`);
    const nudge = buttonIds(pending.response()).find((id) => id === `pn:one:${benRow!.id}`)!;
    const nudged = await h.discord.clickButton({ userId: team.coach.id, messageId: pending.response()!.id, customId: nudge });
    await nudged.settled();
    expect(text(nudged.response())).toContain(`Nudged <@${ben.id}>`);
    const benNudge = await h.discord.waitForDM(ben.id, (m) => m.content.includes('waiting on your check-in'));
    expect(benNudge.content).toContain('Lower A');
    const twice = await h.discord.clickButton({ userId: team.coach.id, messageId: pending.response()!.id, customId: nudge });
    await twice.settled();
    expect(text(twice.response())).toContain('Already nudged');
    expect(h.discord.dmsTo(ben.id).filter((m) => m.content.includes('waiting on your check-in'))).toHaveLength(1);

    // An athlete cannot use a coach command even if they find it.
    const refused = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: ana.id,
      name: 'pending',
      options: {},
    });
    await refused.settled();
    expect(text(refused.response())).toContain('This is for coaches');
  });

  it('copy a template, edit it, exercise add; a check-in deleted in error tells the athlete; an excusal ended early', async () => {
    const [ana] = team.athletes as [(typeof team.athletes)[0]];
    await coach('squad', { athlete: ana.id }, 'add');
    await agreeToStore(h, team, ana.id);

    // /exercise add, then /session copy of a built-in template with the team exercise added.
    const added = await coach(
      'exercise',
      { name: 'Slider curl', pattern: 'knee_flexion', cues: 'Hips high; slow out', works: 'hamstrings' },
      'add',
    );
    expect(text(added.response())).toContain('Slider curl** added. Each hard set credits: Hamstrings 1 set');
    const copy = await coach('session', { from: 'nordic-protocol', name: 'Our Nordics' }, 'copy');
    expect(copy.callbackType).toBe(9);
    expect(JSON.stringify(copy.modal)).toContain('Nordic curl (full range) 2x5');
    const card = await h.discord.submitModal({
      userId: team.coach.id,
      customId: copy.modal!.custom_id,
      fields: { name: 'Our Nordics', whiteboard: 'Nordic curl (full range) 2x5 RIR 0-2 rest 90s\nSlider curl 3x8 @2' },
    });
    await card.settled();
    expect(text(card.response())).toContain('Hamstrings 5');
    const saved = await h.discord.clickButton({
      userId: team.coach.id,
      messageId: card.response()!.id,
      customId: buttonIds(card.response()).find((id) => id.startsWith('tss:save:'))!,
    });
    await saved.settled();

    // /session edit opens the saved lines; saving keeps the id.
    const edit = await coach('session', { session: 'team-our-nordics' }, 'edit');
    expect(JSON.stringify(edit.modal)).toContain('Slider curl 3x8 @2');
    const editCard = await h.discord.submitModal({
      userId: team.coach.id,
      customId: edit.modal!.custom_id,
      fields: { name: 'Our Nordics', whiteboard: 'Nordic 3x5 @1' },
    });
    await editCard.settled();
    expect(text(editCard.response())).toContain('Edit: Our Nordics');
    await (
      await h.discord.clickButton({
        userId: team.coach.id,
        messageId: editCard.response()!.id,
        customId: buttonIds(editCard.response()).find((id) => id.startsWith('tss:save:'))!,
      })
    ).settled();
    expect(h.bot.app.teamSessions.get(team.guildId, 'team-our-nordics')!.whiteboard).toBe('Nordic 3x5 @1');

    // It sits beside the templates in /library (anyone can browse it) and in /session list.
    const lib = await h.discord.slashCommand({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: ana.id,
      name: 'library',
      options: { session: 'team-our-nordics' },
    });
    await lib.settled();
    expect(text(lib.response())).toContain('Our Nordics');
    expect(text(lib.response())).toContain('Nordic curl (full range)');
    const listed = await coach('session', {}, 'list');
    expect(text(listed.response())).toContain('**Our Nordics**: ~');

    // A check-in logged in error: the coach deletes it, Ana is told and the card opens again.
    const assigned = await coach('assign', { session: 'team-our-nordics', athlete: ana.id });
    expect(text(assigned.response())).toContain('assigned to 1 athlete');
    const anaCard = await h.discord.waitForDM(ana.id, (m) => (m.embeds[0]?.title ?? '').startsWith('Our Nordics'));
    const [row] = h.bot.app.assignmentRepo.forAthlete(team.guildId, ana.id, '2026-11-23', '2026-11-23');
    // Ana taps "Couldn't train" by mistake.
    const miss = await h.discord.clickButton({ userId: ana.id, messageId: anaCard.id, customId: `miss:${row!.id}` });
    const missed = await h.discord.submitModal({ userId: ana.id, customId: miss.modal!.custom_id, fields: { reason: '' } });
    await missed.settled();
    expect(h.bot.app.assignmentRepo.get(team.guildId, row!.id)!.checkin?.outcome).toBe('missed');
    await h.discord.waitForDM(ana.id, (m) => m.id === anaCard.id && text(m).includes('Logged'));
    const deleted = await coach('assignment', { session: String(row!.id) }, 'delete-checkin');
    expect(text(deleted.response())).toContain(`Deleted <@${ana.id}>'s check-in for **Our Nordics**`);
    const told = await h.discord.waitForDM(ana.id, (m) => m.content.includes('removed the check-in'));
    expect(told.content).toContain('log it again');
    // Her card (shown as logged) is re-rendered through the outbox, open to log again.
    const edited = await h.discord.waitForDM(ana.id, (m) => m.id === anaCard.id && !text(m).includes('Logged'));
    expect(buttonIds(edited)[0]).toMatch(/^log:/);
    expect(h.bot.app.assignmentRepo.get(team.guildId, row!.id)!.checkin).toBeNull();

    // An excusal ended early, picked from the list (dates only, no reason shown).
    const e = h.bot.app.excusalRepo.add(
      {
        guildId: team.guildId,
        athleteId: ana.id,
        fromDate: '2026-11-20',
        toDate: '2026-11-30',
        reason: 'injury',
        createdBy: team.coach.id,
      },
      h.clock.now(),
    );
    const picks = await h.discord.autocomplete({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'excusal',
      subcommand: 'end',
      options: { athlete: ana.id, excusal: '' },
      focused: 'excusal',
    });
    expect(picks.choices).toEqual([{ name: 'Fri 20 Nov – Mon 30 Nov', value: String(e.id) }]);
    const ended = await coach('excusal', { athlete: ana.id, excusal: String(e.id) }, 'end');
    expect(text(ended.response())).toContain('now ends on Sun 22 Nov');
    expect(h.bot.app.excusals.isExcused(team.guildId, ana.id, '2026-11-23')).toBe(false);
  });
  it('a program runs a team session: the DM shows its exercises and the digest counts its hard sets like a template program', async () => {
    const [ana, ben] = team.athletes as [(typeof team.athletes)[0], (typeof team.athletes)[0]];
    for (const a of [ana, ben]) {
      await coach('squad', { athlete: a.id }, 'add');
      await agreeToStore(h, team, a.id);
    }
    // The coach writes Lower A on the whiteboard and saves it.
    const form = await coach('session', {}, 'create');
    const card = await h.discord.submitModal({
      userId: team.coach.id,
      customId: form.modal!.custom_id,
      fields: { name: 'Lower A', whiteboard: 'RDL 4x6 @2 RIR 3-1-1-0 rest 3m\nHip thrust 3x8-10 @2\nNordic 2x5' },
    });
    await card.settled();
    // The card shows the hard sets each muscle gets from one session.
    for (const credit of ['Glutes 5', 'Hamstrings 7.5', 'Lower back 2']) expect(text(card.response())).toContain(credit);
    const save = buttonIds(card.response()).find((id) => id.startsWith('tss:save:'))!;
    await (await h.discord.clickButton({ userId: team.coach.id, messageId: card.response()!.id, customId: save })).settled();

    // /program start offers the team's sessions beside the built-in templates (to coaches only).
    const pick = (userId: string) =>
      h.discord.autocomplete({
        guildId: team.guildId,
        channelId: team.generalChannelId,
        userId,
        name: 'program',
        subcommand: 'start',
        options: { session: '', days: 'tue' },
        focused: 'session',
      });
    const offered = (await pick(team.coach.id)).choices;
    expect(offered.map((c) => c.value)).toEqual(expect.arrayContaining(['team-lower-a', 'glute-ham-emphasis', 'nordic-protocol']));
    expect(offered.find((c) => c.value === 'team-lower-a')!.name).toMatch(/^Lower A \(team\)/);
    expect((await pick(ana.id)).choices).toEqual([]);

    // A deload week beyond the program gets a friendly answer only the coach sees.
    const beyond = await coach('program', { session: 'team-lower-a', weeks: 6, days: 'tue,fri', deload_week: 9, athlete: ana.id }, 'start');
    expect(text(beyond.response())).toContain('Week 9 is beyond the 6-week program');

    // Ana runs Lower A for 6 weeks with a deload in week 4; Ben runs the built-in emphasis day for 2 weeks.
    const started = await coach(
      'program',
      { session: 'team-lower-a', weeks: 6, days: 'tue,fri', deload_week: 4, athlete: ana.id },
      'start',
    );
    expect(text(started.response())).toContain('**Lower A program** started for 1 athlete: 6 weeks from Mon 23 Nov, training on Tue, Fri');
    expect(text(started.response())).toContain('Deload week 4 (about half the sets, 2 more reps in reserve)');
    expect(text(started.response())).toContain('editing or archiving it later leaves these sessions as they are');
    const builtIn = await coach('program', { session: 'glute-ham-emphasis', weeks: 2, days: 'tue', athlete: ben.id }, 'start');
    expect(text(builtIn.response())).toContain('started for 1 athlete');
    await h.discord.waitForDM(ana.id, (m) => m.content.includes('started the **Lower A program** for you'));

    // Tuesday at the reminder time: the session card with the team session's exercises.
    h.clock.set(new Date('2026-11-24T08:05:00Z'));
    await h.bot.scheduler.tick();
    const anaCard = await h.discord.waitForDM(ana.id, (m) => (m.embeds[0]?.title ?? '').startsWith('Lower A · wk 1'));
    for (const exercise of ['Romanian deadlift', 'Hip thrust', 'Nordic curl (full range)']) expect(text(anaCard)).toContain(exercise);
    await h.discord.waitForDM(ben.id, (m) => m.embeds.length > 0);

    // Both log their session; the digest counts Lower A's hard sets as the card showed, and Ben's as the template's.
    h.clock.set(new Date('2026-11-24T19:00:00Z'));
    for (const a of [ana, ben]) {
      h.discord.sendUserMessage({ userId: a.id, content: 'rpe 7 pain 0 45min' });
      await h.discord.waitForDM(a.id, (m) => m.author.bot === true && /logged/i.test(m.content));
    }
    // The digest's figures and text as /digest sends them (its charts, rendered off-thread, are left out to keep this quick).
    const figures = await h.bot.app.digest.digestFor(h.bot.app.teams.get(team.guildId)!, 'this', null);
    if (!figures.ok) throw new Error(figures.message);
    const all = JSON.stringify(renderDigest(figures.value, { timeZone: 'Europe/London' }));
    const week = (id: string) => figures.value.athletes.find((a) => a.athlete.userId === id)!;
    expect(week(ana.id).hardSets.perMuscle).toEqual({ glutes: 5, hamstrings: 7.5, lowerBack: 2 });
    expect(week(ana.id).prescribedHardSets).toEqual(week(ana.id).hardSets.perMuscle);
    expect(week(ben.id).hardSets.perMuscle).toEqual(hardSetsPerMuscle(toPrescription(requireTemplate('glute-ham-emphasis')).exercises));
    expect(week(ben.id).prescribedHardSets).toEqual(week(ben.id).hardSets.perMuscle);
    expect(all).toContain('sessions 2/2 done (100 %)');

    // Status names the session; stop works on it.
    const status = await coach('program', { athlete: ana.id }, 'status');
    expect(text(status.response())).toContain('**Lower A program** · Tue, Fri');
    expect(text(status.response())).toContain('Week 1 of 6 · Lower A');
    expect(text(status.response())).toContain('Next deload: week of Mon 14 Dec');
    const running = await h.discord.autocomplete({
      guildId: team.guildId,
      channelId: team.generalChannelId,
      userId: team.coach.id,
      name: 'program',
      subcommand: 'stop',
      options: { session: '' },
      focused: 'session',
    });
    expect(running.choices).toEqual([
      { name: 'Lower A', value: 'team-lower-a' },
      { name: 'Glute & hamstring emphasis day', value: 'glute-ham-emphasis' },
    ]);
    const stopped = await coach('program', { athlete: ana.id, session: 'team-lower-a' }, 'stop');
    expect(text(stopped.response())).toMatch(/Stopped \*\*Lower A program\*\* for <@\d+>: removed 11 upcoming sessions; kept 1/);
  });
});
