// Handlers through the real router, with real discord.js interactions built from API payloads
// (test/support/interactions.ts), a real migrated SQLite file and the injected clock.
// What the bot answers is read from the REST calls discord.js made, as Discord would receive them.
import { InteractionResponseType, MessageFlags, type APIInteractionResponse, type APIUser } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandsByName } from '../../commands';
import type { Runtime } from '../../src/app';
import { componentHandlers } from '../../src/bot';
import { ManualClock } from '../../src/clock';
import { customIds, formFields } from '../../src/discord/customIds';
import { createInteractionRouter } from '../../src/discord/router';
import type { Assignment } from '../../src/repositories/assignments';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';
import { createKit, type Kit } from '../support/interactions';
import { addAssigned, addAthlete, FakeCourier, makeApp, seedTeam } from '../support/schedulerHarness';

const GUILD = '300000000000000001';
const NOW = '2026-03-02T19:00:00Z'; // Monday evening in London, after the session
let store: ReturnType<typeof tempDatabase>;
let app: Runtime;
let kit: Kit;
let team: Team;
let route: ReturnType<typeof createInteractionRouter>;
let coach: APIUser;
let ana: APIUser;
let session: Assignment;

beforeEach(() => {
  store = tempDatabase();
  const clock = new ManualClock(NOW);
  app = makeApp(store.db, clock, new FakeCourier(clock));
  team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, clock.now());
  kit = createKit();
  coach = kit.user('400000000000000001', 'Kim');
  ana = kit.user('400000000000000002', 'Ana');
  addAthlete(app, GUILD, ana.id, clock.now());
  session = addAssigned(app, team, ana.id, '2026-03-02', clock.now(), { minutes: 50 });
  route = createInteractionRouter(app, commandsByName, componentHandlers);
});

afterEach(async () => {
  await kit.client.destroy();
  store.cleanup();
});

const inGuild = (roles: string[] = []) => ({ guildId: GUILD, roles });
const only = (responses: APIInteractionResponse[]) => {
  expect(responses).toHaveLength(1);
  return responses[0]!;
};
const message = (r: APIInteractionResponse) => {
  expect(r.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  return (r as { data: { content?: string; flags?: number } }).data;
};

describe('preconditions', () => {
  it("refuses a coach-only command to an athlete, privately, in the rule's one wording, and runs nothing", async () => {
    await route(kit.chatInput({ user: ana, guild: inGuild(), name: 'athlete', options: { athlete: ana } }));
    const reply = message(only(kit.callbacks()));
    expect(reply.content).toBe(
      `This is for coaches: you need the <@&${team.coachRoleId}> role. Ask a coach if you need something changed.`,
    );
    expect(reply.flags! & MessageFlags.Ephemeral).toBeTruthy();
  });

  it('refuses /program stop to an athlete by its subcommand precondition, and lets a coach through', async () => {
    await route(kit.chatInput({ user: ana, guild: inGuild(), name: 'program', subcommand: 'stop', options: { athlete: ana } }));
    expect(message(only(kit.callbacks())).content).toContain('This is for coaches');
    kit.calls.length = 0;
    await route(
      kit.chatInput({ user: coach, guild: inGuild([team.coachRoleId]), name: 'program', subcommand: 'stop', options: { athlete: ana } }),
    );
    expect(message(only(kit.callbacks())).content).not.toContain('This is for coaches');
  });

  it('answers autocomplete with nothing to someone the command refuses, and with the groups to a coach', async () => {
    app.squadRepo.add(GUILD, ana.id, 'Ana', 'sprinters', new Date(NOW));
    await route(
      kit.autocomplete({
        user: ana,
        guild: inGuild(),
        name: 'assign',
        options: { session: 'glute-ham-emphasis', group: '' },
        focused: 'group',
      }),
    );
    await route(
      kit.autocomplete({
        user: coach,
        guild: inGuild([team.coachRoleId]),
        name: 'assign',
        options: { session: 'glute-ham-emphasis', group: '' },
        focused: 'group',
      }),
    );
    expect(kit.callbacks()).toEqual([
      { type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [] } },
      {
        type: InteractionResponseType.ApplicationCommandAutocompleteResult,
        data: { choices: [{ name: 'sprinters', value: 'sprinters' }] },
      },
    ]);
  });

  it('refuses /setup without Manage Server and in DMs', async () => {
    const options = { timezone: 'Europe/London' };
    await route(kit.chatInput({ user: ana, guild: inGuild(), name: 'setup', options }));
    await route(kit.chatInput({ user: ana, name: 'setup', options }));
    expect(kit.callbacks().map((r) => message(r).content)).toEqual([
      'Only someone with the **Manage Server** permission can set Backline up.',
      "This works in your team's server, not in DMs.",
    ]);
  });

  it('refuses the Undo button to an athlete before its handler runs', async () => {
    await route(kit.button({ user: ana, guild: inGuild(), customId: customIds.painUndo.encode({ adjustmentId: 1 }) }));
    expect(message(only(kit.callbacks())).content).toContain('This is for coaches');
  });
});

describe('the check-in, button to row', () => {
  it('"Log session" in the DM opens the check-in form for that session', async () => {
    await route(kit.button({ user: ana, customId: customIds.logButton.encode({ assignmentId: session.id, retry: false }) }));
    const modal = only(kit.callbacks());
    expect(modal.type).toBe(InteractionResponseType.Modal);
    const data = (
      modal as {
        data: {
          custom_id: string;
          title: string;
          components: { components: { custom_id: string; value?: string; max_length?: number }[] }[];
        };
      }
    ).data;
    expect(data.custom_id).toBe(customIds.logModal.encode({ assignmentId: session.id }));
    expect(data.title).toBe(`Log: ${session.title}`.slice(0, 45));
    const inputs = data.components.map((row) => row.components[0]!);
    expect(inputs.map((i) => i.custom_id)).toEqual(['rpe', 'minutes', 'pain', 'area', 'note']);
    // The planned minutes are filled in; the limits decide the lengths (600 has 3 digits, 10 has 2).
    expect(inputs[1]).toMatchObject({ value: '50', max_length: 3 });
    expect(inputs[0]!.max_length).toBe(2);
  });

  it("someone else's session is refused, and a malformed id is out of date", async () => {
    const ben = kit.user('400000000000000003', 'Ben');
    await route(kit.button({ user: ben, customId: customIds.logButton.encode({ assignmentId: session.id, retry: false }) }));
    await route(kit.button({ user: ana, customId: 'log:0' }));
    expect(kit.callbacks().map((r) => message(r).content)).toEqual([
      'Only the athlete this session was assigned to can log it.',
      'That button is out of date. Use `/today` to see your sessions.',
    ]);
  });

  it('submitting the form stores the check-in and answers with what was understood', async () => {
    const customId = customIds.logModal.encode({ assignmentId: session.id });
    await route(
      kit.modalSubmit({ user: ana, customId, fields: { rpe: '7', minutes: '50', pain: '1', area: '', note: 'RDLs moved well' } }),
    );
    const reply = message(only(kit.callbacks()));
    expect(reply.content).toContain(`✅ Logged **${session.title}**`);
    expect(reply.content).toContain('Session load: 7 × 50 = **350 AU**');
    expect(reply.flags! & MessageFlags.Ephemeral).toBeTruthy();
    const row = store.db
      .prepare('SELECT outcome, rpe, minutes, pain, pain_area, note, load_au, source FROM checkins WHERE assignment_id = ?')
      .get(session.id);
    expect(row).toEqual({
      outcome: 'completed',
      rpe: 7,
      minutes: 50,
      pain: 1,
      pain_area: null,
      note: 'RDLs moved well',
      load_au: 350,
      source: 'modal',
    });
  });

  it('"Couldn\'t train" opens its form and the reason is stored as a missed session', async () => {
    await route(kit.button({ user: ana, customId: customIds.missButton.encode({ assignmentId: session.id }) }));
    const modal = only(kit.callbacks()) as { type: number; data: { custom_id: string } };
    expect(modal.type).toBe(InteractionResponseType.Modal);
    kit.calls.length = 0;
    await route(kit.modalSubmit({ user: ana, customId: modal.data.custom_id, fields: { [formFields.missed.reason]: 'Ill' } }));
    expect(message(only(kit.callbacks())).content).toContain("Noted: you couldn't train");
    expect(store.db.prepare('SELECT outcome, rpe, missed_reason FROM checkins WHERE assignment_id = ?').get(session.id)).toEqual({
      outcome: 'missed',
      rpe: null,
      missed_reason: 'Ill',
    });
  });

  it('a form with a value past the limits stores nothing and offers "Try again"', async () => {
    const customId = customIds.logModal.encode({ assignmentId: session.id });
    await route(kit.modalSubmit({ user: ana, customId, fields: { rpe: '11', minutes: '50', pain: '1', area: '', note: '' } }));
    const reply = only(kit.callbacks()) as { data: { content: string; components: { components: { custom_id: string }[] }[] } };
    expect(reply.data.content).toContain('RPE must be from 0 to 10 (you entered 11)');
    expect(reply.data.components[0]!.components[0]!.custom_id).toBe(customIds.logButton.encode({ assignmentId: session.id, retry: true }));
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM checkins').get()).toEqual({ n: 0 });
  });
});

describe("/pending's Nudge buttons", () => {
  it('"Nudge all" carries the group through its custom id and nudges only who /pending listed', async () => {
    const ben = kit.user('400000000000000003', 'Ben');
    addAthlete(app, GUILD, ben.id, new Date(NOW));
    addAssigned(app, team, ben.id, '2026-03-02', new Date(NOW), { minutes: 50 });
    // A group name with the id separator in it: the id carries it base64url, so the click still reads it whole.
    app.squadRepo.add(GUILD, ana.id, 'Ana', 'U18: sprint', new Date(NOW));
    const asCoach = { user: coach, guild: inGuild([team.coachRoleId]) };
    await route(kit.chatInput({ ...asCoach, name: 'pending', options: { group: 'U18: sprint' } }));
    const listed = message(only(kit.callbacks())) as { components?: { components: { custom_id: string }[] }[] };
    const ids = (listed.components ?? []).flatMap((row) => row.components.map((b) => b.custom_id));
    expect(ids).toEqual([customIds.nudge.encode({ who: 'one', assignmentId: session.id }), expect.stringMatching(/^pn:all:/)]);
    expect(customIds.nudge.parse(ids[1]!)).toEqual({
      who: 'all',
      query: { from: '2026-02-24', to: '2026-03-02', templateId: null, group: 'U18: sprint' },
    });
    kit.calls.length = 0;
    await route(kit.button({ ...asCoach, customId: ids[1]! }));
    expect(message(only(kit.callbacks())).content).toBe(`📨 Nudged <@${ana.id}> by DM.`);
  });
});
