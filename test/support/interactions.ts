// The middle tier: real discord.js interaction structures built from API payloads, as the
// gateway would deliver them, on a Client that never connects. Whatever the handler sends
// goes through discord.js's own REST layer into `calls`, decoded, instead of to Discord.
// No gateway, no local server: each test runs in milliseconds. (After Skyra's approach.)
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  Client,
  ComponentType,
  InteractionType,
  ModalSubmitInteraction,
  PermissionFlagsBits,
  type APIApplicationCommandInteractionDataOption,
  type APIChatInputApplicationCommandInteraction,
  type APIInteractionResponse,
  type APIMessage,
  type APIUser,
  type Interaction,
} from 'discord.js';

const APPLICATION_ID = '100000000000000001';
const BOT: APIUser = { id: APPLICATION_ID, username: 'Backline', discriminator: '0', global_name: null, avatar: null, bot: true };

export interface RestCall {
  method: string;
  /** Without the /api/v10 prefix, e.g. /interactions/1/tok/callback. */
  path: string;
  body: unknown;
}

export interface Kit {
  client: Client;
  calls: RestCall[];
  /** The interaction callbacks sent (reply, showModal, deferUpdate, autocomplete choices), in order. */
  callbacks(): APIInteractionResponse[];
  user(id: string, name: string): APIUser;
  chatInput(o: CommandInput): ChatInputCommandInteraction;
  autocomplete(o: CommandInput & { focused: string }): AutocompleteInteraction;
  button(o: { user: APIUser; customId: string; guild?: GuildInput; content?: string }): ButtonInteraction;
  modalSubmit(o: { user: APIUser; customId: string; fields: Record<string, string>; guild?: GuildInput }): ModalSubmitInteraction;
}

export interface GuildInput {
  guildId: string;
  roles?: string[];
  /** Manage Server and the like; members get View Channel and Send Messages by default. */
  permissions?: bigint;
}

export interface CommandInput {
  user: APIUser;
  guild?: GuildInput;
  name: string;
  subcommand?: string;
  options?: Record<string, string | number | APIUser>;
}

let serial = 0;
const snowflake = () => String(200000000000000000n + BigInt(++serial));

/** Each private constructor of discord.js, called as its InteractionCreate action does. */
function construct<T extends Interaction>(cls: unknown, client: Client, data: unknown): T {
  return Reflect.construct(cls as new (...args: unknown[]) => T, [client, data]);
}

export function createKit(): Kit {
  const calls: RestCall[] = [];
  const client = new Client({
    intents: [],
    rest: {
      // discord.js's REST layer builds the real request; it stops here instead of going out.
      makeRequest: (url, init) => {
        const path = decodeURIComponent(new URL(url).pathname.replace(/^\/api\/v\d+/, ''));
        const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : (init.body ?? null);
        calls.push({ method: init.method ?? 'GET', path, body });
        if (path.endsWith('/callback')) return Promise.resolve(new Response(null, { status: 204 }));
        return Promise.resolve(Response.json(messageFrom(body)));
      },
    },
  });
  client.rest.setToken('middle-tier-token');

  const base = (user: APIUser, guild: GuildInput | undefined) => {
    const channelId = snowflake();
    const permissions = String(
      (guild?.permissions ?? 0n) |
        PermissionFlagsBits.ViewChannel |
        PermissionFlagsBits.SendMessages |
        PermissionFlagsBits.UseApplicationCommands,
    );
    return {
      id: snowflake(),
      application_id: APPLICATION_ID,
      token: `token-${serial}`,
      version: 1,
      channel_id: channelId,
      channel: guild
        ? { id: channelId, type: 0, name: 'general', guild_id: guild.guildId }
        : { id: channelId, type: 1, recipients: [user] },
      app_permissions: String(PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks),
      locale: 'en-GB',
      entitlements: [],
      authorizing_integration_owners: { '0': guild?.guildId ?? '0' },
      context: guild ? 0 : 1,
      attachment_size_limit: 10 * 1024 * 1024,
      ...(guild
        ? {
            guild_id: guild.guildId,
            guild_locale: 'en-GB',
            member: {
              user,
              roles: guild.roles ?? [],
              permissions,
              joined_at: '2026-01-01T00:00:00.000Z',
              deaf: false,
              mute: false,
              flags: 0,
            },
          }
        : { user }),
    };
  };

  const commandData = (o: CommandInput) => {
    const users = Object.values(o.options ?? {}).filter((v): v is APIUser => typeof v === 'object');
    const options: APIApplicationCommandInteractionDataOption[] = Object.entries(o.options ?? {}).map(([name, value]) =>
      typeof value === 'object'
        ? { name, type: ApplicationCommandOptionType.User, value: value.id }
        : typeof value === 'number'
          ? { name, type: ApplicationCommandOptionType.Integer, value }
          : { name, type: ApplicationCommandOptionType.String, value },
    );
    const top: APIApplicationCommandInteractionDataOption[] = o.subcommand
      ? [{ name: o.subcommand, type: ApplicationCommandOptionType.Subcommand, options: options as never }]
      : options;
    return {
      id: snowflake(),
      name: o.name,
      type: ApplicationCommandType.ChatInput,
      options: top,
      resolved: users.length ? { users: Object.fromEntries(users.map((u) => [u.id, u])) } : undefined,
    };
  };

  return {
    client,
    calls,
    callbacks: () => calls.filter((c) => c.path.endsWith('/callback')).map((c) => c.body as APIInteractionResponse),
    user: (id, name) => ({ id, username: name.toLowerCase(), global_name: name, discriminator: '0', avatar: null }),
    chatInput(o) {
      const data: APIChatInputApplicationCommandInteraction = {
        ...base(o.user, o.guild),
        type: InteractionType.ApplicationCommand,
        data: commandData(o),
      } as APIChatInputApplicationCommandInteraction;
      return construct(ChatInputCommandInteraction, client, data);
    },
    autocomplete(o) {
      const data = commandData(o);
      const mark = (opts: APIApplicationCommandInteractionDataOption[] | undefined): void => {
        for (const opt of opts ?? []) {
          if ('options' in opt) mark(opt.options);
          else if (opt.name === o.focused) Object.assign(opt, { focused: true });
        }
      };
      mark(data.options);
      return construct(AutocompleteInteraction, client, {
        ...base(o.user, o.guild),
        type: InteractionType.ApplicationCommandAutocomplete,
        data,
      });
    },
    button(o) {
      const b = base(o.user, o.guild);
      const message: APIMessage = { ...messageFrom({ content: o.content ?? '' }), channel_id: b.channel_id };
      return construct(ButtonInteraction, client, {
        ...b,
        type: InteractionType.MessageComponent,
        message,
        data: { custom_id: o.customId, component_type: ComponentType.Button },
      });
    },
    modalSubmit(o) {
      return construct(ModalSubmitInteraction, client, {
        ...base(o.user, o.guild),
        type: InteractionType.ModalSubmit,
        data: {
          custom_id: o.customId,
          components: Object.entries(o.fields).map(([customId, value]) => ({
            type: ComponentType.ActionRow,
            components: [{ type: ComponentType.TextInput, custom_id: customId, value }],
          })),
        },
      });
    },
  };
}

/** What Discord answers to a webhook message: the message as sent, by the bot. */
function messageFrom(body: unknown): APIMessage {
  const sent = (body ?? {}) as Partial<APIMessage>;
  return {
    id: snowflake(),
    channel_id: snowflake(),
    author: BOT,
    content: sent.content ?? '',
    timestamp: new Date(0).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: sent.embeds ?? [],
    components: sent.components ?? [],
    pinned: false,
    type: 0,
  };
}
