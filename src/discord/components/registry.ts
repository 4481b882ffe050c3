import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { App } from '../../app';

/** Handles the buttons and modals whose custom id starts with `prefix:`. */
export interface ComponentHandler {
  prefix: string;
  button?(interaction: ButtonInteraction, args: string[], app: App): Promise<void>;
  modal?(interaction: ModalSubmitInteraction, args: string[], app: App): Promise<void>;
}
