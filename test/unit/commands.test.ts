import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commands, COACH_DEFAULT_PERMISSIONS } from '../../commands';
import { defineCommand } from '../../src/discord/command';
import { ANYONE, COACH, MEMBER, SERVER_ADMIN } from '../../src/discord/preconditions';

describe('command registry', () => {
  it('every command declares who may run it, once, with one of the shared preconditions', () => {
    const shared = new Set([ANYONE, SERVER_ADMIN, MEMBER, COACH]);
    for (const command of commands) {
      expect(shared.has(command.preconditions), `/${command.data.name}`).toBe(true);
      for (const p of Object.values(command.subcommandPreconditions ?? {})) expect(shared.has(p), `/${command.data.name}`).toBe(true);
    }
  });

  it('refuses a subcommand precondition for a subcommand the command does not have', () => {
    const base = { preconditions: MEMBER, execute: async () => undefined };
    const data = { name: 'demo', description: 'A demo', options: [{ name: 'status', description: 'Status', type: 1 }] };
    expect(() => defineCommand({ ...base, data, subcommandPreconditions: { status: COACH } })).not.toThrow();
    expect(() => defineCommand({ ...base, data, subcommandPreconditions: { stats: COACH } })).toThrow(
      'subcommandPreconditions names a subcommand',
    );
  });
});

interface Option {
  name: string;
  type: number;
  required?: boolean;
  options?: Option[];
}

/** Every list of options in a command: its own and each (grouped) subcommand's. */
function optionLists(options: Option[] | undefined, path: string): [string, Option[]][] {
  const list = options ?? [];
  const subs = list.filter((o) => o.type === 1 || o.type === 2);
  if (subs.length === 0) return [[path, list]];
  return subs.flatMap((s) => optionLists(s.options, `${path} ${s.name}`));
}

describe('command menus', () => {
  it('hides coach-only commands from athletes with a default permission, and only those', () => {
    expect(COACH_DEFAULT_PERMISSIONS).toBe(String(PermissionFlagsBits.ManageGuild));
    for (const c of commands) {
      const coachOnlyCommand = c.preconditions === COACH;
      const perms = c.data.default_member_permissions;
      if (coachOnlyCommand) expect(perms, c.data.name).toBe(COACH_DEFAULT_PERMISSIONS);
      else if (c.data.name !== 'setup') expect(perms ?? null, c.data.name).toBeNull();
    }
    const hidden = commands.filter((c) => c.data.default_member_permissions).map((c) => c.data.name);
    expect(hidden).toEqual(expect.arrayContaining(['session', 'exercise', 'assignment', 'pending', 'excusal', 'assign', 'squad']));
    expect(hidden).not.toContain('today');
    expect(hidden).not.toContain('checkin');
  });

  it('lists required options before optional ones everywhere (Discord refuses the registration otherwise)', () => {
    for (const c of commands) {
      for (const [path, list] of optionLists(c.data.options, `/${c.data.name}`)) {
        const firstOptional = list.findIndex((o) => !o.required);
        const lateRequired =
          firstOptional === -1
            ? []
            : list
                .slice(firstOptional)
                .filter((o) => o.required)
                .map((o) => o.name);
        expect(lateRequired, path).toEqual([]);
      }
    }
  });

  it('has unique command names', () => {
    const names = commands.map((c) => c.data.name);
    expect(new Set(names).size).toBe(names.length);
  });
});
