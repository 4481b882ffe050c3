import type { AutocompleteInteraction, ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { z } from 'zod';
import type { App } from '../app';
import type { InTeam, Precondition } from './preconditions';

/** What a command runs with: its interaction, the app, and what its precondition established (C). */
export type CommandContext<C extends object = InTeam> = { interaction: ChatInputCommandInteraction; app: App } & C;
export type AutocompleteContext<C extends object = InTeam> = { interaction: AutocompleteInteraction; app: App } & C;

/** A slash command: the JSON Discord takes, who may run it, and what it does. */
export interface Command<C extends object = object> {
  data: RESTPostAPIChatInputApplicationCommandsJSONBody;
  /** Checked before execute and before autocomplete (which answers nothing to people refused). */
  preconditions: Precondition<C>;
  /** A stricter check for some subcommands, in place of `preconditions`; it must establish the same context. */
  subcommandPreconditions?: Readonly<Record<string, Precondition<C>>>;
  /** Work that may take more than a moment (DMs to a squad, charts) defers first. */
  execute(ctx: CommandContext<C>): Promise<void>;
  autocomplete?(ctx: AutocompleteContext<C>): Promise<void>;
}

const precondition = z.looseObject({ name: z.string(), check: z.function() });

export const commandSchema = z
  .object({
    data: z.looseObject({
      name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u, 'command names are lower-case, 1-32 characters'),
      description: z.string().min(1).max(100),
      options: z.array(z.looseObject({ name: z.string(), type: z.number() })).optional(),
    }),
    preconditions: precondition,
    subcommandPreconditions: z.record(z.string(), precondition).optional(),
    execute: z.function(),
    autocomplete: z.function().optional(),
  })
  .refine(
    (c) => Object.keys(c.subcommandPreconditions ?? {}).every((name) => c.data.options?.some((o) => o.name === name && o.type === 1)),
    'subcommandPreconditions names a subcommand the command does not have',
  );

/** Which precondition applies to this invocation: the subcommand's own, or the command's. */
export function preconditionFor<C extends object>(command: Command<C>, subcommand: string | null): Precondition<C> {
  return (subcommand !== null ? command.subcommandPreconditions?.[subcommand] : undefined) ?? command.preconditions;
}

export function defineCommand<C extends object>(command: Command<C>): Command {
  commandSchema.parse(command);
  return command;
}
