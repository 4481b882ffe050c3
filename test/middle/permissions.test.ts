// The permission matrix (issue 11): every command, subcommand, autocomplete, button and form,
// tried by five people through the real router. What each may do is read from what the code
// declares (`preconditions`, `subcommandPreconditions`, each component handler's `preconditions`),
// so a new command or button is in the matrix without editing this file; a precondition the
// matrix does not know fails it until someone says what it means here.
import {
  ApplicationCommandOptionType,
  InteractionResponseType,
  MessageFlags,
  PermissionFlagsBits,
  type APIApplicationCommandOption,
  type APIInteractionResponse,
  type APIUser,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands, commandsByName } from '../../commands';
import type { Runtime } from '../../src/app';
import { componentHandlers } from '../../src/bot';
import { ManualClock } from '../../src/clock';
import { preconditionFor, type Command } from '../../src/discord/command';
import type { ComponentHandler } from '../../src/discord/components/registry';
import { customIds, formFields } from '../../src/discord/customIds';
import { createInteractionRouter } from '../../src/discord/router';
import { ANYONE, COACH, MEMBER, refusals, SERVER_ADMIN, type Precondition } from '../../src/discord/preconditions';
import type { Team } from '../../src/repositories/teams';
import { tempDatabase } from '../support/db';
import { createKit, type GuildInput, type Kit } from '../support/interactions';
import { addAssigned, addAthlete, FakeCourier, makeApp, seedTeam } from '../support/schedulerHarness';

const GUILD = '300000000000000001';
const OTHER_GUILD = '300000000000000002';
const NOW = '2026-03-02T19:00:00Z';

type Persona = 'coach' | 'athlete' | 'outsider' | 'admin' | 'stranger';
const PERSONAS: readonly Persona[] = ['coach', 'athlete', 'outsider', 'admin', 'stranger'];

let store: ReturnType<typeof tempDatabase>;
let app: Runtime;
let courier: FakeCourier;
let kit: Kit;
let team: Team;
let otherTeam: Team;
let route: ReturnType<typeof createInteractionRouter>;
let people: Record<Persona, { user: APIUser; guild: GuildInput }>;
let sessionId: number;
/** A "has it settled?" question asked to the athlete, unanswered. */
let followupId: number;

beforeEach(() => {
  store = tempDatabase();
  const clock = new ManualClock(NOW);
  courier = new FakeCourier(clock);
  app = makeApp(store.db, clock, courier);
  team = seedTeam(app, { guildId: GUILD, timeZone: 'Europe/London' }, clock.now());
  // The stranger's own server has Backline too: they are a member there, not here.
  otherTeam = seedTeam(app, { guildId: OTHER_GUILD, timeZone: 'Europe/London' }, clock.now());
  kit = createKit();
  const user = (n: number, name: string) => kit.user(`40000000000000000${n}`, name);
  people = {
    coach: { user: user(1, 'Kim'), guild: { guildId: GUILD, roles: [team.coachRoleId] } },
    athlete: { user: user(2, 'Ana'), guild: { guildId: GUILD } },
    outsider: { user: user(3, 'Ben'), guild: { guildId: GUILD } },
    // Manage Server is not the coach role: the admin sets Backline up, the coaches use it.
    admin: { user: user(4, 'Ada'), guild: { guildId: GUILD, permissions: PermissionFlagsBits.ManageGuild } },
    stranger: { user: user(5, 'Sam'), guild: { guildId: OTHER_GUILD } },
  };
  addAthlete(app, GUILD, people.athlete.user.id, clock.now());
  app.squadRepo.add(GUILD, people.athlete.user.id, 'Ana', 'sprinters', clock.now());
  sessionId = addAssigned(app, team, people.athlete.user.id, '2026-03-02', clock.now(), { minutes: 50 }).id;
  followupId = Number(
    store.db
      .prepare('INSERT INTO pain_followups (guild_id, athlete_id, assignment_id, pain, asked_at) VALUES (?, ?, ?, 6, ?)')
      .run(GUILD, people.athlete.user.id, sessionId, NOW).lastInsertRowid,
  );
  route = createInteractionRouter(app, commandsByName, componentHandlers);
});

afterEach(async () => {
  await kit.client.destroy();
  store.cleanup();
});

// ---- what each declared precondition means for each person ----

type Expected = { allowed: true } | { allowed: false; refusal: string };

function expectedFor(precondition: Precondition<object>, who: Persona): Expected {
  const refuse = (refusal: string): Expected => ({ allowed: false, refusal });
  if (precondition === ANYONE) return { allowed: true };
  if (precondition === MEMBER) return { allowed: true }; // the stranger acts on their own server's team
  if (precondition === SERVER_ADMIN) return who === 'admin' ? { allowed: true } : refuse(refusals.manageServer());
  if (precondition === COACH) {
    if (who === 'coach') return { allowed: true };
    return refuse(refusals.coachOnly(who === 'stranger' ? otherTeam : team));
  }
  throw new Error(`the permission matrix does not know the precondition "${precondition.name}": add it to expectedFor`);
}

const ALL_REFUSALS = () => [
  refusals.guildOnly(),
  refusals.manageServer(),
  refusals.teamConfigured(),
  refusals.coachOnly(team),
  refusals.coachOnly(otherTeam),
];

// ---- observing an interaction ----

/** Every table's rows, as text, but the idempotency log every interaction writes to: an update shows as much as an insert. */
function snapshot(): Record<string, string> {
  const tables = store.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'interactions_seen'")
    .all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, JSON.stringify(store.db.prepare(`SELECT * FROM "${name}"`).all())]));
}

interface Seen {
  callbacks: APIInteractionResponse[];
  /** REST calls other than the interaction callback: follow-ups, edits, DMs, channel messages. */
  others: number;
  /** Every message text sent, callbacks and follow-ups alike. */
  texts: (string | undefined)[];
  changed: string[];
  courierSent: number;
}

/**
 * Routes one interaction inside a transaction rolled back afterwards, so every case starts from
 * the same squad (a coach's allowed `/squad remove` does not take the athlete out of later cases).
 * The handlers' own transactions nest as savepoints.
 */
async function observe(interaction: Parameters<typeof route>[0]): Promise<Seen> {
  kit.calls.length = 0;
  const sentBefore = courier.calls.length;
  store.db.exec('BEGIN');
  try {
    const before = snapshot();
    await route(interaction);
    const after = snapshot();
    return {
      callbacks: kit.callbacks(),
      others: kit.calls.filter((c) => !c.path.endsWith('/callback')).length,
      texts: kit.calls.map((c) => contentOf(c.body as APIInteractionResponse) ?? (c.body as { content?: string } | null)?.content),
      changed: Object.keys(after).filter((t) => after[t] !== before[t]),
      courierSent: courier.calls.length - sentBefore,
    };
  } finally {
    if (store.db.inTransaction) store.db.exec('ROLLBACK');
  }
}

const contentOf = (r: APIInteractionResponse | undefined) => (r as { data?: { content?: string } } | undefined)?.data?.content;
const flagsOf = (r: APIInteractionResponse | undefined) => (r as { data?: { flags?: number } } | undefined)?.data?.flags ?? 0;

/** A refusal: one private message in the rule's wording, and nothing else happened. */
function expectRefused(seen: Seen, refusal: string) {
  expect(seen.callbacks).toHaveLength(1);
  const [reply] = seen.callbacks;
  expect(reply!.type).toBe(InteractionResponseType.ChannelMessageWithSource);
  expect(contentOf(reply)).toBe(refusal);
  expect(flagsOf(reply) & MessageFlags.Ephemeral).toBeTruthy();
  expect(seen.others).toBe(0);
  expect(seen.changed).toEqual([]);
  expect(seen.courierSent).toBe(0);
}

const FAILED = 'Something went wrong on our side and this was not completed. Please try again in a moment.';

/** Let through: the handler answered, not with a precondition's refusal, and without failing. */
function expectLetThrough(seen: Seen, mayFail = false) {
  expect(seen.callbacks.length).toBeGreaterThan(0);
  for (const text of seen.texts) expect(ALL_REFUSALS()).not.toContain(text);
  if (!mayFail) expect(seen.texts).not.toContain(FAILED);
}

/** The kit builds string, integer and user options only: /setup's required role and channels are missing, so it fails after its check. */
const CANNOT_BUILD = new Set(['/setup']);

// ---- building invocations from the commands' own JSON ----

interface Invocation {
  command: Command;
  subcommand?: string;
  /** The options of the command or subcommand. */
  options: readonly APIApplicationCommandOption[];
}

function invocations(): Invocation[] {
  return commands.flatMap((command): Invocation[] => {
    const opts = command.data.options ?? [];
    const subs = opts.filter((o) => o.type === ApplicationCommandOptionType.Subcommand);
    expect(opts.some((o) => o.type === ApplicationCommandOptionType.SubcommandGroup)).toBe(false); // the kit builds no groups
    if (!subs.length) return [{ command, options: opts }];
    return subs.map((s) => ({ command, subcommand: s.name, options: 'options' in s ? (s.options ?? []) : [] }));
  });
}

const label = (i: Invocation) => `/${i.command.data.name}${i.subcommand ? ` ${i.subcommand}` : ''}`;

/** Required options with a plausible value (the first choice, the minimum, the athlete); what the kit cannot build is left out. */
function requiredOptions(options: readonly APIApplicationCommandOption[]): Record<string, string | number | APIUser> {
  const values: Record<string, string | number | APIUser> = {};
  for (const o of options) {
    if (!('required' in o) || !o.required) continue;
    const choice = 'choices' in o && o.choices?.length ? o.choices[0]!.value : undefined;
    if (o.type === ApplicationCommandOptionType.String) values[o.name] = (choice as string | undefined) ?? 'x';
    else if (o.type === ApplicationCommandOptionType.Integer)
      values[o.name] = (choice as number | undefined) ?? ('min_value' in o && o.min_value !== undefined ? o.min_value : 1);
    else if (o.type === ApplicationCommandOptionType.User) values[o.name] = people.athlete.user;
  }
  return values;
}

const chatInput = (i: Invocation, who: Persona) =>
  kit.chatInput({
    user: people[who].user,
    guild: people[who].guild,
    name: i.command.data.name,
    ...(i.subcommand ? { subcommand: i.subcommand } : {}),
    options: requiredOptions(i.options),
  });

// ---- buttons and forms ----

/** One well-formed id per handler prefix; a handler added without a sample here fails the matrix. */
function sampleIds(): Record<string, string> {
  const a = { assignmentId: sessionId };
  return {
    [customIds.logButton.prefix]: customIds.logButton.encode({ ...a, retry: false }),
    [customIds.missButton.prefix]: customIds.missButton.encode(a),
    [customIds.logModal.prefix]: customIds.logModal.encode(a),
    [customIds.missModal.prefix]: customIds.missModal.encode(a),
    [customIds.answer.prefix]: customIds.answer.encode({ field: 'rpe' }),
    [customIds.pickButton.prefix]: customIds.pickButton.encode({ ...a, values: { rpe: 7, pain: 1, minutes: 50, painArea: null } }),
    [customIds.painAnswer.prefix]: customIds.painAnswer.encode({ followupId, settled: false }),
    [customIds.assignAgain.prefix]: customIds.assignAgain.encode({ interactionId: '200000000000000999' }),
    [customIds.teamRpe.prefix]: customIds.teamRpe.encode({ guildId: GUILD, otherSessionId: 1, rpe: 5 }),
    [customIds.readiness.prefix]: customIds.readiness.encode({ guildId: GUILD, date: '2026-03-02', soFar: [], value: 3 }),
    [customIds.nordicDone.prefix]: customIds.nordicDone.encode({ guildId: GUILD, assignmentId: sessionId }),
    // An expired kept text (the button) and a new session's form (the submit) share the prefix; either value serves both.
    [customIds.whiteboard.prefix]: customIds.whiteboard.encode({ mode: 'text', token: '0123456789abcdef' }),
    [customIds.draftCard.prefix]: customIds.draftCard.encode({ action: 'save', token: '0123456789abcdef' }),
    [customIds.nudge.prefix]: customIds.nudge.encode({ who: 'one', ...a }),
    [customIds.consent.prefix]: customIds.consent.encode({ answer: 'agree', guildId: GUILD }),
    [customIds.erase.prefix]: customIds.erase.encode({ kind: 'self', guildId: GUILD }),
    [customIds.painUndo.prefix]: customIds.painUndo.encode({ adjustmentId: 1 }),
  };
}

/** What Discord sends with each form: every text input it was shown (filled in plausibly). */
const formSamples: Record<string, Record<string, string>> = {
  [customIds.logModal.prefix]: { rpe: '7', minutes: '50', pain: '1', area: '', note: '' },
  [customIds.missModal.prefix]: { [formFields.missed.reason]: 'Ill' },
  [customIds.whiteboard.prefix]: { name: 'Sprint day', whiteboard: 'A1 Back squat 3x5' },
};

/** What an athlete may run (the rest is the coaches'), written out so opening one more is seen in review. */
const OPEN_TO_ATHLETES = [
  '/checkin',
  '/help',
  '/library',
  '/log nordic',
  '/log other',
  '/log readiness',
  '/me',
  '/privacy consent',
  '/privacy erase',
  '/privacy export',
  '/privacy show',
  '/program status',
  '/today',
];

/** Buttons whose clicker answers for themselves whoever they are. */
const SELF_ACTING = new Set([customIds.consent.prefix, customIds.erase.prefix]);

function componentCases(): { handler: ComponentHandler; kind: 'button' | 'modal' }[] {
  return componentHandlers.flatMap((handler) => [
    ...(handler.button ? [{ handler, kind: 'button' as const }] : []),
    ...(handler.modal ? [{ handler, kind: 'modal' as const }] : []),
  ]);
}

const component = (handler: ComponentHandler, kind: 'button' | 'modal', who: Persona) => {
  const customId = sampleIds()[handler.id.prefix];
  expect(customId, `no sample custom id for the "${handler.id.prefix}" handler`).toBeDefined();
  const { user, guild } = people[who];
  const fields = formSamples[handler.id.prefix] ?? {};
  return kind === 'button'
    ? kit.button({ user, guild, customId: customId! })
    : kit.modalSubmit({ user, guild, customId: customId!, fields });
};

// ---- the matrix ----

describe('the permission matrix', () => {
  it('covers what the code declares', () => {
    const names = invocations().map(label);
    expect(names.length).toBeGreaterThanOrEqual(commands.length);
    expect(names).toEqual(expect.arrayContaining(['/setup', '/program start', '/privacy erase-athlete', '/assign']));
    // Every declared precondition is one the matrix knows (throws otherwise), and the coach-only buttons are the ones the issue names.
    for (const i of invocations()) for (const who of PERSONAS) expectedFor(preconditionFor(i.command, i.subcommand ?? null), who);
    const coachPrefixes = componentHandlers.filter((h) => h.preconditions === COACH).map((h) => h.id.prefix);
    expect(coachPrefixes.sort()).toEqual(
      [customIds.painUndo, customIds.assignAgain, customIds.whiteboard, customIds.draftCard, customIds.nudge].map((c) => c.prefix).sort(),
    );
    for (const h of componentHandlers) expect(Object.keys(sampleIds())).toContain(h.id.prefix);
    // Pinned by hand: opening a command to athletes is a decision, so it shows up here in review.
    const open = invocations().filter((i) => [ANYONE, MEMBER].includes(preconditionFor(i.command, i.subcommand ?? null)));
    expect(open.map(label).sort()).toEqual(OPEN_TO_ATHLETES);
  });

  it('slash commands and subcommands: refused privately in the one wording, changing nothing, or let through', async () => {
    let refused = 0;
    let through = 0;
    for (const i of invocations()) {
      const precondition = preconditionFor(i.command, i.subcommand ?? null);
      for (const who of PERSONAS) {
        const expected = expectedFor(precondition, who);
        const seen = await observe(chatInput(i, who));
        try {
          if (expected.allowed) {
            expectLetThrough(seen, CANNOT_BUILD.has(label(i)));
            through++;
          } else {
            expectRefused(seen, expected.refusal);
            refused++;
          }
        } catch (error) {
          throw new Error(`${label(i)} as ${who}: ${(error as Error).message}`, { cause: error });
        }
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(through).toBeGreaterThan(0);
  });

  it('autocomplete: nothing for people a coach command refuses, an answer for everyone allowed', async () => {
    let cases = 0;
    for (const i of invocations().filter((x) => x.command.autocomplete)) {
      const focusable = i.options.filter((o) => 'autocomplete' in o && o.autocomplete);
      for (const option of focusable) {
        for (const who of PERSONAS) {
          const expected = expectedFor(preconditionFor(i.command, i.subcommand ?? null), who);
          const { user, guild } = people[who];
          const seen = await observe(
            kit.autocomplete({
              user,
              guild,
              name: i.command.data.name,
              ...(i.subcommand ? { subcommand: i.subcommand } : {}),
              options: { ...requiredOptions(i.options), [option.name]: '' },
              focused: option.name,
            }),
          );
          const where = `${label(i)} ${option.name} as ${who}`;
          expect(seen.callbacks, where).toHaveLength(1);
          expect(seen.callbacks[0]!.type, where).toBe(InteractionResponseType.ApplicationCommandAutocompleteResult);
          expect(seen.changed, where).toEqual([]);
          if (!expected.allowed) expect(seen.callbacks[0], where).toEqual({ type: 8, data: { choices: [] } });
          // Whatever is offered, only coaches see who is in the squad, its groups or another athlete's sessions.
          const choices = (seen.callbacks[0] as { data: { choices: { name: string; value: string | number }[] } }).data.choices;
          if (who !== 'coach') {
            expect(
              choices.filter((c) => c.name.includes('Ana') || c.value === 'sprinters'),
              where,
            ).toEqual([]);
            if (who !== 'athlete')
              expect(
                choices.filter((c) => String(c.value) === String(sessionId)),
                where,
              ).toEqual([]);
          }
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(0);
  });

  it("buttons and forms: coach ones refused to everyone else, the rest reach their handler and touch only the clicker's own data", async () => {
    for (const { handler, kind } of componentCases()) {
      for (const who of PERSONAS) {
        const expected = expectedFor(handler.preconditions, who);
        const seen = await observe(component(handler, kind, who));
        try {
          if (!expected.allowed) expectRefused(seen, expected.refusal);
          else {
            expectLetThrough(seen);
            // The samples are the athlete's own session, DM and server; only consent and "erase my data" act on the clicker.
            if (handler.preconditions === ANYONE && who !== 'athlete' && !SELF_ACTING.has(handler.id.prefix))
              expect(seen.changed).toEqual([]);
          }
        } catch (error) {
          throw new Error(`${kind} ${handler.id.prefix} as ${who}: ${(error as Error).message}`, { cause: error });
        }
      }
    }
  });
});

describe('a few cases by hand', () => {
  it('the admin without the coach role cannot read an athlete, and the coach cannot run /setup', async () => {
    expectRefused(
      await observe(kit.chatInput({ ...people.admin, name: 'athlete', options: { athlete: people.athlete.user } })),
      refusals.coachOnly(team),
    );
    expectRefused(
      await observe(kit.chatInput({ ...people.coach, name: 'setup', options: { timezone: 'Europe/London' } })),
      refusals.manageServer(),
    );
  });

  it('/program status is open to members for their own program only; a coach may name anyone', async () => {
    const about = (who: Persona) =>
      kit.chatInput({ ...people[who], name: 'program', subcommand: 'status', options: { athlete: people.athlete.user } });
    for (const who of ['outsider', 'admin'] as const) {
      const seen = await observe(about(who));
      expect(contentOf(seen.callbacks[0]), who).toBe(`${refusals.coachOnly(team)} Leave the athlete empty to see your own program.`);
      expect(flagsOf(seen.callbacks[0]) & MessageFlags.Ephemeral).toBeTruthy();
    }
    expect(contentOf((await observe(about('coach'))).callbacks[0])).not.toContain('This is for coaches');
  });

  it("the group list is the coach's: an athlete gets no choices, the coach gets the squad's group", async () => {
    const ask = (who: Persona) =>
      kit.autocomplete({ ...people[who], name: 'assign', options: { session: 'x', group: '' }, focused: 'group' });
    expect((await observe(ask('athlete'))).callbacks).toEqual([{ type: 8, data: { choices: [] } }]);
    expect((await observe(ask('coach'))).callbacks).toEqual([{ type: 8, data: { choices: [{ name: 'sprinters', value: 'sprinters' }] } }]);
  });

  it("a coach of another server cannot erase this server's athlete with a button from here", async () => {
    const otherCoach = { user: kit.user('400000000000000009', 'Oz'), guild: { guildId: OTHER_GUILD, roles: [otherTeam.coachRoleId] } };
    const customId = customIds.erase.encode({ kind: 'athlete', guildId: GUILD, athleteId: people.athlete.user.id });
    const seen = await observe(kit.button({ ...otherCoach, customId }));
    expect(seen.changed).toEqual([]);
    expect(contentOf(seen.callbacks[0])).toContain('out of date');
  });

  it("an athlete cannot erase a squad mate with the coach's erase button", async () => {
    const customId = customIds.erase.encode({ kind: 'athlete', guildId: GUILD, athleteId: people.athlete.user.id });
    const seen = await observe(kit.button({ ...people.outsider, customId }));
    expect(seen.changed).toEqual([]);
    expect(contentOf(seen.callbacks[0])).toBe(`Only coaches (<@&${team.coachRoleId}>) can erase an athlete's data.`);
    expect(flagsOf(seen.callbacks[0]) & MessageFlags.Ephemeral).toBeTruthy();
  });

  it('the "has it settled?" answer is taken from the athlete asked and from nobody else', async () => {
    const customId = customIds.painAnswer.encode({ followupId, settled: false });
    for (const who of ['coach', 'outsider', 'admin', 'stranger'] as const) {
      const seen = await observe(kit.button({ ...people[who], customId }));
      expect(seen.changed, who).toEqual([]);
      expect(seen.texts, who).toContain('That question is out of date.');
    }
    expect((await observe(kit.button({ ...people.athlete, customId }))).changed).toContain('pain_followups');
  });

  it("someone else's check-in form is refused to each of them, and nothing is stored; the athlete's own is stored", async () => {
    const customId = customIds.logModal.encode({ assignmentId: sessionId });
    const fields = formSamples[customIds.logModal.prefix]!;
    for (const who of ['coach', 'outsider', 'admin', 'stranger'] as const) {
      const seen = await observe(kit.modalSubmit({ ...people[who], customId, fields }));
      expect(contentOf(seen.callbacks[0]), who).toBe('Only the athlete this session was assigned to can log it.');
      expect(seen.changed, who).toEqual([]);
    }
    expect((await observe(kit.modalSubmit({ ...people.athlete, customId, fields }))).changed).toContain('checkins');
  });
});
