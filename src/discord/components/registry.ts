import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { App } from '../../app';
import type { CustomIdCodec } from '../customIds';
import type { Precondition } from '../preconditions';

/** What a button or form handler runs with: the parsed custom id (T) and what its precondition established (C). */
export type ComponentContext<I, T, C> = { interaction: I; value: T; app: App } & C;

/** Handles the buttons and forms of one custom id; it receives the id's parsed value, never the raw string. */
export interface ComponentHandler<T = unknown, C extends object = object> {
  id: CustomIdCodec<T>;
  /** Checked by the router before the handler runs. */
  preconditions: Precondition<C>;
  button?(ctx: ComponentContext<ButtonInteraction, T, C>): Promise<void>;
  modal?(ctx: ComponentContext<ModalSubmitInteraction, T, C>): Promise<void>;
}

/** Handlers by prefix; two handlers on one prefix would shadow each other, so that is refused at start. */
export function handlersByPrefix(handlers: readonly ComponentHandler[]): ReadonlyMap<string, ComponentHandler> {
  const byPrefix = new Map<string, ComponentHandler>();
  for (const handler of handlers) {
    if (byPrefix.has(handler.id.prefix)) throw new Error(`two component handlers share the custom id prefix "${handler.id.prefix}"`);
    byPrefix.set(handler.id.prefix, handler);
  }
  return byPrefix;
}
