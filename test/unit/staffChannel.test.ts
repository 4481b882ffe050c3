import { describe, expect, it } from 'vitest';
import {
  ADMINISTRATOR,
  canView,
  describeViolations,
  staffOnlyViolations,
  VIEW_CHANNEL,
  type GuildInfo,
  type OverwriteInfo,
} from '../../src/domain/staffChannel';

const GUILD = '900';
const COACH_ROLE = '901';
const ATHLETES = '902';
const ADMINS = '903';
const BOT_ROLE = '904';
const BOOSTERS = '905';
const BOT = '1';
const OWNER = '2';
const COACH = '3';
const ATHLETE = '4';
const GUEST = '5';
const BASE = VIEW_CHANNEL | (1n << 11n); // view + send, as @everyone usually has

function guild(extra: Partial<GuildInfo> = {}): GuildInfo {
  return {
    id: GUILD,
    ownerId: OWNER,
    roles: [
      { id: GUILD, name: '@everyone', permissions: BASE },
      { id: COACH_ROLE, name: 'Coach', permissions: 0n },
      { id: ATHLETES, name: 'Athletes', permissions: 0n },
      { id: ADMINS, name: 'Admins', permissions: ADMINISTRATOR },
      { id: BOT_ROLE, name: 'Backline', permissions: VIEW_CHANNEL, managed: true },
      { id: BOOSTERS, name: 'Server Booster', permissions: 0n, managed: true },
    ],
    members: [
      { id: BOT, name: 'Backline', roleIds: [BOT_ROLE] },
      { id: COACH, name: 'Coach Kim', roleIds: [COACH_ROLE, ATHLETES] },
      { id: ATHLETE, name: 'Ana', roleIds: [ATHLETES] },
      { id: GUEST, name: 'Guest', roleIds: [] },
    ],
    ...extra,
  };
}

const hidden: OverwriteInfo = { id: GUILD, type: 'role', allow: 0n, deny: VIEW_CHANNEL };
const coachesSee: OverwriteInfo = { id: COACH_ROLE, type: 'role', allow: VIEW_CHANNEL, deny: 0n };

describe('staff-only channel check (Discord permission overwrites algorithm)', () => {
  it('a channel hidden from @everyone and opened to the coach role is staff-only', () => {
    expect(staffOnlyViolations([hidden, coachesSee], guild(), COACH_ROLE, BOT)).toEqual([]);
  });

  it('the issue\'s case: hidden from @everyone but visible to an "Athletes" role every athlete holds', () => {
    const overwrites = [hidden, coachesSee, { id: ATHLETES, type: 'role' as const, allow: VIEW_CHANNEL, deny: 0n }];
    expect(staffOnlyViolations(overwrites, guild(), COACH_ROLE, BOT)).toEqual([{ kind: 'role', id: ATHLETES, name: '@Athletes' }]);
  });

  it('a public channel names @everyone once, not every member', () => {
    expect(staffOnlyViolations([], guild(), COACH_ROLE, BOT)).toEqual([{ kind: 'role', id: GUILD, name: '@everyone' }]);
  });

  it('a role whose own permissions include View Channel is caught when @everyone is not denied on the channel', () => {
    const g = guild({
      roles: [
        { id: GUILD, name: '@everyone', permissions: 0n },
        { id: ATHLETES, name: 'Athletes', permissions: VIEW_CHANNEL },
        { id: COACH_ROLE, name: 'Coach', permissions: 0n },
      ],
    });
    expect(staffOnlyViolations([coachesSee], g, COACH_ROLE, BOT)).toEqual([{ kind: 'role', id: ATHLETES, name: '@Athletes' }]);
    // Denying @everyone on the channel overrides the role's base permission.
    expect(staffOnlyViolations([hidden, coachesSee], g, COACH_ROLE, BOT)).toEqual([]);
  });

  it('a member overwrite for someone who is not staff is named; the bot, owner and admins are fine', () => {
    const overwrites = [
      hidden,
      coachesSee,
      { id: GUEST, type: 'member' as const, allow: VIEW_CHANNEL, deny: 0n },
      { id: BOT, type: 'member' as const, allow: VIEW_CHANNEL, deny: 0n },
    ];
    expect(staffOnlyViolations(overwrites, guild(), COACH_ROLE, BOT)).toEqual([{ kind: 'member', id: GUEST, name: 'Guest' }]);
    // Unknown to the bot's cache, still named by id.
    const stranger: OverwriteInfo = { id: '77', type: 'member', allow: VIEW_CHANNEL, deny: 0n };
    expect(staffOnlyViolations([hidden, coachesSee, stranger], guild(), COACH_ROLE, BOT)).toEqual([
      { kind: 'member', id: '77', name: '<@77>' },
    ]);
  });

  it("the booster role is managed but not the bot's: it is checked like any role", () => {
    const overwrites = [hidden, coachesSee, { id: BOOSTERS, type: 'role' as const, allow: VIEW_CHANNEL, deny: 0n }];
    expect(staffOnlyViolations(overwrites, guild(), COACH_ROLE, BOT)).toEqual([{ kind: 'role', id: BOOSTERS, name: '@Server Booster' }]);
  });

  it('role overwrites combine: an allow on one role beats a deny on another; a member deny beats both', () => {
    const overwrites: OverwriteInfo[] = [
      hidden,
      { id: ATHLETES, type: 'role', allow: 0n, deny: VIEW_CHANNEL },
      { id: BOOSTERS, type: 'role', allow: VIEW_CHANNEL, deny: 0n },
    ];
    expect(canView(overwrites, guild(), [ATHLETES, BOOSTERS], ATHLETE)).toBe(true);
    expect(
      canView([...overwrites, { id: ATHLETE, type: 'member', allow: 0n, deny: VIEW_CHANNEL }], guild(), [ATHLETES, BOOSTERS], ATHLETE),
    ).toBe(false);
    expect(canView([hidden], guild(), [ADMINS], GUEST)).toBe(true);
    expect(canView([hidden], guild(), [], OWNER)).toBe(true);
  });

  it('describes who can see it', () => {
    expect(describeViolations([{ kind: 'role', id: GUILD, name: '@everyone' }])).toBe('@everyone');
    expect(
      describeViolations([
        { kind: 'role', id: ATHLETES, name: '@Athletes' },
        { kind: 'member', id: GUEST, name: 'Guest' },
      ]),
    ).toBe(`<@&${ATHLETES}> and <@${GUEST}>`);
  });
});
