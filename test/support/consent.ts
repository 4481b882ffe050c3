import { expect } from 'vitest';
import { buttonsIn } from '../../src/demo/local-discord';
import type { Harness } from './harness';
import type { TeamServer } from '../../src/demo/world';

/**
 * The athlete agrees that check-ins are stored, as they would: `/privacy consent`, then "I agree".
 * Check-ins are refused without it (src/domain/privacy.ts), so e2e tests that log sessions call this
 * after `/squad add`.
 */
export async function agreeToStore(h: Pick<Harness, 'discord'>, t: TeamServer, userId: string): Promise<void> {
  const asked = await h.discord.slashCommand({
    guildId: t.guildId,
    channelId: t.generalChannelId,
    userId,
    name: 'privacy',
    subcommand: 'consent',
  });
  await asked.settled();
  const question = asked.response()!;
  const agree = buttonsIn(question).find((b) => b.label === 'I agree');
  expect(agree, 'the consent question offers "I agree"').toBeDefined();
  const agreed = await h.discord.clickButton({ userId, messageId: question.id, customId: agree!.customId });
  await agreed.settled();
  expect(agreed.response()!.content).toContain('You agreed.');
}
