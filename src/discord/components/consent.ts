import type { ButtonInteraction } from 'discord.js';
import type { ConsentState } from '../../domain/privacy';
import { customIds } from '../customIds';
import { ANYONE, hasRole } from '../preconditions';
import { replyPrivately } from '../reply';
import type { ComponentHandler } from './registry';

const SNOWFLAKE = /^\d{17,20}$/;
const STATES: Record<string, ConsentState> = { agree: 'given', decline: 'declined', withdraw: 'withdrawn' };

/** Replaces the message's buttons with the answer (the welcome DM or the ephemeral /privacy consent). */
async function answerInPlace(interaction: ButtonInteraction, text: string): Promise<void> {
  await interaction.update({ content: `${interaction.message.content}\n\n${text}`, components: [], allowedMentions: { parse: [] } });
}

/** "I agree" / "No thanks" / "Withdraw consent": consent:<agree|decline|withdraw>:<guildId>. The clicker answers for themselves. */
export const consentButton: ComponentHandler<string[]> = {
  id: customIds.consent,
  // The clicker answers for themselves, in a DM or the server.
  preconditions: ANYONE,
  async button({ interaction, value: args, app }) {
    const state = STATES[args[0] ?? ''];
    const guildId = args[1] ?? '';
    if (!state || !SNOWFLAKE.test(guildId))
      return replyPrivately(interaction, "That button is out of date. Run `/privacy consent` in your team's server.");
    const result = app.privacy.setConsent(guildId, interaction.user.id, state);
    if (!result.ok) return replyPrivately(interaction, result.message);
    await answerInPlace(
      interaction,
      `**${state === 'given' ? 'You agreed.' : state === 'declined' ? 'You said no thanks.' : 'You withdrew your consent.'}** ${result.value.message}`,
    );
  },
};

/** Erase confirmations: erase:self:<guildId> (the clicker's own data) or erase:athlete:<guildId>:<athleteId> (coaches, removed athletes). */
export const eraseButton: ComponentHandler<string[]> = {
  id: customIds.erase,
  // The handler checks the server, and the coach role for another athlete's data, at the click.
  preconditions: ANYONE,
  async button({ interaction, value: args, app }) {
    const [kind, guildId = '', athleteId = ''] = args;
    const team = app.teams.get(guildId);
    if (!team || interaction.guildId !== guildId)
      return replyPrivately(interaction, 'That button is out of date. Run `/privacy erase` again.');
    if (kind === 'self') {
      const result = app.privacy.erase(guildId, interaction.user.id, null);
      return answerInPlace(
        interaction,
        result.ok ? `🗑️ **Done.** ${result.value.rows} records about you were deleted, and you're off this team's squad.` : result.message,
      );
    }
    if (kind === 'athlete' && SNOWFLAKE.test(athleteId)) {
      // Checked again at the click: the role may have changed since the command.
      if (!hasRole(interaction.member, team.coachRoleId))
        return replyPrivately(interaction, `Only coaches (<@&${team.coachRoleId}>) can erase an athlete's data.`);
      const result = app.privacy.erase(guildId, athleteId, { coachId: interaction.user.id });
      return answerInPlace(
        interaction,
        result.ok ? `🗑️ **Done.** ${result.value.rows} records about <@${athleteId}> were deleted.` : result.message,
      );
    }
    return replyPrivately(interaction, 'That button is out of date. Run `/privacy erase` again.');
  },
};

export const privacyComponents: ComponentHandler[] = [consentButton, eraseButton];
