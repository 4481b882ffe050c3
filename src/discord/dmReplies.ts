import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Message } from 'discord.js';
import type { App } from '../app';
import { formatLocalDate } from '../domain/time';
import { checkinConfirmation, correctionConfirmation } from './checkinFlow';
import { ids } from './customIds';

/**
 * An athlete's DM reply ("7 2 45", "rpe 8, 1 hour, hammy a bit sore 2", "pain was 4") continues
 * their check-in conversation. Anything unclear is asked back; nothing is stored until it is clear.
 */
export async function handleDirectMessage(message: Message, app: App): Promise<void> {
  if (message.author.bot || message.inGuild() || !message.content.trim()) return;
  const result = app.checkinReplies.reply(message.author.id, message.content);
  switch (result.kind) {
    case 'logged':
      await message.reply(checkinConfirmation(result.logged));
      return;
    case 'corrected':
      await message.reply(correctionConfirmation(result.before, result.logged));
      return;
    case 'question':
      await message.reply(`${result.text}\nNothing is saved until I have every value.`);
      return;
    case 'message':
      await message.reply(result.text);
      return;
    case 'pick': {
      const v = result.values;
      const rows = result.sessions.map((a) =>
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder()
            .setCustomId(ids.pickButton(a.id, { rpe: v.rpe, pain: v.pain, minutes: v.minutes, area: v.painArea }))
            .setLabel(`${a.title} (${formatLocalDate(a.sessionDate)})`.slice(0, 80))
            .setStyle(ButtonStyle.Primary),
        ),
      );
      await message.reply({
        content: `Got it: RPE ${v.rpe}, pain ${v.pain}, ${v.minutes} min. You have ${result.sessions.length} sessions waiting to be logged: which one was it?`,
        components: rows,
      });
    }
  }
}
