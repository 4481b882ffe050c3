// Interactions: building INTERACTION_CREATE payloads the way Discord does,
// and the callback / webhook side (reply, defer, update, modal, autocomplete,
// editReply, follow-ups) with Discord's deadlines and errors.
import { randomBytes } from 'node:crypto';
import { PermissionFlagsBits } from 'discord.js';
import type { APIUser } from 'discord.js';
import type { Events } from './events';
import type { Gateway } from './gateway';
import {
  alreadyAcknowledged,
  emptyMessage,
  invalidFormBody,
  json,
  noContent,
  unknownInteraction,
  unknownMessage,
  unknownWebhook,
} from './http';
import type { Answer } from './http';
import { FormErrors, isEmptyMessage, MAX_UPLOAD_BYTES, MessageFlag, validateMessageBody, walkComponents } from './messages';
import type { MessageBody, Messages, UploadedFile } from './messages';
import { snowflake } from './snowflake';
import type { LocalMessage, State, StoredCommand } from './state';

/** Discord's limit for the first response to an interaction. */
export const INTERACTION_DEADLINE_MS = 3000;

export type OptionValue = string | number | boolean;

export interface InteractionResult {
  /** The first callback: type 4 reply, 5 deferred, 6 deferred update, 7 update message, 8 autocomplete, 9 modal. */
  callbackType: number;
  /** flags & 64 on the reply (or on the deferred reply); for 6/7 whether the updated message is ephemeral. */
  ephemeral: boolean;
  /** The interaction's visible response after any editReply (PATCH @original): for 4/5 the reply, for 6/7 the message the component sits on. */
  response(): LocalMessage | undefined;
  modal?: ShownModal;
  /** POST /webhooks/{app}/{token}. The first follow-up after a type-5 defer fills the deferred reply, as on Discord, so it is also response(). */
  followUps: LocalMessage[];
  /** Waits until the interaction has a final visible answer (reply, update, modal, or deferred then edited/followed up). */
  settled(o?: { timeoutMs?: number }): Promise<InteractionResult>;
  /** Time from dispatch to first callback. */
  respondedAfterMs: number;
}

export interface ShownModal {
  custom_id: string;
  title: string;
  components: unknown[];
}

export interface AutocompleteResult {
  choices: { name: string; value: string | number }[];
}

const InteractionType = { ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 } as const;

// Callback types each interaction type may answer with.
const ALLOWED_CALLBACKS: Record<number, number[]> = {
  [InteractionType.ApplicationCommand]: [4, 5, 9],
  [InteractionType.MessageComponent]: [4, 5, 6, 7, 9],
  [InteractionType.Autocomplete]: [8],
  [InteractionType.ModalSubmit]: [4, 5, 6, 7],
};

// What Discord reports as the app's permissions in a DM with the bot.
const DM_APP_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands;

interface DeclaredOption {
  type: number;
  name: string;
  required?: boolean;
  autocomplete?: boolean;
  options?: DeclaredOption[];
  choices?: { name: string; value: string | number }[];
  min_value?: number;
  max_value?: number;
  min_length?: number;
  max_length?: number;
}

type EntityKind = 'user' | 'channel' | 'role' | 'mentionable';
// The same numbers mean different things for command options and select menus.
const OPTION_ENTITY: Record<number, EntityKind> = { 6: 'user', 7: 'channel', 8: 'role', 9: 'mentionable' };
const SELECT_ENTITY: Record<number, EntityKind> = { 5: 'user', 6: 'role', 7: 'mentionable', 8: 'channel' };

interface Resolved {
  users: Record<string, unknown>;
  members: Record<string, unknown>;
  roles: Record<string, unknown>;
  channels: Record<string, unknown>;
}

interface Pending {
  id: string;
  token: string;
  type: number;
  /** For error messages: "/plan create", "button 'done' on message 123". */
  label: string;
  userId: string;
  guildId: string | undefined;
  channelId: string;
  /** The message a component sits on (component interactions, and modals opened from one). */
  sourceMessageId: string | undefined;
  commandName: string | undefined;
  dispatchedAt: number;
  callback?: { type: number; data: any; at: number };
  expired: boolean;
  originalId?: string;
  edited: boolean;
  followUps: LocalMessage[];
  modal?: ShownModal;
  timer?: NodeJS.Timeout;
  onFirst: (p: Pending) => void;
  onTimeout: (err: Error) => void;
  settleWaiters: Set<() => void>;
  result?: InteractionResult;
}

export interface InteractionDeps {
  state: State;
  messages: Messages;
  events: Events;
  gateway: Gateway;
  applicationId: string;
  log: (line: string) => void;
}

type Payload = Record<string, unknown>;

export class Interactions {
  private readonly byId = new Map<string, Pending>();
  private readonly byToken = new Map<string, Pending>();

  constructor(private readonly d: InteractionDeps) {}

  stop(): void {
    for (const p of this.byId.values()) clearTimeout(p.timer);
  }

  // ---- dispatching -------------------------------------------------------------

  slashCommand(o: {
    guildId?: string;
    channelId?: string;
    userId: string;
    name: string;
    subcommand?: string;
    options?: Record<string, OptionValue>;
  }): Promise<InteractionResult> {
    const env = this.envelope(InteractionType.ApplicationCommand, o.userId, o.guildId, o.channelId);
    const label = `/${[o.name, o.subcommand].filter(Boolean).join(' ')}`;
    const data = this.commandData(o, env.guildId, undefined);
    return this.dispatchForResult(env, label, { data }, { commandName: o.name });
  }

  autocomplete(o: {
    guildId: string;
    channelId: string;
    userId: string;
    name: string;
    subcommand?: string;
    options?: Record<string, OptionValue>;
    focused: string;
  }): Promise<AutocompleteResult> {
    const env = this.envelope(InteractionType.Autocomplete, o.userId, o.guildId, o.channelId);
    const label = `autocomplete /${[o.name, o.subcommand].filter(Boolean).join(' ')} (${o.focused})`;
    const data = this.commandData(o, env.guildId, o.focused);
    return new Promise((resolve, reject) => {
      this.dispatch(env, label, { data }, { commandName: o.name }, (p) => resolve({ choices: p.callback?.data?.choices ?? [] }), reject);
    });
  }

  clickButton(o: { userId: string; messageId: string; customId: string }): Promise<InteractionResult> {
    return this.component(o, 2, undefined);
  }

  selectMenu(o: { userId: string; messageId: string; customId: string; values: string[] }): Promise<InteractionResult> {
    return this.component(o, undefined, o.values);
  }

  submitModal(o: {
    userId: string;
    customId: string;
    fields: Record<string, string | string[]>;
    channelId?: string;
    guildId?: string;
    messageId?: string;
  }): Promise<InteractionResult> {
    const shown = this.lastModal(o.userId, o.customId);
    const from = shown?.from;
    const channelId = o.channelId ?? from?.channelId;
    if (!channelId) throw new Error(`LocalDiscord.submitModal: no modal '${o.customId}' was shown to user ${o.userId}; pass channelId`);
    const env = this.envelope(InteractionType.ModalSubmit, o.userId, o.guildId ?? from?.guildId, channelId);
    const messageId = o.messageId ?? from?.sourceMessageId;
    const resolved = this.emptyResolved();
    let components: unknown[];
    if (shown) {
      components = this.modalComponents(shown.modal, o.fields, env.guildId, resolved);
    } else {
      this.d.log(`submitModal: no modal '${o.customId}' was shown to ${o.userId}; sending the fields as plain text inputs`);
      components = Object.entries(o.fields).map(([customId, value]) => ({
        type: 1,
        components: [{ type: 4, custom_id: customId, value: String(value) }],
      }));
    }
    const message = messageId ? this.d.state.messages.get(messageId) : undefined;
    const extra: Payload = {
      data: { custom_id: o.customId, components, ...this.resolvedField(resolved) },
      ...(message ? { message: this.plain(message) } : {}),
    };
    return this.dispatchForResult(env, `modal '${o.customId}'`, extra, { sourceMessageId: message?.id });
  }

  // ---- callback and webhook routes -------------------------------------------

  /** POST /interactions/{id}/{token}/callback */
  callback(id: string, token: string, body: any, files: UploadedFile[], withResponse: boolean): Answer {
    const p = this.byId.get(id);
    if (!p || p.token !== token) return unknownInteraction();
    if (p.expired) {
      this.d.log(`late callback for ${p.label}: answered 10062 (more than ${INTERACTION_DEADLINE_MS} ms after dispatch)`);
      return unknownInteraction();
    }
    if (p.callback) return alreadyAcknowledged();
    const type = Number(body?.type);
    const data = body?.data ?? {};
    // UPDATE_MESSAGE needs a message to update: a component's, or the one a modal was opened from.
    if (!ALLOWED_CALLBACKS[p.type]?.includes(type) || (type === 7 && !p.sourceMessageId)) {
      const errors = new FormErrors();
      errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${type} is not valid for this interaction`);
      return this.reject(p, invalidFormBody(errors.tree), errors);
    }

    let message: LocalMessage | undefined;
    switch (type) {
      case 4:
      case 5: {
        const errors = validateMessageBody(data, files);
        if (!errors.empty) return this.reject(p, invalidFormBody({ data: errors.tree }), errors);
        if (type === 4 && isEmptyMessage(data, files)) return this.reject(p, emptyMessage());
        if (files.reduce((n, f) => n + f.bytes.length, 0) > MAX_UPLOAD_BYTES)
          return json(413, { code: 40005, message: 'Request entity too large' });
        const flags = (data.flags ?? 0) & (MessageFlag.Ephemeral | MessageFlag.IsComponentsV2 | 4);
        const replyBody: MessageBody = type === 4 ? { ...data, flags } : { flags: flags | MessageFlag.Loading };
        message = this.d.messages.build({
          channelId: p.channelId,
          author: this.d.state.bot,
          body: replyBody,
          files: type === 4 ? files : [],
          type: p.type === InteractionType.ApplicationCommand ? 20 : 19,
          extra: this.responseExtra(p),
        });
        this.d.messages.store(message);
        p.originalId = message.id;
        if (!this.ephemeral(message)) this.d.events.messageCreate(message);
        break;
      }
      case 6:
        p.originalId = p.sourceMessageId;
        message = p.originalId ? this.d.state.messages.get(p.originalId) : undefined;
        break;
      case 7: {
        message = this.d.state.messages.get(p.sourceMessageId ?? '');
        if (!message) return this.reject(p, unknownMessage());
        const errors = validateMessageBody(data, files);
        if (!errors.empty) return this.reject(p, invalidFormBody({ data: errors.tree }), errors);
        this.d.messages.edit(message, data, files);
        p.originalId = message.id;
        if (!this.ephemeral(message)) this.d.events.messageUpdate(message);
        break;
      }
      case 8: {
        const errors = this.validateChoices(data.choices);
        if (!errors.empty) return this.reject(p, invalidFormBody({ data: errors.tree }), errors);
        break;
      }
      case 9: {
        const errors = this.validateModal(data);
        if (!errors.empty) return this.reject(p, invalidFormBody({ data: errors.tree }), errors);
        p.modal = { custom_id: data.custom_id, title: data.title, components: data.components };
        break;
      }
    }

    p.callback = { type, data, at: Date.now() };
    clearTimeout(p.timer);
    p.onFirst(p);
    this.checkSettled(p);
    if (!withResponse) return noContent;
    return json(200, {
      interaction: {
        id: p.id,
        type: p.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: ((message.flags ?? 0) & MessageFlag.Loading) !== 0,
              response_message_ephemeral: this.ephemeral(message),
            }
          : {}),
      },
      resource: { type, ...(message && type !== 6 ? { message: this.plain(message) } : {}) },
    });
  }

  /** /webhooks/{app}/{token}[/messages/{id}]: follow-ups and the @original reply. */
  webhook(method: string, applicationId: string, token: string, messageRef: string | undefined, body: any, files: UploadedFile[]): Answer {
    const p = this.byToken.get(token);
    // Before the first callback the token is not a usable webhook yet.
    if (!p || applicationId !== this.d.applicationId || !p.callback) return unknownWebhook();

    if (messageRef === undefined) {
      if (method !== 'POST') return unknownWebhook();
      return this.followUp(p, body ?? {}, files);
    }

    const messageId = messageRef === '@original' ? p.originalId : messageRef;
    const message = messageId ? this.d.state.messages.get(messageId) : undefined;
    const owned = message && (message.id === p.originalId || p.followUps.some((f) => f.id === message.id));
    if (!message || !owned) return unknownMessage();

    switch (method) {
      case 'GET':
        return json(200, message);
      case 'PATCH': {
        const errors = validateMessageBody(body ?? {}, files);
        if (!errors.empty) return this.formError(p, errors);
        const wasLoading = ((message.flags ?? 0) & MessageFlag.Loading) !== 0;
        this.d.messages.edit(message, body ?? {}, files);
        if (wasLoading) {
          // Filling a deferred reply is not an "edit" in Discord's eyes.
          message.flags = (message.flags ?? 0) & ~MessageFlag.Loading;
          message.edited_timestamp = null;
        }
        if (message.id === p.originalId) p.edited = true;
        if (!this.ephemeral(message)) this.d.events.messageUpdate(message);
        this.checkSettled(p);
        return json(200, message);
      }
      case 'DELETE':
        this.d.state.messages.delete(message.id);
        {
          const channel = this.d.state.channel(message.channel_id);
          channel.messages = channel.messages.filter((m) => m.id !== message.id);
        }
        if (!this.ephemeral(message)) this.d.events.messageDelete(message);
        return noContent;
      default:
        return unknownWebhook();
    }
  }

  // ---- internals: envelopes and dispatch ---------------------------------------

  private envelope(type: number, userId: string, guildIdIn: string | undefined, channelIdIn: string | undefined) {
    const { state } = this.d;
    const user = state.user(userId);
    // A guild channel implies its guild.
    const guildId = guildIdIn ?? (channelIdIn ? state.channel(channelIdIn).guildId : undefined);
    const id = snowflake();
    const token = `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`;
    const common: Payload = {
      id,
      application_id: this.d.applicationId,
      type,
      token,
      version: 1,
      locale: 'en-GB',
      entitlements: [],
      attachment_size_limit: MAX_UPLOAD_BYTES,
    };
    if (guildId) {
      const guild = state.guild(guildId);
      state.member(guildId, userId);
      const channelId = channelIdIn ?? guild.channelIds[0];
      if (!channelId) throw new Error(`LocalDiscord: guild ${guildId} has no channel to run an interaction in`);
      const channel = state.channel(channelId);
      if (channel.guildId !== guildId) throw new Error(`LocalDiscord: channel ${channelId} is not in guild ${guildId}`);
      const perms = String(state.permissionsOf(guildId, userId));
      return {
        id,
        token,
        type,
        userId,
        guildId,
        channelId,
        payload: {
          ...common,
          guild_id: guildId,
          guild: { id: guildId, locale: 'en-GB', features: [] },
          guild_locale: 'en-GB',
          channel_id: channelId,
          channel: { ...state.apiChannel(channelId), permissions: perms },
          member: { ...state.apiMember(guildId, userId), permissions: perms },
          app_permissions: String(state.permissionsOf(guildId, state.bot.id)),
          authorizing_integration_owners: { '0': guildId },
          context: 0,
        } as Payload,
      };
    }
    const channel = channelIdIn ? state.channel(channelIdIn) : state.dmChannel(userId);
    if (channel.type !== 1 || channel.recipientId !== userId) {
      throw new Error(`LocalDiscord: channel ${channel.id} is not the DM channel of user ${userId}`);
    }
    return {
      id,
      token,
      type,
      userId,
      guildId: undefined,
      channelId: channel.id,
      payload: {
        ...common,
        channel_id: channel.id,
        channel: state.apiChannel(channel.id),
        user,
        app_permissions: String(DM_APP_PERMISSIONS),
        authorizing_integration_owners: { '0': '0' },
        context: 1,
      } as Payload,
    };
  }

  private dispatchForResult(
    env: ReturnType<Interactions['envelope']>,
    label: string,
    extra: Payload,
    meta: { commandName?: string; sourceMessageId?: string | undefined },
  ): Promise<InteractionResult> {
    return new Promise((resolve, reject) => {
      this.dispatch(env, label, extra, meta, (p) => resolve(this.result(p)), reject);
    });
  }

  private dispatch(
    env: ReturnType<Interactions['envelope']>,
    label: string,
    extra: Payload,
    meta: { commandName?: string; sourceMessageId?: string | undefined },
    onFirst: (p: Pending) => void,
    onTimeout: (err: Error) => void,
  ): void {
    const p: Pending = {
      id: env.id,
      token: env.token,
      type: env.type,
      label,
      userId: env.userId,
      guildId: env.guildId,
      channelId: env.channelId,
      sourceMessageId: meta.sourceMessageId,
      commandName: meta.commandName,
      dispatchedAt: Date.now(),
      expired: false,
      edited: false,
      followUps: [],
      onFirst,
      onTimeout,
      settleWaiters: new Set(),
    };
    this.byId.set(p.id, p);
    this.byToken.set(p.token, p);
    if (!this.d.gateway.hasSession) {
      onTimeout(new Error(`LocalDiscord: ${label}: no client is connected to the gateway`));
      return;
    }
    p.timer = setTimeout(() => {
      p.expired = true;
      onTimeout(
        new Error(
          `LocalDiscord: ${label} (interaction ${p.id}) got no response within ${INTERACTION_DEADLINE_MS} ms; Discord now shows "The application did not respond"`,
        ),
      );
    }, INTERACTION_DEADLINE_MS);
    this.d.gateway.dispatch('INTERACTION_CREATE', { ...env.payload, ...extra });
  }

  private component(
    o: { userId: string; messageId: string; customId: string },
    expectType: number | undefined,
    values: string[] | undefined,
  ): Promise<InteractionResult> {
    const message = this.d.state.messages.get(o.messageId);
    if (!message) throw new Error(`LocalDiscord: no message ${o.messageId}`);
    const found: {
      type: number;
      custom_id?: string;
      disabled?: boolean;
      options?: { value: string }[];
      min_values?: number;
      max_values?: number;
    }[] = [];
    walkComponents(message.components, (c) => {
      if (c.custom_id === o.customId) found.push(c);
    });
    const component = found[0];
    if (!component) {
      const ids: string[] = [];
      walkComponents(message.components, (c) => typeof c.custom_id === 'string' && ids.push(c.custom_id));
      throw new Error(`LocalDiscord: message ${o.messageId} has no component '${o.customId}' (has: ${ids.join(', ') || 'none'})`);
    }
    if (component.disabled)
      throw new Error(
        `LocalDiscord: component '${o.customId}' on message ${o.messageId} is disabled; Discord would not let the user use it`,
      );
    const isSelect = [3, 5, 6, 7, 8].includes(component.type);
    if (expectType !== undefined && component.type !== expectType) {
      throw new Error(`LocalDiscord: component '${o.customId}' is type ${component.type}, not a button`);
    }
    if (values !== undefined && !isSelect)
      throw new Error(`LocalDiscord: component '${o.customId}' is type ${component.type}, not a select menu`);

    const channel = this.d.state.channel(message.channel_id);
    const env = this.envelope(InteractionType.MessageComponent, o.userId, channel.guildId, channel.id);
    const data: Payload = { custom_id: o.customId, component_type: component.type };
    if (values !== undefined) {
      const min = component.min_values ?? 1;
      const max = component.max_values ?? 1;
      if (values.length < min || values.length > max)
        throw new Error(`LocalDiscord: select '${o.customId}' takes ${min}..${max} values, got ${values.length}`);
      if (component.type === 3) {
        const allowed = new Set((component.options ?? []).map((opt) => opt.value));
        const bad = values.filter((v) => !allowed.has(v));
        if (bad.length) throw new Error(`LocalDiscord: select '${o.customId}' has no option(s) ${bad.join(', ')}`);
      }
      data.values = values;
      const resolved = this.emptyResolved();
      const kind = SELECT_ENTITY[component.type];
      if (kind) {
        for (const v of values)
          if (!this.resolveEntity(kind, v, env.guildId, resolved))
            throw new Error(`LocalDiscord: select '${o.customId}': ${v} is not a known ${kind}`);
      }
      Object.assign(data, this.resolvedField(resolved));
    }
    const kind = values ? 'select' : 'button';
    return this.dispatchForResult(
      env,
      `${kind} '${o.customId}' on message ${o.messageId}`,
      { data, message: this.plain(message) },
      { sourceMessageId: message.id },
    );
  }

  // ---- internals: command data ---------------------------------------------------

  private findCommand(name: string, guildId: string | undefined): StoredCommand | undefined {
    const isChatInput = (c: StoredCommand) => c.name === name && (c.type ?? 1) === 1;
    return (
      (guildId ? this.d.state.guildCommands.get(guildId)?.find(isChatInput) : undefined) ?? this.d.state.globalCommands.find(isChatInput)
    );
  }

  private commandData(
    o: { name: string; subcommand?: string; options?: Record<string, OptionValue>; userId: string },
    guildId: string | undefined,
    focused: string | undefined,
  ): Payload {
    const cmd = this.findCommand(o.name, guildId);
    const where = `/${[o.name, o.subcommand].filter(Boolean).join(' ')}`;
    if (!cmd) {
      this.d.log(`${where}: command not registered; option types inferred from the values`);
    } else {
      const contexts = (cmd as { contexts?: number[] | null }).contexts;
      if (!guildId && (contexts ? !contexts.includes(1) : (cmd as { dm_permission?: boolean }).dm_permission === false)) {
        throw new Error(`LocalDiscord: ${where} is not available in DMs (contexts ${JSON.stringify(contexts)})`);
      }
      const required = (cmd as { default_member_permissions?: string | null }).default_member_permissions;
      if (guildId && required && (this.d.state.permissionsOf(guildId, o.userId) & BigInt(required)) !== BigInt(required)) {
        this.d.log(
          `${where}: user ${o.userId} lacks default_member_permissions ${required}; Discord hides the command unless an admin overrides it`,
        );
      }
    }

    // Walk "group sub" down the declared tree.
    let declared: DeclaredOption[] | undefined = cmd ? ((cmd as { options?: DeclaredOption[] }).options ?? []) : undefined;
    const chain: { type: number; name: string }[] = [];
    const parts = (o.subcommand ?? '').split(/[\s/]+/).filter(Boolean);
    parts.forEach((part, i) => {
      const next = declared?.find((opt) => opt.name === part && (opt.type === 1 || opt.type === 2));
      if (declared && !next) {
        const has = declared.filter((opt) => opt.type === 1 || opt.type === 2).map((opt) => opt.name);
        throw new Error(`LocalDiscord: /${o.name} has no subcommand '${part}' (has: ${has.join(', ') || 'none'})`);
      }
      chain.push({ type: next?.type ?? (i === parts.length - 1 ? 1 : 2), name: part });
      // (No `next` here means the command is unregistered, so nothing is declared below it either.)
      declared = next ? (next.options ?? []) : undefined;
    });
    if (declared?.some((opt) => opt.type === 1 || opt.type === 2)) {
      throw new Error(
        `LocalDiscord: /${o.name} needs a subcommand (one of: ${declared
          .filter((x) => x.type <= 2)
          .map((x) => x.name)
          .join(', ')})`,
      );
    }

    const resolved = this.emptyResolved();
    const values = o.options ?? {};
    const leaf: Payload[] = Object.entries(values).map(([name, value]) => {
      const decl = declared?.find((opt) => opt.name === name);
      if (declared && !decl) {
        throw new Error(`LocalDiscord: ${where} has no option '${name}' (has: ${declared.map((x) => x.name).join(', ') || 'none'})`);
      }
      return this.option(where, decl, name, value, guildId, resolved, focused === name);
    });
    if (focused !== undefined && !(focused in values)) {
      const decl = declared?.find((opt) => opt.name === focused);
      leaf.push({ name: focused, type: decl?.type ?? 3, value: '', focused: true });
    }
    if (focused === undefined) {
      for (const decl of declared ?? []) {
        if (decl.required && !(decl.name in values)) throw new Error(`LocalDiscord: ${where} needs option '${decl.name}' (required)`);
      }
    }

    let options: Payload[] = leaf;
    for (const link of chain.reverse()) options = [{ type: link.type, name: link.name, options }];
    return {
      id: cmd?.id ?? snowflake(),
      name: o.name,
      type: 1,
      options,
      ...(cmd?.guild_id ? { guild_id: cmd.guild_id } : {}),
      ...this.resolvedField(resolved),
    };
  }

  private option(
    where: string,
    decl: DeclaredOption | undefined,
    name: string,
    value: OptionValue,
    guildId: string | undefined,
    resolved: Resolved,
    focused: boolean,
  ): Payload {
    const type = decl?.type ?? (typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3);
    // Autocomplete sends what the user has typed so far, as a string.
    if (focused) return { name, type, value: String(value), focused: true };
    const fail = (why: string) => new Error(`LocalDiscord: ${where} option '${name}': ${why}`);
    const checkChoices = () => {
      if (decl?.choices?.length && !decl.choices.some((c) => c.value === value)) {
        throw fail(`${JSON.stringify(value)} is not one of the choices ${decl.choices.map((c) => JSON.stringify(c.value)).join(', ')}`);
      }
    };
    switch (type) {
      case 3:
        if (typeof value !== 'string') throw fail(`expects a string, got ${typeof value}`);
        if (decl?.min_length !== undefined && value.length < decl.min_length) throw fail(`shorter than min_length ${decl.min_length}`);
        if (decl?.max_length !== undefined && value.length > decl.max_length) throw fail(`longer than max_length ${decl.max_length}`);
        checkChoices();
        return { name, type, value };
      case 4:
      case 10:
        if (typeof value !== 'number' || (type === 4 && !Number.isInteger(value)))
          throw fail(`expects ${type === 4 ? 'an integer' : 'a number'}, got ${JSON.stringify(value)}`);
        if (decl?.min_value !== undefined && value < decl.min_value) throw fail(`below min_value ${decl.min_value}`);
        if (decl?.max_value !== undefined && value > decl.max_value) throw fail(`above max_value ${decl.max_value}`);
        checkChoices();
        return { name, type, value };
      case 5:
        if (typeof value !== 'boolean') throw fail(`expects a boolean, got ${typeof value}`);
        return { name, type, value };
      case 6:
      case 7:
      case 8:
      case 9: {
        const id = String(value);
        const kind = OPTION_ENTITY[type] ?? 'user';
        if (!this.resolveEntity(kind, id, guildId, resolved)) throw fail(`${id} is not a known ${kind}`);
        return { name, type, value: id };
      }
      default:
        throw fail(`option type ${type} is not supported by LocalDiscord`);
    }
  }

  /** Adds a user/channel/role id to `resolved` as Discord does for options and select menus; false if unknown. */
  private resolveEntity(kind: EntityKind, id: string, guildId: string | undefined, resolved: Resolved): boolean {
    const { state } = this.d;
    const asUser = () => {
      const user = state.users.get(id);
      if (!user) return false;
      resolved.users[id] = user;
      if (guildId && state.guild(guildId).members.has(id)) {
        const { user: _user, ...member } = state.apiMember(guildId, id);
        resolved.members[id] = { ...member, permissions: String(state.permissionsOf(guildId, id)) };
      }
      return true;
    };
    const asRole = () => {
      const role = guildId ? state.guild(guildId).roles.get(id) : undefined;
      if (role) resolved.roles[id] = role;
      return role !== undefined;
    };
    const asChannel = () => {
      const channel = state.channels.get(id);
      if (!channel) return false;
      const perms = channel.guildId ? String(state.permissionsOf(channel.guildId, state.bot.id)) : String(DM_APP_PERMISSIONS);
      resolved.channels[id] = { ...state.apiChannel(id), permissions: perms };
      return true;
    };
    switch (kind) {
      case 'user':
        return asUser();
      case 'channel':
        return asChannel();
      case 'role':
        return asRole();
      case 'mentionable':
        return asUser() || asRole();
    }
  }

  private emptyResolved(): Resolved {
    return { users: {}, members: {}, roles: {}, channels: {} };
  }

  /** `{ resolved }` with only the non-empty maps, or nothing. */
  private resolvedField(resolved: Resolved): Payload {
    const present = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0));
    return Object.keys(present).length ? { resolved: present } : {};
  }

  // ---- internals: modals ---------------------------------------------------------

  private lastModal(userId: string, customId: string): { modal: ShownModal; from: Pending } | undefined {
    let last: { modal: ShownModal; from: Pending } | undefined;
    for (const p of this.byId.values()) {
      if (p.userId === userId && p.modal?.custom_id === customId) last = { modal: p.modal, from: p };
    }
    return last;
  }

  /** The submitted components in the shape the modal was built with: action rows (type 1) or labels (type 18). */
  private modalComponents(
    modal: ShownModal,
    fields: Record<string, string | string[]>,
    guildId: string | undefined,
    resolved: Resolved,
  ): unknown[] {
    const used = new Set<string>();
    let autoId = 0;
    const submit = (raw: any): any => {
      const id = raw.id ?? ++autoId;
      const customId: string | undefined = raw.custom_id;
      const given = customId !== undefined ? fields[customId] : undefined;
      if (customId !== undefined && given !== undefined) used.add(customId);
      const where = `modal '${modal.custom_id}' field '${customId}'`;
      switch (raw.type) {
        case 4: {
          const value = given === undefined ? (raw.value ?? '') : String(given);
          const required = raw.required ?? true;
          if (required && value === '') throw new Error(`LocalDiscord: ${where} is required`);
          if (value !== '' && raw.min_length !== undefined && value.length < raw.min_length)
            throw new Error(`LocalDiscord: ${where} is shorter than min_length ${raw.min_length}`);
          if (raw.max_length !== undefined && value.length > raw.max_length)
            throw new Error(`LocalDiscord: ${where} is longer than max_length ${raw.max_length}`);
          return { type: 4, id, custom_id: customId, value };
        }
        case 3:
        case 5:
        case 6:
        case 7:
        case 8: {
          const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
          if ((raw.required ?? true) && values.length === 0) throw new Error(`LocalDiscord: ${where} is required`);
          const kind = SELECT_ENTITY[raw.type];
          if (kind) for (const v of values) this.resolveEntity(kind, v, guildId, resolved);
          return { type: raw.type, id, custom_id: customId, values };
        }
        default:
          return { type: raw.type, id, ...(customId !== undefined ? { custom_id: customId } : {}) };
      }
    };
    const components = modal.components.map((c: any) => {
      if (c.type === 1) return { type: 1, id: c.id ?? ++autoId, components: (c.components ?? []).map(submit) };
      if (c.type === 18) return { type: 18, id: c.id ?? ++autoId, component: submit(c.component) };
      return { type: c.type, id: c.id ?? ++autoId };
    });
    const unknown = Object.keys(fields).filter((k) => !used.has(k));
    if (unknown.length) throw new Error(`LocalDiscord: modal '${modal.custom_id}' has no field(s) ${unknown.join(', ')}`);
    return components;
  }

  private validateModal(data: any): FormErrors {
    const errors = new FormErrors();
    if (typeof data.title !== 'string' || data.title.length === 0) errors.add(['title'], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.maxLength(['title'], data.title, 45);
    if (typeof data.custom_id !== 'string') errors.add(['custom_id'], 'BASE_TYPE_REQUIRED', 'This field is required');
    errors.maxLength(['custom_id'], data.custom_id, 100);
    const components: any[] = Array.isArray(data.components) ? data.components : [];
    if (components.length < 1 || components.length > 5)
      errors.add(['components'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    walkComponents(components, (c, path) => {
      if (c.type === 18) errors.maxLength([...path, 'label'], c.label, 45);
      if (c.type === 4) {
        errors.maxLength([...path, 'label'], c.label, 45);
        errors.maxLength([...path, 'placeholder'], c.placeholder, 100);
        errors.maxLength([...path, 'value'], c.value, 4000);
        if (typeof c.max_length === 'number' && c.max_length > 4000)
          errors.add([...path, 'max_length'], 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
      }
    });
    return errors;
  }

  private validateChoices(choices: unknown): FormErrors {
    const errors = new FormErrors();
    const list = Array.isArray(choices) ? (choices as { name?: string; value?: unknown }[]) : [];
    if (list.length > 25) errors.add(['choices'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    list.forEach((c, i) => {
      if (!c.name) errors.add(['choices', i, 'name'], 'BASE_TYPE_REQUIRED', 'This field is required');
      errors.maxLength(['choices', i, 'name'], c.name, 100);
      errors.maxLength(['choices', i, 'value'], c.value, 100);
    });
    return errors;
  }

  // ---- internals: responses --------------------------------------------------------

  private followUp(p: Pending, body: MessageBody, files: UploadedFile[]): Answer {
    const errors = validateMessageBody(body, files);
    if (!errors.empty) return this.formError(p, errors);
    if (isEmptyMessage(body, files)) return emptyMessage();
    const original = p.originalId ? this.d.state.messages.get(p.originalId) : undefined;
    // After a type-5 defer the first follow-up fills the "thinking" reply, keeping the defer's ephemeral flag.
    if (p.callback?.type === 5 && original && ((original.flags ?? 0) & MessageFlag.Loading) !== 0) {
      this.d.messages.edit(original, { ...body, flags: undefined }, files);
      original.flags = (original.flags ?? 0) & ~MessageFlag.Loading;
      original.edited_timestamp = null;
      p.followUps.push(original);
      if (!this.ephemeral(original)) this.d.events.messageUpdate(original);
      this.checkSettled(p);
      return json(200, original);
    }
    const message = this.d.messages.build({
      channelId: p.channelId,
      author: this.d.state.bot,
      body,
      files,
      type: 0,
      extra: this.responseExtra(p),
    });
    this.d.messages.store(message);
    p.followUps.push(message);
    if (!this.ephemeral(message)) this.d.events.messageCreate(message);
    this.checkSettled(p);
    return json(200, message);
  }

  private responseExtra(p: Pending): Partial<LocalMessage> {
    const user: APIUser = this.d.state.user(p.userId);
    const owners = p.guildId ? { '0': p.guildId } : { '0': '0' };
    return {
      webhook_id: this.d.applicationId,
      application_id: this.d.applicationId,
      interaction_metadata: {
        id: p.id,
        type: p.type,
        user,
        authorizing_integration_owners: owners,
        ...(p.commandName ? { name: p.commandName, command_type: 1 } : {}),
        ...(p.type === InteractionType.MessageComponent && p.sourceMessageId ? { interacted_message_id: p.sourceMessageId } : {}),
        ...(p.originalId ? { original_response_message_id: p.originalId } : {}),
      },
      ...(p.commandName ? { interaction: { id: p.id, type: p.type, name: p.commandName, user } } : {}),
    };
  }

  private ephemeral(m: LocalMessage): boolean {
    return ((m.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
  }

  /** JSON-safe copy (attachment bytes are not enumerable, so they drop out). */
  private plain(m: LocalMessage): unknown {
    return JSON.parse(JSON.stringify(m));
  }

  private reject(p: Pending, answer: Answer, errors?: FormErrors): Answer {
    this.d.log(
      `${p.label}: callback rejected ${answer.status} ${JSON.stringify(answer.body)}${errors ? ` (${errors.list.join('; ')})` : ''}`,
    );
    return answer;
  }

  private formError(p: Pending, errors: FormErrors): Answer {
    return this.reject(p, invalidFormBody(errors.tree), errors);
  }

  private isSettled(p: Pending): boolean {
    const type = p.callback?.type;
    if (type === undefined) return false;
    if (type === 5 || type === 6) return p.edited || p.followUps.length > 0;
    return true;
  }

  private checkSettled(p: Pending): void {
    if (!this.isSettled(p)) return;
    for (const resolve of p.settleWaiters) resolve();
    p.settleWaiters.clear();
  }

  private result(p: Pending): InteractionResult {
    if (p.result) return p.result;
    const cb = p.callback;
    if (!cb) throw new Error('unreachable: result before callback');
    const source = p.sourceMessageId ? this.d.state.messages.get(p.sourceMessageId) : undefined;
    const flags = cb.type === 4 || cb.type === 5 ? (cb.data?.flags ?? 0) : cb.type === 6 || cb.type === 7 ? (source?.flags ?? 0) : 0;
    const result: InteractionResult = {
      callbackType: cb.type,
      ephemeral: (flags & MessageFlag.Ephemeral) !== 0,
      response: () => (p.originalId ? this.d.state.messages.get(p.originalId) : undefined),
      ...(p.modal ? { modal: p.modal } : {}),
      followUps: p.followUps,
      respondedAfterMs: cb.at - p.dispatchedAt,
      settled: ({ timeoutMs = 5000 } = {}) =>
        new Promise<InteractionResult>((resolve, reject) => {
          if (this.isSettled(p)) return resolve(result);
          const done = () => {
            clearTimeout(timer);
            resolve(result);
          };
          const timer = setTimeout(() => {
            p.settleWaiters.delete(done);
            reject(
              new Error(
                `LocalDiscord: ${p.label} was acknowledged with callback type ${cb.type} but got no edit or follow-up within ${timeoutMs} ms`,
              ),
            );
          }, timeoutMs);
          p.settleWaiters.add(done);
        }),
    };
    p.result = result;
    return result;
  }
}
