// LocalDiscord: a fake of Discord's REST API and gateway on 127.0.0.1 that the
// real, unmodified discord.js client logs in to. Tests and the demo build a
// world (guilds, users), act as coaches and athletes (slash commands,
// buttons, modals, DMs), and inspect what the bot did.
//
//   const discord = await LocalDiscord.start();
//   const coach = discord.createUser('coach');
//   const { id: guildId } = discord.createGuild({ name: 'Club', ownerId: coach.id });
//   const client = new Client({ intents, partials, rest: { api: discord.apiUrl },
//     ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) }, waitGuildTimeout: 100 });
//   await client.login(discord.token);
//   const result = await discord.slashCommand({ guildId, userId: coach.id, name: 'plan' });
//   await result.settled();  // result.response()?.content ...
//   await client.destroy(); await discord.stop();   // client first, or it keeps reconnecting
//
// Faithful on purpose: limits Discord enforces (message and embed sizes,
// modal fields, 3 s interaction deadline, intents) fail here too. Set
// LOCAL_DISCORD_LOG=1 in the e2e test to see what the fake saw.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayIntentBits } from 'discord.js';
import { OverwriteType, PermissionFlagsBits } from 'discord.js';
import type { APIOverwrite, APIUser, RESTPutAPIApplicationCommandsJSONBody, UserFlags } from 'discord.js';
import { Events } from './events';
import { Gateway } from './gateway';
import { apiError, notFound, parseBody, readBody } from './http';
import type { Answer } from './http';
import { Interactions } from './interactions';
import type { AutocompleteResult, InteractionResult, OptionValue } from './interactions';
import { Messages } from './messages';
import { Rest } from './rest';
import { snowflake } from './snowflake';
import { DEFAULT_BOT_PERMISSIONS, State } from './state';
import type { LocalMessage } from './state';

export type { InteractionResult, AutocompleteResult, ShownModal, OptionValue } from './interactions';
export type { LocalMessage, LocalAttachment } from './state';

export interface RequestRecord {
  method: string;
  /** Without the /api/v10 prefix, segments decoded: '/webhooks/1/tok/messages/@original'. */
  path: string;
  status: number;
  at: number;
}

interface Fault {
  method?: string;
  path: RegExp;
  status: 429 | 500 | 403 | 404;
  /** Discord's JSON error code for 403/404 (e.g. 10003 Unknown Channel, 50001 Missing Access). */
  code?: number;
  retryAfterSeconds: number;
  global: boolean;
  times: number;
  applied: boolean;
}

interface MessageWaiter {
  pred: (m: LocalMessage) => boolean;
  resolve: (m: LocalMessage) => void;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** HELLO's heartbeat_interval (default 41250, as Discord). */
  heartbeatIntervalMs?: number;
  /** Bot username (default 'Backline'). */
  botName?: string;
  /**
   * Real Discord lists only the bot in GUILD_CREATE's members unless the client has the GUILD_PRESENCES intent,
   * so bots must fetch members (guild.members.fetch) or take them from interactions. true lists everyone anyway.
   */
  allMembersInGuildCreate?: boolean;
  /** How long a nonce sent with enforce_nonce dedupes the same author's messages (default 5 minutes; Discord says "the past few minutes"). */
  nonceWindowMs?: number;
}

export class LocalDiscord {
  readonly apiUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** Every REST request, for assertions. */
  readonly requests: RequestRecord[] = [];

  private readonly state: State;
  private readonly gateway: Gateway;
  private readonly events: Events;
  private readonly messages: Messages;
  private readonly interactions: Interactions;
  private readonly rest: Rest;
  private readonly log: (line: string) => void;
  private readonly faults: Fault[] = [];
  private messageWaiters: MessageWaiter[] = [];
  private readonly baseUrl: string;

  private constructor(
    private readonly server: Server,
    port: number,
    opts: StartOptions,
  ) {
    this.log = opts.log ?? (() => {});
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api`;
    const gatewayUrl = `ws://127.0.0.1:${port}`;

    // Modern apps: the bot user id is the application id.
    this.applicationId = snowflake();
    this.botUser = {
      id: this.applicationId,
      username: opts.botName ?? 'Backline',
      discriminator: '0000',
      global_name: null,
      avatar: null,
      bot: true,
      system: false,
      mfa_enabled: false,
      verified: true,
      flags: 0 as UserFlags,
      public_flags: 0 as UserFlags,
    };
    // Shaped like a real token: base64(bot id).timestamp.hmac.
    this.token = `${Buffer.from(this.applicationId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;

    this.state = new State(this.botUser);
    this.gateway = new Gateway({
      token: this.token,
      log: this.log,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      readyData: () => ({ user: this.botUser, application: { id: this.applicationId, flags: 0 } }),
      guildCreates: (intents) => [...this.state.guilds.keys()].map((id) => this.state.gatewayGuild(id, this.allMembersFor(intents))),
      memberChunk: (request, intents) => this.memberChunk(request, intents),
      resumeUrl: () => gatewayUrl,
    });
    this.events = new Events(this.state, this.gateway);
    this.messages = new Messages(this.state, () => this.baseUrl);
    this.interactions = new Interactions({
      state: this.state,
      messages: this.messages,
      events: this.events,
      gateway: this.gateway,
      applicationId: this.applicationId,
      log: this.log,
    });
    this.rest = new Rest({
      state: this.state,
      messages: this.messages,
      events: this.events,
      interactions: this.interactions,
      applicationId: this.applicationId,
      gatewayUrl: () => gatewayUrl,
      log: this.log,
      nonceWindowMs: opts.nonceWindowMs ?? 300_000,
    });
    this.events.onMessage = (m) => this.onVisibleMessage(m);
    this.events.allMembersInGuildCreate = opts.allMembersInGuildCreate ?? false;

    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.onRequest(req, res));
    server.on('upgrade', (req, socket, head: Buffer) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(opts: StartOptions = {}): Promise<LocalDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new LocalDiscord(server, (server.address() as AddressInfo).port, opts);
  }

  /** Closes the gateway and HTTP server. Destroy the client first, or it keeps trying to reconnect. */
  async stop(): Promise<void> {
    this.interactions.stop();
    await this.gateway.stop();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- building the world ----------------------------------------------------------

  /**
   * A guild the bot is in. Without ownerId an owner user is created. The bot gets a managed role with `botPermissions` (default: the usual invite permissions).
   * `id` gives it a known id (a bench's seeded database), else a new snowflake.
   */
  createGuild(o: { name: string; ownerId?: string; botPermissions?: bigint; id?: string }): { id: string; everyoneRoleId: string } {
    const guild = this.state.createGuild(o.name, o.ownerId, o.botPermissions ?? DEFAULT_BOT_PERMISSIONS, o.id);
    if (this.gateway.hasSession) this.events.guildCreate(guild.id);
    return { id: guild.id, everyoneRoleId: guild.everyoneRoleId };
  }

  createRole(guildId: string, name: string, o: { permissions?: bigint } = {}): string {
    const role = this.state.createRole(guildId, name, o.permissions ?? 0n);
    this.events.roleCreate(guildId, role.id);
    return role.id;
  }

  /** Removes the bot from a guild (kicked, or the server deleted): GUILD_DELETE, then REST answers Unknown Guild. `addBotBack` undoes it. */
  removeBotFromGuild(guildId: string): void {
    const guild = this.state.guild(guildId);
    this.removedGuilds.set(guildId, guild);
    this.state.guilds.delete(guildId);
    this.events.guildDelete(guildId);
  }

  /** The bot is invited again to a guild it was removed from: GUILD_CREATE with everything it had. */
  addBotBack(guildId: string): void {
    const guild = this.removedGuilds.get(guildId);
    if (!guild) throw new Error(`the bot was not removed from ${guildId}`);
    this.removedGuilds.delete(guildId);
    this.state.guilds.set(guildId, guild);
    if (this.gateway.hasSession) this.events.guildCreate(guildId);
  }

  private readonly removedGuilds = new Map<string, ReturnType<State['guild']>>();

  /** A member leaves the server: GUILD_MEMBER_REMOVE (only to clients with the GUILD_MEMBERS intent). */
  removeMember(guildId: string, userId: string): void {
    const guild = this.state.guild(guildId);
    if (!guild.members.delete(userId)) throw new Error(`${userId} is not a member of ${guildId}`);
    this.events.memberRemove(guildId, this.state.users.get(userId));
  }

  /** A text channel; `private` hides it from @everyone and shows it to the given roles and the bot, as a staff channel would be set up. */
  createChannel(guildId: string, name: string, o: { type?: 0; private?: { allowRoles: string[] } } = {}): string {
    const guild = this.state.guild(guildId);
    const view = String(PermissionFlagsBits.ViewChannel);
    const overwrites: APIOverwrite[] = o.private
      ? [
          { id: guild.everyoneRoleId, type: OverwriteType.Role, allow: '0', deny: view },
          ...o.private.allowRoles.map((id) => ({ id, type: OverwriteType.Role, allow: view, deny: '0' })),
          { id: this.botUser.id, type: OverwriteType.Member, allow: view, deny: '0' },
        ]
      : [];
    const channel = this.state.createChannel(guildId, name, overwrites);
    this.events.channelCreate(channel.id);
    return channel.id;
  }

  /** Deletes a guild channel (CHANNEL_DELETE to the bot); posting there then answers 404 / 10003 Unknown Channel. */
  deleteChannel(channelId: string): void {
    const channel = this.state.channel(channelId);
    if (!channel.guildId) throw new Error(`LocalDiscord: ${channelId} is a DM channel`);
    const payload = this.state.apiChannel(channelId);
    const guild = this.state.guild(channel.guildId);
    guild.channelIds = guild.channelIds.filter((id) => id !== channelId);
    this.state.channels.delete(channelId);
    this.gateway.dispatch('CHANNEL_DELETE', (intents: number) => (intents & GatewayIntentBits.Guilds ? payload : undefined));
  }

  /** `id` gives the user a known id (a bench's seeded database), else a new snowflake. */
  createUser(username: string, o: { globalName?: string; id?: string } = {}): APIUser {
    return this.state.createUser(username, o.globalName, o.id);
  }

  /** The user's DM channel with the bot, opened if there is none yet (as the user messaging the bot first would). */
  openDm(userId: string): string {
    return this.state.dmChannel(userId).id;
  }

  addMember(guildId: string, userId: string, o: { roles?: string[]; permissions?: bigint } = {}): void {
    this.state.addMember(guildId, userId, o);
    this.events.memberAdd(guildId, userId);
  }

  // ---- acting as users ---------------------------------------------------------------

  async slashCommand(o: {
    guildId?: string;
    channelId?: string;
    userId: string;
    name: string;
    subcommand?: string;
    options?: Record<string, OptionValue>;
  }): Promise<InteractionResult> {
    return this.interactions.slashCommand(o);
  }

  async autocomplete(o: {
    guildId: string;
    channelId: string;
    userId: string;
    name: string;
    subcommand?: string;
    options?: Record<string, OptionValue>;
    focused: string;
  }): Promise<AutocompleteResult> {
    return this.interactions.autocomplete(o);
  }

  async clickButton(o: { userId: string; messageId: string; customId: string }): Promise<InteractionResult> {
    return this.interactions.clickButton(o);
  }

  /** Picks values in a select menu (string, user, role, mentionable or channel select). */
  async selectMenu(o: { userId: string; messageId: string; customId: string; values: string[] }): Promise<InteractionResult> {
    return this.interactions.selectMenu(o);
  }

  /**
   * Submits a modal the bot showed this user. The payload mirrors how the modal was built
   * (action rows or labels); channel, guild and message default to where the modal was opened.
   * Select menus inside labels take string[] values.
   */
  async submitModal(o: {
    userId: string;
    customId: string;
    fields: Record<string, string | string[]>;
    channelId?: string;
    guildId?: string;
    messageId?: string;
  }): Promise<InteractionResult> {
    return this.interactions.submitModal(o);
  }

  /** A user posts a message (default: in their DM with the bot); the bot gets MESSAGE_CREATE if its intents allow. */
  sendUserMessage(o: {
    userId: string;
    channelId?: string;
    content: string;
    attachments?: { filename: string; bytes: Buffer; contentType?: string }[];
  }): LocalMessage {
    const author = this.state.user(o.userId);
    const channel = o.channelId ? this.state.channel(o.channelId) : this.state.dmChannel(o.userId);
    if (channel.guildId) this.state.member(channel.guildId, o.userId);
    else if (channel.recipientId !== o.userId)
      throw new Error(`LocalDiscord: channel ${channel.id} is not the DM channel of user ${o.userId}`);
    const files = (o.attachments ?? []).map((a, i) => ({
      field: `files[${i}]`,
      filename: a.filename,
      contentType: a.contentType ?? 'application/octet-stream',
      bytes: a.bytes,
    }));
    const message = this.messages.build({ channelId: channel.id, author, body: { content: o.content }, files });
    this.messages.store(message);
    this.events.messageCreate(message);
    return message;
  }

  // ---- inspection ------------------------------------------------------------------

  /** Messages everyone in the channel sees (bot and users), oldest first. Ephemeral replies are on InteractionResult. */
  messagesIn(channelId: string): LocalMessage[] {
    return [...this.state.channel(channelId).messages];
  }

  /** Every message the bot posted in any channel or DM (not ephemeral replies), oldest first per channel. */
  botMessages(): LocalMessage[] {
    return [...this.state.channels.values()].flatMap((c) => c.messages.filter((m) => m.author.id === this.botUser.id));
  }

  dmChannelOf(userId: string): string | undefined {
    return this.state.dmByUser.get(userId);
  }

  /** What the bot sent to this user in DMs, oldest first. */
  dmsTo(userId: string): LocalMessage[] {
    const channelId = this.dmChannelOf(userId);
    if (!channelId) return [];
    return this.messagesIn(channelId).filter((m) => m.author.id === this.botUser.id);
  }

  /** Resolves with the first visible message (already there, new, or edited) that matches. */
  waitForMessage(pred: (m: LocalMessage) => boolean, o: { timeoutMs?: number } = {}): Promise<LocalMessage> {
    for (const channel of this.state.channels.values()) {
      const hit = channel.messages.find(pred);
      if (hit) return Promise.resolve(hit);
    }
    const timeoutMs = o.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const waiter: MessageWaiter = {
        pred,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.messageWaiters = this.messageWaiters.filter((w) => w !== waiter);
        const recent = [...this.state.messages.values()]
          .slice(-5)
          .map((m) => `  ${m.author.username} in ${m.channel_id}: ${JSON.stringify(m.content || m.embeds[0]?.title || '(no text)')}`)
          .join('\n');
        reject(
          new Error(`LocalDiscord.waitForMessage: no matching message within ${timeoutMs} ms. Latest messages:\n${recent || '  (none)'}`),
        );
      }, timeoutMs);
      this.messageWaiters.push(waiter);
    });
  }

  /** Waits for a DM from the bot to this user matching `pred` (default: any). */
  waitForDM(userId: string, pred: (m: LocalMessage) => boolean = () => true, o: { timeoutMs?: number } = {}): Promise<LocalMessage> {
    return this.waitForMessage((m) => m.channel_id === this.dmChannelOf(userId) && m.author.id === this.botUser.id && pred(m), o);
  }

  registeredCommands(guildId?: string): RESTPutAPIApplicationCommandsJSONBody {
    return guildId === undefined ? this.state.globalCommands : (this.state.guildCommands.get(guildId) ?? []);
  }

  waitForReady(): Promise<void> {
    return this.gateway.waitForReady();
  }

  // ---- faults --------------------------------------------------------------------------

  /** The user has DMs from server members turned off: sending to them answers 403 / 50007. */
  closeDMs(userId: string): void {
    this.state.user(userId);
    this.state.closedDMs.add(userId);
  }

  openDMs(userId: string): void {
    this.state.closedDMs.delete(userId);
  }

  /**
   * The next `times` (default 1) requests matching answer 429 (body {message, retry_after, global}, headers
   * retry-after and x-ratelimit-*; retryAfterSeconds default 0.1, sent unrounded so tests stay fast) or 500.
   * `path` is matched against the path without /api/v10, e.g. /\/channels\/\d+\/messages$/.
   * `applied: true` carries the request out and then answers with the fault (the answer is lost, the message exists).
   */
  failNext(o: {
    method?: string;
    path: RegExp;
    status: 429 | 500 | 403 | 404;
    code?: number;
    retryAfterSeconds?: number;
    global?: boolean;
    times?: number;
    applied?: boolean;
  }): void {
    this.faults.push({
      ...(o.method ? { method: o.method.toUpperCase() } : {}),
      ...(o.code !== undefined ? { code: o.code } : {}),
      path: o.path,
      status: o.status,
      retryAfterSeconds: o.retryAfterSeconds ?? 0.1,
      global: o.global ?? false,
      times: o.times ?? 1,
      applied: o.applied ?? false,
    });
  }

  /** Discord recovers: faults not yet used up are dropped. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  /** Closes the client's socket with `code` (default 4000, the client resumes); events meanwhile are replayed on RESUME. */
  dropGateway(o: { code?: number } = {}): Promise<void> {
    return this.gateway.drop(o.code ?? 4000);
  }

  // ---- internals -------------------------------------------------------------------------

  private onVisibleMessage(m: LocalMessage): void {
    const matched = this.messageWaiters.filter((w) => w.pred(m));
    if (matched.length === 0) return;
    this.messageWaiters = this.messageWaiters.filter((w) => !matched.includes(w));
    for (const w of matched) w.resolve(m);
  }

  private allMembersFor(intents: number): boolean {
    return this.events.allMembersInGuildCreate || (intents & GatewayIntentBits.GuildPresences) !== 0;
  }

  /** Op 8 REQUEST_GUILD_MEMBERS (guild.members.fetch()). */
  private memberChunk(
    request: { guild_id: string; query?: string; limit?: number; user_ids?: string | string[]; nonce?: string },
    intents: number,
  ): Record<string, unknown> | undefined {
    const guild = this.state.guilds.get(String(request.guild_id));
    if (!guild) return undefined;
    const wanted = request.user_ids === undefined ? undefined : ([] as string[]).concat(request.user_ids);
    let ids = [...guild.members.keys()];
    // Discord needs the privileged GUILD_MEMBERS intent to list the whole guild.
    if (!wanted && !request.query && (intents & GatewayIntentBits.GuildMembers) === 0) {
      this.log('gateway: REQUEST_GUILD_MEMBERS for the whole guild without the GUILD_MEMBERS intent; answering no members');
      ids = [];
    }
    if (wanted) ids = ids.filter((id) => wanted.includes(id));
    else if (request.query) {
      const q = request.query.toLowerCase();
      ids = ids.filter((id) => this.state.user(id).username.toLowerCase().startsWith(q));
    }
    if (request.limit) ids = ids.slice(0, request.limit);
    return {
      guild_id: guild.id,
      members: ids.map((id) => this.state.apiMember(guild.id, id)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: wanted ? wanted.filter((id) => !guild.members.has(id)) : [],
      ...(request.nonce ? { nonce: request.nonce } : {}),
    };
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const fault = this.faults.find((f) => (!f.method || f.method === method) && f.path.test(path));
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  private faultAnswer(fault: Fault): Answer {
    if (fault.status === 500) return apiError(500, 0, '500: Internal Server Error');
    if (fault.status === 404) return apiError(404, fault.code ?? 10003, 'Unknown Channel');
    if (fault.status === 403) return apiError(403, fault.code ?? 50001, 'Missing Access');
    const retry = String(fault.retryAfterSeconds);
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: fault.retryAfterSeconds, global: fault.global },
      headers: {
        'retry-after': retry,
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': retry,
        'x-ratelimit-reset': (Date.now() / 1000 + fault.retryAfterSeconds).toFixed(3),
        'x-ratelimit-scope': fault.global ? 'global' : 'user',
        ...(fault.global ? { 'x-ratelimit-global': 'true' } : {}),
      },
    };
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', this.baseUrl);
    let path = url.pathname;
    let answer: Answer;
    try {
      const raw = await readBody(req);
      const attachment = /^\/attachments\/(\d+)\/(\d+)\//.exec(url.pathname);
      if (attachment && method === 'GET') return this.serveAttachment(res, attachment[2] ?? '');
      const api = /^\/api(?:\/v\d+)?(\/.*)$/.exec(url.pathname);
      if (!api) {
        answer = notFound();
      } else {
        path = (api[1] ?? '')
          .split('/')
          .map((s) => decodeURIComponent(s))
          .join('/');
        const fault = this.takeFault(method, path);
        if (fault && !fault.applied) {
          answer = this.faultAnswer(fault);
        } else {
          let parsed;
          try {
            parsed = await parseBody(req.headers['content-type'], raw);
          } catch {
            parsed = undefined;
          }
          if (!parsed) {
            answer = apiError(400, 50109, 'The request body contains invalid JSON.');
          } else {
            const authorized = req.headers.authorization === `Bot ${this.token}`;
            const handled = this.rest.handle({ method, path, query: url.searchParams, body: parsed.json, files: parsed.files, authorized });
            if (handled) {
              answer = fault ? this.faultAnswer(fault) : handled;
            } else {
              this.log(`REST: no route for ${method} ${path} (answered 404)`);
              answer = notFound();
            }
          }
        }
      }
    } catch (err) {
      this.log(`REST: ${method} ${path} threw: ${err instanceof Error ? err.stack : String(err)}`);
      answer = apiError(500, 0, '500: Internal Server Error');
    }
    this.requests.push({ method, path, status: answer.status, at: Date.now() });
    this.write(res, method, path, answer);
  }

  private write(res: ServerResponse, method: string, path: string, answer: Answer): void {
    // The usual rate-limit headers, never exhausted unless a fault says so.
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '4',
      'x-ratelimit-reset': (Date.now() / 1000 + 1).toFixed(3),
      'x-ratelimit-reset-after': '1.000',
      'x-ratelimit-bucket': createHash('sha1').update(Rest.bucketOf(method, path)).digest('hex').slice(0, 32),
      ...answer.headers,
    };
    if (answer.status === 204 || answer.body === undefined) {
      res.writeHead(answer.status, headers).end();
      return;
    }
    res.writeHead(answer.status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }

  private serveAttachment(res: ServerResponse, attachmentId: string): void {
    for (const message of this.state.messages.values()) {
      const attachment = message.attachments.find((a) => a.id === attachmentId);
      if (attachment) {
        res.writeHead(200, { 'content-type': attachment.content_type ?? 'application/octet-stream' }).end(attachment.bytes);
        return;
      }
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: '404: Not Found', code: 0 }));
  }
}

/** The buttons on a message, row by row flattened: what a person could tap. */
export function buttonsIn(m: Pick<LocalMessage, 'components'> | undefined): { customId: string; label: string; disabled: boolean }[] {
  const out: { customId: string; label: string; disabled: boolean }[] = [];
  for (const row of (m?.components ?? []) as {
    components?: { type: number; custom_id?: string; label?: string; disabled?: boolean }[];
  }[]) {
    for (const c of row.components ?? []) {
      if (c.type === 2 && c.custom_id) out.push({ customId: c.custom_id, label: c.label ?? '', disabled: c.disabled ?? false });
    }
  }
  return out;
}
