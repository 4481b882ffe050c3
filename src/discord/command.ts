import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { z } from 'zod';
import type { App } from '../app';
import type { Team } from '../repositories/teams';
import type { Precondition } from './preconditions';

export interface CommandContext {
  interaction: ChatInputCommandInteraction;
  app: App;
  /** The team of the server the command came from, once a precondition has required it. */
  team: Team;
}

/** A slash command: the JSON Discord takes, the checks it needs, and what it does. */
export interface Command {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  preconditions: readonly Precondition[];
  /** Work that may take more than a moment (DMs to a squad, charts) defers first. */
  execute(ctx: CommandContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, app: App): Promise<void>;
}

export const commandSchema = z.object({
  data: z.looseObject({
    name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u, 'command names are lower-case, 1-32 characters'),
    description: z.string().min(1).max(100),
  }),
  preconditions: z.array(z.looseObject({ name: z.string(), check: z.function() })),
  execute: z.function(),
  autocomplete: z.function().optional(),
});

export function defineCommand(command: Command): Command {
  commandSchema.parse(command);
  return command;
}
