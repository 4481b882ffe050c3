import { MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import type { Runtime } from '../app';
import { errorSummary } from '../outbox/dispatcher';
import { preconditionFor, type Command } from './command';
import { handlersByPrefix, type ComponentHandler } from './components/registry';
import { prefixOf } from './customIds';
import { replyPrivately } from './reply';

const SOMETHING_WENT_WRONG = 'Something went wrong on our side and this was not completed. Please try again in a moment.';
/** A custom id no handler takes or that no longer parses: an old message, or a button from a previous version. */
const outOfDate = (what: 'button' | 'form') => `That ${what} is out of date. Use \`/today\` to see your sessions.`;

/**
 * Routes every interaction. Nothing runs before its precondition passes: a refused command
 * or button gets the rule's own refusal, a refused autocomplete gets no suggestions.
 */
export function createInteractionRouter(app: Runtime, commands: ReadonlyMap<string, Command>, components: readonly ComponentHandler[]) {
  const byPrefix = handlersByPrefix(components);

  return async function route(interaction: Interaction): Promise<void> {
    const started = Date.now();
    let outcome = 'ok';
    // An interaction's id is its idempotency key: one delivered twice (a gateway replay) is handled once.
    if (
      !interaction.isAutocomplete() &&
      !app.interactions.firstTime(
        { id: interaction.id, guildId: interaction.guildId, userId: interaction.user.id, what: describe(interaction) },
        app.clock.now(),
      )
    ) {
      app.logger.info({ interaction: describe(interaction), guildId: interaction.guildId }, 'interaction already handled; ignored');
      return;
    }
    try {
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        const verdict = command?.autocomplete
          ? preconditionFor(command, interaction.options.getSubcommand(false)).check(interaction, app)
          : undefined;
        if (!command?.autocomplete || !verdict?.ok) return await interaction.respond([]);
        return await command.autocomplete({ ...verdict.context, interaction, app });
      }
      if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command) return await replyPrivately(interaction, 'That command is no longer available.');
        const verdict = preconditionFor(command, interaction.options.getSubcommand(false)).check(interaction, app);
        if (!verdict.ok) return await replyPrivately(interaction, verdict.message);
        return await command.execute({ ...verdict.context, interaction, app });
      }
      if (interaction.isButton() || interaction.isModalSubmit()) {
        const handler = byPrefix.get(prefixOf(interaction.customId));
        const value = handler?.id.parse(interaction.customId);
        const runs = interaction.isButton() ? handler?.button !== undefined : handler?.modal !== undefined;
        if (!handler || !runs || value === undefined)
          return await replyPrivately(interaction, outOfDate(interaction.isButton() ? 'button' : 'form'));
        const verdict = handler.preconditions.check(interaction, app);
        if (!verdict.ok) return await replyPrivately(interaction, verdict.message);
        if (interaction.isButton()) await handler.button?.({ ...verdict.context, interaction, value, app });
        else await handler.modal?.({ ...verdict.context, interaction, value, app });
      }
    } catch (error) {
      outcome = 'error';
      app.logger.error(
        { err: errorSummary(error), interaction: describe(interaction), guildId: interaction.guildId },
        'interaction failed',
      );
      if (interaction.isRepliable()) await answerFailure(interaction).catch(() => undefined);
    } finally {
      app.logger.info(
        { interaction: describe(interaction), guildId: interaction.guildId, ms: Date.now() - started, outcome },
        'interaction',
      );
    }
  };
}

/** A late failure never overwrites an answer already shown: it follows up instead of editing. */
async function answerFailure(interaction: RepliableInteraction): Promise<void> {
  if (interaction.replied) await interaction.followUp({ content: SOMETHING_WENT_WRONG, flags: MessageFlags.Ephemeral });
  else await replyPrivately(interaction, SOMETHING_WENT_WRONG);
}

/** Names what was used, never what was typed: a pick button's custom id carries the athlete's pain score. */
function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isButton() || interaction.isModalSubmit()) return prefixOf(interaction.customId);
  return `type ${interaction.type}`;
}
