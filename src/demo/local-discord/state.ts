// The world the fake Discord knows about: users, guilds (roles, channels,
// members), DM channels, messages and registered commands, plus the builders
// that turn it into API objects the way Discord serialises them.
import { PermissionFlagsBits } from 'discord.js';
import type {
  APIOverwrite,
  APIAttachment,
  APIChannel,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  ChannelFlags,
  GuildMemberFlags,
  RESTPutAPIApplicationCommandsJSONBody,
  RoleFlags,
  UserFlags,
} from 'discord.js';
import { snowflake } from './snowflake';

type CommandBody = RESTPutAPIApplicationCommandsJSONBody[number];

/** A registered command as Discord echoes it back: the body plus ids. */
export type StoredCommand = CommandBody & {
  id: string;
  application_id: string;
  version: string;
  guild_id?: string;
};

/** An attachment with its uploaded bytes; `bytes` is not enumerable so it never reaches JSON. */
export interface LocalAttachment extends APIAttachment {
  readonly bytes: Buffer;
}

/** A message as stored; assignable to APIMessage. */
export type LocalMessage = Omit<APIMessage, 'attachments'> & {
  attachments: LocalAttachment[];
  guild_id?: string;
};

export interface MemberRecord {
  userId: string;
  roles: string[];
  /** Permissions granted on top of the roles' (the test's shortcut for "has a role that allows X"). */
  extraPermissions: bigint;
  joinedAt: string;
  nick: string | null;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  everyoneRoleId: string;
  roles: Map<string, APIRole>;
  channelIds: string[];
  members: Map<string, MemberRecord>;
}

export interface ChannelRecord {
  id: string;
  type: 0 | 1;
  guildId?: string;
  name: string;
  position: number;
  /** DM channels: the human on the other side. */
  recipientId?: string;
  /** Guild channels: who may see it beyond the roles' permissions (a private staff channel denies @everyone). */
  overwrites: APIOverwrite[];
  /** Messages everyone in the channel can see, oldest first (ephemeral ones are kept elsewhere). */
  messages: LocalMessage[];
  lastMessageId: string | null;
}

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((a, b) => a | b, 0n);

// What @everyone gets in a new Discord server.
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseExternalStickers |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.UseVAD |
  PermissionFlagsBits.SendVoiceMessages |
  PermissionFlagsBits.SendPolls;

// The managed role an invite link with the usual bot permissions creates.
export const DEFAULT_BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands;

export class State {
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Every message by id, ephemeral ones included (buttons on ephemeral messages can be clicked). */
  readonly messages = new Map<string, LocalMessage>();
  readonly dmByUser = new Map<string, string>();
  readonly closedDMs = new Set<string>();
  globalCommands: StoredCommand[] = [];
  readonly guildCommands = new Map<string, StoredCommand[]>();

  constructor(readonly bot: APIUser) {
    this.users.set(bot.id, bot);
  }

  user(id: string): APIUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`LocalDiscord: unknown user ${id} (create it with createUser)`);
    return user;
  }

  guild(id: string): GuildRecord {
    const guild = this.guilds.get(id);
    if (!guild) throw new Error(`LocalDiscord: unknown guild ${id}`);
    return guild;
  }

  channel(id: string): ChannelRecord {
    const channel = this.channels.get(id);
    if (!channel) throw new Error(`LocalDiscord: unknown channel ${id}`);
    return channel;
  }

  member(guildId: string, userId: string): MemberRecord {
    const member = this.guild(guildId).members.get(userId);
    if (!member) throw new Error(`LocalDiscord: user ${userId} is not a member of guild ${guildId} (use addMember)`);
    return member;
  }

  /** The DM channel between the bot and a user, created on first use as Discord does. */
  dmChannel(userId: string): ChannelRecord {
    this.user(userId);
    const existing = this.dmByUser.get(userId);
    if (existing) return this.channel(existing);
    const channel: ChannelRecord = {
      id: snowflake(),
      type: 1,
      name: '',
      position: 0,
      recipientId: userId,
      overwrites: [],
      messages: [],
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    this.dmByUser.set(userId, channel.id);
    return channel;
  }

  /** Guild-wide permissions: owner and Administrator get everything, otherwise @everyone | roles | extra. */
  permissionsOf(guildId: string, userId: string): bigint {
    const guild = this.guild(guildId);
    if (guild.ownerId === userId) return ALL_PERMISSIONS;
    const member = guild.members.get(userId);
    let perms = BigInt(guild.roles.get(guild.everyoneRoleId)?.permissions ?? '0');
    if (member) {
      for (const roleId of member.roles) perms |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');
      perms |= member.extraPermissions;
    }
    if (perms & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
    return perms;
  }

  // ---- world building --------------------------------------------------------

  createUser(username: string, globalName?: string, id: string = snowflake()): APIUser {
    if (this.users.has(id)) throw new Error(`LocalDiscord: user ${id} already exists`);
    const user: APIUser = {
      id,
      username,
      discriminator: '0',
      global_name: globalName ?? null,
      avatar: null,
      public_flags: 0 as UserFlags,
      flags: 0 as UserFlags,
    };
    this.users.set(user.id, user);
    return user;
  }

  createRole(guildId: string, name: string, permissions: bigint, o: { managedBy?: string } = {}): APIRole {
    const guild = this.guild(guildId);
    const role: APIRole = {
      id: snowflake(),
      name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: guild.roles.size,
      permissions: permissions.toString(),
      managed: o.managedBy !== undefined,
      mentionable: false,
      flags: 0 as RoleFlags,
      ...(o.managedBy !== undefined ? { tags: { bot_id: o.managedBy } } : {}),
    };
    guild.roles.set(role.id, role);
    return role;
  }

  /** A guild the bot is in: @everyone (its id is the guild id), the bot's managed role, the owner and the bot as members. */
  createGuild(name: string, ownerId: string | undefined, botPermissions: bigint, id: string = snowflake()): GuildRecord {
    if (this.guilds.has(id)) throw new Error(`LocalDiscord: guild ${id} already exists`);
    const owner = ownerId ? this.user(ownerId) : this.createUser(`${name.toLowerCase().replace(/\W+/g, '-')}-owner`);
    const guild: GuildRecord = {
      id,
      name,
      ownerId: owner.id,
      everyoneRoleId: id,
      roles: new Map(),
      channelIds: [],
      members: new Map(),
    };
    this.guilds.set(id, guild);
    guild.roles.set(id, {
      id,
      name: '@everyone',
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: 0,
      permissions: DEFAULT_EVERYONE_PERMISSIONS.toString(),
      managed: false,
      mentionable: false,
      flags: 0 as RoleFlags,
    });
    const botRole = this.createRole(id, this.bot.username, botPermissions, { managedBy: this.bot.id });
    this.addMember(id, owner.id, {});
    this.addMember(id, this.bot.id, { roles: [botRole.id] });
    return guild;
  }

  createChannel(guildId: string, name: string, overwrites: APIOverwrite[] = []): ChannelRecord {
    const guild = this.guild(guildId);
    const channel: ChannelRecord = {
      id: snowflake(),
      type: 0,
      guildId,
      name,
      position: guild.channelIds.length,
      overwrites,
      messages: [],
      lastMessageId: null,
    };
    this.channels.set(channel.id, channel);
    guild.channelIds.push(channel.id);
    return channel;
  }

  addMember(guildId: string, userId: string, o: { roles?: string[]; permissions?: bigint }): MemberRecord {
    const guild = this.guild(guildId);
    this.user(userId);
    for (const roleId of o.roles ?? []) {
      if (!guild.roles.has(roleId)) throw new Error(`LocalDiscord: role ${roleId} is not in guild ${guildId}`);
    }
    const member: MemberRecord = {
      userId,
      roles: [...(o.roles ?? [])],
      extraPermissions: o.permissions ?? 0n,
      joinedAt: new Date().toISOString(),
      nick: null,
    };
    guild.members.set(userId, member);
    return member;
  }

  // ---- API object builders -------------------------------------------------

  apiMember(guildId: string, userId: string): APIGuildMember {
    const member = this.member(guildId, userId);
    return {
      user: this.user(userId),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: [...member.roles],
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  apiChannel(id: string): APIChannel {
    const channel = this.channel(id);
    if (channel.type === 1) {
      return {
        id: channel.id,
        type: 1,
        name: null,
        last_message_id: channel.lastMessageId,
        flags: 0 as ChannelFlags,
        recipients: [this.user(channel.recipientId ?? '')],
      };
    }
    return {
      id: channel.id,
      type: 0,
      guild_id: channel.guildId ?? '',
      name: channel.name,
      position: channel.position,
      permission_overwrites: channel.overwrites.map((o) => ({ ...o })),
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
      flags: 0 as ChannelFlags,
    };
  }

  /** GET /guilds/{id}: the guild without the gateway-only lists. */
  apiGuild(id: string): Record<string, unknown> {
    const guild = this.guild(id);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...guild.roles.values()],
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: guild.channelIds[0] ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      max_members: 500000,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-GB',
      max_video_channel_users: 25,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      hub_type: null,
      incidents_data: null,
    };
  }

  /**
   * The GUILD_CREATE dispatch: the guild plus channels, members and the other gateway-only lists.
   * Without the GUILD_PRESENCES intent Discord lists only the bot (and voice users) as members;
   * `allMembers` says whether this session gets everyone.
   */
  gatewayGuild(id: string, allMembers: boolean): Record<string, unknown> {
    const guild = this.guild(id);
    const botMember = guild.members.get(this.bot.id);
    const listed = allMembers ? [...guild.members.keys()] : [this.bot.id];
    return {
      ...this.apiGuild(id),
      joined_at: botMember?.joinedAt ?? new Date().toISOString(),
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      members: listed.map((userId) => this.apiMember(id, userId)),
      channels: guild.channelIds.map((channelId) => {
        // Channels inside GUILD_CREATE carry no guild_id.
        const { guild_id: _guildId, ...rest } = this.apiChannel(channelId) as APIChannel & { guild_id?: string };
        return rest;
      }),
      threads: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}
