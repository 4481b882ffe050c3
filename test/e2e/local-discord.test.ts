// The local Discord against a bare, unmodified discord.js Client (no Backline
// code): proves the fake speaks the protocol discord.js expects.
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  Partials,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { APIUser, Interaction, Message } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalDiscord } from '../../src/demo/local-discord';

let discord: LocalDiscord;
let client: Client;
let coach: APIUser;
let athlete: APIUser;
let guildId: string;
let channelId: string;
let logs: string[];

const commands = [
  new SlashCommandBuilder()
    .setName('session')
    .setDescription('Training sessions')
    .addSubcommand((s) =>
      s
        .setName('assign')
        .setDescription('Assign a session')
        .addUserOption((o) => o.setName('athlete').setDescription('Who').setRequired(true))
        .addIntegerOption((o) => o.setName('sets').setDescription('Sets').setMinValue(1).setMaxValue(10))
        .addStringOption((o) => o.setName('lift').setDescription('Lift').setAutocomplete(true)),
    ),
  new SlashCommandBuilder().setName('checkin').setDescription('Daily check-in'),
  new SlashCommandBuilder().setName('report').setDescription('Weekly report'),
].map((c) => c.toJSON());

function newClient(): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMembers,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      GatewayIntentBits.MessageContent,
    ],
    partials: [Partials.Channel],
    rest: { api: discord.apiUrl },
    ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) },
    waitGuildTimeout: 100,
  });
}

/** Resolves with the first interaction the client emits. */
function nextInteraction(): Promise<Interaction> {
  return once(client, Events.InteractionCreate).then(([i]) => i as Interaction);
}

beforeEach(async () => {
  logs = [];
  discord = await LocalDiscord.start({
    log: (line) => {
      logs.push(line);
      // LOCAL_DISCORD_LOG=1 shows what the fake saw (unrouted requests, rejected bodies).
      if (process.env.LOCAL_DISCORD_LOG) console.log(`[local-discord] ${line}`);
    },
  });
  coach = discord.createUser('coach.kim', { globalName: 'Coach Kim' });
  athlete = discord.createUser('sam', { globalName: 'Sam' });
  ({ id: guildId } = discord.createGuild({ name: 'Harbour Barbell', ownerId: coach.id }));
  channelId = discord.createChannel(guildId, 'training');
  discord.addMember(guildId, athlete.id);
  client = newClient();
  if (process.env.LOCAL_DISCORD_LOG === 'debug') client.on(Events.Debug, (m) => console.log(`[discord.js] ${m}`));
  const ready = once(client, Events.ClientReady);
  await client.login(discord.token);
  await ready;
  await client.application?.commands.set(commands);
});

afterEach(async () => {
  await client?.destroy();
  await discord?.stop();
});

describe('LocalDiscord with a bare discord.js client', () => {
  it('logs in, caches the guild and its channels, and fetches members', async () => {
    await discord.waitForReady();
    expect(client.user?.id).toBe(discord.botUser.id);
    const guild = client.guilds.cache.get(guildId);
    expect(guild?.name).toBe('Harbour Barbell');
    expect(guild?.channels.cache.get(channelId)?.name).toBe('training');
    expect(guild?.ownerId).toBe(coach.id);
    expect(guild?.memberCount).toBe(3); // owner, athlete, bot
    // As on Discord without GUILD_PRESENCES, GUILD_CREATE lists only the bot; fetching fills the cache (op 8).
    expect(guild?.members.me?.id).toBe(discord.botUser.id);
    expect(guild?.members.cache.has(athlete.id)).toBe(false);
    await guild?.members.fetch();
    expect(guild?.members.cache.get(athlete.id)?.user.username).toBe('sam');
    expect(discord.registeredCommands().map((c) => c.name)).toEqual(['session', 'checkin', 'report']);
    expect(discord.requests.some((r) => r.path === '/gateway/bot' && r.status === 200)).toBe(true);

    // Guilds and members added while connected arrive over the gateway.
    const joined = once(client, Events.GuildMemberAdd);
    const late = discord.createUser('late.joiner');
    discord.addMember(guildId, late.id);
    const [member] = await joined;
    expect(member.user.username).toBe('late.joiner');
  });

  it('round-trips a slash command with an ephemeral reply', async () => {
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      const who = i.options.getUser('athlete', true);
      const sets = i.options.getInteger('sets');
      const admin = i.memberPermissions?.has('ManageGuild') ?? false;
      await i.reply({ content: `${i.options.getSubcommand()} ${who.username} x${sets} admin=${admin}`, flags: MessageFlags.Ephemeral });
    });
    const result = await discord.slashCommand({
      guildId,
      channelId,
      userId: coach.id,
      name: 'session',
      subcommand: 'assign',
      options: { athlete: athlete.id, sets: 5 },
    });
    expect(result.callbackType).toBe(4);
    expect(result.ephemeral).toBe(true);
    expect(result.response()?.content).toBe('assign sam x5 admin=true');
    expect(result.respondedAfterMs).toBeLessThan(3000);
    // Ephemeral: nobody else sees it in the channel.
    expect(discord.messagesIn(channelId)).toHaveLength(0);
    // Option mistakes are caught before anything is sent.
    await expect(
      discord.slashCommand({
        guildId,
        userId: coach.id,
        name: 'session',
        subcommand: 'assign',
        options: { athlete: athlete.id, sets: 50 },
      }),
    ).rejects.toThrow(/max_value/);
  });

  it('answers autocomplete', async () => {
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isAutocomplete()) return;
      const typed = i.options.getFocused();
      await i.respond(
        ['RDL', 'Good morning', 'Hip thrust'].filter((l) => l.toLowerCase().startsWith(typed)).map((l) => ({ name: l, value: l })),
      );
    });
    const { choices } = await discord.autocomplete({
      guildId,
      channelId,
      userId: coach.id,
      name: 'session',
      subcommand: 'assign',
      options: { lift: 'h' },
      focused: 'lift',
    });
    expect(choices).toEqual([{ name: 'Hip thrust', value: 'Hip thrust' }]);
  });

  it('defers, then edits the reply with a file', async () => {
    client.on(Events.InteractionCreate, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply();
      await i.editReply({
        content: 'Weekly report',
        files: [{ attachment: Buffer.from('athlete,sessions\nsam,4\n'), name: 'report.csv' }],
      });
    });
    const result = await discord.slashCommand({ guildId, channelId, userId: coach.id, name: 'report' });
    expect(result.callbackType).toBe(5);
    expect(result.ephemeral).toBe(false);
    await result.settled();
    const reply = result.response();
    expect(reply?.content).toBe('Weekly report');
    expect(reply?.flags ?? 0).toBe(0); // no longer "thinking"
    expect(reply?.attachments[0]?.filename).toBe('report.csv');
    expect(reply?.attachments[0]?.bytes.toString()).toContain('sam,4');
    expect(discord.messagesIn(channelId).map((m) => m.id)).toEqual([reply?.id]);
  });

  it('clicks a button, shows a modal and reads the submitted fields', async () => {
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isChatInputCommand()) {
        const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('checkin:open').setLabel('Check in').setStyle(ButtonStyle.Primary),
        );
        await i.reply({ content: 'How did today go?', components: [row] });
      } else if (i.isButton()) {
        const modal = new ModalBuilder()
          .setCustomId('checkin:modal')
          .setTitle('Check-in')
          .addLabelComponents(
            new LabelBuilder()
              .setLabel('RPE')
              .setTextInputComponent(new TextInputBuilder().setCustomId('rpe').setStyle(TextInputStyle.Short)),
            new LabelBuilder()
              .setLabel('Notes')
              .setTextInputComponent(new TextInputBuilder().setCustomId('notes').setStyle(TextInputStyle.Paragraph).setRequired(false)),
          );
        await i.showModal(modal);
      } else if (i.isModalSubmit()) {
        await i.reply({
          content: `rpe=${i.fields.getTextInputValue('rpe')} notes=${i.fields.getTextInputValue('notes')} from=${i.message?.id}`,
          flags: MessageFlags.Ephemeral,
        });
      }
    });
    const prompt = await discord.slashCommand({ guildId, channelId, userId: athlete.id, name: 'checkin' });
    const promptMessage = prompt.response();
    expect(promptMessage?.components).toHaveLength(1);
    expect(discord.messagesIn(channelId)).toHaveLength(1);

    const click = await discord.clickButton({ userId: athlete.id, messageId: promptMessage?.id ?? '', customId: 'checkin:open' });
    expect(click.callbackType).toBe(9);
    expect(click.modal?.title).toBe('Check-in');

    const submit = await discord.submitModal({
      userId: athlete.id,
      customId: 'checkin:modal',
      channelId,
      fields: { rpe: '8', notes: 'hamstrings tight' },
    });
    expect(submit.response()?.content).toBe(`rpe=8 notes=hamstrings tight from=${promptMessage?.id}`);
    expect(submit.ephemeral).toBe(true);
    await expect(discord.submitModal({ userId: athlete.id, customId: 'checkin:modal', fields: { notes: 'no rpe' } })).rejects.toThrow(
      /required/,
    );
  });

  it('reads modals built with plain action rows too', async () => {
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isChatInputCommand()) {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('legacy')
            .setTitle('Legacy')
            .addComponents(
              new ActionRowBuilder<TextInputBuilder>().addComponents(
                new TextInputBuilder().setCustomId('x').setLabel('X').setStyle(TextInputStyle.Short),
              ),
            ),
        );
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `x=${i.fields.getTextInputValue('x')}` });
      }
    });
    await discord.slashCommand({ guildId, channelId, userId: coach.id, name: 'checkin' });
    const submit = await discord.submitModal({ userId: coach.id, customId: 'legacy', fields: { x: '42' } });
    expect(submit.response()?.content).toBe('x=42');
  });

  it('delivers a DM the bot sends', async () => {
    await client.users.send(athlete.id, 'Session 3 is ready');
    expect(discord.dmsTo(athlete.id).map((m) => m.content)).toEqual(['Session 3 is ready']);
    expect(discord.requests.map((r) => `${r.method} ${r.path.replace(/\d+/g, ':id')}`)).toEqual(
      expect.arrayContaining(['POST /users/@me/channels', 'POST /channels/:id/messages']),
    );
  });

  it('rejects a DM to a user with closed DMs with 50007', async () => {
    discord.closeDMs(athlete.id);
    const error = await client.users.send(athlete.id, 'hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50007);
    expect((error as DiscordAPIError).status).toBe(403);
    expect(discord.dmsTo(athlete.id)).toHaveLength(0);
  });

  it('retries a 429 on the DM route and delivers the message once', async () => {
    discord.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 429, retryAfterSeconds: 0.05 });
    await client.users.send(athlete.id, 'after the rate limit');
    expect(discord.dmsTo(athlete.id).map((m) => m.content)).toEqual(['after the rate limit']);
    const posts = discord.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
  });

  it('dedupes a repeated nonce with enforce_nonce: the first message comes back and nothing new is created', async () => {
    const dm = await client.users.createDM(athlete.id);
    const first = await dm.send({ content: 'Session 1', nonce: 'owed-1', enforceNonce: true });
    expect(first.nonce).toBe('owed-1');
    // A resend after an unknown outcome: same nonce, even with another body, returns the first message.
    const again = await dm.send({ content: 'Session 1 (resent)', nonce: 'owed-1', enforceNonce: true });
    expect(again.id).toBe(first.id);
    expect(discord.dmsTo(athlete.id).map((m) => m.content)).toEqual(['Session 1']);
    expect(logs.some((l) => l.includes(`nonce owed-1 seen`) && l.includes(first.id))).toBe(true);

    // The answer is lost after Discord created the message (500, applied); discord.js retries the 500 itself
    // and the retry with the same nonce returns the message instead of posting it twice.
    discord.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, status: 500, applied: true });
    const retried = await dm.send({ content: 'Session 2', nonce: 'owed-2', enforceNonce: true });
    expect(discord.dmsTo(athlete.id).map((m) => m.content)).toEqual(['Session 1', 'Session 2']);
    expect(retried.id).toBe(discord.dmsTo(athlete.id)[1]!.id);
    const posts = discord.requests.filter((r) => r.method === 'POST' && /^\/channels\/\d+\/messages$/.test(r.path));
    expect(posts.map((r) => r.status)).toEqual([200, 200, 500, 200]);

    // Without enforce_nonce (or with another nonce) a repeated nonce is just data, as on Discord.
    await dm.send({ content: 'plain', nonce: 'owed-1' });
    await dm.send({ content: 'Session 3', nonce: 'owed-3', enforceNonce: true });
    expect(discord.dmsTo(athlete.id).map((m) => m.content)).toEqual(['Session 1', 'Session 2', 'plain', 'Session 3']);
    expect(discord.botMessages().map((m) => m.nonce)).toEqual(['owed-1', 'owed-2', 'owed-1', 'owed-3']);

    // Nonces are at most 25 characters.
    const tooLong = await dm.send({ content: 'x', nonce: 'n'.repeat(26), enforceNonce: true }).catch((e: unknown) => e);
    expect((tooLong as DiscordAPIError).code).toBe(50035);
  });

  it('forgets a nonce after its window', async () => {
    await client.destroy();
    await discord.stop();
    discord = await LocalDiscord.start({ nonceWindowMs: 0 });
    athlete = discord.createUser('sam');
    client = newClient();
    await client.login(discord.token);
    const dm = await client.users.createDM(athlete.id);
    await dm.send({ content: 'one', nonce: 'late', enforceNonce: true });
    await dm.send({ content: 'two', nonce: 'late', enforceNonce: true });
    expect(discord.dmsTo(athlete.id).map((m) => m.content)).toEqual(['one', 'two']);
  });

  it('deletes a channel: the client drops it and posting there answers 10003', async () => {
    const deleted = once(client, Events.ChannelDelete);
    discord.deleteChannel(channelId);
    await deleted;
    expect(client.channels.cache.has(channelId)).toBe(false);
    const error = await client.rest.post(Routes.channelMessages(channelId), { body: { content: 'hi' } }).catch((e: unknown) => e);
    expect((error as DiscordAPIError).code).toBe(10003);
    expect((error as DiscordAPIError).status).toBe(404);
  });

  it('resumes after a dropped gateway and replays an interaction sent meanwhile', async () => {
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isChatInputCommand()) await i.reply({ content: 'still here' });
    });
    const resumed = once(client, Events.ShardResume);
    await discord.dropGateway();
    const pending = discord.slashCommand({ guildId, channelId, userId: coach.id, name: 'checkin' });
    await resumed;
    const result = await pending;
    expect(result.response()?.content).toBe('still here');
    expect(logs.some((l) => /resumed, replayed [1-9]/.test(l))).toBe(true);
  });

  it("delivers a user's DM to messageCreate", async () => {
    const received = new Promise<Message>((resolve) => client.on(Events.MessageCreate, (m) => m.author.id === athlete.id && resolve(m)));
    discord.sendUserMessage({ userId: athlete.id, content: 'felt strong today' });
    const message = await received;
    expect(message.content).toBe('felt strong today');
    expect(message.channel.type).toBe(ChannelType.DM);
    expect(message.channelId).toBe(discord.dmChannelOf(athlete.id));
  });

  it('enforces acknowledgement rules: 40060 on a second callback, 10062 after 3 s', async () => {
    const seen = nextInteraction();
    const first = discord.slashCommand({ guildId, channelId, userId: coach.id, name: 'checkin' });
    const i = await seen;
    const callback = Routes.interactionCallback(i.id, (i as { token: string }).token);
    await client.rest.post(callback, { body: { type: 4, data: { content: 'one' } }, auth: false });
    await first;
    const second = await client.rest.post(callback, { body: { type: 4, data: { content: 'two' } }, auth: false }).catch((e: unknown) => e);
    expect((second as DiscordAPIError).code).toBe(40060);

    // Nobody answers this one: the promise rejects naming the command, and a late answer gets 10062.
    const ignored = nextInteraction();
    const unanswered = discord.slashCommand({ guildId, channelId, userId: coach.id, name: 'report' });
    const late = await ignored;
    await expect(unanswered).rejects.toThrow(/\/report .*no response within 3000 ms/);
    const tooLate = await client.rest
      .post(Routes.interactionCallback(late.id, (late as { token: string }).token), { body: { type: 5 }, auth: false })
      .catch((e: unknown) => e);
    expect((tooLate as DiscordAPIError).code).toBe(10062);
  });

  it('handles DM interactions: deferred follow-ups, a select menu update and a modal with a select', async () => {
    client.on(Events.InteractionCreate, async (i) => {
      if (i.isChatInputCommand()) {
        await i.deferReply({ flags: MessageFlags.Ephemeral });
        await i.followUp({ content: 'plan ready' });
        await i.user.send({
          content: 'How was the session?',
          components: [
            new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(
              new StringSelectMenuBuilder()
                .setCustomId('rating')
                .addOptions({ label: 'Easy', value: 'easy' }, { label: 'Hard', value: 'hard' }),
            ),
            new ActionRowBuilder<ButtonBuilder>().addComponents(
              new ButtonBuilder().setCustomId('note').setLabel('Add note').setStyle(ButtonStyle.Secondary),
            ),
          ],
        });
      } else if (i.isStringSelectMenu()) {
        await i.update({ content: `rated ${i.values.join()}`, components: [] });
      } else if (i.isButton()) {
        await i.showModal(
          new ModalBuilder()
            .setCustomId('note-modal')
            .setTitle('Note')
            .addLabelComponents(
              new LabelBuilder()
                .setLabel('Pain?')
                .setStringSelectMenuComponent(
                  new StringSelectMenuBuilder()
                    .setCustomId('pain')
                    .addOptions({ label: 'No', value: 'no' }, { label: 'Yes', value: 'yes' }),
                ),
            ),
        );
      } else if (i.isModalSubmit()) {
        await i.reply({ content: `pain=${i.fields.getStringSelectValues('pain').join()} dm=${!i.inGuild()}` });
      }
    });

    // No guildId: the command runs in the athlete's DM with the bot.
    const result = await discord.slashCommand({ userId: athlete.id, name: 'checkin' });
    await result.settled();
    expect(result.callbackType).toBe(5);
    expect(result.ephemeral).toBe(true);
    // The first follow-up after a defer fills the "thinking" reply.
    expect(result.response()?.content).toBe('plan ready');
    expect(result.followUps.map((m) => m.id)).toEqual([result.response()?.id]);

    const prompt = await discord.waitForDM(athlete.id, (m) => m.content === 'How was the session?');
    const click = await discord.clickButton({ userId: athlete.id, messageId: prompt.id, customId: 'note' });
    expect(click.modal?.custom_id).toBe('note-modal');
    const note = await discord.submitModal({ userId: athlete.id, customId: 'note-modal', fields: { pain: ['yes'] } });
    expect(note.response()?.content).toBe('pain=yes dm=true');

    const rated = await discord.selectMenu({ userId: athlete.id, messageId: prompt.id, customId: 'rating', values: ['hard'] });
    expect(rated.callbackType).toBe(7);
    expect(discord.dmsTo(athlete.id).find((m) => m.id === prompt.id)?.content).toBe('rated hard');
    await expect(discord.clickButton({ userId: athlete.id, messageId: prompt.id, customId: 'note' })).rejects.toThrow(
      /no component 'note'/,
    );
  });

  it('answers unknown routes with 404 and logs them', async () => {
    const error = await client.rest.get('/guilds/1/scheduled-events').catch((e: unknown) => e);
    expect((error as DiscordAPIError).status).toBe(404);
    expect(logs.some((l) => l.includes('no route for GET /guilds/1/scheduled-events'))).toBe(true);
  });
});
