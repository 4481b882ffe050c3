import type { Command } from '../src/discord/command';
import assign from './assign';
import checkin from './checkin';
import library from './library';
import setup from './setup';
import squad from './squad';
import today from './today';

/** Every slash command, in one static list: registration and routing both read it. */
export const commands: readonly Command[] = [setup, squad, assign, library, today, checkin];

export const commandsByName: ReadonlyMap<string, Command> = new Map(commands.map((c) => [c.data.name, c]));
