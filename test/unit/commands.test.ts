import { describe, expect, it } from 'vitest';
import { commands } from '../../commands';
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
