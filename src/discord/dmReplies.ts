import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type Message } from 'discord.js';
import type { App } from '../app';
import { parseCheckinReply } from '../domain/checkin';
import { formatLocalDate } from '../domain/time';
import { checkinConfirmation } from './checkinFlow';
import { customIds } from './customIds';

/**
 * An athlete's DM reply such as "7 2 45" logs their waiting session. Anything unclear is asked
 * back and nothing is stored until it is clear.
 */
export async function handleDirectMessage(message: Message, app: App): Promise<void> {
  if (message.author.bot || message.inGuild() || !message.content.trim()) return;
  const candidates = app.checkins.replyCandidates(message.author.id);
  if (candidates.length === 0) {
    await message.reply("I don't have a session waiting for you to log. Run `/today` in your team's server to see your sessions.");
    return;
  }
  const latest = candidates[0]!;
  const parsed = parseCheckinReply(message.content, latest.plannedMinutes);
  if (parsed.kind === 'not_a_checkin') {
    await message.reply(`To log **${latest.title}** (${formatLocalDate(latest.sessionDate)}), reply with RPE, pain and minutes, e.g. \`7 2 45\`, or tap **Log session** on the session message.`);
    return;
  }
  if (parsed.kind !== 'checkin') {
    await message.reply(`${parsed.message}\nNothing was saved yet.`);
    return;
  }
  if (candidates.length > 1) {
    const rows = candidates.slice(0, 5).map((a) =>
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder()
          .setCustomId(
            customIds.pickButton.encode({
              assignmentId: a.id,
              values: { ...parsed.values, minutes: parsed.assumedMinutes ? a.plannedMinutes : parsed.values.minutes },
            }),
          )
          .setLabel(`${a.title} (${formatLocalDate(a.sessionDate)})`.slice(0, 80))
          .setStyle(ButtonStyle.Primary),
      ),
    );
    await message.reply({
      content: `Got it: RPE ${parsed.values.rpe}, pain ${parsed.values.pain}${parsed.assumedMinutes ? '' : `, ${parsed.values.minutes} min`}. You have ${candidates.length} sessions waiting to be logged: which one was it?`,
      components: rows,
    });
    return;
  }
  const logged = app.checkins.logCompleted(message.author.id, latest.id, parsed.values, 'dm_reply');
  if (!logged.ok) {
    await message.reply(logged.message);
    return;
  }
  await message.reply(checkinConfirmation(logged.value, { assumedMinutes: parsed.assumedMinutes }));
}
