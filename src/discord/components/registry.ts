import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { App } from '../../app';
import type { CustomIdCodec } from '../customIds';

/** Handles the buttons and forms of one custom id; it receives the id's parsed value, never the raw string. */
export interface ComponentHandler<T = unknown> {
  id: CustomIdCodec<T>;
  button?(interaction: ButtonInteraction, value: T, app: App): Promise<void>;
  modal?(interaction: ModalSubmitInteraction, value: T, app: App): Promise<void>;
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
