// Gateway dispatches derived from state changes, each filtered by the intents
// the way Discord filters them, so a bot with the wrong intents misses events
// here too.
import { GatewayIntentBits } from 'discord.js';
import type { Gateway } from './gateway';
import type { LocalMessage, State } from './state';

export class Events {
  /** Called for every message create/update everyone can see (feeds waitForMessage). */
  onMessage: (m: LocalMessage) => void = () => {};
  /** Opt-out of Discord's rule that GUILD_CREATE lists only the bot unless the client has GUILD_PRESENCES. */
  allMembersInGuildCreate = false;

  constructor(
    private readonly state: State,
    private readonly gateway: Gateway,
  ) {}

  /** The message as a MESSAGE_CREATE/UPDATE `d` for a session with `intents`, or undefined if it gets none. */
  private messageFor(m: LocalMessage, intents: number): unknown {
    const inGuild = m.guild_id !== undefined;
    const needed = inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    if ((intents & needed) === 0) return undefined;
    const botId = this.state.bot.id;
    const channel = this.state.channels.get(m.channel_id);
    const d: Record<string, unknown> = { ...m, channel_type: channel?.type ?? 0 };
    if (inGuild && m.guild_id && this.state.guilds.get(m.guild_id)?.members.has(m.author.id)) {
      const { user: _user, ...member } = this.state.apiMember(m.guild_id, m.author.id);
      d.member = member;
    }
    // Without MESSAGE_CONTENT, guild messages arrive empty unless the bot wrote them or is mentioned; DMs always have content.
    const readable =
      !inGuild || (intents & GatewayIntentBits.MessageContent) !== 0 || m.author.id === botId || m.mentions.some((u) => u.id === botId);
    if (!readable) Object.assign(d, { content: '', embeds: [], attachments: [], components: [] });
    return d;
  }

  messageCreate(m: LocalMessage): void {
    this.onMessage(m);
    this.gateway.dispatch('MESSAGE_CREATE', (intents: number) => this.messageFor(m, intents));
  }

  messageUpdate(m: LocalMessage): void {
    this.onMessage(m);
    this.gateway.dispatch('MESSAGE_UPDATE', (intents: number) => this.messageFor(m, intents));
  }

  messageDelete(m: LocalMessage): void {
    const needed = m.guild_id !== undefined ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
    this.gateway.dispatch('MESSAGE_DELETE', (intents: number) =>
      intents & needed ? { id: m.id, channel_id: m.channel_id, ...(m.guild_id ? { guild_id: m.guild_id } : {}) } : undefined,
    );
  }

  guildCreate(guildId: string): void {
    this.gateway.dispatch('GUILD_CREATE', (intents: number) =>
      this.state.gatewayGuild(guildId, (intents & GatewayIntentBits.GuildPresences) !== 0 || this.allMembersInGuildCreate),
    );
  }

  /** The bot was removed from the guild: GUILD_DELETE without `unavailable` (an outage sets it). */
  guildDelete(guildId: string): void {
    this.gateway.dispatch('GUILD_DELETE', (intents: number) => (intents & GatewayIntentBits.Guilds ? { id: guildId } : undefined));
  }

  /** GUILD_MEMBER_REMOVE needs the privileged GUILD_MEMBERS intent. */
  memberRemove(guildId: string, user: unknown): void {
    this.gateway.dispatch('GUILD_MEMBER_REMOVE', (intents: number) =>
      intents & GatewayIntentBits.GuildMembers ? { guild_id: guildId, user } : undefined,
    );
  }

  channelCreate(channelId: string): void {
    this.gateway.dispatch('CHANNEL_CREATE', (intents: number) =>
      intents & GatewayIntentBits.Guilds ? this.state.apiChannel(channelId) : undefined,
    );
  }

  roleCreate(guildId: string, roleId: string): void {
    const role = this.state.guild(guildId).roles.get(roleId);
    this.gateway.dispatch('GUILD_ROLE_CREATE', (intents: number) =>
      intents & GatewayIntentBits.Guilds ? { guild_id: guildId, role } : undefined,
    );
  }

  /** GUILD_MEMBER_ADD needs the privileged GUILD_MEMBERS intent. */
  memberAdd(guildId: string, userId: string): void {
    this.gateway.dispatch('GUILD_MEMBER_ADD', (intents: number) =>
      intents & GatewayIntentBits.GuildMembers ? { ...this.state.apiMember(guildId, userId), guild_id: guildId } : undefined,
    );
  }

  memberUpdate(guildId: string, userId: string): void {
    this.gateway.dispatch('GUILD_MEMBER_UPDATE', (intents: number) =>
      intents & GatewayIntentBits.GuildMembers ? { ...this.state.apiMember(guildId, userId), guild_id: guildId } : undefined,
    );
  }
}
