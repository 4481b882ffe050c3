// The REST routes discord.js calls, as a table of [method, pattern, handler].
// Paths arrive without the /api/v10 prefix and with segments URL-decoded.
import { PermissionFlagsBits } from 'discord.js';
import { storeCommand, validateCommands } from './commands';
import type { Events } from './events';
import {
  apiError,
  emptyMessage,
  invalidFormBody,
  json,
  noContent,
  unknownChannel,
  unknownGuild,
  unknownMember,
  unknownMessage,
  unknownRole,
  unknownUser,
} from './http';
import type { Answer } from './http';
import type { Interactions } from './interactions';
import { isEmptyMessage, MAX_UPLOAD_BYTES, MessageFlag, validateMessageBody } from './messages';
import type { MessageBody, Messages, UploadedFile } from './messages';
import type { LocalMessage, State, StoredCommand } from './state';

export interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: any;
  files: UploadedFile[];
  /** Whether the Authorization header carries the bot token. */
  authorized: boolean;
}

type Handler = (req: RestRequest, params: string[]) => Answer;

export interface RestDeps {
  state: State;
  messages: Messages;
  events: Events;
  interactions: Interactions;
  applicationId: string;
  gatewayUrl: () => string;
  log: (line: string) => void;
  /** How long a nonce sent with enforce_nonce is remembered per author ("the past few minutes" on Discord). */
  nonceWindowMs: number;
}

const missingAccess = (): Answer => apiError(403, 50001, 'Missing Access');
const missingPermissions = (): Answer => apiError(403, 50013, 'Missing Permissions');

export class Rest {
  private readonly routes: [string, RegExp, Handler][] = [];
  /** enforce_nonce: `${authorId}:${nonce}` -> the message it created and when (wall clock, as Discord's window). */
  private readonly nonces = new Map<string, { messageId: string; at: number }>();

  constructor(private readonly d: RestDeps) {
    const { state } = d;
    const id = '([^/]+)';
    const r = (method: string, pattern: string, handler: Handler) => {
      this.routes.push([method, new RegExp(`^${pattern.replaceAll(':id', id)}$`), handler]);
    };

    // ---- gateway, users, application
    r('GET', '/gateway/bot', (req) => {
      // The one place a wrong token shows: login fails with TokenInvalid.
      if (!req.authorized) return apiError(401, 0, '401: Unauthorized');
      return json(200, {
        url: d.gatewayUrl(),
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    });
    r('GET', '/gateway', () => json(200, { url: d.gatewayUrl() }));
    r('GET', '/users/@me', () => json(200, state.bot));
    r('GET', '/users/:id', (_req, [userId]) => {
      const user = state.users.get(userId ?? '');
      return user ? json(200, user) : unknownUser();
    });
    r('POST', '/users/@me/channels', (req) => {
      const recipient = String(req.body?.recipient_id ?? '');
      if (!state.users.has(recipient)) return apiError(400, 50033, 'Invalid Recipient(s)');
      return json(200, state.apiChannel(state.dmChannel(recipient).id));
    });
    r('GET', '/applications/@me', () => json(200, this.application()));
    r('GET', '/oauth2/applications/@me', () => json(200, this.application()));

    // ---- application commands
    const commandList = (guildId?: string): StoredCommand[] | undefined =>
      guildId === undefined ? state.globalCommands : state.guilds.has(guildId) ? (state.guildCommands.get(guildId) ?? []) : undefined;
    const setCommandList = (list: StoredCommand[], guildId?: string) => {
      if (guildId === undefined) state.globalCommands = list;
      else state.guildCommands.set(guildId, list);
    };
    const commandRoutes = (prefix: string, guildOf: (params: string[]) => string | undefined) => {
      r('PUT', `${prefix}/commands`, (req, params) => {
        const guildId = guildOf(params);
        const previous = commandList(guildId);
        if (!previous) return missingAccess();
        const errors = validateCommands(req.body);
        if (!errors.empty) {
          d.log(`command overwrite rejected: ${errors.list.join('; ')}`);
          return invalidFormBody(errors.tree);
        }
        const stored = (req.body as Record<string, unknown>[]).map((cmd) => storeCommand(cmd, d.applicationId, previous, guildId));
        setCommandList(stored, guildId);
        return json(200, stored);
      });
      r('GET', `${prefix}/commands`, (_req, params) => {
        const list = commandList(guildOf(params));
        return list ? json(200, list) : missingAccess();
      });
      r('POST', `${prefix}/commands`, (req, params) => {
        const guildId = guildOf(params);
        const previous = commandList(guildId);
        if (!previous) return missingAccess();
        const errors = validateCommands([req.body]);
        if (!errors.empty) return invalidFormBody(errors.tree);
        const cmd = storeCommand(req.body, d.applicationId, previous, guildId);
        setCommandList([...previous.filter((c) => c.id !== cmd.id), cmd], guildId);
        return json(201, cmd);
      });
      r('GET', `${prefix}/commands/:id`, (_req, params) => {
        const cmd = commandList(guildOf(params))?.find((c) => c.id === params.at(-1));
        return cmd ? json(200, cmd) : apiError(404, 10063, 'Unknown application command');
      });
      r('DELETE', `${prefix}/commands/:id`, (_req, params) => {
        const guildId = guildOf(params);
        const list = commandList(guildId) ?? [];
        if (!list.some((c) => c.id === params.at(-1))) return apiError(404, 10063, 'Unknown application command');
        setCommandList(
          list.filter((c) => c.id !== params.at(-1)),
          guildId,
        );
        return noContent;
      });
    };
    // The application id in the path must be ours; otherwise Discord answers 403.
    const checkApp =
      (handler: Handler): Handler =>
      (req, params) =>
        params[0] === d.applicationId ? handler(req, params) : missingAccess();
    const before = this.routes.length;
    commandRoutes('/applications/:id/guilds/:id', (params) => params[1]);
    commandRoutes('/applications/:id', () => undefined);
    for (const route of this.routes.slice(before)) route[2] = checkApp(route[2]);

    // ---- interactions and their webhooks (no Authorization header)
    r('POST', '/interactions/:id/:id/callback', (req, [interactionId, token]) =>
      d.interactions.callback(interactionId ?? '', token ?? '', req.body, req.files, req.query.get('with_response') === 'true'),
    );
    r('POST', '/webhooks/:id/:id', (req, [app, token]) =>
      d.interactions.webhook('POST', app ?? '', token ?? '', undefined, req.body, req.files),
    );
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      r(method, '/webhooks/:id/:id/messages/:id', (req, [app, token, messageId]) =>
        d.interactions.webhook(method, app ?? '', token ?? '', messageId, req.body, req.files),
      );
    }

    // ---- channels and messages
    r('GET', '/channels/:id', (_req, [channelId]) =>
      state.channels.has(channelId ?? '') ? json(200, state.apiChannel(channelId ?? '')) : unknownChannel(),
    );
    r('GET', '/channels/:id/messages', (req, [channelId]) => this.listMessages(req, channelId ?? ''));
    r('POST', '/channels/:id/messages', (req, [channelId]) => this.createMessage(req, channelId ?? ''));
    r('GET', '/channels/:id/messages/:id', (_req, [channelId, messageId]) => {
      const message = this.channelMessage(channelId ?? '', messageId ?? '');
      return message ? json(200, message) : unknownMessage();
    });
    r('PATCH', '/channels/:id/messages/:id', (req, [channelId, messageId]) => this.editMessage(req, channelId ?? '', messageId ?? ''));
    r('DELETE', '/channels/:id/messages/:id', (_req, [channelId, messageId]) => this.deleteMessage(channelId ?? '', messageId ?? ''));
    r('POST', '/channels/:id/typing', (_req, [channelId]) => (state.channels.has(channelId ?? '') ? noContent : unknownChannel()));
    r('PUT', '/channels/:id/messages/:id/reactions/:id/@me', (_req, [channelId, messageId]) =>
      this.channelMessage(channelId ?? '', messageId ?? '') ? noContent : unknownMessage(),
    );
    r('DELETE', '/channels/:id/messages/:id/reactions/:id/@me', () => noContent);

    // ---- guilds
    const withGuild =
      (handler: (guildId: string, req: RestRequest, params: string[]) => Answer): Handler =>
      (req, params) =>
        state.guilds.has(params[0] ?? '') ? handler(params[0] ?? '', req, params) : unknownGuild();
    r(
      'GET',
      '/guilds/:id',
      withGuild((guildId, req) => {
        const guild = state.apiGuild(guildId);
        if (req.query.get('with_counts') === 'true') {
          const count = state.guild(guildId).members.size;
          Object.assign(guild, { approximate_member_count: count, approximate_presence_count: count });
        }
        return json(200, guild);
      }),
    );
    r(
      'GET',
      '/guilds/:id/channels',
      withGuild((guildId) =>
        json(
          200,
          state.guild(guildId).channelIds.map((c) => state.apiChannel(c)),
        ),
      ),
    );
    r(
      'GET',
      '/guilds/:id/roles',
      withGuild((guildId) => json(200, [...state.guild(guildId).roles.values()])),
    );
    r(
      'GET',
      '/guilds/:id/members',
      withGuild((guildId, req) => {
        const limit = Math.min(Number(req.query.get('limit') ?? 1), 1000);
        const after = BigInt(req.query.get('after') ?? '0');
        const ids = [...state.guild(guildId).members.keys()]
          .filter((u) => BigInt(u) > after)
          .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
        return json(
          200,
          ids.slice(0, limit).map((u) => state.apiMember(guildId, u)),
        );
      }),
    );
    r(
      'GET',
      '/guilds/:id/members/:id',
      withGuild((guildId, _req, [, userId]) =>
        state.guild(guildId).members.has(userId ?? '') ? json(200, state.apiMember(guildId, userId ?? '')) : unknownMember(),
      ),
    );
    for (const method of ['PUT', 'DELETE']) {
      r(
        method,
        '/guilds/:id/members/:id/roles/:id',
        withGuild((guildId, _req, [, userId, roleId]) => {
          const guild = state.guild(guildId);
          const member = guild.members.get(userId ?? '');
          if (!member) return unknownMember();
          if (!guild.roles.has(roleId ?? '')) return unknownRole();
          if ((state.permissionsOf(guildId, state.bot.id) & PermissionFlagsBits.ManageRoles) === 0n) return missingPermissions();
          member.roles = member.roles.filter((x) => x !== roleId);
          if (method === 'PUT') member.roles.push(roleId ?? '');
          d.events.memberUpdate(guildId, userId ?? '');
          return noContent;
        }),
      );
    }
  }

  /** The handler for a request, or undefined (the caller answers 404 and logs the gap). */
  handle(req: RestRequest): Answer | undefined {
    for (const [method, pattern, handler] of this.routes) {
      if (method !== req.method) continue;
      const match = pattern.exec(req.path);
      if (match) return handler(req, match.slice(1));
    }
    return undefined;
  }

  /** A rough rate-limit bucket per route shape, for the x-ratelimit-bucket header. */
  static bucketOf(method: string, path: string): string {
    return `${method}:${path
      .replace(/\d{15,}/g, ':id')
      .replace(/\/webhooks\/:id\/[^/]+/, '/webhooks/:id/:token')
      .replace(/\/interactions\/:id\/[^/]+/, '/interactions/:id/:token')}`;
  }

  // ---- handlers ---------------------------------------------------------------

  private application(): Record<string, unknown> {
    const { state, applicationId } = this.d;
    return {
      id: applicationId,
      name: state.bot.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: false,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      bot: state.bot,
      team: null,
      approximate_guild_count: state.guilds.size,
      integration_types_config: { '0': {} },
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  private channelMessage(channelId: string, messageId: string): LocalMessage | undefined {
    // Ephemeral messages are only reachable through the interaction webhook.
    const message = this.d.state.messages.get(messageId);
    return message && message.channel_id === channelId && ((message.flags ?? 0) & MessageFlag.Ephemeral) === 0 ? message : undefined;
  }

  private listMessages(req: RestRequest, channelId: string): Answer {
    const channel = this.d.state.channels.get(channelId);
    if (!channel) return unknownChannel();
    const limit = Math.min(Number(req.query.get('limit') ?? 50), 100);
    const before = req.query.get('before');
    const after = req.query.get('after');
    let list = [...channel.messages].reverse(); // newest first, as Discord answers
    if (before) list = list.filter((m) => BigInt(m.id) < BigInt(before));
    if (after) list = list.filter((m) => BigInt(m.id) > BigInt(after)).slice(-limit);
    return json(200, list.slice(0, limit));
  }

  private createMessage(req: RestRequest, channelId: string): Answer {
    const { state, messages, events } = this.d;
    const channel = state.channels.get(channelId);
    if (!channel) return unknownChannel();
    if (channel.type === 1 && channel.recipientId && state.closedDMs.has(channel.recipientId)) {
      return apiError(403, 50007, 'Cannot send messages to this user');
    }
    const body: MessageBody = req.body ?? {};
    if (channel.guildId) {
      const perms = state.permissionsOf(channel.guildId, state.bot.id);
      const needed =
        PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | (req.files.length ? PermissionFlagsBits.AttachFiles : 0n);
      if ((perms & needed) !== needed) return missingPermissions();
    }
    const errors = validateMessageBody(body, req.files);
    const nonce = req.body?.nonce as unknown;
    if (
      nonce !== undefined &&
      nonce !== null &&
      !(typeof nonce === 'number' && Number.isInteger(nonce)) &&
      !(typeof nonce === 'string' && nonce.length <= 25)
    ) {
      errors.add(['nonce'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    }
    if (!errors.empty) {
      this.d.log(`POST /channels/${channelId}/messages rejected: ${errors.list.join('; ')}`);
      return invalidFormBody(errors.tree);
    }
    if (isEmptyMessage(body, req.files)) return emptyMessage();
    // enforce_nonce: the same author's repeated nonce within the window returns the first message and creates nothing.
    const nonceKey =
      (typeof nonce === 'string' || typeof nonce === 'number') && req.body?.enforce_nonce === true ? `${state.bot.id}:${nonce}` : undefined;
    if (nonceKey) {
      const seen = this.nonces.get(nonceKey);
      const earlier = seen && Date.now() - seen.at < this.d.nonceWindowMs ? state.messages.get(seen.messageId) : undefined;
      if (earlier) {
        this.d.log(
          `POST /channels/${channelId}/messages: nonce ${String(nonce)} seen ${Date.now() - seen!.at} ms ago; returned message ${earlier.id}`,
        );
        return json(200, earlier);
      }
    }
    if (req.files.reduce((n, f) => n + f.bytes.length, 0) > MAX_UPLOAD_BYTES) return apiError(413, 40005, 'Request entity too large');
    const reference = (req.body?.message_reference ?? undefined) as { message_id?: string } | undefined;
    const referenced = reference?.message_id ? state.messages.get(reference.message_id) : undefined;
    const message = messages.build({
      channelId,
      author: state.bot,
      body: { ...body, flags: (body.flags ?? 0) & ~64 }, // only interactions can be ephemeral
      files: req.files,
      type: referenced ? 19 : 0,
      extra: {
        ...(nonce !== undefined && nonce !== null ? { nonce: nonce as string | number } : {}),
        ...(referenced
          ? {
              message_reference: {
                type: 0,
                message_id: referenced.id,
                channel_id: referenced.channel_id,
                ...(channel.guildId ? { guild_id: channel.guildId } : {}),
              },
              referenced_message: JSON.parse(JSON.stringify(referenced)),
            }
          : {}),
      },
    });
    if (nonceKey) this.nonces.set(nonceKey, { messageId: message.id, at: Date.now() });
    messages.store(message);
    events.messageCreate(message);
    return json(200, message);
  }

  private editMessage(req: RestRequest, channelId: string, messageId: string): Answer {
    const { state, messages, events } = this.d;
    if (!state.channels.has(channelId)) return unknownChannel();
    const message = this.channelMessage(channelId, messageId);
    if (!message) return unknownMessage();
    if (message.author.id !== state.bot.id) return apiError(403, 50005, 'Cannot edit a message authored by another user');
    const errors = validateMessageBody(req.body ?? {}, req.files);
    if (!errors.empty) return invalidFormBody(errors.tree);
    messages.edit(message, req.body ?? {}, req.files);
    events.messageUpdate(message);
    return json(200, message);
  }

  private deleteMessage(channelId: string, messageId: string): Answer {
    const { state, events } = this.d;
    const channel = state.channels.get(channelId);
    if (!channel) return unknownChannel();
    const message = this.channelMessage(channelId, messageId);
    if (!message) return unknownMessage();
    const mayDelete =
      message.author.id === state.bot.id ||
      (channel.guildId !== undefined && (state.permissionsOf(channel.guildId, state.bot.id) & PermissionFlagsBits.ManageMessages) !== 0n);
    if (!mayDelete) return missingPermissions();
    state.messages.delete(messageId);
    channel.messages = channel.messages.filter((m) => m.id !== messageId);
    events.messageDelete(message);
    return noContent;
  }
}
