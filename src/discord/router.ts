import type { Interaction } from 'discord.js';
import type { App } from '../app';
import type { Team } from '../repositories/teams';
import type { Command, CommandContext } from './command';
import { parseCustomId } from './customIds';
import type { ComponentHandler } from './components/registry';
import { replyPrivately } from './reply';

const SOMETHING_WENT_WRONG = 'Something went wrong on our side and this was not completed. Please try again in a moment.';

/** Routes every interaction: slash commands through their preconditions, autocomplete, buttons and modals. */
export function createInteractionRouter(app: App, commands: ReadonlyMap<string, Command>, components: readonly ComponentHandler[]) {
  const byPrefix = new Map(components.map((c) => [c.prefix, c]));

  return async function route(interaction: Interaction): Promise<void> {
    try {
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        await (command?.autocomplete ? command.autocomplete(interaction, app) : interaction.respond([]));
        return;
      }
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) return replyPrivately(interaction, 'That command is no longer available.');
        let team: Team | undefined;
        for (const precondition of command.preconditions) {
          const result = precondition.check(interaction, app);
          if (!result.ok) return replyPrivately(interaction, result.message);
          team = result.team ?? team;
        }
        const ctx: CommandContext = {
          interaction,
          app,
          get team(): Team {
            if (!team) throw new Error(`/${command.data.name} reads the team without the teamConfigured precondition`);
            return team;
          },
        };
        await command.execute(ctx);
        return;
      }
      if (interaction.isButton() || interaction.isModalSubmit()) {
        const { prefix, args } = parseCustomId(interaction.customId);
        const handler = byPrefix.get(prefix);
        if (interaction.isButton() && handler?.button) return await handler.button(interaction, args, app);
        if (interaction.isModalSubmit() && handler?.modal) return await handler.modal(interaction, args, app);
        return replyPrivately(interaction, 'That button is out of date. Use `/today` to see your sessions.');
      }
    } catch (error) {
      app.logger.error({ err: error, interaction: describe(interaction) }, 'interaction failed');
      if (interaction.isRepliable()) await replyPrivately(interaction, SOMETHING_WENT_WRONG).catch(() => undefined);
    }
  };
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isButton() || interaction.isModalSubmit()) return interaction.customId;
  return `type ${interaction.type}`;
}
