import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { errorSummary } from '../outbox/dispatcher';
import type { App } from '../app';
import type { Team } from '../repositories/teams';
import type { Command, CommandContext } from './command';
import { prefixOf } from './customIds';
import { handlersByPrefix, type ComponentHandler } from './components/registry';
import { replyPrivately } from './reply';

/** A custom id no handler takes or that no longer parses: an old message, or a button from a previous version. */
const outOfDate = (what: 'button' | 'form') => `That ${what} is out of date. Use \`/today\` to see your sessions.`;
const SOMETHING_WENT_WRONG = 'Something went wrong on our side and this was not completed. Please try again in a moment.';

/** Routes every interaction: slash commands through their preconditions, autocomplete, buttons and modals. */
export function createInteractionRouter(app: App, commands: ReadonlyMap<string, Command>, components: readonly ComponentHandler[]) {
  const byPrefix = handlersByPrefix(components);

  return async function route(interaction: Interaction): Promise<void> {
    const started = Date.now();
    let outcome = 'ok';
    // An interaction's id is its idempotency key: one delivered twice (a gateway replay) is handled once.
    if (!interaction.isAutocomplete() && !app.interactions.firstTime({ id: interaction.id, guildId: interaction.guildId, userId: interaction.user.id, what: describe(interaction) }, app.clock.now())) {
      app.logger.info({ interaction: describe(interaction), guildId: interaction.guildId }, 'interaction already handled; ignored');
      return;
    }
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
        const handler = byPrefix.get(prefixOf(interaction.customId));
        const value = handler?.id.parse(interaction.customId);
        if (handler && value !== undefined) {
          if (interaction.isButton() && handler.button) return await handler.button(interaction, value, app);
          if (interaction.isModalSubmit() && handler.modal) return await handler.modal(interaction, value, app);
        }
        return replyPrivately(interaction, outOfDate(interaction.isButton() ? 'button' : 'form'));
      }
    } catch (error) {
      outcome = 'error';
      app.logger.error({ err: errorSummary(error), interaction: describe(interaction), guildId: interaction.guildId }, 'interaction failed');
      if (interaction.isRepliable()) await answerFailure(interaction).catch(() => undefined);
    } finally {
      app.logger.info({ interaction: describe(interaction), guildId: interaction.guildId, ms: Date.now() - started, outcome }, 'interaction');
    }
  };
}

/** A late failure never overwrites an answer already shown: it follows up instead of editing. */
async function answerFailure(interaction: RepliableInteraction): Promise<void> {
  if (interaction.replied) await interaction.followUp({ content: SOMETHING_WENT_WRONG, flags: MessageFlags.Ephemeral });
  else await replyPrivately(interaction, SOMETHING_WENT_WRONG);
}

/** Names what was used, never what was typed: custom ids carry ids, not health data. */
function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isButton() || interaction.isModalSubmit()) return prefixOf(interaction.customId);
  return `type ${interaction.type}`;
}
