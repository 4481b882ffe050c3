import { MessageFlags, type RepliableInteraction, type InteractionReplyOptions } from 'discord.js';

/** Answers privately whether or not the interaction was deferred already. */
export async function replyPrivately(
  interaction: RepliableInteraction,
  content: string | Omit<InteractionReplyOptions, 'flags'>,
): Promise<void> {
  const options = typeof content === 'string' ? { content } : content;
  if (interaction.deferred || interaction.replied) {
    await interaction.editReply({ ...options, allowedMentions: { parse: [] } });
  } else {
    await interaction.reply({ ...options, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as InteractionReplyOptions);
  }
}

export async function deferPrivately(interaction: RepliableInteraction): Promise<void> {
  if (!interaction.deferred && !interaction.replied) await interaction.deferReply({ flags: MessageFlags.Ephemeral });
}

/** Joins mentions into "a, b and c". */
export function listPeople(ids: string[]): string {
  const mentions = ids.map((id) => `<@${id}>`);
  if (mentions.length <= 1) return mentions.join('');
  return `${mentions.slice(0, -1).join(', ')} and ${mentions.at(-1)}`;
}
