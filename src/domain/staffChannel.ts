/**
 * "Staff-only is checked, not assumed": who besides coaches, admins and the bot can view a
 * channel, computed from role permissions and the channel's permission overwrites together.
 *
 * Pure, on plain data (the Discord adapter is src/discord/staffChannel.ts). The algorithm is
 * Discord's (developer docs, Topics > Permissions, "Permission Overwrites"): base permissions are
 * @everyone's OR each role's; ADMINISTRATOR grants all; then the @everyone overwrite (deny, then
 * allow), then all role overwrites together (deny, then allow), then the member's overwrite.
 */

export const VIEW_CHANNEL = 1n << 10n;
export const ADMINISTRATOR = 1n << 3n;

export interface RoleInfo {
  id: string;
  name: string;
  permissions: bigint;
  /** Managed by an integration (a bot's own role, or the booster role). */
  managed?: boolean;
}

export interface MemberInfo {
  id: string;
  name: string;
  roleIds: readonly string[];
}

export interface OverwriteInfo {
  id: string;
  type: 'role' | 'member';
  allow: bigint;
  deny: bigint;
}

export interface GuildInfo {
  /** The guild id, which is also the @everyone role's id. */
  id: string;
  ownerId: string;
  roles: readonly RoleInfo[];
  /** Members known to the bot (all of them with the GuildMembers intent, else those cached). */
  members: readonly MemberInfo[];
}

export interface Violation {
  kind: 'role' | 'member';
  id: string;
  name: string;
}

/** Whether someone with these roles (and, if a member, their own overwrite) can view the channel. */
export function canView(
  overwrites: readonly OverwriteInfo[],
  guild: GuildInfo,
  roleIds: readonly string[],
  memberId: string | null,
): boolean {
  if (memberId !== null && memberId === guild.ownerId) return true;
  const roles = new Map(guild.roles.map((r) => [r.id, r]));
  let perms = roles.get(guild.id)?.permissions ?? 0n;
  for (const id of roleIds) perms |= roles.get(id)?.permissions ?? 0n;
  if (perms & ADMINISTRATOR) return true;
  const everyone = overwrites.find((o) => o.type === 'role' && o.id === guild.id);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 'role' && o.id !== guild.id && roleIds.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const own = memberId === null ? undefined : overwrites.find((o) => o.type === 'member' && o.id === memberId);
  if (own) perms = (perms & ~own.deny) | own.allow;
  return (perms & VIEW_CHANNEL) !== 0n;
}

const isAdminRole = (r: RoleInfo | undefined): boolean => r !== undefined && (r.permissions & ADMINISTRATOR) !== 0n;

/**
 * Every role and member, other than coaches, admins, the owner and the bot, who can view the
 * channel. A role is reported when a member holding just it (and @everyone) could view; a member
 * when they can view and hold neither the coach role nor an admin role. Empty means staff-only.
 */
export function staffOnlyViolations(
  overwrites: readonly OverwriteInfo[],
  guild: GuildInfo,
  coachRoleId: string,
  botId: string,
): Violation[] {
  const roles = new Map(guild.roles.map((r) => [r.id, r]));
  const out: Violation[] = [];
  // Visible to @everyone: that says it all.
  if (canView(overwrites, guild, [], null)) return [{ kind: 'role', id: guild.id, name: '@everyone' }];
  const botRoles = new Set(guild.members.find((m) => m.id === botId)?.roleIds ?? []);
  for (const role of guild.roles) {
    if (role.id === coachRoleId || isAdminRole(role)) continue;
    // The bot's own integration role: only the bot holds it (a booster role is managed too, but not the bot's).
    if (role.managed && botRoles.has(role.id)) continue;
    const held = role.id === guild.id ? [] : [role.id];
    if (canView(overwrites, guild, held, null))
      out.push({ kind: 'role', id: role.id, name: role.id === guild.id ? '@everyone' : `@${role.name}` });
  }
  const reportedRoles = new Set(out.map((v) => v.id));
  const members = new Map(guild.members.map((m) => [m.id, m]));
  // Members named by an overwrite are checked even when the bot has no member list.
  for (const o of overwrites) {
    if (o.type === 'member' && !members.has(o.id)) members.set(o.id, { id: o.id, name: `<@${o.id}>`, roleIds: [] });
  }
  for (const m of members.values()) {
    if (m.id === botId || m.id === guild.ownerId) continue;
    if (m.roleIds.includes(coachRoleId) || m.roleIds.some((id) => isAdminRole(roles.get(id)))) continue;
    // Already explained by a role they hold (or @everyone): don't list every athlete.
    if (m.roleIds.some((id) => reportedRoles.has(id))) continue;
    if (canView(overwrites, guild, m.roleIds, m.id)) out.push({ kind: 'member', id: m.id, name: m.name });
  }
  return out;
}

/** "@Athletes and <@123> can see it": for /setup's refusal and the coaches' note. */
export function describeViolations(violations: readonly Violation[]): string {
  const names = violations.map((v) => (v.kind === 'role' ? (v.name === '@everyone' ? '@everyone' : `<@&${v.id}>`) : `<@${v.id}>`));
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
